"""Figure 2 of STAR's report: full-time persons per benefit group in the latest quarter.

Read from the published roll-ups: S02's `target_group` rows (full-time persons per target
group) and the population 16-66 (the denominator of S03's, else I22's, S07's or S11's total
row: the same population). A quarter's figure is the mean over its three months. A group
whose rows are hidden by disclosure control in any month of the quarter has no figure
(None, shown as a gap with a note), never a partial sum. The country's share per group is
computed over every municipality, only when the artefact holds all of them; the total row
falls back on the comparison layer's national I22 value (computed or benchmark).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from . import artefact

POPULATION_SOURCES = ("S03", "I22", "S07", "S11")
TOTAL_KEY = "i_alt"


@dataclass
class Figure2Row:
    key: str
    label: str
    fulltime: float | None
    share: float | None
    national_share: float | None
    change: float | None
    national_change: float | None
    suppressed: bool = False


def figure_quarter(months: list[dict], window_end: dt.date) -> dt.date | None:
    """The latest quarter whose three months all lie on or before `window_end`."""
    quarters = {}
    for m in months:
        if m["month_start"] <= window_end:
            quarters.setdefault(m["quarter_start"], []).append(m["month_start"])
    complete = [q for q, ms in quarters.items() if len(ms) == 3]
    return max(complete) if complete else None


def quarter_months(quarter: dt.date) -> list[dt.date]:
    return [dt.date(quarter.year, quarter.month + i, 1) for i in range(3)]


def year_before(quarter: dt.date) -> dt.date:
    return dt.date(quarter.year - 1, quarter.month, 1)


def benefit_groups(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, list[str]]]:
    """(benefit_code, label, target groups) in Figure 2's order, from dim_target_group."""
    columns = {r[0] for r in con.execute("describe dim_target_group").fetchall()}
    label = "star_figure2_label" if "star_figure2_label" in columns else "benefit_code"
    order = "star_figure2_sort_order" if "star_figure2_sort_order" in columns else "sort_order"
    rows = con.execute(f"""
        select benefit_code, min({label}), min({order}), list(target_group order by sort_order)
        from dim_target_group
        where benefit_code is not null
        group by benefit_code
        order by 3
        """).fetchall()
    return [(r[0], r[1], list(r[3])) for r in rows]


def _monthly(con, code_filter: str, params: list, months: list[dt.date]) -> dict:
    """{(municipality, indicator, target_group, month): (numerator, denominator, suppressed)}."""
    rows = con.execute(f"""
        select municipality_code, indicator_id, target_group, period_start, numerator, denominator, suppressed
        from {artefact.ROLLUP_TABLE}
        where {code_filter}
          and period_start in (select unnest(?::date[]))
          and ((indicator_id = 'S02' and breakdown in ('total', 'target_group'))
               or (indicator_id in {POPULATION_SOURCES} and breakdown = 'total'))
        """, params + [months]).fetchall()
    return {(r[0], r[1], r[2], r[3]): (r[4], r[5], bool(r[6])) for r in rows}


def _mean(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else sum(values) / len(values)


def _population(cells: dict, code: str, month: dt.date) -> float | None:
    for iid in POPULATION_SOURCES:
        cell = cells.get((code, iid, TOTAL_KEY, month))
        if cell is not None and not cell[2] and cell[1]:
            return cell[1]
    return None


def _fulltime(cells: dict, code: str, month: dt.date, target_groups: list[str] | None) -> float | None:
    """S02's numerator summed over `target_groups` (None = the total row); None if hidden."""
    keys = [(code, "S02", TOTAL_KEY, month)] if target_groups is None else \
        [(code, "S02", tg, month) for tg in target_groups]
    total = 0.0
    for key in keys:
        cell = cells.get(key)
        if cell is None:
            continue  # nothing to count: the row is omitted, its value is 0
        if cell[2] or cell[0] is None:
            return None
        total += cell[0]
    return total


def _quarter_figures(cells: dict, code: str, months: list[dt.date],
                     groups: list[tuple[str, str, list[str]]]) -> tuple[dict, float | None]:
    """({group key: mean full-time persons or None}, mean population or None) for a quarter."""
    figures = {TOTAL_KEY: _mean([_fulltime(cells, code, m, None) for m in months])}
    for key, _label, target_groups in groups:
        figures[key] = _mean([_fulltime(cells, code, m, target_groups) for m in months])
    return figures, _mean([_population(cells, code, m) for m in months])


def _share(fulltime: float | None, population: float | None) -> float | None:
    if fulltime is None or not population:
        return None
    return fulltime / population


def _national_shares(cells: dict, codes: list[str], months: list[dt.date], groups) -> dict:
    """{group key: share over all `codes`}, None for a group with any hidden figure."""
    per_code = [_quarter_figures(cells, c, months, groups) for c in codes]
    shares = {}
    for key in [TOTAL_KEY] + [g[0] for g in groups]:
        fulltime = [figures[key] for figures, _ in per_code]
        population = [pop for _, pop in per_code]
        if None in fulltime or None in population:
            shares[key] = None
        else:
            shares[key] = _share(sum(fulltime), sum(population))
    return shares


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


@dataclass
class Figure2:
    quarter: dt.date
    rows: list[Figure2Row]
    population: float | None
    national_computed: bool


def build_figure2(con: duckdb.DuckDBPyConnection, code: str, quarter: dt.date, all_codes: list[str] | None,
                  national_total: dict[dt.date, float | None]) -> Figure2:
    """Figure 2 for municipality `code` and `quarter`, compared with the same quarter a year
    earlier. `all_codes`: every municipality's code when the artefact holds all of them (the
    country's shares are then computed), else None. `national_total`: the comparison layer's
    national share on public benefits (I22) per quarter, used for the total row."""
    groups = benefit_groups(con)
    current, previous = quarter_months(quarter), quarter_months(year_before(quarter))
    codes = all_codes or [code]
    code_filter = "municipality_code in (select unnest(?::varchar[]))"
    cells = _monthly(con, code_filter, [codes], current + previous)
    now, population = _quarter_figures(cells, code, current, groups)
    before, population_before = _quarter_figures(cells, code, previous, groups)
    nat_now = _national_shares(cells, all_codes, current, groups) if all_codes else {}
    nat_before = _national_shares(cells, all_codes, previous, groups) if all_codes else {}
    if nat_now.get(TOTAL_KEY) is None:
        nat_now[TOTAL_KEY] = national_total.get(quarter)
        nat_before[TOTAL_KEY] = national_total.get(year_before(quarter))
    rows = []
    for key, label in [(TOTAL_KEY, "Ydelsesmodtagere")] + [(g[0], g[1]) for g in groups]:
        share, share_before = _share(now[key], population), _share(before[key], population_before)
        rows.append(Figure2Row(key, label, now[key], share, nat_now.get(key), _difference(share, share_before),
                               _difference(nat_now.get(key), nat_before.get(key)), now[key] is None))
    return Figure2(quarter, rows, population, bool(all_codes))
