"""Conversations, placements and sanctions around the benefit spells of one municipality.

Conversations follow each spell on a regular grid: about one a month for a-dagpenge,
kontanthjælp (jobparat), uddannelseshjælp (uddannelsesparat), selvforsørgelsesydelse and
sygedagpenge (sygeopfølgning within the first 8 weeks, then every 3-5 weeks), less often for the
aktivitetsparate and for jobafklaring, ressourceforløb, revalidering and ledighedsydelse, and a
yearly follow-up in fleksjob; the first conversation of a kontanthjælp, uddannelseshjælp or
selvforsørgelsesydelse spell is a visitation, early a-dagpenge meetings are often joint
meetings with the unemployment fund. The booking (``invited_at``, office hours) comes 1-21 days
before the meeting. From 2019 some meetings are self-booking invitations with a deadline 5-14
days after the invitation; most are booked (then ``scheduled_date`` is the booked day), the
rest keep ``scheduled_date`` empty (``planlagt`` while the deadline is after the as-of date,
else ``udeblevet``). Held meetings are ``afholdt``; no-shows ``udeblevet`` (more among the
aktivitetsparate); cancellations ``aflyst`` with ``cancelled_at`` between invitation and
meeting, and a meeting already booked when a spell ends is usually cancelled. Meetings after
the as-of date are ``planlagt``. Channels shift to telephone and video from March 2020.

Placements are drawn per spell and offer type (a base probability plus a rate per year on the
benefit) with offer types fitting the benefit (nytteindsats for jobparate kontanthjælp,
brobygning for uddannelsesparate, delvis raskmelding within the first weeks of sygedagpenge,
mentor and IPS for the aktivitetsparate and ressourceforløb, ...). Company-directed offers get an
employer (8-digit CVR from a per-municipality employer register with a few large employers; 80 %
in the case's own municipality, 20 % in a neighbour). ``registered_at`` is on or up to 21 days
before the start, for 12 % 1-30 days late (late registrations after the as-of date are not yet
in the extract). Placements still running at the as-of date have no end date or a planned one.

Sanctions follow no-shows (45 % of them, decided 3-21 days later) and, at a low yearly rate,
refused offers and jobs, missing job search and other reasons, for a-dagpenge, kontanthjælp,
uddannelseshjælp and selvforsørgelsesydelse. Amounts for ``fradrag`` and ``nedsaettelse``;
NULL for ``ophoer`` and ``skaerpet_raadighed``.

A small number of residents without any benefit spell get a conversation or an offer (young
people and others known to the jobcenter without benefits: target group ``uden_ydelse``).
"""

from __future__ import annotations

import numpy as np

from . import dates as D
from . import states as S
from .residents import Residents
from .spells import SpellTable

DAY = 86400
OFFICE_FROM, OFFICE_TO = 7 * 3600 + 30 * 60, 16 * 3600

CONVERSATION_TYPES = np.array(["jobsamtale", "faellessamtale", "sygeopfoelgning", "visitation", "andet"],
                              dtype=object)
CHANNELS = np.array(["fremmoede", "telefon", "video", "digital"], dtype=object)
STATUSES = np.array(["planlagt", "afholdt", "udeblevet", "aflyst"], dtype=object)
JOB, JOINT, SICK, VISIT, OTHER = range(5)
PLANNED, HELD, NO_SHOW, CANCELLED = range(4)

# state key -> (interval days, first meeting offset range, no-show probability)
CONVERSATION_PLAN = {
    "ad": (22, (5, 35), 0.04), "khj": (24, (7, 30), 0.08), "kha": (30, (7, 40), 0.12),
    "udu": (24, (7, 30), 0.09), "uda": (35, (7, 40), 0.13), "sfj": (24, (7, 30), 0.08),
    "sfa": (35, (7, 40), 0.11), "syg": (24, (14, 49), 0.03), "jaf": (50, (14, 45), 0.05),
    "rev": (90, (14, 60), 0.04), "rfl": (50, (14, 45), 0.07), "led": (50, (14, 45), 0.05),
    "flx": (365, (60, 300), 0.03),
}

OFFER_TYPES = ("virksomhedspraktik", "loentilskud_privat", "loentilskud_offentlig", "loennede_timer",
               "delvis_raskmelding", "vejledning_opkvalificering", "brobygning", "nytteindsats", "mentor",
               "ips")
COMPANY = {"virksomhedspraktik", "loentilskud_privat", "loentilskud_offentlig", "loennede_timer"}
OFFER_DAYS = {
    "virksomhedspraktik": (28, 91), "loentilskud_privat": (91, 365), "loentilskud_offentlig": (91, 180),
    "loennede_timer": (30, 365), "delvis_raskmelding": (14, 120), "vejledning_opkvalificering": (14, 182),
    "brobygning": (60, 180), "nytteindsats": (28, 91), "mentor": (91, 365), "ips": (180, 540),
}
# state key -> {offer type: (probability per spell, rate per year on the benefit)}
OFFERS = {
    "ad": {"vejledning_opkvalificering": (.12, .15), "virksomhedspraktik": (.08, .15),
           "loentilskud_privat": (.03, .12), "loentilskud_offentlig": (.02, .06),
           "loennede_timer": (.01, .03)},
    "khj": {"nytteindsats": (.25, .2), "virksomhedspraktik": (.2, .3), "loennede_timer": (.08, .1),
            "loentilskud_privat": (.03, .08), "vejledning_opkvalificering": (.05, .1)},
    "kha": {"mentor": (.25, .15), "virksomhedspraktik": (.15, .2), "loennede_timer": (.06, .06),
            "ips": (.05, .03), "vejledning_opkvalificering": (.05, .05), "loentilskud_offentlig": (.02, .03)},
    "udu": {"brobygning": (.25, .1), "vejledning_opkvalificering": (.15, .1), "virksomhedspraktik": (.15, .2),
            "nytteindsats": (.05, .05), "loennede_timer": (.04, .05)},
    "uda": {"mentor": (.3, .15), "virksomhedspraktik": (.15, .2), "brobygning": (.05, .05),
            "ips": (.04, .03)},
    "sfj": {"virksomhedspraktik": (.3, .3), "vejledning_opkvalificering": (.3, .2),
            "loentilskud_privat": (.08, .1), "loennede_timer": (.08, .1)},
    "sfa": {"virksomhedspraktik": (.2, .2), "mentor": (.2, .1), "vejledning_opkvalificering": (.3, .2)},
    "syg": {"delvis_raskmelding": (.22, .1), "virksomhedspraktik": (.04, .05), "mentor": (.01, .02)},
    "jaf": {"virksomhedspraktik": (.15, .15), "mentor": (.1, .05), "delvis_raskmelding": (.05, .05),
            "loentilskud_offentlig": (.02, .02)},
    "rev": {"vejledning_opkvalificering": (.6, .3), "virksomhedspraktik": (.2, .1),
            "loentilskud_privat": (.05, .05)},
    "rfl": {"mentor": (.4, .15), "virksomhedspraktik": (.25, .2), "ips": (.1, .05),
            "loentilskud_offentlig": (.03, .03), "loennede_timer": (.03, .03),
            "vejledning_opkvalificering": (.05, .05)},
    "led": {"virksomhedspraktik": (.25, .2), "vejledning_opkvalificering": (.05, .05)},
}
UNEMPLOYED_KEYS = ("ad", "khj", "udu", "sfj")

SANCTION_TYPES = np.array(["fradrag", "nedsaettelse", "ophoer", "skaerpet_raadighed"], dtype=object)
SANCTION_REASONS = np.array(["udeblivelse_samtale", "udeblivelse_tilbud", "afslag_job",
                             "manglende_jobsoegning", "andet"], dtype=object)
SANCTION_RATE = {"ad": .05, "khj": .2, "kha": .08, "udu": .2, "uda": .08, "sfj": .15, "sfa": .06}
DAILY_RATE = {"a_dagpenge": (850, 950), "kontanthjaelp": (480, 720), "uddannelseshjaelp": (250, 450),
              "selvforsoergelsesydelse": (200, 400)}


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row index repeated by count, and the number of each copy (0, 1, ...)."""
    counts = np.asarray(counts, dtype="int64")
    rep = np.repeat(np.arange(len(counts)), counts)
    if not len(rep):
        return rep, rep
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return rep, np.arange(len(rep)) - starts


def _weekday_shift(day: np.ndarray) -> np.ndarray:
    wd = (day + 3) % 7  # 0 = Monday (1970-01-01 was a Thursday)
    return day - (wd == 5) + (wd == 6)


def _office_time(rng, n) -> np.ndarray:
    return rng.integers(OFFICE_FROM, OFFICE_TO, n)


def _channel(day: np.ndarray, rng) -> np.ndarray:
    covid = (day >= D.day("2020-03-12")) & (day <= D.day("2021-12-31"))
    after = day > D.day("2021-12-31")
    u = rng.random(len(day))
    p_before = np.cumsum([0.65, 0.25, 0.02, 0.08])
    p_covid = np.cumsum([0.20, 0.50, 0.25, 0.05])
    p_after = np.cumsum([0.50, 0.25, 0.17, 0.08])
    pick = np.where(covid, (u[:, None] > p_covid).sum(1), np.where(after, (u[:, None] > p_after).sum(1),
                                                                       (u[:, None] > p_before).sum(1)))
    return np.minimum(pick, 3)


class Employers:
    """A fixed employer register per municipality: CVR numbers and where they are located."""

    def __init__(self, reference) -> None:
        codes = sorted(reference.municipalities)
        self.rank = {c: i for i, c in enumerate(codes)}
        self.size = {c: max(20, reference.municipalities[c].population_2018 // 50) for c in codes}
        self.reference = reference

    def draw(self, codes: np.ndarray, public: np.ndarray, rng) -> np.ndarray:
        """CVR numbers of employers located in ``codes`` (8 digits; a few large employers)."""
        out = np.empty(len(codes), dtype="int64")
        for code in np.unique(codes):
            sel = np.flatnonzero(codes == code)
            n = self.size[code]
            u = rng.random(len(sel))
            k = np.where(public[sel], (u * max(2, n // 50)).astype("int64"), (n * u ** 2.5).astype("int64"))
            out[sel] = 10_000_000 + self.rank[code] * 100_000 + np.minimum(k, n - 1)
        return out


class EventSimulator:
    def __init__(self, code: str, residents: Residents, spells: SpellTable, cfg, reference,
                 employers: Employers, rng: np.random.Generator) -> None:
        self.code, self.res, self.sp, self.cfg, self.rng = code, residents, spells, cfg, rng
        self.reference, self.employers = reference, employers
        self.start, self.as_of = D.day(cfg.start), D.day(cfg.as_of)
        self.neighbours = {c: reference.neighbours(c) for c in set(spells.municipality) | {code}}

    # ------------------------------------------------------------------------------------------
    def conversations(self) -> dict:
        rng, sp = self.rng, self.sp
        keys = np.array(S.KEYS, dtype=object)[sp.state]
        interval = np.zeros(len(sp)); first_lo = np.zeros(len(sp)); first_hi = np.zeros(len(sp))
        no_show = np.zeros(len(sp))
        has = np.zeros(len(sp), dtype=bool)
        for key, (iv, (lo, hi), ns) in CONVERSATION_PLAN.items():
            sel = keys == key
            interval[sel], first_lo[sel], first_hi[sel], no_show[sel], has[sel] = iv, lo, hi, ns, True
        live = has & (sp.eff_end != D.NULL_DAY) & (sp.eff_end >= sp.start)
        ongoing = live & (sp.eff_end >= self.as_of)
        last = np.where(ongoing, self.as_of + 45, sp.eff_end)
        iv = interval * rng.uniform(0.7, 1.6, len(sp))  # how closely the case is followed
        first = sp.start + rng.uniform(first_lo, np.maximum(first_hi, first_lo + 1)).astype("int64")
        n = np.floor((last - first) / np.maximum(iv, 1)).astype("int64") + 1
        n = np.where(live & (last >= first), n, 0)
        # one more, cancelled, meeting after a spell that ended (it was booked when the spell ended)
        extra = live & ~ongoing & (rng.random(len(sp)) < 0.25)
        rep, k = _expand(n + extra)
        is_extra = k == n[rep]
        sched = first[rep] + (k * iv[rep]).astype("int64") + rng.integers(-3, 4, len(rep))
        sched = _weekday_shift(np.maximum(sched, sp.start[rep] + 1))
        since = sched - sp.start[rep]
        cap = np.clip(since - 1, 1, 21)
        lead = 1 + (rng.random(len(rep)) * cap).astype("int64")
        invite_day = sched - lead
        # conversation types
        kk = keys[rep]
        u = rng.random(len(rep))
        ctype = np.full(len(rep), JOB)
        ctype[(kk == "ad") & (k < 6) & (u < 0.3)] = JOINT
        kh = np.isin(kk, ("khj", "kha", "udu", "uda", "sfj", "sfa"))
        ctype[kh & (k == 0) & (sp.step[rep] <= 0)] = VISIT
        ctype[kh & (k > 0) & (u > 0.9)] = OTHER
        ctype[kk == "syg"] = np.where(u[kk == "syg"] < 0.9, SICK, OTHER)
        other = np.isin(kk, ("jaf", "rfl", "rev", "led"))
        ctype[other] = np.where(u[other] < 0.5, OTHER, JOB)
        ctype[(kk == "jaf") & (u < 0.25)] = SICK
        ctype[kk == "flx"] = OTHER
        # self-booking invitations (from 2019, jobsamtaler of the jobready)
        self_book = ((invite_day >= D.day("2019-01-01")) & (ctype == JOB) & np.isin(kk, UNEMPLOYED_KEYS)
                     & (rng.random(len(rep)) < 0.3) & ~is_extra)
        deadline = np.where(self_book, invite_day + rng.integers(5, 15, len(rep)), D.NULL_DAY)
        booked = self_book & (rng.random(len(rep)) < 0.88)
        window = np.maximum(deadline - invite_day + 8, 1)
        booked_day = _weekday_shift(invite_day + 2 + (rng.random(len(rep)) * window).astype("int64"))
        sched = np.where(booked, np.maximum(booked_day, invite_day + 1), sched)
        sched = np.where(self_book & ~booked, D.NULL_DAY, sched)
        # the booking must exist at extract time
        keep = (invite_day <= self.as_of) & (np.where(sched == D.NULL_DAY, invite_day, sched) >= self.start)
        invite_day = np.minimum(invite_day, self.as_of)
        # status
        status = np.full(len(rep), HELD)
        u = rng.random(len(rep))
        past = (sched != D.NULL_DAY) & (sched <= self.as_of)
        status[past & (u < no_show[rep])] = NO_SHOW
        status[past & (u > 0.94)] = CANCELLED
        future = (sched != D.NULL_DAY) & (sched > self.as_of)
        status[future] = np.where(u[future] < 0.04, CANCELLED, PLANNED)
        unbooked = sched == D.NULL_DAY
        status[unbooked] = np.where(deadline[unbooked] > self.as_of, PLANNED, NO_SHOW)
        status[is_extra] = CANCELLED
        invited_at = invite_day * DAY + _office_time(rng, len(rep))
        # cancellation time: between the invitation and the meeting (or the as-of date)
        c_lo = invited_at + 600
        c_hi_day = np.where(is_extra, np.minimum(sp.eff_end[rep] + 3, sched - 1), sched - 1)
        c_hi_day = np.minimum(np.where(sched == D.NULL_DAY, self.as_of, c_hi_day), self.as_of)
        c_hi = np.maximum(c_hi_day * DAY + OFFICE_TO, c_lo + 60)
        c_hi = np.minimum(c_hi, self.as_of * DAY + 86399)
        cancelled_at = c_lo + (rng.random(len(rep)) * np.maximum(c_hi - c_lo, 1)).astype("int64")
        cancelled = status == CANCELLED
        keep &= ~(is_extra & (np.minimum(sp.eff_end[rep] + 1, sched) > self.as_of))
        channel = _channel(np.where(sched == D.NULL_DAY, invite_day, sched), rng)
        out = dict(person=sp.person[rep], spell=rep, type=ctype, channel=channel, invited_at=invited_at,
                   deadline=deadline, scheduled=sched, status=status,
                   cancelled_at=np.where(cancelled, cancelled_at, -1), state=sp.state[rep])
        return {k_: v[keep] for k_, v in out.items()}

    # ------------------------------------------------------------------------------------------
    def placements(self) -> dict:
        rng, sp = self.rng, self.sp
        keys = np.array(S.KEYS, dtype=object)[sp.state]
        live = (sp.eff_end != D.NULL_DAY) & (sp.eff_end >= sp.start)
        ongoing = live & (sp.eff_end >= self.as_of)
        last = np.where(ongoing, self.as_of + 30, sp.eff_end)
        years = np.maximum(last - sp.start + 1, 0) / 365.25
        parts = []
        for key, offers in OFFERS.items():
            sel = np.flatnonzero((keys == key) & live)
            if not len(sel):
                continue
            for offer, (base, rate) in offers.items():
                lam = base * np.minimum(years[sel] * 4, 1.0) + rate * years[sel]
                n = rng.poisson(lam)
                if not n.any():
                    continue
                rep, _ = _expand(n)
                idx = sel[rep]
                span = np.maximum(last[idx] - sp.start[idx], 0)
                if offer == "delvis_raskmelding" and key == "syg":
                    delay = rng.integers(7, 81, len(idx))
                elif key in UNEMPLOYED_KEYS:
                    early = rng.random(len(idx)) < 0.5
                    anytime = (rng.random(len(idx)) * span).astype("int64")
                    delay = np.where(early, rng.integers(14, 91, len(idx)), anytime)
                else:
                    delay = (rng.random(len(idx)) * span).astype("int64")
                start = sp.start[idx] + delay
                ok = start <= last[idx]
                idx, start = idx[ok], start[ok]
                lo, hi = OFFER_DAYS[offer]
                end = start + rng.integers(lo, hi + 1, len(idx)) - 1
                end = np.where(ongoing[idx], end, np.minimum(end, sp.eff_end[idx]))
                offer_idx = np.full(len(idx), OFFER_TYPES.index(offer))
                parts.append(dict(spell=idx, offer=offer_idx, start=start, end=end))
        if not parts:
            return self._empty_placements()
        pl = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        return self._finish_placements(pl, sp.person[pl["spell"]], sp.municipality[pl["spell"]])

    def _empty_placements(self) -> dict:
        z = np.zeros(0, dtype="int64")
        return dict(person=z, offer=z, start=z, end=z, registered_at=z, cvr=z,
                    employer_municipality=np.zeros(0, dtype=object), hours=np.zeros(0))

    def _finish_placements(self, pl: dict, person: np.ndarray, case_municipality: np.ndarray) -> dict:
        rng = self.rng
        n = len(pl["start"])
        start, end, offer = pl["start"], pl["end"], pl["offer"]
        late = (rng.random(n) < 0.12) & (start <= self.as_of)
        reg_day = np.where(late, start + rng.integers(1, 31, n), start - rng.integers(0, 22, n))
        planned = np.minimum(reg_day, self.as_of - rng.integers(0, 5, n))  # future starts: booked already
        reg_day = np.where(start > self.as_of, planned, reg_day)
        keep = (reg_day <= self.as_of) & (np.maximum(start, end) >= self.start) & (start <= self.as_of + 30)
        registered_at = reg_day * DAY + _office_time(rng, n)
        running = end > self.as_of
        end = np.where(running & (rng.random(n) < 0.5), D.NULL_DAY, end)
        names = np.array(OFFER_TYPES, dtype=object)[offer]
        company = np.isin(names, list(COMPANY))
        emp_muni = case_municipality.copy()
        away = company & (rng.random(n) < 0.2)
        for code in np.unique(emp_muni[away]):
            sel = np.flatnonzero(away & (emp_muni == code))
            nb = self.neighbours.get(code) or self.reference.neighbours(code)
            if nb:
                emp_muni[sel] = rng.choice(np.array(nb, dtype=object), len(sel))
        cvr = np.full(n, -1, dtype="int64")
        if company.any():
            public = names[company] == "loentilskud_offentlig"
            cvr[company] = self.employers.draw(emp_muni[company], public, rng)
        emp_muni = np.where(company, emp_muni, "")
        hours = np.full(n, np.nan)
        lt = names == "loennede_timer"
        hours[lt] = rng.integers(10, 75, int(lt.sum())) / 2.0
        dr = names == "delvis_raskmelding"
        hours[dr] = rng.integers(10, 61, int(dr.sum())) / 2.0
        out = dict(person=person, offer=offer, start=start, end=end, registered_at=registered_at, cvr=cvr,
                   employer_municipality=emp_muni, hours=hours)
        return {k: v[keep] for k, v in out.items()}

    # ------------------------------------------------------------------------------------------
    def sanctions(self, conv: dict) -> dict:
        rng, sp = self.rng, self.sp
        eligible_states = np.array([S.IDX[k] for k in SANCTION_RATE])
        # after no-shows
        ns = np.flatnonzero((conv["status"] == NO_SHOW) & np.isin(conv["state"], eligible_states)
                            & (rng.random(len(conv["status"])) < 0.45))
        spell = conv["spell"][ns]
        base = np.where(conv["scheduled"][ns] == D.NULL_DAY, conv["deadline"][ns], conv["scheduled"][ns])
        decision = base + rng.integers(3, 22, len(ns))
        on_benefit = decision <= sp.eff_end[spell]  # the benefit at the time of the decision
        spell, decision = spell[on_benefit], decision[on_benefit]
        reason = np.zeros(len(spell), dtype="int64")
        # other reasons, at a yearly rate on the benefit
        live = (sp.eff_end != D.NULL_DAY) & (sp.eff_end >= sp.start)
        rate = np.zeros(len(sp))
        for k, r in SANCTION_RATE.items():
            rate[sp.state == S.IDX[k]] = r
        years = np.where(live, (sp.eff_end - sp.start + 1) / 365.25, 0)
        rep, _ = _expand(rng.poisson(rate * years))
        d2 = sp.start[rep] + (rng.random(len(rep)) * (sp.eff_end[rep] - sp.start[rep] + 1)).astype("int64")
        r2 = rng.choice([1, 2, 3, 4], size=len(rep), p=[.35, .15, .35, .15])
        spell = np.concatenate([spell, rep])
        decision = np.concatenate([decision, d2])
        reason = np.concatenate([reason, r2])
        keep = (decision >= self.start) & (decision <= self.as_of) & (decision >= sp.start[spell])
        spell, decision, reason = spell[keep], decision[keep], reason[keep]
        benefit = np.array(S.BENEFITS, dtype=object)[S.GROUP_OF_STATE[sp.state[spell]]]
        n = len(spell)
        u = rng.random(n)
        dag = benefit == "a_dagpenge"
        stype = np.where(dag, np.where(u < 0.4, 3, np.where(u < 0.7, 2, 0)),
                         np.where(u < 0.72, 0, np.where(u < 0.9, 1, np.where(u < 0.95, 2, 3))))
        amount = np.full(n, np.nan)
        for b, (lo, hi) in DAILY_RATE.items():
            sel = (benefit == b) & (stype == 0)
            amount[sel] = rng.integers(1, 4, int(sel.sum())) * rng.uniform(lo, hi, int(sel.sum()))
        red = stype == 1
        amount[red] = rng.uniform(1000, 3500, int(red.sum()))
        amount = np.round(amount, 2)
        return dict(person=sp.person[spell], decision=decision, type=stype, reason=reason, benefit=benefit,
                    amount=amount)

    # ------------------------------------------------------------------------------------------
    def contact_only(self, exclude: np.ndarray) -> tuple[dict, dict]:
        """Conversations and offers for a few residents without benefit spells."""
        rng, r = self.rng, self.res
        n_people = max(1, int(0.01 * len(r)))
        pool = np.setdiff1d(np.arange(len(r)), exclude)
        if not len(pool):
            return None, None
        people = rng.choice(pool, size=min(n_people, len(pool)), replace=False)
        lo = np.maximum.reduce([np.full(len(people), self.start), r.present_from[people],
                                D.anniversary(r.birth[people], 16)])
        hi = np.minimum(self.as_of, D.anniversary(r.birth[people], 67) - 1)
        ok = hi > lo + 30
        people, lo, hi = people[ok], lo[ok], hi[ok]
        day = lo + (rng.random(len(people)) * (hi - lo - 30)).astype("int64")
        day = _weekday_shift(day)
        k = len(people)
        invite = day - rng.integers(3, 15, k)
        past = day <= self.as_of
        status = np.where(past, np.where(rng.random(k) < 0.9, HELD, NO_SHOW), PLANNED)
        conv = dict(person=people, spell=np.full(k, -1), type=np.where(rng.random(k) < 0.7, OTHER, VISIT),
                    channel=_channel(day, rng),
                    invited_at=np.minimum(invite, self.as_of) * DAY + _office_time(rng, k),
                    deadline=np.full(k, D.NULL_DAY), scheduled=day, status=status,
                    cancelled_at=np.full(k, -1), state=np.full(k, -1))
        with_offer = rng.random(k) < 0.5
        pp = people[with_offer]
        offer_names = ("mentor", "vejledning_opkvalificering", "ips", "virksomhedspraktik")
        offer = np.array([OFFER_TYPES.index(o) for o in offer_names])[rng.integers(0, 4, len(pp))]
        start = day[with_offer] + rng.integers(7, 40, len(pp))
        end = start + rng.integers(30, 180, len(pp))
        pl = self._finish_placements(dict(offer=offer, start=start, end=end), pp,
                                     np.full(len(pp), self.code, dtype=object))
        return conv, pl
