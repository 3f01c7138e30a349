"""Build the key-figure reports of every delivered municipality from the published artefact."""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import duckdb

from . import artefact, context, figure2, render, series
from .layout import build_sections
from .pdf import print_pdf

TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


@dataclass
class Built:
    code: str
    html: Path
    pdf: Path | None
    html_seconds: float
    pdf_seconds: float


def file_stem(code: str, name: str) -> str:
    """'151', 'Ballerup' -> '151_ballerup'; 'København' -> '101_koebenhavn' (ASCII, no spaces)."""
    ascii_name = unicodedata.normalize("NFKD", name.translate(TRANSLITERATION)).encode("ascii", "ignore").decode()
    slug = "".join(c if c.isalnum() else "-" for c in ascii_name.lower()).strip("-")
    return f"{code}_{slug}"


def definitions(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The appendix: every indicator with its Danish (when published) and English definition."""
    out = []
    for row in artefact.all_indicators(con):
        out.append({"id": row["indicator_id"], "name_da": row["name_da"], "name_en": row["name_en"],
                    "definition_da": row.get("definition_da") or "",
                    "definition_en": row.get("definition_en") or row.get("definition") or "",
                    "source": row.get("source_title") or row.get("source_document") or ""})
    return out


def national_i22_by_quarter(i22: series.Series | None) -> dict[dt.date, float | None]:
    """Mean national share on public benefits per quarter, only for quarters with 3 months."""
    by_quarter: dict[dt.date, list[float]] = {}
    for p in (i22.points if i22 else []):
        if p.national is not None:
            quarter = dt.date(p.period.year, (p.period.month - 1) // 3 * 3 + 1, 1)
            by_quarter.setdefault(quarter, []).append(p.national)
    return {q: sum(v) / 3 for q, v in by_quarter.items() if len(v) == 3}


class Workbook:
    """What every report of one artefact shares, read once."""

    def __init__(self, artefact_path: Path):
        self.con = artefact.connect(artefact_path)
        self.meta = artefact.meta(self.con)
        self.with_comparison = artefact.has_comparison(self.con)
        self.municipalities = artefact.delivered_municipalities(self.con)
        n_all = self.con.execute("select count(*) from dim_municipality").fetchone()[0]
        self.all_codes = [m["municipality_code"] for m in self.municipalities] \
            if len(self.municipalities) == n_all else None
        self.indicators = artefact.charted_indicators(self.con)
        self.sections = build_sections(self.indicators)
        self.months = series.load_months(self.con)
        self.definitions = definitions(self.con)
        self.env = render.environment()
        s02 = next((r for r in artefact.all_indicators(self.con) if r["indicator_id"] == "S02"), None)
        window = series.default_window(series.reported_periods(self.months, s02, self.meta), "monthly") if s02 else []
        self.quarter = figure2.figure_quarter(self.months, window[-1]) if window else None

    def inputs(self, municipality: dict) -> context.ReportInputs:
        code = municipality["municipality_code"]
        by_id = series.municipality_series(self.con, code, self.indicators, self.months, self.meta,
                                           self.with_comparison)
        fig2 = None
        if self.quarter is not None:
            fig2 = figure2.build_figure2(self.con, code, self.quarter, self.all_codes,
                                         national_i22_by_quarter(by_id.get(context.FIGURE1_INDICATOR)))
        return context.ReportInputs(municipality, self.meta, self.sections, by_id, fig2, self.definitions,
                                    self.with_comparison, self.all_codes is not None)

    def write(self, municipality: dict, out_dir: Path, chromium: str | None) -> Built:
        start = time.perf_counter()
        ctx = context.build_context(self.inputs(municipality), dt.datetime.now(dt.timezone.utc))
        stem = file_stem(municipality["municipality_code"], municipality["municipality_name"])
        html_file = out_dir / f"{stem}.html"
        html_file.write_text(render.render_html(ctx, self.env), encoding="utf-8")
        html_seconds = time.perf_counter() - start
        pdf_file = None
        if chromium:
            pdf_file = out_dir / f"{stem}.pdf"
            print_pdf(html_file, pdf_file, chromium)
        return Built(municipality["municipality_code"], html_file, pdf_file, html_seconds,
                     time.perf_counter() - start - html_seconds)
