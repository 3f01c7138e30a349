"""Aggregated extracts: population, education attainment, EUD applications, benchmarks.

``population`` counts the simulated residents of a municipality who are present (arrived in
Denmark and moved in) on each quarter's first day, by single age 16-66, gender and origin
group, so it is consistent with ``persons`` (every person is one of these residents).
``labour_force`` is drawn from age-, gender- and origin-specific participation rates (about
80 % overall) and ``insured`` from unemployment-fund membership rates of the labour force
(about 70 %), but never below the residents of the cell who receive a labour-force benefit
(a-dagpenge, jobparat kontanthjælp / selvforsørgelsesydelse, uddannelsesparat
uddannelseshjælp, sygedagpenge; a-dagpenge for ``insured``) during the quarter, so ratios such
as I01, I09, I13 and S15 stay at most 1. Both are NULL (not delivered) for cells of fewer than
3 residents without such recipients.

``education_attainment`` counts residents aged 25-29 on 1 October of every complete year with
a vocational qualification drawn by age, gender and origin (rising slowly over the years);
``eud_applications`` counts residents turning 16 in the year as pupils, about 20-30 % of them
applying for a vocational education first, rising towards the national 2025 target.

``benchmarks`` holds national (``000``) and Region Hovedstaden (``1084``) values of I01, I09, I10,
I13, S15 and I22 per month, from Figure 2's national shares, with the same inflow trends as
the simulation (smoothed over each benefit's typical duration). I10 is suppressed (NULL
numerator and value) for months whose 13-week follow-up has not passed by the as-of date,
and 1 % of the regional values are suppressed at random.
"""

from __future__ import annotations

import numpy as np

from . import dates as D
from .config import NATIONAL_SHARE_PCT, rng_for, trend_factor
from .residents import ORIGIN_GROUPS, Residents
from .writer import text_decimals, text_ints

AGES = np.arange(16, 67)
GENDERS = np.array(["kvinde", "mand"], dtype=object)  # index = male flag


def _participation(age, male, origin):
    base = np.interp(age, [16, 18, 20, 25, 30, 59, 60, 61, 62, 63, 64, 65, 66],
                     [.50, .62, .74, .83, .88, .88, .72, .66, .60, .52, .45, .32, .25])
    return base * np.where(male, 1.0, 0.96) * np.array([1.0, 0.95, 0.80])[origin]


def _insured(age):
    return np.interp(age, [16, 20, 25, 30, 60, 66], [.20, .45, .66, .74, .74, .68])


def _present(res: Residents, on: int) -> np.ndarray:
    return res.present_from <= on


# Benefits whose recipients belong to the labour force (the numerators of I01, I09, I13, S15).
_LABOUR_FORCE_BENEFITS = ("a_dagpenge", "kontanthjaelp:jobparat", "uddannelseshjaelp:uddannelsesparat",
                          "selvforsoergelsesydelse:jobparat", "sygedagpenge")


class _Recipients:
    """Residents per cell receiving some benefits during a quarter, counted at their age on the
    quarter's first and last day (a birthday inside the quarter counts in both ages)."""

    def __init__(self, res: Residents, spells, code: str, states: list[int]) -> None:
        self.res = res
        if spells is None or not len(spells):
            sel = np.zeros(0, dtype=int)
        else:
            sel = np.flatnonzero(np.isin(spells.state, states) & (spells.municipality == code)
                                 & (spells.eff_end >= spells.start))
        self.person = spells.person[sel] if len(sel) else np.zeros(0, dtype="int64")
        self.start = spells.start[sel] if len(sel) else np.zeros(0, dtype="int64")
        self.end = spells.eff_end[sel] if len(sel) else np.zeros(0, dtype="int64")

    def count(self, q0: int, q1: int, n_cells: int) -> np.ndarray:
        people = np.unique(self.person[(self.start <= q1) & (self.end >= q0)])
        keys = []
        for day in (q0, q1):
            age = D.age_at(self.res.birth[people], np.full(len(people), day))
            ok = (age >= 16) & (age <= 66)
            p = people[ok]
            cell = (age[ok] - 16) * 6 + self.res.male[p].astype("int64") * 3 + self.res.origin_group[p]
            keys.append(p * 1024 + cell)
        cells = np.unique(np.concatenate(keys)) % 1024
        return np.bincount(cells, minlength=n_cells)[:n_cells]


def population_rows(res: Residents, cfg, rng, spells=None, code: str = "") -> dict[str, np.ndarray]:
    """Counts per quarter and cell; labour force and insured are drawn from rates but never fall
    below the residents of the cell who receive a labour-force benefit (a-dagpenge for insured)
    in the quarter, so full-time numerators cannot exceed these denominators."""
    from . import states as S

    start, as_of = D.day(cfg.start), D.day(cfg.as_of)
    names = ("quarter_start", "age", "male", "origin", "population", "labour_force", "insured", "lf_floor")
    cols = {k: [] for k in names}
    cell_age = np.repeat(AGES, 6)
    cell_male = np.tile(np.repeat([0, 1], 3), len(AGES))
    cell_origin = np.tile([0, 1, 2], 2 * len(AGES))
    p_lf = _participation(cell_age, cell_male == 1, cell_origin)
    p_ins = _insured(cell_age)
    lf_states = [i for i, st in enumerate(S.STATES)
                 if st.benefit in _LABOUR_FORCE_BENEFITS
                 or f"{st.benefit}:{st.visitation}" in _LABOUR_FORCE_BENEFITS]
    lf_recipients = _Recipients(res, spells, code, lf_states)
    insured_recipients = _Recipients(res, spells, code, [S.IDX["ad"]])
    for q in D.quarter_starts(start, as_of):
        q_end = D.add_months(q, 3) - 1
        age = D.age_at(res.birth, np.full(len(res), q))
        ok = _present(res, q) & (age >= 16) & (age <= 66)
        cell = (age[ok] - 16) * 6 + res.male[ok].astype("int64") * 3 + res.origin_group[ok]
        pop = np.bincount(cell, minlength=len(cell_age))
        lf_floor = lf_recipients.count(q, q_end, len(cell_age))
        ins_floor = insured_recipients.count(q, q_end, len(cell_age))
        lf = np.minimum(np.maximum(rng.binomial(pop, p_lf), lf_floor), pop)
        ins = np.minimum(np.maximum(rng.binomial(lf, p_ins), ins_floor), lf)
        keep = pop > 0
        cols["quarter_start"].append(np.full(int(keep.sum()), q))
        for k, v in (("age", cell_age), ("male", cell_male), ("origin", cell_origin), ("population", pop),
                     ("labour_force", lf), ("insured", ins), ("lf_floor", lf_floor)):
            cols[k].append(v[keep])
    return {k: np.concatenate(v) if v else np.zeros(0, dtype="int64") for k, v in cols.items()}


def population_text(code: str, rows: dict, fmt: D.Formatter) -> dict[str, np.ndarray]:
    # small cells without benefit recipients: labour force and insured not delivered
    small = (rows["population"] < 3) & (rows["lf_floor"] == 0)
    return {
        "quarter_start": fmt.dates_text(rows["quarter_start"]),
        "municipality_code": np.full(len(small), code, dtype=object),
        "age": text_ints(rows["age"]),
        "gender": GENDERS[rows["male"]],
        "origin_group": np.array(ORIGIN_GROUPS, dtype=object)[rows["origin"]],
        "population": text_ints(rows["population"]),
        "labour_force": text_ints(rows["labour_force"], small),
        "insured": text_ints(rows["insured"], small),
    }


def complete_years(cfg) -> list[int]:
    return [y for y in range(cfg.start.year, cfg.as_of.year + 1) if D.day(f"{y}-12-31") <= D.day(cfg.as_of)]


def education_text(code: str, res: Residents, cfg, rng) -> dict[str, np.ndarray]:
    years, ages, males, origins, pops, quals = [], [], [], [], [], []
    muni_effect = float(rng_for(cfg.seed, "education", code).normal(0, 0.04)) if code != "151" else 0.0
    for y in complete_years(cfg):
        on = D.day(f"{y}-10-01")
        age = D.age_at(res.birth, np.full(len(res), on))
        ok = _present(res, on) & (age >= 25) & (age <= 29)
        cell = (age[ok] - 25) * 6 + res.male[ok].astype("int64") * 3 + res.origin_group[ok]
        pop = np.bincount(cell, minlength=30)
        a = np.repeat(np.arange(25, 30), 6)
        m = np.tile(np.repeat([0, 1], 3), 5)
        o = np.tile([0, 1, 2], 10)
        p = np.interp(a, [25, 29], [0.45, 0.69]) + np.where(m == 1, -0.03, 0.03)
        p = p + 0.005 * (y - 2016) + muni_effect
        p = np.clip(p * np.array([1.0, 0.95, 0.75])[o], 0.05, 0.95)
        qual = rng.binomial(pop, p)
        keep = pop > 0
        for lst, v in zip((years, ages, males, origins, pops, quals), (np.full(30, y), a, m, o, pop, qual)):
            lst.append(v[keep])
    if not years:
        return {}
    cat = [np.concatenate(x) for x in (years, ages, males, origins, pops, quals)]
    return {
        "year": text_ints(cat[0]), "municipality_code": np.full(len(cat[0]), code, dtype=object),
        "age": text_ints(cat[1]), "gender": GENDERS[cat[2]],
        "origin_group": np.array(ORIGIN_GROUPS, dtype=object)[cat[3]],
        "population": text_ints(cat[4]), "with_vocational_qualification": text_ints(cat[5]),
    }


def eud_text(code: str, res: Residents, cfg, rng) -> dict[str, np.ndarray]:
    years = complete_years(cfg)
    if not years:
        return {}
    effect = 0.03 if code == "151" else float(rng_for(cfg.seed, "eud", code).normal(0, 0.04))
    by, _, _ = D.ymd(res.birth)
    pupils, applicants = [], []
    for y in years:
        turning = (by + 16 == y) & _present(res, D.day(f"{y}-12-31"))
        n = rng.binomial(int(turning.sum()), 0.95)
        rate = float(np.clip(0.20 + 0.006 * (y - 2016) + effect, 0.1, 0.45))
        pupils.append(n)
        applicants.append(rng.binomial(n, rate))
    return {
        "year": text_ints(years), "municipality_code": np.full(len(years), code, dtype=object),
        "pupils": text_ints(pupils), "eud_applicants": text_ints(applicants),
    }


# ---- benchmarks -------------------------------------------------------------------------------
_SMOOTH_MONTHS = {"a_dagpenge": 4, "kontanthjaelp": 12, "uddannelseshjaelp": 8, "selvforsoergelsesydelse": 12,
                  "sygedagpenge": 3, "jobafklaring": 9, "revalidering": 15, "ressourceforloeb": 20,
                  "ledighedsydelse": 10, "fleksjob": 60, "foertidspension": 150, "efterloen": 36}
_REGION_TILT = {"a_dagpenge": 1.05, "kontanthjaelp": 1.05, "foertidspension": 0.85, "efterloen": 0.8}
# UNEMPLOYED: a-dagpenge and the jobparat part of kontanthjælp, uddannelseshjælp and selvforsørgelsesydelse
_UNEMPLOYED_SHARE = {"a_dagpenge": 1.0, "kontanthjaelp": 0.27, "uddannelseshjaelp": 0.40,
                     "selvforsoergelsesydelse": 0.45}
INDICATORS = ("I01", "I09", "I10", "I13", "S15", "I22")


def _smoothed_trend(group: str, y: int, m: int) -> float:
    k = _SMOOTH_MONTHS[group]
    total = 0.0
    for i in range(k):
        idx = y * 12 + (m - 1) - i
        total += trend_factor(group, idx // 12, idx % 12 + 1)
    if group == "efterloen" and (y, m) >= (2018, 7):
        total *= 0.93 ** ((y - 2018) + (m - 7) / 12)  # later efterløn ages
    return total / k


def benchmark_text(reference, cfg, fmt: D.Formatter) -> dict[str, dict[str, np.ndarray]]:
    """Benchmark rows per area code."""
    rng = rng_for(cfg.seed, "benchmarks")
    ballerup = reference.municipalities["151"].population_2018
    areas = {
        "000": sum(m.population_2018 for m in reference.municipalities.values()),
        "1084": sum(m.population_2018 for m in reference.municipalities.values() if m.region_code == "1084"),
    }
    months = [m for m in D.months_between(D.day(cfg.start), D.day(cfg.as_of)) if m[1] <= D.day(cfg.as_of)]
    out = {}
    for area, pop2018 in areas.items():
        pop = pop2018 * 30041 / ballerup
        rows = {k: [] for k in ("period_start", "indicator_id", "numerator", "denominator", "value")}
        for m0, m1 in months:
            y, mo, _ = (int(v[0]) for v in D.ymd(np.array([m0])))
            ft = {}
            for g, pct in NATIONAL_SHARE_PCT.items():
                tilt = _REGION_TILT.get(g, 1.0) if area == "1084" else 1.0
                ft[g] = pop * pct / 100 * tilt * _smoothed_trend(g, y, mo) * rng.normal(1.0, 0.01)
            lf = pop * 0.795 * rng.normal(1.0, 0.002)
            insured = lf * 0.70
            chains = ft["a_dagpenge"] / 4.5
            still = 0.42 + (0.13 if 202003 <= y * 100 + mo <= 202012 else 0.0)
            values = {
                "I01": (sum(ft[g] * s for g, s in _UNEMPLOYED_SHARE.items()), lf),
                "I09": (ft["a_dagpenge"], insured),
                "I10": (round(chains * still * rng.normal(1, 0.02)), round(chains)),
                "I13": (ft["sygedagpenge"], lf),
                "S15": (ft["a_dagpenge"], lf),
                "I22": (sum(ft.values()), pop),
            }
            for ind in INDICATORS:
                num, den = values[ind]
                undecided = ind == "I10" and m1 + 91 > D.day(cfg.as_of)
                suppressed = undecided or (area == "1084" and rng.random() < 0.01)
                rows["period_start"].append(m0)
                rows["indicator_id"].append(ind)
                rows["numerator"].append(np.nan if suppressed else num)
                rows["denominator"].append(den)
                rows["value"].append(np.nan if suppressed else num / den)
        n = len(rows["period_start"])
        out[area] = {
            "period_start": fmt.dates_text(np.array(rows["period_start"])),
            "area_code": np.full(n, area, dtype=object),
            "indicator_id": np.array(rows["indicator_id"], dtype=object),
            "numerator": text_decimals(np.array(rows["numerator"]), 1),
            "denominator": text_decimals(np.array(rows["denominator"]), 1),
            "value": text_decimals(np.array(rows["value"]), 6),
        }
    return out
