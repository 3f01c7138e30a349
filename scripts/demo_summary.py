#!/usr/bin/env python3
"""Print what the demo built: where things are, the run's dates, the reconciliation of the
extracts, a few headline figures, and the comparison with Figure 2 of STAR's key-figure
report for Ballerup, 2nd quarter 2018.

Run by `make demo` after the build and the docs:

    python scripts/demo_summary.py

The warehouse is the DuckDB file in the environment variable DUCKDB_PATH (default
warehouse/jobcenter.duckdb), opened read-only. The Figure 2 comparison is informational:
values outside the tolerance are marked, but the exit status is 0 whenever the warehouse
could be read (1 when the file is missing or cannot be opened). Models that are not built
are reported as such and skipped.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DUCKDB_PATH = "warehouse/jobcenter.duckdb"
DOCS = (ROOT / "target" / "index.html", ROOT / "target" / "static_index.html")
PUBLISHED = ROOT / "publish" / "jobcenter_bi.duckdb"
REPORTS = ROOT / "publish" / "report"
VALIDATION_REPORT = ROOT / "target" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"

HEADLINE_MUNICIPALITY = "151"
# Indicators with an additive denominator, so a municipality total is sum(numerator) / sum(denominator).
HEADLINE_INDICATORS = ("I01", "I09", "I11", "S03", "S07", "S15")

# Figure 2, "Borgere i kommunen i den arbejdsdygtige alder (16-66 år) fordelt på
# arbejdsmarkedsstatus", 2. kvartal 2018, Ballerup (star_2018_noegletal_ballerup.txt):
# full-time persons per benefit group, and the population aged 16-66.
FIGURE_2_MUNICIPALITY = "151"
FIGURE_2_QUARTER = (date(2018, 4, 1), date(2018, 5, 1), date(2018, 6, 1))
FIGURE_2_FULLTIME = {
    "a_dagpenge": 593,
    "kontanthjaelp": 640,
    "uddannelseshjaelp": 345,
    "selvforsoergelsesydelse": 61,
    "sygedagpenge": 639,
    "jobafklaring": 205,
    "revalidering": 11,
    "ressourceforloeb": 135,
    "ledighedsydelse": 133,
    "fleksjob": 425,
    "foertidspension": 1971,
    "efterloen": 297,
}
FIGURE_2_POPULATION = 30041
FULLTIME_TOLERANCE_SHARE = 0.05  # ±5 % ...
FULLTIME_TOLERANCE_MIN = 5.0  # ... or ±5 full-time persons, whichever is larger
POPULATION_TOLERANCE_SHARE = 0.02  # ±2 %

S02_MART = "ind_s02__ydelsesmodtagere_fordeling"
S03_MART = "ind_s03__udsatte_paa_ydelse"


@dataclass
class Comparison:
    label: str
    ours: float | None
    star: float
    tolerance: float

    @property
    def status(self) -> str:
        if self.ours is None:
            return "no data"
        return "within" if abs(self.ours - self.star) <= self.tolerance else "OUTSIDE"


def heading(text: str) -> None:
    print()
    print(text)
    print("-" * len(text))


def print_table(headers: list[str], rows: list[list[object]], right: set[int] | None = None) -> None:
    """Print rows as an aligned text table; columns in `right` are right-aligned."""
    right = right or set()
    cells = [[("" if value is None else str(value)) for value in row] for row in rows]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths)))

    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in cells:
        print(line(row))


def first_row(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """The first row of a query, or None. Fetches every row, so no result stays open on the
    connection (DuckDB 2 refuses new work while a result is unfinished)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    found = first_row(
        con,
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    )
    return bool(found and found[0])


def fmt_number(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{decimals}f}".replace(",", " ")


def fmt_value(value: float | None, unit: str | None) -> str:
    if value is None:
        return "-"
    if unit in ("share", "rate", "change"):
        return f"{100 * value:.1f} %"
    if unit == "mean_days":
        return f"{value:.1f} days"
    return fmt_number(value, 1)


def print_locations(db_path: Path) -> None:
    heading("Where things are")
    size = f"{db_path.stat().st_size / 1e6:.1f} MB"
    print(f"Warehouse (DuckDB): {db_path}  ({size})")
    for doc in DOCS:
        state = "" if doc.exists() else "  (not generated: run `make docs`)"
        print(f"Docs:               {doc}{state}")
    print("Schemas:            staging, intermediate, marts (indicators and dimensions), reference (seeds)")


def print_parameters(con: duckdb.DuckDBPyConnection) -> None:
    heading("Reporting period")
    if not table_exists(con, "intermediate", "int_reporting__parameters"):
        print("int_reporting__parameters is not built.")
        return
    as_of, reporting_start, history_start = first_row(
        con, "select as_of_date, reporting_start, history_start from intermediate.int_reporting__parameters"
    )
    print(f"As-of date:       {as_of}")
    print(f"Reporting start:  {reporting_start}")
    print(f"History start:    {history_start}")


def print_reconciliation(con: duckdb.DuckDBPyConnection) -> None:
    heading("Extract reconciliation (landed = staged + quarantined + collapsed duplicates)")
    if not table_exists(con, "staging", "stg_extracts__reconciliation"):
        print("stg_extracts__reconciliation is not built.")
        return
    rows = con.execute(
        """
        select extract_name, landed_rows, staged_rows, quarantined_rows, collapsed_rows
        from staging.stg_extracts__reconciliation
        order by extract_name
        """
    ).fetchall()
    table = []
    for name, landed, staged, quarantined, collapsed in rows:
        balanced = landed == staged + quarantined + collapsed
        table.append([name, landed, staged, quarantined, collapsed, "yes" if balanced else "NO"])
    print_table(
        ["extract", "landed", "staged", "quarantined", "collapsed", "balanced"], table, right={1, 2, 3, 4}
    )


def print_freshness(con: duckdb.DuckDBPyConnection) -> None:
    heading("Delivery freshness (newest file per extract)")
    if not table_exists(con, "staging", "stg_extracts__freshness"):
        print("stg_extracts__freshness is not built.")
        return
    rows = con.execute(
        """
        select
            extract_name, files, newest_file_modified_at,
            date_diff('day', cast(newest_file_modified_at as date), current_date) as days_old,
            days_from_as_of_to_newest_file
        from staging.stg_extracts__freshness
        order by extract_name
        """
    ).fetchall()
    table = [
        [name, files, str(modified)[:19], days_old, f"{offset:+d}"]
        for name, files, modified, days_old, offset in rows
    ]
    print_table(
        ["extract", "files", "newest file written", "days old", "days vs as-of"], table, right={1, 3, 4}
    )
    print("A file written more than 45 days before the as-of date makes the freshness test warn.")


def indicator_source(con: duckdb.DuckDBPyConnection, mart_name: str | None) -> str | None:
    """The relation holding an indicator's rows: the fact table, else its own mart."""
    if table_exists(con, "marts", "fct_indicator_values"):
        return "marts.fct_indicator_values"
    if mart_name and table_exists(con, "marts", mart_name):
        return f"marts.{mart_name}"
    return None


def print_headlines(con: duckdb.DuckDBPyConnection) -> None:
    heading(f"Headline figures, municipality {HEADLINE_MUNICIPALITY}, latest reported month")
    if not table_exists(con, "reference", "indicator_catalog"):
        print("The indicator catalog seed is not loaded.")
        return
    table = []
    for indicator_id in HEADLINE_INDICATORS:
        found = first_row(
            con,
            "select name_da, unit, mart_name from reference.indicator_catalog where indicator_id = ?",
            [indicator_id],
        )
        if found is None:
            continue
        name_da, unit, mart_name = found
        if len(name_da) > 60:
            name_da = name_da[:59] + "…"
        source = indicator_source(con, mart_name)
        if source is None:
            table.append([indicator_id, name_da, "not built", "", "", ""])
            continue
        latest = first_row(
            con,
            f"""
            select
                period_start,
                sum(numerator) as numerator,
                sum(denominator) as denominator,
                sum(numerator) / nullif(sum(denominator), 0) as value
            from {source}
            where indicator_id = ? and municipality_code = ?
            group by period_start
            order by period_start desc
            limit 1
            """,
            [indicator_id, HEADLINE_MUNICIPALITY],
        )
        if latest is None:
            table.append([indicator_id, name_da, "no rows", "", "", ""])
            continue
        period, numerator, denominator, value = latest
        table.append(
            [
                indicator_id,
                name_da,
                str(period),
                fmt_number(numerator, 1),
                fmt_number(denominator, 0),
                fmt_value(value, unit),
            ]
        )
    print_table(["id", "name", "month", "numerator", "denominator", "value"], table, right={3, 4, 5})


def figure_2_comparisons(con: duckdb.DuckDBPyConnection) -> tuple[list[Comparison], int] | None:
    """Full-time persons per benefit group (mean of the quarter's months) and the population
    16-66 of Ballerup from the S02 mart, against Figure 2. None when S02 is not built."""
    if not table_exists(con, "marts", S02_MART):
        return None
    months = list(FIGURE_2_QUARTER)
    rows = con.execute(
        f"""
        select target_groups.benefit_code, s02.period_start, sum(s02.numerator) as fulltime
        from marts.{S02_MART} as s02
        inner join reference.target_groups as target_groups
            on s02.target_group = target_groups.target_group
        where s02.municipality_code = ? and s02.period_start in (?, ?, ?)
        group by 1, 2
        """,
        [FIGURE_2_MUNICIPALITY, *months],
    ).fetchall()
    months_in_data = len({period for _, period, _ in rows})
    sums: dict[str, float] = {}
    for benefit_code, _, fulltime in rows:
        sums[benefit_code] = sums.get(benefit_code, 0.0) + fulltime

    # The population cell is repeated on every target group's row: take each cell once (from
    # S02, and from S03 whose denominator is the same population 16-66 and keeps the cells
    # without any benefit recipient), then the mean over the quarter's months.
    population_sources = [f"marts.{S02_MART}"]
    if table_exists(con, "marts", S03_MART):
        population_sources.append(f"marts.{S03_MART}")
    union = "\nunion all\n".join(
        f"select period_start, origin_group, gender, age_band, denominator from {source} "
        "where municipality_code = ? and period_start in (?, ?, ?)"
        for source in population_sources
    )
    population = first_row(
        con,
        f"""
        with cells as (
            select period_start, origin_group, gender, age_band, max(denominator) as population
            from ({union}) as rows_of_both
            group by 1, 2, 3, 4
        )
        select sum(population) / count(distinct period_start) from cells
        """,
        [FIGURE_2_MUNICIPALITY, *months] * len(population_sources),
    )[0]

    labels = dict(
        con.execute("select benefit_code, star_figure2_label from reference.benefit_codes").fetchall()
    )
    comparisons = []
    for benefit_code, star in FIGURE_2_FULLTIME.items():
        ours = sums.get(benefit_code, 0.0) / months_in_data if months_in_data else None
        tolerance = max(FULLTIME_TOLERANCE_SHARE * star, FULLTIME_TOLERANCE_MIN)
        comparisons.append(Comparison(labels.get(benefit_code, benefit_code), ours, star, tolerance))
    total_star = sum(FIGURE_2_FULLTIME.values())
    total_ours = sum(c.ours for c in comparisons) if months_in_data else None
    comparisons.insert(
        0,
        Comparison(
            "Ydelsesmodtagere (i alt)",
            total_ours,
            total_star,
            max(FULLTIME_TOLERANCE_SHARE * total_star, FULLTIME_TOLERANCE_MIN),
        ),
    )
    comparisons.append(
        Comparison(
            "Befolkning (16-66 år)",
            population,
            FIGURE_2_POPULATION,
            POPULATION_TOLERANCE_SHARE * FIGURE_2_POPULATION,
        )
    )
    return comparisons, months_in_data


def print_figure_2(con: duckdb.DuckDBPyConnection) -> None:
    heading("Figure 2 (STAR nøgletal), Ballerup, 2nd quarter 2018: this warehouse vs the report")
    result = figure_2_comparisons(con)
    if result is None:
        print(f"The S02 mart ({S02_MART}) is not built: no comparison.")
        return
    comparisons, months_in_data = result
    if months_in_data == 0:
        print("The S02 mart has no rows for Ballerup in April-June 2018 (outside the reporting period?).")
        return
    if months_in_data < len(FIGURE_2_QUARTER):
        print(f"Note: only {months_in_data} of the quarter's 3 months are reported; the mean is over those.")
    table = []
    for c in comparisons:
        difference = None if c.ours is None else c.ours - c.star
        table.append(
            [
                c.label,
                fmt_number(c.ours, 0),
                fmt_number(c.star, 0),
                "-" if difference is None else f"{round(difference):+,d}".replace(",", " "),
                f"±{fmt_number(c.tolerance, 0)}",
                c.status,
            ]
        )
    print_table(["row", "warehouse", "Figure 2", "difference", "tolerance", "status"], table, right={1, 2, 3, 4})
    outside = [c.label for c in comparisons if c.status != "within"]
    print()
    print(
        "Full-time persons: mean of April-June 2018 of S02's numerator per benefit group; tolerance "
        "±5 % or ±5 full-time persons, whichever is larger (±2 % for the population)."
    )
    print(
        "Method differences: jobindsats.dk counts whole weeks with a payment, this warehouse counts days; "
        "the data is synthetic."
    )
    if outside:
        print(f"Outside the tolerance or without data: {', '.join(outside)}.")
    else:
        print("Every row is within the tolerance.")


def _state(path: Path) -> str:
    return "" if path.exists() else "  (not written yet)"


def print_next_steps() -> None:
    """Where the published file, the reports and the docs are, and how to open each."""
    heading("Next steps")
    published = PUBLISHED.relative_to(ROOT)
    print(f"1. The published file (aggregated, cells below 5 suppressed; what BI tools read): {published}"
          f"{_state(PUBLISHED)}")
    print(f"   .venv/bin/python -c \"import duckdb; print(duckdb.connect('{published}', read_only=True)"
          f".sql('show tables'))\"")
    print("   BI tools: open it read-only; Parquet copies are in publish/parquet/current/ (docs/publish.md).")
    print("   Unsuppressed, for the municipality's own analysts only: publish/internal/jobcenter_internal.duckdb")
    reports = sorted(REPORTS.glob("*.html")) if REPORTS.is_dir() else []
    if reports:
        print(f"2. The report: {', '.join(str(r.relative_to(ROOT)) for r in reports)} (open in a browser)")
    else:
        print(f"2. The validation report of the delivery: {VALIDATION_REPORT.relative_to(ROOT)}"
              f"{_state(VALIDATION_REPORT)} (open in a browser)")
    print(f"3. The docs: {DOCS[1].relative_to(ROOT)}{_state(DOCS[1])} (one file, open in a browser),"
          " or `make docs-serve` for http://127.0.0.1:8080/")
    print("4. Analysts: docs/analysts.md (definitions, SQL on the indicator tables, `mf query`).")


def main() -> int:
    db_path = Path(os.environ.get("DUCKDB_PATH") or DEFAULT_DUCKDB_PATH).resolve()
    print("Jobcenter warehouse: demo summary")
    if not db_path.exists():
        print(f"\nThe warehouse file {db_path} does not exist: run `make build` (or `make demo`) first.")
        return 1
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as error:
        print(f"\nCannot open {db_path} read-only: {error}")
        print("Another process (dbt, a BI tool) may hold the file open for writing.")
        return 1
    try:
        print_locations(db_path)
        print_parameters(con)
        print_reconciliation(con)
        print_freshness(con)
        print_headlines(con)
        print_figure_2(con)
    finally:
        con.close()
    print_next_steps()
    return 0


if __name__ == "__main__":
    sys.exit(main())
