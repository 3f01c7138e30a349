"""Charts as inline SVG: Altair (Vega-Lite) specifications rendered offline by vl-convert.

One line chart per indicator: the municipality, the whole country and the top 10 over the
default window. A value that is missing or hidden by disclosure control is NULL in the data,
and the line breaks there (Vega-Lite's `invalid` mode "break-paths-show-domains"), so a gap
is never drawn as zero. The SVG has no scripts, links or external fonts.
"""

from __future__ import annotations

import re

import altair as alt
import vl_convert as vlc

from . import formatting as fmt
from .series import Series

SERIES_COLORS = {"Kommunen": "#1f4e79", "Hele landet": "#8c8c8c", "Top 10": "#e08a1e"}
WIDTH, HEIGHT = 440, 210
FONT = "Helvetica, Arial, sans-serif"


def chart_rows(series: Series, municipality: str) -> list[dict]:
    """The chart's data: one row per period and line, the value in the shown unit or None."""
    unit, rows = series.indicator["unit"], []
    for p in series.points:
        for line, value in ((municipality, p.value), ("Hele landet", p.national), ("Top 10", p.top10)):
            rows.append({"periode": p.period.isoformat(), "serie": line, "værdi": fmt.scaled(value, unit)})
    return rows


def _spec(rows: list[dict], municipality: str, unit: str | None, yearly: bool) -> dict:
    domain = [municipality, "Hele landet", "Top 10"]
    colors = [SERIES_COLORS["Kommunen"], SERIES_COLORS["Hele landet"], SERIES_COLORS["Top 10"]]
    x = alt.X("periode:T", title=None,
              axis=alt.Axis(format="%Y" if yearly else "%b %y", labelAngle=0, tickCount="year" if yearly else 8))
    chart = alt.Chart(alt.Data(values=rows)).mark_line(
        point=alt.OverlayMarkDef(size=18), strokeWidth=2, invalid="break-paths-show-domains"
    ).encode(
        x=x,
        y=alt.Y("værdi:Q", title=fmt.unit_label(unit), scale=alt.Scale(zero=False)),
        color=alt.Color("serie:N", scale=alt.Scale(domain=domain, range=colors),
                        legend=alt.Legend(title=None, orient="bottom")),
        strokeDash=alt.StrokeDash("serie:N", scale=alt.Scale(domain=domain, range=[[1, 0], [1, 0], [5, 3]]),
                                  legend=None),
    ).properties(width=WIDTH, height=HEIGHT)
    return chart.configure(font=FONT).configure_view(stroke="#d0d0d0").to_dict()


def line_chart_svg(series: Series, municipality: str) -> str:
    """The indicator's chart as an SVG element (no XML declaration), ready to inline."""
    spec = _spec(chart_rows(series, municipality), municipality, series.indicator["unit"],
                 series.indicator["frequency"] == "yearly")
    svg = vlc.vegalite_to_svg(spec, format_locale="da-DK", time_format_locale="da-DK")
    return _make_responsive(svg)


def _make_responsive(svg: str) -> str:
    """Let the SVG scale with its box (width 100 %, height from the viewBox)."""
    return re.sub(r'<svg ([^>]*?)width="(\d+)" height="(\d+)"',
                  lambda m: f'<svg {m.group(1)}width="100%" preserveAspectRatio="xMinYMin meet" '
                            f'data-width="{m.group(2)}" data-height="{m.group(3)}"', svg, count=1)
