"""The benefit-state model: 15 states (the contract's 12 benefits, split by visitation where
the contract requires a visitation category), their spell durations, entry ages, who enters
them, and the transitions between them.

A *career* is a sequence of spells of one person, each spell followed either by self-support
(the career ends) or by a transition to another state (after a gap). Transitions follow the
paths of Danish case work: sygedagpenge -> jobafklaring -> ressourceforløb -> fleksjob (via
ledighedsydelse) or førtidspension; kontanthjælp <-> uddannelseshjælp (uddannelseshjælp ends
at 30 and continues as kontanthjælp; under-25s get uddannelseshjælp instead of kontanthjælp);
a-dagpenge -> kontanthjælp (exhausted rights) or efterløn; re-visitation between jobparat and
aktivitetsparat (a new spell the day after); fleksjob with few hours followed by a new spell
with more hours (progression); a new ressourceforløb after one ends.

"Administrative" transitions (re-visitation, age 30, fleksjob hours, sygedagpenge <->
jobafklaring, new ressourceforløb) start the next spell the day after; other transitions have
a gap of 0 days (half), 1-28 days (the chain continues) or 29-120 days (a new chain starts).
About 1 % of transitions overlap the previous spell by 1-30 days (the overlap rule's case).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class State:
    key: str
    benefit: str
    visitation: str  # "" = NULL
    median_days: float  # lognormal duration
    sigma: float
    min_days: int
    max_days: int
    entry_ages: tuple  # ((lo, hi, weight), ...) for direct entries
    origin_weight: tuple  # (dansk, vestlig, ikke_vestlig) propensity
    female_weight: float
    frailty_power: float
    burn_in_years: float  # entries simulated this long before --start (stationarity)
    share_of_group: float = 1.0  # design split of the benefit group's full-time target


# Columns: key, benefit, visitation, lognormal median days, sigma, min days, max days,
#          entry ages ((from, to, weight), ...), origin weights (dansk, vestlig, ikke_vestlig),
#          female weight, frailty power, burn-in years, share of the benefit group's target.
STATES: tuple[State, ...] = (
    State("ad", "a_dagpenge", "", 80, 0.85, 7, 730,
          ((18, 25, .12), (25, 35, .30), (35, 50, .30), (50, 60, .20), (60, 66, .08)),
          (1, 1.3, 1.6), 1.0, 1.0, 3),
    State("khj", "kontanthjaelp", "jobparat", 120, 0.9, 14, 1500,
          ((25, 30, .15), (30, 40, .35), (40, 55, .35), (55, 64, .15)),
          (1, 1.5, 3.0), 0.9, 1.0, 5, 0.27),
    State("kha", "kontanthjaelp", "aktivitetsparat", 480, 0.9, 30, 3650,
          ((25, 30, .10), (30, 45, .35), (45, 60, .45), (60, 65, .10)),
          (1, 1.5, 3.5), 1.0, 1.0, 14, 0.73),
    State("udu", "uddannelseshjaelp", "uddannelsesparat", 100, 0.8, 14, 1100,
          ((18, 22, .50), (22, 26, .35), (26, 30, .15)),
          (1, 1.3, 2.0), 1.0, 1.0, 4, 0.40),
    State("uda", "uddannelseshjaelp", "aktivitetsparat", 300, 0.9, 30, 2500,
          ((18, 22, .45), (22, 26, .35), (26, 30, .20)),
          (1, 1.3, 2.5), 1.0, 1.0, 10, 0.60),
    State("sfj", "selvforsoergelsesydelse", "jobparat", 200, 0.8, 14, 1800,
          ((18, 30, .35), (30, 45, .45), (45, 60, .20)),
          (1, 1, 1), 1.0, 0.5, 6, 0.45),
    State("sfa", "selvforsoergelsesydelse", "aktivitetsparat", 400, 0.8, 30, 2500,
          ((18, 30, .30), (30, 45, .45), (45, 60, .25)),
          (1, 1, 1), 1.0, 0.5, 8, 0.55),
    State("syg", "sygedagpenge", "", 42, 1.0, 14, 400,
          ((18, 30, .15), (30, 45, .30), (45, 60, .40), (60, 66, .15)),
          (1, 0.9, 1.2), 1.3, 0.6, 3),
    State("jaf", "jobafklaring", "", 200, 0.7, 30, 1100, ((25, 45, .35), (45, 64, .65)),
          (1, 1.0, 1.3), 1.3, 0.5, 6),
    State("rev", "revalidering", "", 400, 0.6, 60, 1800, ((20, 35, .5), (35, 55, .5)),
          (1, 1, 1), 1.0, 0.5, 6),
    State("rfl", "ressourceforloeb", "", 550, 0.45, 180, 1826, ((20, 30, .25), (30, 45, .35), (45, 62, .40)),
          (1, 1.3, 2.0), 1.2, 0.7, 12),
    State("led", "ledighedsydelse", "", 270, 0.9, 14, 2000, ((30, 45, .4), (45, 64, .6)),
          (1, 1.2, 1.5), 1.2, 0.5, 10),
    State("flx", "fleksjob", "", 1500, 0.9, 90, 9000, ((25, 40, .25), (40, 55, .45), (55, 64, .30)),
          (1, 0.8, 0.7), 1.4, 0.3, 30),
    State("fp", "foertidspension", "", 0, 0, 30, 0, ((20, 35, .12), (35, 50, .30), (50, 66, .58)),
          (1, 1.2, 1.8), 1.15, 0.3, 50),
    State("efl", "efterloen", "", 0, 0, 30, 0, ((60, 66, 1.0),),
          (1, 0.5, 0.3), 0.83, 0.0, 6),
)
KEYS = tuple(s.key for s in STATES)
IDX = {k: i for i, k in enumerate(KEYS)}
N_STATES = len(STATES)
BENEFITS = (
    "a_dagpenge", "kontanthjaelp", "uddannelseshjaelp", "selvforsoergelsesydelse",
    "sygedagpenge", "jobafklaring", "revalidering", "ressourceforloeb",
    "ledighedsydelse", "fleksjob", "foertidspension", "efterloen",
)
GROUP_OF_STATE = np.array([BENEFITS.index(s.benefit) for s in STATES])
EXIT = -1

# Transition probabilities on leaving a state (the rest: self-support, the career ends).
TRANSITIONS: dict[str, dict[str, float]] = {
    "ad": {"khj": 0.05, "syg": 0.04, "efl": 0.35, "kha": 0.005},
    "khj": {"kha": 0.12, "syg": 0.03, "ad": 0.04},
    "kha": {"khj": 0.15, "rfl": 0.12, "fp": 0.06, "led": 0.03, "syg": 0.02, "rev": 0.01},
    "udu": {"uda": 0.10, "syg": 0.02, "khj": 0.03, "ad": 0.02},
    "uda": {"udu": 0.20, "rfl": 0.08, "kha": 0.03, "fp": 0.01},
    "sfj": {"sfa": 0.12, "khj": 0.08, "ad": 0.03, "syg": 0.02},
    "sfa": {"sfj": 0.20, "kha": 0.12, "rfl": 0.05},
    "syg": {"jaf": 0.06, "ad": 0.03, "kha": 0.01, "rev": 0.005, "rfl": 0.01, "led": 0.005, "fp": 0.005},
    "jaf": {"syg": 0.25, "rfl": 0.20, "led": 0.07, "fp": 0.06, "kha": 0.05, "rev": 0.02},
    "rev": {"led": 0.08, "ad": 0.10, "khj": 0.05},
    "rfl": {"rfl": 0.15, "fp": 0.22, "led": 0.12, "flx": 0.04, "kha": 0.20, "syg": 0.02},
    "led": {"flx": 0.60, "fp": 0.06, "rfl": 0.02},
    "flx": {"led": 0.30, "flx": 0.06, "fp": 0.08},
    "fp": {},
    "efl": {},
}
# Transitions that only happen when the person is eligible (efterløn: from the efterløn age);
# the design counts them with this share of their nominal probability.
ELIGIBLE_SHARE = {"efl": 0.06}
ADMINISTRATIVE = {
    ("khj", "kha"), ("kha", "khj"), ("udu", "uda"), ("uda", "udu"), ("sfj", "sfa"), ("sfa", "sfj"),
    ("syg", "jaf"), ("jaf", "syg"), ("rfl", "rfl"), ("flx", "flx"), ("udu", "khj"), ("uda", "kha"),
}
# Same-visitation twin in the other benefit (age rules): uddannelseshjælp <-> kontanthjælp.
TO_KONTANTHJAELP = {IDX["udu"]: IDX["khj"], IDX["uda"]: IDX["kha"]}
TO_UDDANNELSESHJAELP = {IDX["khj"]: IDX["udu"], IDX["kha"]: IDX["uda"]}
TO_KONTANT_FROM_SFY = {IDX["sfj"]: IDX["khj"], IDX["sfa"]: IDX["kha"]}


def transition_matrix() -> np.ndarray:
    """(N_STATES, N_STATES + 1) probabilities; the last column is self-support."""
    m = np.zeros((N_STATES, N_STATES + 1))
    for src, row in TRANSITIONS.items():
        for dst, p in row.items():
            m[IDX[src], IDX[dst]] = p
        m[IDX[src], -1] = 1.0 - sum(row.values())
    return m


def administrative_matrix() -> np.ndarray:
    m = np.zeros((N_STATES, N_STATES), dtype=bool)
    for a, b in ADMINISTRATIVE:
        m[IDX[a], IDX[b]] = True
    return m


def draw_entry_age(state: State, n: int, rng: np.random.Generator) -> np.ndarray:
    """Entry ages in days for direct entries."""
    bands = np.array(state.entry_ages, dtype=float)
    pick = rng.choice(len(bands), size=n, p=bands[:, 2] / bands[:, 2].sum())
    years = rng.uniform(bands[pick, 0], bands[pick, 1])
    return (years * 365.25).astype("int64")


def draw_durations(state_idx: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Spell durations in days (before caps for age), by state."""
    out = np.zeros(len(state_idx), dtype="int64")
    for i, st in enumerate(STATES):
        sel = np.flatnonzero(state_idx == i)
        if not len(sel):
            continue
        if st.key == "fp":
            d = rng.exponential(50 * 365.25, len(sel))  # until folkepension, or death
        elif st.key == "efl":
            early = rng.random(len(sel)) < 0.2  # most stay until folkepension
            d = np.where(early, rng.uniform(180, 3 * 365, len(sel)), 40 * 365.0)
        else:
            d = np.exp(np.log(st.median_days) + st.sigma * rng.standard_normal(len(sel)))
            d = np.clip(d, st.min_days, st.max_days)
        out[sel] = d.astype("int64")
    return np.maximum(out, 1)


def mean_duration_days(state: State, rng: np.random.Generator, n: int = 20000) -> float:
    """Design mean duration (no age caps, no transitions) for inflow = prevalence / duration."""
    d = draw_durations(np.full(n, IDX[state.key]), rng).astype(float)
    if state.key in ("fp", "flx", "efl"):
        # Capped by the pension age: approximate with the entry ages.
        ages = draw_entry_age(state, n, rng) / 365.25
        room = np.maximum(67 - ages, 0.2) * 365.25
        if state.key == "efl":
            room = np.full(n, 3.5 * 365.25)
        d = np.minimum(d, room)
    return float(d.mean())


def efterloen_age_years(birth_year: np.ndarray, birth_month: np.ndarray) -> np.ndarray:
    """Earliest efterløn age by birth cohort (the 2006 and 2011 reforms, simplified)."""
    h2 = birth_month >= 7
    y = birth_year
    age = np.select(
        [y < 1954, y == 1954, y == 1955, y == 1956, y == 1957, y <= 1962, y <= 1966],
        [60.0, np.where(h2, 61.0, 60.5), np.where(h2, 62.0, 61.5), np.where(h2, 63.0, 62.5),
         np.where(h2, 64.0, 63.5), 64.0, 65.0],
        default=66.0,
    )
    return age


def pension_age_years(birth_year: np.ndarray, birth_month: np.ndarray) -> np.ndarray:
    """Folkepension age by birth cohort, capped at 67 (benefits counted at ages 16-66 only)."""
    h2 = birth_month >= 7
    y = birth_year
    age = np.select([y < 1954, y == 1954, y == 1955],
                    [65.0, np.where(h2, 66.0, 65.5), np.where(h2, 67.0, 66.5)], default=67.0)
    return np.minimum(age, 67.0)
