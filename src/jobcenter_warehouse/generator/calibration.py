"""Full-time persons from benefit spells, and the calibration check against STAR's Figure 2.

:func:`effective_ends` applies the contract's overlap rule: spells of one person are ordered
by (start_date, spell_id); each spell's effective end is ``min(end_date, next.start_date - 1)``
where *next* is the next spell in that order (a superseded spell does not resume); ongoing
spells run to the as-of date, later end dates are cut to it, and spells starting after it are
ignored. :func:`full_time_persons` sums, per benefit group and month, the days of effective
spells in the month divided by the days of the month, for spells of the given municipality
whose person is aged 16-66 on the last day of the month (age from the CPR number).

:func:`calibration_report` re-reads what the generator wrote (``benefit_spells/*.csv`` and
``population/*.csv`` under the output folder, ignoring the injected bad-row files), computes
the Q2 2018 average for a municipality and compares it with the targets: Figure 2 for
Ballerup (times ``--scale``), within +-5 % or +-5 full-time persons, whichever is larger, and
the population 16-66 within +-2 %. The generator uses the same functions in memory while it
calibrates, so design and check cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import dates as D
from .cpr import birth_days_from_cpr
from .config import (BALLERUP_POPULATION_16_66, FIGURE2_BALLERUP, POPULATION_TOLERANCE_SHARE,
                     TOLERANCE_ABS, TOLERANCE_SHARE)

BAD_ROWS_FILE = "zz_injected_bad_rows.csv"
GROUPS = tuple(FIGURE2_BALLERUP)


def effective_ends(person, start, end, order, as_of: int) -> np.ndarray:
    """Effective last day of each spell (``D.NULL_DAY`` for spells starting after as-of).

    ``end`` holds ``D.NULL_DAY`` for ongoing spells; ``order`` breaks ties of equal start dates
    (the spell id's text order). The result may lie before the start: no effective days.
    """
    person = np.asarray(person)
    start = np.asarray(start, dtype="int64")
    end = np.asarray(end, dtype="int64")
    order = np.asarray(order)
    eff = np.full(len(start), D.NULL_DAY, dtype="int64")
    valid = np.flatnonzero(start <= as_of)
    if not len(valid):
        return eff
    srt = valid[np.lexsort((order[valid], start[valid], person[valid]))]
    e = end[srt]
    e = np.where(e == D.NULL_DAY, as_of, np.minimum(e, as_of))
    same_next = np.r_[person[srt][1:] == person[srt][:-1], False]
    next_start = np.r_[start[srt][1:], 0]
    e = np.where(same_next, np.minimum(e, next_start - 1), e)
    eff[srt] = e
    return eff


def full_time_persons(start, eff_end, group, birth, keep, months: list[tuple[int, int]],
                      n_groups: int) -> np.ndarray:
    """(months, groups) full-time persons; ``keep`` selects spells of the measured municipality."""
    out = np.zeros((len(months), n_groups))
    for i, (m0, m1) in enumerate(months):
        days = np.minimum(eff_end, m1) - np.maximum(start, m0) + 1
        age = D.age_at(birth, np.full(len(birth), m1))
        w = np.where((days > 0) & keep & (age >= 16) & (age <= 66) & (eff_end != D.NULL_DAY), days, 0)
        out[i] = np.bincount(group, weights=w / (m1 - m0 + 1), minlength=n_groups)[:n_groups]
    return out


@dataclass
class CalibrationRow:
    group: str
    generated: float
    target: float

    @property
    def difference(self) -> float:
        return self.generated - self.target

    @property
    def tolerance(self) -> float:
        if self.group == "population_16_66":
            return POPULATION_TOLERANCE_SHARE * self.target
        return max(TOLERANCE_SHARE * self.target, TOLERANCE_ABS)

    @property
    def ok(self) -> bool:
        return abs(self.difference) <= self.tolerance


def _csv_files(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.glob("*.csv") if p.name != BAD_ROWS_FILE)


def _read(con, files: list[str], sql: str):
    files_sql = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
    src = (f"read_csv({files_sql}, delim=';', quote='\"', header=true, all_varchar=true, "
           f"union_by_name=true, auto_detect=false, normalize_names=true)")
    return con.execute(sql.replace("{src}", src))


def measure(out_dir: str | Path, code: str, as_of: dt.date, months: list[dt.date]) -> dict[str, float]:
    """Average full-time persons per benefit group over ``months`` and the population 16-66 of
    the quarter of the first month, read back from the written extracts."""
    import duckdb

    out_dir = Path(out_dir)
    con = duckdb.connect()
    spell_files = _csv_files(out_dir / "benefit_spells")
    null_day = int(D.NULL_DAY)
    rows = _read(con, spell_files, f"""
        with s as (
            select replace(trim(cpr), '-', '') as cpr, trim(municipality_code) as municipality_code,
                   trim(benefit_code) as benefit_code,
                   datediff('day', date '1970-01-01', cast(trim(start_date) as date)) as start_day,
                   coalesce(datediff('day', date '1970-01-01', cast(nullif(trim(end_date), '') as date)),
                            {null_day}) as end_day,
                   trim(spell_id) as spell_id
            from {{src}}
        )
        select cpr, municipality_code, benefit_code, start_day, end_day,
               dense_rank() over (order by cpr) as person,
               dense_rank() over (order by spell_id) as spell_order
        from s where cpr in (select cpr from s where municipality_code = '{code}')
    """).fetchnumpy()
    if len(rows["cpr"]):
        cpr = np.asarray(rows["cpr"], dtype=str)
        start = np.asarray(rows["start_day"], dtype="int64")
        end = np.asarray(rows["end_day"], dtype="int64")
        order = np.asarray(rows["spell_order"], dtype="int64")  # text order of spell ids
        person = np.asarray(rows["person"], dtype="int64")
        eff = effective_ends(person, start, end, order, D.day(as_of))
        birth = birth_days_from_cpr(cpr)
        group = np.unique(np.asarray(rows["benefit_code"], dtype=str), return_inverse=True)
        codes = [GROUPS.index(b) for b in group[0]]
        group = np.asarray(codes, dtype="int64")[group[1]]
        keep = np.asarray(rows["municipality_code"], dtype=str) == code
        month_ranges = [(D.day(m), D.add_months(D.day(m), 1) - 1) for m in months]
        ft = full_time_persons(start, eff, group, birth, keep, month_ranges, len(GROUPS)).mean(axis=0)
        result = {g: float(v) for g, v in zip(GROUPS, ft)}
    else:
        result = {g: 0.0 for g in GROUPS}
    quarter = months[0].isoformat()
    pop = _read(con, _csv_files(out_dir / "population"), f"""
        select coalesce(sum(cast(trim(population) as bigint)), 0) from {{src}}
        where trim(municipality_code) = '{code}' and trim(quarter_start) = '{quarter}'
    """).fetchone()[0]
    result["population_16_66"] = float(pop)
    con.close()
    return result


def targets(code: str, scale: float) -> dict[str, float] | None:
    """Figure 2 targets (only Ballerup has published ones)."""
    if code != "151":
        return None
    out = {g: v * scale for g, v in FIGURE2_BALLERUP.items()}
    out["population_16_66"] = BALLERUP_POPULATION_16_66 * scale
    return out


def calibration_report(out_dir, code: str, as_of: dt.date, months: list[dt.date],
                       scale: float) -> list[CalibrationRow]:
    measured = measure(out_dir, code, as_of, months)
    goal = targets(code, scale)
    if goal is None:
        raise ValueError(f"no calibration targets for municipality {code}")
    return [CalibrationRow(g, measured[g], goal[g]) for g in goal]


def format_report(rows: list[CalibrationRow], title: str) -> str:
    lines = [title, f"{'group':<26}{'generated':>11}{'target':>10}{'difference':>12}  within tolerance"]
    for r in rows:
        lines.append(f"{r.group:<26}{r.generated:>11.1f}{r.target:>10.1f}{r.difference:>+12.1f}  "
                     f"{'yes' if r.ok else 'NO'}")
    return "\n".join(lines)
