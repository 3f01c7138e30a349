"""The template context of one municipality's report: every number already formatted.

Keeps the templates free of logic: sections with their charts, tables, latest values and goal
status; Figure 1 and Figure 2; the goal overview; the definitions appendix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import formatting as fmt
from . import goals
from .charts import line_chart_svg
from .figure2 import Figure2
from .layout import Section
from .series import Point, Series

SUPPRESSED = "diskr."
MISSING = "–"
FIGURE1_INDICATOR = "I22"
FIGURE1_CAPTION = "Andel på offentlig forsørgelse ud af befolkningen (16-66 år)"


@dataclass
class ReportInputs:
    """Everything one report is made from (all read from the published artefact)."""

    municipality: dict
    meta: object
    sections: list[Section]
    series: dict[str, Series]
    figure2: Figure2 | None
    definitions: list[dict]
    with_comparison: bool
    all_delivered: bool


def cell(value: float | None, unit: str | None, suppressed: bool = False) -> str:
    if value is None:
        return SUPPRESSED if suppressed else MISSING
    return fmt.indicator_value(value, unit)


def table_rows(series: Series) -> list[dict]:
    unit, frequency = series.indicator["unit"], series.indicator["frequency"]
    return [{"period": fmt.period(p.period, frequency), "value": cell(p.value, unit, p.suppressed),
             "national": cell(p.national, unit), "top10": cell(p.top10, unit, p.top10_suppressed),
             "suppressed": p.suppressed}
            for p in series.points]


def rank_text(point: Point | None, region_name: str) -> str:
    if point is None or point.region_rank is None:
        return MISSING
    return f"{point.region_rank} af {point.region_size} i {region_name}"


def latest_view(series: Series, region_name: str) -> dict:
    p, unit = series.latest, series.indicator["unit"]
    if p is None:
        return {"period": MISSING, "value": MISSING, "national": MISSING, "top10": MISSING, "rank": MISSING}
    count = f" ({p.top10_count} kommuner)" if p.top10_count not in (None, 10) else ""
    return {"period": fmt.period(p.period, series.indicator["frequency"]), "value": cell(p.value, unit, p.suppressed),
            "national": cell(p.national, unit), "top10": cell(p.top10, unit, p.top10_suppressed) + count,
            "rank": rank_text(p, region_name)}


def indicator_view(series: Series, inputs: ReportInputs, figure_no: int) -> dict:
    ind, name = series.indicator, inputs.municipality["municipality_name"]
    status = goals.goal_status(series, with_comparison=inputs.with_comparison)
    return {
        "id": ind["indicator_id"], "name": ind["name_da"], "figure_no": figure_no,
        "direction": "Højere er bedre" if ind["direction"] == "higher" else "Lavere er bedre",
        "unit": fmt.unit_label(ind["unit"]), "target_text": ind.get("target_text") or "",
        "goal_kind": goals.GOAL_KIND_LABELS.get(series.goal_kind or "", ""),
        "chart": line_chart_svg(series, name) if series.points else "",
        "has_values": series.has_values, "rows": table_rows(series),
        "any_suppressed": any(p.suppressed or p.top10_suppressed for p in series.points),
        "latest": latest_view(series, inputs.municipality["region_name"]), "goal": status,
    }


def sections_view(inputs: ReportInputs, first_figure: int) -> list[dict]:
    views, figure_no = [], first_figure
    for section in inputs.sections:
        items = []
        for ind in section.indicators:
            items.append(indicator_view(inputs.series[ind["indicator_id"]], inputs, figure_no))
            figure_no += 1
        views.append({"key": section.key, "title": section.title, "goal": section.goal,
                      "kind": section.kind, "indicators": items})
    return views


def goal_overview(inputs: ReportInputs) -> dict[str, list[dict]]:
    """Goals of the strategy and STAR's development goals, each with its status and why."""
    strategy, star = [], []
    for section in inputs.sections:
        for ind in section.indicators:
            series = inputs.series[ind["indicator_id"]]
            kind = series.goal_kind
            # Without the comparison table and without goal kinds in dim_indicator, the goals
            # are the indicators with a target text.
            if kind == "none" or (kind is None and (inputs.with_comparison or not ind.get("target_text"))):
                continue
            status = goals.goal_status(series, with_comparison=inputs.with_comparison)
            latest = series.latest
            row = {"id": ind["indicator_id"], "name": ind["name_da"], "goal": ind.get("target_text") or "",
                   "kind": goals.GOAL_KIND_LABELS.get(kind or "", ""), "state": status.state,
                   "label": status.label, "reason": status.reason,
                   "period": fmt.period(latest.period, ind["frequency"]) if latest else MISSING}
            (star if kind == "trend" else strategy).append(row)
    return {"strategy": strategy, "star": star}


def figure2_view(figure: Figure2 | None) -> dict | None:
    if figure is None:
        return None
    rows = []
    for r in figure.rows:
        rows.append({
            "label": r.label, "is_total": r.key == "i_alt", "suppressed": r.suppressed,
            "fulltime": fmt.number(r.fulltime, 0) if r.fulltime is not None else SUPPRESSED,
            "share": fmt.number(_pct(r.share), 1) or MISSING,
            "national_share": fmt.number(_pct(r.national_share), 1) or MISSING,
            "change": fmt.points(_pct(r.change)) or MISSING,
            "national_change": fmt.points(_pct(r.national_change)) or MISSING,
        })
    return {"quarter": fmt.quarter(figure.quarter), "rows": rows,
            "population": fmt.number(figure.population, 0) or MISSING,
            "national_computed": figure.national_computed,
            "any_suppressed": any(r.suppressed for r in figure.rows)}


def _pct(value: float | None) -> float | None:
    return None if value is None else 100 * value


def window_text(series: dict[str, Series]) -> str:
    """'september 2024 – september 2026': the monthly default window of Figure 1's indicator."""
    reference = series.get(FIGURE1_INDICATOR)
    candidates = [reference] if reference and reference.points else \
        [s for s in series.values() if s.points and s.indicator["frequency"] == "monthly"]
    if not candidates:
        return MISSING
    points = candidates[0].points
    return f"{fmt.month(points[0].period)} – {fmt.month(points[-1].period)}"


def sources_text(series: dict[str, Series]) -> dict[str, bool]:
    sources = {p.national_source for s in series.values() for p in s.points if p.national_source}
    top10 = {p.top10_source for s in series.values() for p in s.points if p.top10_source}
    return {"national_computed": "computed" in sources, "national_benchmark": "benchmark" in sources,
            "top10_benchmark": bool(top10 & {"benchmark", "mixed"})}


def build_context(inputs: ReportInputs, generated_at: dt.datetime) -> dict:
    figure1 = inputs.series.get(FIGURE1_INDICATOR)
    figure1_view = indicator_view(figure1, inputs, 1) if figure1 else None
    if figure1_view:
        figure1_view["name"] = FIGURE1_CAPTION
    return {
        "municipality": inputs.municipality, "with_comparison": inputs.with_comparison,
        "as_of": fmt.long_date(inputs.meta.as_of_date), "threshold": inputs.meta.threshold,
        "published": fmt.long_date(inputs.meta.published_at.date()),
        "generated": fmt.long_date(generated_at.date()), "window": window_text(inputs.series),
        "sources": sources_text(inputs.series),
        "figure1": figure1_view,
        "figure2": figure2_view(inputs.figure2),
        "sections": sections_view(inputs, first_figure=3),
        "goals": goal_overview(inputs), "definitions": inputs.definitions,
        "state_labels": goals.STATE_LABELS,
    }
