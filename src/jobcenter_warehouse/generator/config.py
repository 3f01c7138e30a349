"""Run configuration, calibration targets and time trends.

Calibration targets come from STAR's key-figure report for Ballerup (August 2018), Figure 2:
full-time persons per benefit group in Q2 2018 and the population aged 16-66 (30,041). They
are turned into per-capita rates, so every municipality is generated from rates times its
own population: Ballerup uses its own Figure 2 rates, the other municipalities the national
shares of the same figure, each times a deterministic municipality factor (so rankings and
"top 10" comparisons have something to rank). Inflows are constant up to the end of Q2 2018
(the history before that is stationary, which is what makes the calibration hold), and
follow the trends below afterwards (COVID-19 in 2020, Ukrainian refugees in 2022, fewer on
kontanthjælp and efterløn, more in fleksjob and ressourceforløb).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .reference import BALLERUP

BALLERUP_POPULATION_16_66 = 30041  # Figure 2, Q2 2018
CALIBRATION_QUARTER = dt.date(2018, 4, 1)
TREND_START = dt.date(2018, 7, 1)  # inflows are stationary before this date

# Figure 2: full-time persons in Ballerup, Q2 2018.
FIGURE2_BALLERUP = {
    "a_dagpenge": 593, "kontanthjaelp": 640, "uddannelseshjaelp": 345,
    "selvforsoergelsesydelse": 61, "sygedagpenge": 639, "jobafklaring": 205,
    "revalidering": 11, "ressourceforloeb": 135, "ledighedsydelse": 133, "fleksjob": 425,
    "foertidspension": 1971, "efterloen": 297,
}
# Figure 2, "Andel af befolkningen i hele landet, pct.": national shares of the population 16-66.
NATIONAL_SHARE_PCT = {
    "a_dagpenge": 2.0, "kontanthjaelp": 2.0, "uddannelseshjaelp": 1.0,
    "selvforsoergelsesydelse": 0.5, "sygedagpenge": 1.7, "jobafklaring": 0.5,
    "revalidering": 0.1, "ressourceforloeb": 0.6, "ledighedsydelse": 0.4, "fleksjob": 1.9,
    "foertidspension": 5.5, "efterloen": 1.3,
}
# Tolerance of the calibration check: +-5 % or +-5 full-time persons, whichever is larger.
TOLERANCE_SHARE = 0.05
TOLERANCE_ABS = 5.0
POPULATION_TOLERANCE_SHARE = 0.02


@dataclass
class GeneratorConfig:
    out: Path = Path("data/raw")
    seed: int = 20180401
    as_of: dt.date = dt.date(2026, 10, 31)
    start: dt.date = dt.date(2016, 1, 1)
    municipalities: list[str] = field(default_factory=lambda: [BALLERUP])
    scale: float = 1.0
    inject_bad_rows: bool = False
    quiet: bool = False
    strict_calibration: bool = False
    reference_dir: Path | None = None

    def calibration_months(self) -> list[dt.date]:
        """Months of the calibration quarter: Q2 2018, or the first complete quarter in range."""
        q = CALIBRATION_QUARTER
        if not (self.start <= q and dt.date(q.year, q.month + 2, 30) <= self.as_of):
            y, m = self.start.year, self.start.month
            while (m - 1) % 3 or dt.date(y, m, 1) < self.start:
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            q = dt.date(y, m, 1)
        return [dt.date(q.year, q.month + i, 1) for i in range(3)]


def stable_int(*parts) -> int:
    """A stable 63-bit integer from text parts (seeding that does not depend on hash())."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def rng_for(seed: int, *parts) -> np.random.Generator:
    """An independent random stream per (seed, municipality, purpose)."""
    return np.random.default_rng([seed, stable_int(*parts)])


def municipality_rates(code: str, seed: int) -> dict[str, float]:
    """Full-time persons per resident aged 16-66, per benefit group, for one municipality."""
    if code == BALLERUP:
        return {g: v / BALLERUP_POPULATION_16_66 for g, v in FIGURE2_BALLERUP.items()}
    rng = rng_for(seed, "rates", code)
    # log-normal factors with mean 1, so the national totals stay at Figure 2's national shares
    common = float(np.exp(rng.normal(-0.18**2 / 2, 0.18)))  # socio-economic level of the municipality
    rates = {}
    for group, pct in NATIONAL_SHARE_PCT.items():
        own = float(np.exp(rng.normal(-0.12**2 / 2, 0.12)))
        tilt = common if group not in ("efterloen", "a_dagpenge") else common ** 0.4
        rates[group] = pct / 100.0 * tilt * own
    return rates


def immigrant_factor(code: str, seed: int) -> float:
    """Multiplier on the shares of immigrants and descendants (Ballerup ~ national level)."""
    if code == BALLERUP:
        return 1.05
    if code in ("101", "147"):
        return 1.5
    rng = rng_for(seed, "immigrants", code)
    return float(np.clip(np.exp(rng.normal(-0.1, 0.35)), 0.45, 2.2))


# ---- time trends of inflows (1.0 until the end of Q2 2018) -------------------------------------
def _years_since_trend(year: int, month: int) -> float:
    return max(0.0, (year - TREND_START.year) + (month - TREND_START.month) / 12.0)


def trend_factor(group: str, year: int, month: int) -> float:
    """Relative inflow to a benefit group in a month (1.0 = the stationary 2016-2018 level)."""
    if (year, month) < (TREND_START.year, TREND_START.month):
        return 1.0
    t = _years_since_trend(year, month)
    ym = year * 100 + month
    if group == "a_dagpenge":
        if ym in (202003, 202004):
            return 2.6
        if 202005 <= ym <= 202012:
            return 1.25
        if 2021 * 100 <= ym <= 202112:
            return 0.95
        if 2022 * 100 <= ym <= 202312:
            return 0.85
        return 1.0
    if group == "kontanthjaelp":
        return 0.96 ** t
    if group == "uddannelseshjaelp":
        return 0.95 ** t
    if group == "selvforsoergelsesydelse":
        if 202203 <= ym <= 202306:
            return 2.2
        return 0.75
    if group == "sygedagpenge":
        if ym in (202003, 202004):
            return 1.3
        if 202201 <= ym <= 202203:
            return 1.4
        return 1.0 + 0.01 * t
    if group in ("jobafklaring",):
        return 1.0 + 0.02 * t
    if group == "revalidering":
        return 0.97 ** t
    if group == "ressourceforloeb":
        return 1.0 + 0.03 * t
    if group == "fleksjob":
        return 1.0 + 0.03 * t
    if group == "foertidspension":
        return 0.985 ** t
    return 1.0
