"""The simulated residents of one municipality (everyone aged 16-66 at some point in range).

Each resident has a birth date, gender, origin (``dansk`` about 85 %, ``indvandrer`` and
``efterkommer`` from western and non-western countries, weighted by the countries that
dominate Danish immigration, MENAPT countries among them), an arrival date for immigrants
(their first residence permit; Nordic citizens need none, so their permit date is NULL;
Syrians and Eritreans mostly arrived 2013-2018, most Ukrainians from March 2022), a
"frailty" (how prone a person is to need benefits; it makes benefit receipt recur), and for
about 2 % a move into the municipality from a neighbour on a date in range.

A resident counts in ``population`` from the later of arrival and move-in. Birth dates are
drawn from a Danish age profile (stratified, so the profile is matched closely), in random
order; the pool is then cut so that exactly the target number of residents is aged 16-66 and
present on the first day of the calibration quarter (30,041 in Ballerup at scale 1,
population_2018 x 30,041 / Ballerup's population_2018 elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import dates as D
from .cpr import CprAllocator
from .reference import Reference

# Relative size of each single-year age 16..66 (Denmark, 2018, thousands).
AGE_PROFILE = np.array([
    70, 71, 72, 74, 77, 79, 80, 78, 77, 77, 75, 72, 70, 68, 67, 66, 64, 63, 63, 64, 66, 67, 68,
    70, 73, 75, 78, 80, 81, 82, 83, 83, 82, 80, 79, 78, 77, 76, 75, 73, 71, 69, 68, 68, 68, 67,
    66, 65, 64, 64, 63,
], dtype=float)
assert len(AGE_PROFILE) == 51

# Share of immigrants / descendants by age (at the calibration date), before the municipal factor.
_IMM_BANDS = [(16, 0.07), (20, 0.14), (25, 0.20), (30, 0.21), (35, 0.19), (40, 0.16), (45, 0.14),
              (50, 0.12), (55, 0.09), (60, 0.07)]
_DESC_BANDS = [(16, 0.085), (20, 0.075), (25, 0.05), (30, 0.033), (35, 0.022), (40, 0.009), (50, 0.003)]

# Countries of origin (ISO 3166-1 alpha-2) with relative weights.
IMMIGRANT_COUNTRIES = {
    "PL": 9, "RO": 6, "DE": 5, "LT": 3, "NO": 3, "SE": 3, "GB": 3, "IT": 2, "ES": 1.5, "FR": 1.5,
    "BG": 2, "LV": 1.5, "NL": 1, "US": 1.2, "IS": 1, "HU": 1, "CZ": 0.5, "FI": 0.5,
    "TR": 5, "SY": 6, "IQ": 4, "BA": 3, "LB": 2.5, "IR": 2.5, "AF": 2.5, "PK": 2, "SO": 2,
    "UA": 3, "PH": 2.5, "IN": 2.5, "CN": 2, "TH": 2, "VN": 1.5, "LK": 1.5, "RU": 1.5, "ER": 1.5,
    "XK": 0.8, "MA": 1, "ET": 0.5, "NP": 0.5, "BR": 0.5, "MK": 1, "RS": 0.5, "EG": 0.4,
}
DESCENDANT_COUNTRIES = {
    "TR": 20, "LB": 10, "PK": 10, "IQ": 8, "SO": 6, "SY": 4, "BA": 5, "VN": 4, "MA": 4,
    "AF": 3, "IR": 3, "LK": 3, "PL": 3, "DE": 3, "NO": 2, "SE": 2, "GB": 2, "XK": 2, "MK": 2,
    "CN": 1, "IN": 1, "PH": 1, "US": 1,
}
NORDIC = {"NO", "SE", "IS", "FI"}

ORIGIN_TYPES = ("dansk", "indvandrer", "efterkommer")
ORIGIN_GROUPS = ("dansk", "vestlig", "ikke_vestlig")
MOVER_SHARE = 0.02


@dataclass
class Residents:
    code: str
    birth: np.ndarray  # int64 day numbers, sorted ascending
    male: np.ndarray  # bool
    origin_type: np.ndarray  # int8 index into ORIGIN_TYPES
    origin_group: np.ndarray  # int8 index into ORIGIN_GROUPS
    country: np.ndarray  # object: ISO code or ""
    menapt: np.ndarray  # bool
    permit: np.ndarray  # int64 day or NULL_DAY
    dk_from: np.ndarray  # int64: first day in Denmark (NULL_DAY = always)
    move_in: np.ndarray  # int64: day of moving in from a neighbour, or NULL_DAY
    moved_from: np.ndarray  # object: neighbour code or ""
    present_from: np.ndarray  # int64: first day counted in this municipality's population
    frailty: np.ndarray  # float64
    rank: np.ndarray  # int64: number among residents with the same birth date and gender

    def __len__(self) -> int:
        return len(self.birth)


def _band_lookup(bands, ages):
    starts = np.array([b[0] for b in bands])
    values = np.array([b[1] for b in bands])
    idx = np.searchsorted(starts, ages, side="right") - 1
    return np.where(idx >= 0, values[np.clip(idx, 0, None)], 0.0)


def _birth_density(first: int, last: int, ref_year: int) -> tuple[np.ndarray, np.ndarray]:
    """Daily birth-date weights over [first, last] from the age profile at ref_year."""
    days = np.arange(first, last + 1, dtype="int64")
    years, _, _ = D.ymd(days)
    age = np.clip(ref_year - years, 16, 66)
    w = AGE_PROFILE[age - 16]
    return days, w / w.sum()


def _country_arrays(reference: Reference, weights: dict[str, float]):
    codes = [c for c in weights if c in reference.countries]
    w = np.array([weights[c] for c in codes], dtype=float)
    return np.array(codes, dtype=object), w / w.sum()


def build_residents(code: str, target_16_66: int, cfg, reference: Reference, cpr: CprAllocator,
                    rng: np.random.Generator, immigrant_factor: float) -> Residents:
    start, as_of = D.day(cfg.start), D.day(cfg.as_of)
    ref_day = D.day(cfg.calibration_months()[0])
    ref_year = cfg.calibration_months()[0].year
    first_birth = int(D.anniversary(np.array([start]), -67)[0]) + 1
    last_birth = int(D.anniversary(np.array([as_of]), -16)[0])
    n = int(np.ceil(target_16_66 * 1.55)) + 60

    # Birth dates: stratified draws from the age profile, in random order.
    days, p = _birth_density(first_birth, last_birth, ref_year)
    u = (np.arange(n) + rng.random(n)) / n
    birth = days[np.minimum(np.searchsorted(np.cumsum(p), u), len(days) - 1)]
    birth = birth[rng.permutation(n)]
    male = rng.random(n) < 0.505

    # Origin.
    age_ref = np.clip(D.age_at(birth, np.full(n, ref_day)), 0, 90)
    p_imm = np.minimum(_band_lookup(_IMM_BANDS, age_ref) * immigrant_factor, 0.45)
    p_desc = np.minimum(_band_lookup(_DESC_BANDS, age_ref) * immigrant_factor, 0.2)
    r = rng.random(n)
    origin_type = np.where(r < p_imm, 1, np.where(r < p_imm + p_desc, 2, 0)).astype("int8")
    country = np.full(n, "", dtype=object)
    imm_codes, imm_p = _country_arrays(reference, IMMIGRANT_COUNTRIES)
    desc_codes, desc_p = _country_arrays(reference, DESCENDANT_COUNTRIES)
    is_imm, is_desc = origin_type == 1, origin_type == 2
    country[is_imm] = rng.choice(imm_codes, size=int(is_imm.sum()), p=imm_p)
    country[is_desc] = rng.choice(desc_codes, size=int(is_desc.sum()), p=desc_p)
    groups = {c: (1 if reference.countries[c].origin_group == "vestlig" else 2) for c in set(country) if c}
    menapt_set = {c for c in groups if reference.countries[c].is_menapt}
    origin_group = np.zeros(n, dtype="int8")
    foreign = origin_type > 0
    origin_group[foreign] = [groups[c] for c in country[foreign]]
    menapt = np.zeros(n, dtype=bool)
    menapt[foreign] = [c in menapt_set for c in country[foreign]]

    # Arrival of immigrants (= first residence permit, except Nordic citizens: no permit).
    dk_from = np.full(n, D.NULL_DAY, dtype="int64")
    permit = np.full(n, D.NULL_DAY, dtype="int64")
    idx = np.flatnonzero(is_imm)
    k = len(idx)
    kind = rng.random(k)
    arrival_age_years = np.where(kind < 0.15, rng.uniform(0, 15, k),
                                 np.where(kind < 0.85, rng.triangular(17, 24, 38, k), rng.uniform(35, 58, k)))
    arrival = birth[idx] + (arrival_age_years * 365.25).astype("int64")
    cty = country[idx]
    recent = np.isin(cty, ["SY", "ER"]) & (rng.random(k) < 0.8)
    arrival[recent] = rng.integers(D.day("2013-01-01"), D.day("2018-12-31"), int(recent.sum()))
    ukraine = (cty == "UA") & (rng.random(k) < 0.6)
    arrival[ukraine] = rng.integers(D.day("2022-03-01"), D.day("2023-12-31"), int(ukraine.sum()))
    arrival = np.maximum(arrival, birth[idx] + 1)
    dk_from[idx] = arrival
    nordic = np.isin(cty, list(NORDIC))
    permit[idx[~nordic]] = arrival[~nordic]

    # Movers from a neighbour municipality.
    move_in = np.full(n, D.NULL_DAY, dtype="int64")
    moved_from = np.full(n, "", dtype=object)
    neighbours = reference.neighbours(code)
    movers = np.flatnonzero(rng.random(n) < MOVER_SHARE)
    if neighbours and len(movers):
        move_in[movers] = rng.integers(start, as_of + 1, len(movers))
        w = np.array([reference.municipalities[c].population_2018 for c in neighbours], dtype=float)
        moved_from[movers] = rng.choice(np.array(neighbours, dtype=object), size=len(movers), p=w / w.sum())
    present_from = np.maximum(dk_from, move_in)

    # Keep the random-order prefix that gives exactly the target count on the reference day.
    keep = np.ones(n, dtype=bool)
    keep &= (dk_from == D.NULL_DAY) | (dk_from <= as_of)
    counted = keep & (present_from <= ref_day) & (age_ref >= 16) & (age_ref <= 66)
    cum = np.cumsum(counted)
    cut = int(np.searchsorted(cum, target_16_66) + 1) if cum[-1] >= target_16_66 else n
    keep[cut:] = False
    sel = np.flatnonzero(keep)

    frailty = rng.gamma(0.7, 1 / 0.7, n)
    res = Residents(
        code=code, birth=birth[sel], male=male[sel], origin_type=origin_type[sel],
        origin_group=origin_group[sel], country=country[sel], menapt=menapt[sel], permit=permit[sel],
        dk_from=dk_from[sel], move_in=move_in[sel], moved_from=moved_from[sel],
        present_from=present_from[sel], frailty=frailty[sel], rank=np.zeros(len(sel), dtype="int64"),
    )
    _fit_cpr_blocks(res, cpr)
    order = np.argsort(res.birth, kind="stable")
    for name in ("birth", "male", "origin_type", "origin_group", "country", "menapt", "permit", "dk_from",
                 "move_in", "moved_from", "present_from", "frailty", "rank"):
        setattr(res, name, getattr(res, name)[order])
    return res


def _ranks(birth: np.ndarray, male: np.ndarray) -> np.ndarray:
    key = birth * 2 + male.astype("int64")
    order = np.argsort(key, kind="stable")
    sk = key[order]
    first = np.r_[True, sk[1:] != sk[:-1]]
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(sk)), 0))
    rank = np.empty(len(sk), dtype="int64")
    rank[order] = np.arange(len(sk)) - group_start
    return rank


def _fit_cpr_blocks(res: Residents, cpr: CprAllocator) -> None:
    """Number residents per birth date and gender; move the rare overflow to the next day."""
    for _ in range(10_000):
        rank = _ranks(res.birth, res.male)
        over = rank >= cpr.capacity(res.code, res.birth)
        if not over.any():
            res.rank = rank
            return
        res.birth = res.birth + over.astype("int64")
    raise RuntimeError(f"could not fit CPR numbers for municipality {res.code}")
