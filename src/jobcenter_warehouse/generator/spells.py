"""Benefit spells of one municipality: careers, person assignment, calibration.

Calibration by design. For every state ``s`` the target is a full-time count
``P_s = rate_s x residents 16-66`` (config.py). In a stationary process, prevalence = inflow x
mean duration, so the inflow is ``lambda_s = P_s / D_s``. Part of it arrives through
transitions from other states (``sum_r lambda_r T[r, s]``; a transition column is scaled down
where it would supply more than 80 % of the inflow); the rest are *direct entries*, drawn as
career starts from ``burn_in`` years before ``--start`` (so long spells such as
førtidspension are in their steady state when the history begins) up to the as-of date, with
the time trends of config.py after Q2 2018. Each career gets a resident of a fitting age
(entry ages by state; weights by origin, gender and frailty), is rolled out spell by spell
(durations, caps at age 30 for uddannelseshjælp and at the pension age, transitions, gaps),
and careers that would overlap another career of the same person are reassigned to another
resident (up to eight rounds; the last few that still clash are dropped).

Fine calibration. Age caps, transitions and reassignment make the realised prevalence differ
somewhat from the design, so two to four times the design number of careers is drawn in
random order, the full-time persons each career contributes to the calibration quarter are
computed exactly as the check does (overlap rule, own municipality, ages 16-66 at month end),
and per entry state the prefix of careers is kept whose total meets the group target (a damped
fixed-point iteration over the 12 groups, then coordinate descent on the prefix lengths;
taking a random-order prefix keeps the process stationary at every date). The result is
verified from the written files by
:mod:`jobcenter_warehouse.generator.calibration`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import dates as D
from . import states as S
from .calibration import effective_ends
from .config import trend_factor
from .residents import Residents

OVERSAMPLE = 2.0
# Long states also receive transitions from careers that started before any simulated
# upstream history, so their direct entries get more room for the fine calibration.
OVERSAMPLE_BY_STATE = {"fp": 4.0, "flx": 3.0, "led": 2.5, "rev": 3.0, "jaf": 2.5, "efl": 2.5, "rfl": 2.5}
MAX_STEPS = 40
REASSIGN_ROUNDS = 8
YEAR = 365.25

END_REASONS = np.array(["", "job", "uddannelse", "raskmeldt", "selvforsoergelse", "folkepension",
                        "overgang_anden_ydelse", "revisitation", "flytning", "ophoer"], dtype=object)
R_NONE, R_JOB, R_EDU, R_WELL, R_SELF, R_PENSION, R_OTHER, R_REVISIT, R_MOVE, R_STOP = range(10)


@dataclass
class SpellTable:
    """Flat spell arrays (one entry per spell)."""
    person: np.ndarray
    municipality: np.ndarray  # object (code)
    state: np.ndarray
    start: np.ndarray
    end: np.ndarray  # planned end (may be > as-of); D.NULL_DAY written for ongoing spells
    ongoing: np.ndarray  # bool: end_date written as NULL
    hours: np.ndarray  # float, nan = NULL
    integration: np.ndarray  # int8: -1 NULL, 0 false, 1 true
    reason: np.ndarray  # int8 index into END_REASONS
    career: np.ndarray
    step: np.ndarray
    eff_end: np.ndarray  # effective end after the overlap rule and the as-of cut (for events)

    def __len__(self) -> int:
        return len(self.start)

    def take(self, idx) -> "SpellTable":
        return SpellTable(**{k: v[idx] for k, v in self.__dict__.items()})


# The columns of a rollout part and their dtypes: what an empty rollout returns.
PART_DTYPES = dict(career="int64", step="int64", state="int64", start="int64", end="int64",
                   hours="float64", person="int64", reason="int8", ongoing="bool", future="bool")


def _concat(parts: list[dict]) -> dict:
    """Concatenate rollout parts; no parts (no careers at all, e.g. a very small municipality
    at a small --scale) give empty columns of the right dtypes."""
    if not parts:
        return {k: np.empty(0, dtype=dtype) for k, dtype in PART_DTYPES.items()}
    keys = parts[0].keys()
    return {k: np.concatenate([p[k] for p in parts]) for k in keys}


class SpellSimulator:
    def __init__(self, code: str, residents: Residents, cfg, rates: dict[str, float], target_16_66: int,
                 rng: np.random.Generator) -> None:
        self.code = code
        self.res = residents
        self.cfg = cfg
        self.rng = rng
        self.start = D.day(cfg.start)
        self.as_of = D.day(cfg.as_of)
        self.cal_months = [(D.day(m), D.add_months(D.day(m), 1) - 1) for m in cfg.calibration_months()]
        self.group_target = np.array([rates[b] * target_16_66 for b in S.BENEFITS])
        self.transition = S.transition_matrix()
        self.admin = S.administrative_matrix()
        r = residents
        by, bm, _ = D.ymd(r.birth)
        self.pension_day = self._age_day(r.birth, S.pension_age_years(by, bm))
        self.efl_day = self._age_day(r.birth, S.efterloen_age_years(by, bm))
        self.day16 = D.anniversary(r.birth, 16)
        self.day25 = D.anniversary(r.birth, 25)
        self.day30 = D.anniversary(r.birth, 30)
        self._weights()
        self.stats: dict[str, float] = {}

    @staticmethod
    def _age_day(birth, age_years):
        whole = np.floor(age_years).astype("int64")
        return D.anniversary(birth, whole) + np.round((age_years - whole) * YEAR).astype("int64")

    def _weights(self) -> None:
        r = self.res
        self.cum_weights = []
        for st in S.STATES:
            w = np.asarray(st.origin_weight, dtype=float)[r.origin_group]
            w = w * np.where(r.male, 1.0, st.female_weight) * r.frailty ** st.frailty_power
            self.cum_weights.append(np.r_[0.0, np.cumsum(w)])
        # Selvforsørgelses- og hjemrejseydelse: immigrants with a residence permit, by permit date.
        imm = np.flatnonzero((r.origin_type == 1) & (r.permit != D.NULL_DAY) & (r.origin_group == 2))
        order = np.argsort(r.permit[imm], kind="stable")
        self.sfy_people = imm[order]
        self.sfy_permit = r.permit[self.sfy_people]
        w = r.frailty[self.sfy_people] ** 0.5
        self.sfy_cum = np.r_[0.0, np.cumsum(w)]

    # ------------------------------------------------------------------------------------------
    def design(self) -> tuple[np.ndarray, np.ndarray]:
        """Direct entries per year by state, and the transition matrix adjusted to the design."""
        rng = np.random.default_rng(12345)  # design constants do not depend on the run seed
        share = np.array([st.share_of_group for st in S.STATES])
        prevalence = self.group_target[S.GROUP_OF_STATE] * share
        duration = np.array([S.mean_duration_days(st, rng) for st in S.STATES]) / YEAR
        lam = prevalence / duration
        tm = self.transition.copy()
        for s in range(S.N_STATES):
            incoming = float(lam @ tm[:, s])
            if incoming > 0.8 * lam[s] and incoming > 0:
                factor = 0.8 * lam[s] / incoming
                tm[:, -1] += tm[:, s] * (1 - factor)
                tm[:, s] *= factor
        design_tm = tm[:, :-1].copy()
        for key, share in S.ELIGIBLE_SHARE.items():
            design_tm[:, S.IDX[key]] *= share
        direct = np.maximum(lam - lam @ design_tm, 0.25 * lam)
        self.transition = tm
        self.design_inflow = lam
        return direct, tm

    def _entry_days(self, state: int, direct_per_year: float) -> np.ndarray:
        st = S.STATES[state]
        first = D.add_months(self.start, -int(round(st.burn_in_years * 12)))
        months = D.months_between(first, self.as_of)
        firsts = np.array([m[0] for m in months])
        lengths = np.array([min(m[1], self.as_of) - m[0] + 1 for m in months], dtype=float)
        ys, ms, _ = D.ymd(firsts)
        f = np.array([trend_factor(st.benefit, int(y), int(m)) for y, m in zip(ys, ms)])
        mass = f * lengths / YEAR
        n = int(np.ceil(OVERSAMPLE_BY_STATE.get(st.key, OVERSAMPLE) * direct_per_year * mass.sum()))
        if n <= 0:
            return np.zeros(0, dtype="int64")
        pick = self.rng.choice(len(months), size=n, p=mass / mass.sum())
        return firsts[pick] + (self.rng.random(n) * lengths[pick]).astype("int64")

    # ------------------------------------------------------------------------------------------
    def _pick_people(self, state: np.ndarray, entry: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A resident per career (-1 when none fits) and the (possibly moved) entry day."""
        r, rng = self.res, self.rng
        person = np.full(len(state), -1, dtype="int64")
        entry = entry.copy()
        for s, st in enumerate(S.STATES):
            sel = np.flatnonzero(state == s)
            if not len(sel):
                continue
            if st.key == "efl":
                ok = ((self.efl_day >= self.start - int(6 * YEAR)) & (self.efl_day <= self.as_of)
                      & (self.efl_day < self.pension_day)
                      & ((r.dk_from == D.NULL_DAY) | (r.dk_from <= self.efl_day)))
                cand = np.flatnonzero(ok)
                if not len(cand):
                    continue
                w = np.diff(self.cum_weights[s])[cand]
                chosen = rng.choice(cand, size=len(sel), p=w / w.sum())
                late = rng.random(len(sel)) < 0.35
                delay = np.where(late, (rng.random(len(sel)) * 2 * YEAR).astype("int64"), 0)
                start = self.efl_day[chosen] + delay
                good = (start < self.pension_day[chosen]) & (start <= self.as_of)
                person[sel[good]] = chosen[good]
                entry[sel] = start
                continue
            if st.key in ("sfj", "sfa"):
                if not len(self.sfy_people):
                    continue
                cum, keys, people = self.sfy_cum, self.sfy_permit, self.sfy_people
                lo = np.searchsorted(keys, entry[sel] - int(8 * YEAR))
                hi = np.searchsorted(keys, entry[sel], side="right")
            else:
                cum, keys, people = self.cum_weights[s], r.birth, None
                target_birth = entry[sel] - S.draw_entry_age(st, len(sel), rng)
                lo = np.searchsorted(keys, target_birth - 182)
                hi = np.searchsorted(keys, target_birth + 182, side="right")
            wlo, whi = cum[lo], cum[hi]
            has = whi > wlo
            u = wlo + rng.random(len(sel)) * (whi - wlo)
            k = np.clip(np.searchsorted(cum, u, side="right") - 1, 0, len(cum) - 2)
            chosen = k if people is None else people[k]
            e = entry[sel]
            good = (has & ((r.dk_from[chosen] == D.NULL_DAY) | (r.dk_from[chosen] <= e))
                    & (e >= self.day16[chosen] + (730 if st.key != "syg" else 0))
                    & (e < self.pension_day[chosen] - 30))
            if st.key in ("udu", "uda"):
                good &= e < self.day30[chosen] - 30  # uddannelseshjælp: under 30
            elif st.key in ("khj", "kha"):
                good &= e >= self.day25[chosen]  # under 25: uddannelseshjælp instead
            person[sel[good]] = chosen[good]
        return person, entry

    # ------------------------------------------------------------------------------------------
    def _hours(self, n: int) -> np.ndarray:
        small = self.rng.random(n) < 0.25
        return np.where(small, self.rng.integers(2, 21, n), self.rng.integers(20, 61, n)) / 2.0

    def _rollout(self, career: np.ndarray, state: np.ndarray, entry: np.ndarray, person: np.ndarray) -> dict:
        """Spells of careers, step by step (vectorised over careers)."""
        rng, r, tm = self.rng, self.res, self.transition
        cum_t = np.cumsum(tm, axis=1)
        as_of = self.as_of
        parts = []
        c, s, t, p = career.copy(), state.copy(), entry.copy(), person.copy()
        h = np.full(len(c), np.nan)
        force = np.full(len(c), -2, dtype="int64")  # -2 = none
        prev = np.full(len(c), -1, dtype="int64")
        for step in range(MAX_STEPS):
            if not len(c):
                break
            n = len(c)
            d = S.draw_durations(s, rng)
            # fleksjob hours; small fleksjob often followed by a spell with more hours
            flx = s == S.IDX["flx"]
            from_flx = flx & (prev == S.IDX["flx"])
            step_up = rng.integers(2, 17, n) / 2.0
            drift = rng.integers(-8, 9, n) / 2.0
            h = np.where(flx & ~from_flx, self._hours(n), h)
            h = np.where(from_flx & (force == S.IDX["flx"]), np.minimum(30.0, h + step_up), h)
            h = np.where(from_flx & (force != S.IDX["flx"]), np.clip(h + drift, 1.0, 30.0), h)
            h = np.where(flx, h, np.nan)
            progress = flx & (h <= 10) & (rng.random(n) < 0.5)
            d = np.where(progress, rng.integers(365, 1100, n), d)
            end = t + d - 1
            reason = np.full(n, R_SELF, dtype="int8")
            nxt = np.full(n, -2, dtype="int64")
            # caps: pension age, uddannelseshjælp until 30
            pension = self.pension_day[p]
            capped = end >= pension - 1
            end = np.where(capped, pension - 1, end)
            nxt[capped] = S.EXIT
            reason[capped] = R_PENSION
            udd = np.isin(s, (S.IDX["udu"], S.IDX["uda"])) & (end >= self.day30[p] - 1) & ~capped
            end = np.where(udd, self.day30[p] - 1, end)
            for a, b in S.TO_KONTANTHJAELP.items():
                nxt[udd & (s == a)] = b
            reason[udd] = R_OTHER
            end = np.maximum(end, t)  # never before the start (a one-day spell at worst)
            nxt = np.where(progress & (nxt == -2), S.IDX["flx"], nxt)
            # transition
            u = rng.random(n)
            drawn = (u[:, None] > cum_t[s]).sum(axis=1)
            drawn = np.where(drawn >= S.N_STATES, S.EXIT, drawn)
            nxt = np.where(nxt == -2, drawn, nxt)
            admin = np.zeros(n, dtype=bool)
            going = nxt >= 0
            admin[going] = self.admin[s[going], nxt[going]]
            ongoing = end >= as_of
            part = dict(career=c, step=np.full(n, step), state=s, start=t, end=end, hours=h, person=p,
                        reason=reason, ongoing=ongoing, future=t > as_of)
            # next start
            gap_kind = rng.random(n)
            gap = np.where(gap_kind < 0.5, 0,
                           np.where(gap_kind < 0.8, rng.integers(1, 29, n), rng.integers(29, 121, n)))
            gap = np.where(admin, 0, gap)
            overlap = ~admin & (rng.random(n) < 0.01) & (d > 2)
            back = np.minimum(rng.integers(1, 31, n), d - 1)
            nstart = np.where(overlap, end + 1 - back, end + 1 + gap)
            # age and eligibility rules for the next state
            for a, b in S.TO_KONTANTHJAELP.items():
                nxt = np.where((nxt == a) & (nstart >= self.day30[p]), b, nxt)
            for a, b in S.TO_UDDANNELSESHJAELP.items():
                nxt = np.where((nxt == a) & (nstart < self.day25[p]), b, nxt)
            permit = r.permit[p]
            sfy_ok = (permit != D.NULL_DAY) & (nstart - permit <= int(9 * YEAR)) & (nstart >= permit)
            for a, b in S.TO_KONTANT_FROM_SFY.items():
                nxt = np.where((nxt == a) & ~sfy_ok, b, nxt)
            nxt = np.where((nxt == S.IDX["efl"]) & (nstart < self.efl_day[p]), S.EXIT, nxt)
            nxt = np.where(nstart >= pension - 30, S.EXIT, nxt)
            # end reasons
            exiting = (nxt == S.EXIT) & ~capped
            kind = rng.random(n)
            ex_reason = np.where(np.isin(s, (S.IDX["udu"], S.IDX["uda"])) & (kind < 0.4), R_EDU,
                                 np.where(s == S.IDX["syg"], np.where(kind < 0.7, R_WELL, R_JOB),
                                          np.where(kind < 0.55, R_JOB, np.where(kind < 0.9, R_SELF, R_STOP))))
            reason = np.where(exiting, ex_reason, reason)
            same_group = S.GROUP_OF_STATE[np.maximum(nxt, 0)] == S.GROUP_OF_STATE[s]
            reason = np.where(nxt >= 0, np.where(admin & same_group, R_REVISIT, R_OTHER), reason)
            reason = np.where((rng.random(n) < 0.15) | ongoing, R_NONE, reason).astype("int8")
            part["reason"] = reason
            parts.append(part)
            cont = (nxt >= 0) & ~ongoing & ~(t > as_of)
            # spells starting after the as-of date: a few planned ones are delivered
            late = cont & (nstart > as_of)
            keep_future = late & (nstart <= as_of + 30) & (rng.random(n) < 0.3)
            cont = (cont & ~late) | keep_future
            prev, c, t, p = s[cont], c[cont], nstart[cont], p[cont]
            force = np.where(progress, S.IDX["flx"], -2)[cont]
            s, h = nxt[cont], h[cont]
        return _concat(parts)

    # ------------------------------------------------------------------------------------------
    def simulate(self) -> SpellTable:
        rng = self.rng
        direct, _ = self.design()
        states, entries = [], []
        for s in range(S.N_STATES):
            e = self._entry_days(s, direct[s])
            states.append(np.full(len(e), s))
            entries.append(e)
        state = np.concatenate(states).astype("int64")
        entry = np.concatenate(entries).astype("int64")
        n = len(state)
        priority = rng.permutation(n)  # random order; calibration keeps a prefix per entry state
        person, entry = self._pick_people(state, entry)
        alive = person >= 0
        spells = None
        pending = np.flatnonzero(alive)
        settled: dict | None = None
        span_end = np.full(n, D.NULL_DAY, dtype="int64")
        span_start = np.full(n, D.NULL_DAY, dtype="int64")
        for round_no in range(REASSIGN_ROUNDS + 1):
            sp = self._rollout(pending, state[pending], entry[pending], person[pending])
            # careers entirely before --start are not in the extract: drop their spells
            last = np.full(n, D.NULL_DAY, dtype="int64")
            np.maximum.at(last, sp["career"], np.where(sp["ongoing"], self.as_of + 400, sp["end"]))
            first = np.full(n, np.iinfo("int64").max, dtype="int64")
            np.minimum.at(first, sp["career"], sp["start"])
            visible = np.zeros(n, dtype=bool)
            visible[pending] = last[pending] >= self.start
            keep_sp = visible[sp["career"]]
            sp = {k: v[keep_sp] for k, v in sp.items()}
            span_start[pending] = first[pending]
            span_end[pending] = last[pending]
            settled = sp if settled is None else _concat([settled, sp])
            in_play = np.zeros(n, dtype=bool)
            in_play[settled["career"]] = True
            careers_in_play = np.flatnonzero(in_play)
            conflicted = self._conflicts(careers_in_play, person, span_start, span_end, priority)
            if not len(conflicted):
                break
            drop = np.zeros(n, dtype=bool)
            drop[conflicted] = True
            settled = {k: v[~drop[settled["career"]]] for k, v in settled.items()}
            # the last round, or so few left that reassigning them is not worth another pass
            if round_no == REASSIGN_ROUNDS or len(conflicted) < 0.002 * len(careers_in_play):
                self.stats["dropped_conflicts"] = len(conflicted)
                break
            new_person, new_entry = self._pick_people(state[conflicted], entry[conflicted])
            person[conflicted] = new_person
            entry[conflicted] = new_entry
            pending = conflicted[new_person >= 0]
        spells = settled
        spells = self._split_movers(spells)
        selected = self._calibrate(spells, state, priority)
        spells = {k: v[selected[spells["career"]]] for k, v in spells.items()}
        spells = self._add_registration_errors(spells)
        return self._table(spells)

    def _conflicts(self, careers, person, span_start, span_end, priority) -> np.ndarray:
        """Careers that overlap an earlier career of the same person (to be reassigned)."""
        if not len(careers):
            return careers
        order = np.lexsort((priority[careers], span_start[careers], person[careers]))
        cs = careers[order]
        pp, st, en = person[cs], span_start[cs], span_end[cs]
        same = np.r_[False, pp[1:] == pp[:-1]]
        group = np.cumsum(~same)  # dense person number in sort order
        base = min(int(st.min()), int(en.min()))
        width = max(int(st.max()), int(en.max())) - base + 2
        run = np.maximum.accumulate(group * width + (en - base))
        prev_run = np.r_[np.int64(-1), run[:-1]]
        clash = same & (prev_run >= group * width + (st - base))
        return np.sort(cs[clash])

    def _split_movers(self, sp: dict) -> dict:
        """Spells before a person's move-in date belong to the neighbour they came from."""
        r = self.res
        move = r.move_in[sp["person"]]
        muni = np.full(len(move), self.code, dtype=object)
        mover = move != D.NULL_DAY
        before = mover & (sp["end"] < move)
        muni[before] = r.moved_from[sp["person"][before]]
        span = mover & (sp["start"] < move) & (sp["end"] >= move)
        sp = dict(sp)
        sp["municipality"] = muni
        if span.any():
            idx = np.flatnonzero(span)
            second = {k: v[idx].copy() for k, v in sp.items()}
            second["start"] = move[idx]
            second["step"] = second["step"] * 2 + 1
            sp["step"] = sp["step"] * 2
            sp["end"] = sp["end"].copy()
            sp["end"][idx] = move[idx] - 1
            sp["ongoing"] = sp["ongoing"].copy()
            sp["ongoing"][idx] = False
            sp["reason"] = sp["reason"].copy()
            sp["reason"][idx] = R_MOVE
            sp["municipality"][idx] = r.moved_from[sp["person"][idx]]
            sp = _concat([sp, second])
        else:
            sp["step"] = sp["step"] * 2
        return sp

    def contributions(self, sp: dict, n_careers: int) -> np.ndarray:
        """Full-time persons each career adds to the calibration quarter, by benefit group."""
        eff = effective_ends(sp["person"], sp["start"], np.where(sp["ongoing"], D.NULL_DAY, sp["end"]),
                             sp["career"] * 1000 + sp["step"], self.as_of)
        out = np.zeros((n_careers, len(S.BENEFITS)))
        birth = self.res.birth[sp["person"]]
        own = sp["municipality"] == self.code
        group = S.GROUP_OF_STATE[sp["state"]]
        for m0, m1 in self.cal_months:
            days = np.minimum(eff, m1) - np.maximum(sp["start"], m0) + 1
            age = D.age_at(birth, np.full(len(birth), m1))
            w = np.where((days > 0) & own & (age >= 16) & (age <= 66), days, 0) / (m1 - m0 + 1)
            np.add.at(out, (sp["career"], group), w / len(self.cal_months))
        return out

    def _calibrate(self, sp: dict, entry_state: np.ndarray, priority: np.ndarray) -> np.ndarray:
        n = len(entry_state)
        contrib = self.contributions(sp, n)
        present = np.zeros(n, dtype=bool)
        present[sp["career"]] = True
        cums, members = [], []
        for s in range(S.N_STATES):
            idx = np.flatnonzero((entry_state == s) & present)
            idx = idx[np.argsort(priority[idx], kind="stable")]
            members.append(idx)
            cums.append(np.vstack([np.zeros(len(S.BENEFITS)), np.cumsum(contrib[idx], axis=0)]))
        group_of = S.GROUP_OF_STATE
        take = np.array([int(round(len(m) / OVERSAMPLE_BY_STATE.get(S.KEYS[s], OVERSAMPLE)))
                         for s, m in enumerate(members)])
        target = self.group_target
        best, best_err, best_max = take.copy(), np.inf, np.inf
        limit = np.array([len(m) for m in members])
        floor = np.maximum(target, 5.0)  # small groups: judge absolute deviations

        def score_of(t):
            err = np.abs(sum(cums[s][t[s]] for s in range(S.N_STATES)) - target) / floor
            return float((err ** 2).sum()), float(err.max())

        # damped fixed-point iteration on the group ratios ...
        for _ in range(60):
            realised = sum(cums[s][take[s]] for s in range(S.N_STATES))
            score, worst = score_of(take)
            if score < best_err:
                best, best_err, best_max = take.copy(), score, worst
            ratio = np.where(realised > 0, target / np.maximum(realised, 1e-9), 2.0)[group_of]
            new = np.clip(np.round(take * ratio ** 0.7), 0, limit).astype(int)
            if np.array_equal(new, take):
                break
            take = new
        # ... then coordinate descent on the prefix lengths
        for _ in range(100):
            improved = False
            for s in range(S.N_STATES):
                for delta in (512, 128, 32, 8, 2, 1, -1, -2, -8, -32, -128, -512):
                    cand = best.copy()
                    cand[s] = min(max(cand[s] + delta, 0), limit[s])
                    if cand[s] == best[s]:
                        continue
                    score, worst = score_of(cand)
                    if score < best_err - 1e-12:
                        best, best_err, best_max, improved = cand, score, worst, True
            if not improved:
                break
        self.stats["calibration_rel_error"] = best_max
        self.realised = sum(cums[s][best[s]] for s in range(S.N_STATES))
        selected = np.zeros(n, dtype=bool)
        for s in range(S.N_STATES):
            selected[members[s][: best[s]]] = True
        self.stats["careers"] = int(selected.sum())
        self.stats["take"] = [(S.KEYS[s], int(best[s]), len(members[s])) for s in range(S.N_STATES)]
        return selected

    def _add_registration_errors(self, sp: dict) -> dict:
        """A few spells registered with a wrong benefit and corrected the same day: the wrong one
        starts on the same date with a smaller spell id, so the overlap rule removes it."""
        rng = self.rng
        first = (sp["step"] == 0) & ~sp["future"] & (sp["start"] >= self.start)
        idx = np.flatnonzero(first & (rng.random(len(first)) < 0.002))
        if not len(idx):
            return sp
        wrong = {k: v[idx].copy() for k, v in sp.items()}
        swap = {S.IDX["khj"]: S.IDX["kha"], S.IDX["kha"]: S.IDX["khj"], S.IDX["ad"]: S.IDX["khj"],
                S.IDX["syg"]: S.IDX["ad"], S.IDX["udu"]: S.IDX["uda"], S.IDX["uda"]: S.IDX["udu"]}
        wrong["state"] = np.array([swap.get(int(x), S.IDX["syg"]) for x in wrong["state"]])
        wrong["step"] = np.full(len(idx), -1)
        wrong["end"] = wrong["start"] + rng.integers(0, 20, len(idx))
        wrong["ongoing"] = wrong["end"] >= self.as_of
        wrong["hours"] = np.full(len(idx), np.nan)
        wrong["reason"] = np.full(len(idx), R_NONE, dtype="int8")
        return _concat([sp, wrong])

    def _table(self, sp: dict) -> SpellTable:
        r = self.res
        order = np.lexsort((sp["step"], sp["career"], sp["start"]))
        sp = {k: v[order] for k, v in sp.items()}
        state = sp["state"]
        sfy = np.isin(state, (S.IDX["sfj"], S.IDX["sfa"]))
        permit = r.permit[sp["person"]]
        integration = np.full(len(state), -1, dtype="int8")
        in_programme = (permit[sfy] != D.NULL_DAY) & (sp["start"][sfy] <= permit[sfy] + int(5 * YEAR))
        integration[sfy] = in_programme.astype("int8")
        ongoing = sp["ongoing"].copy()
        # a planned end date is delivered for half of the ongoing ressourceforløb
        planned = ongoing & (state == S.IDX["rfl"]) & (self.rng.random(len(state)) < 0.5)
        ongoing &= ~planned
        end_written = np.where(ongoing, D.NULL_DAY, sp["end"])
        eff = effective_ends(sp["person"], sp["start"], end_written, np.arange(len(state)), self.as_of)
        return SpellTable(
            person=sp["person"], municipality=sp["municipality"], state=state, start=sp["start"],
            end=end_written, ongoing=ongoing, hours=sp["hours"], integration=integration,
            reason=sp["reason"], career=sp["career"], step=sp["step"], eff_end=eff,
        )
