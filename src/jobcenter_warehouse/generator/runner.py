"""One generation run: municipality by municipality, streaming rows to the CSV files.

Memory holds one municipality at a time (its residents, spells and events as numpy arrays),
so a national run needs about as much memory as its largest municipality (København).
Every municipality draws from its own random streams seeded by (``--seed``, municipality code,
purpose), so a municipality's rows do not depend on which other municipalities are generated,
and the same arguments give byte-identical files.
"""

from __future__ import annotations

import resource
import sys
import time
from dataclasses import dataclass, field

import numpy as np

from . import dates as D
from . import states as S
from .aggregates import benchmark_text, education_text, eud_text, population_rows, population_text
from .bad_rows import write_bad_rows
from .calibration import calibration_report, format_report
from .config import BALLERUP_POPULATION_16_66, GeneratorConfig, immigrant_factor, municipality_rates, rng_for
from .cpr import CprAllocator, with_hyphen
from .events import (CHANNELS, CONVERSATION_TYPES, OFFER_TYPES, SANCTION_REASONS, SANCTION_TYPES, STATUSES,
                     Employers, EventSimulator)
from .reference import BALLERUP, Reference
from .residents import ORIGIN_TYPES, build_residents
from .spells import END_REASONS, SpellSimulator
from .writer import POPULATION_SHUFFLED, POPULATION_SHUFFLED_FROM, CsvSink, text_decimals

BENEFIT_OF_STATE = np.array([s.benefit for s in S.STATES], dtype=object)
VISITATION_OF_STATE = np.array([s.visitation for s in S.STATES], dtype=object)
OTHER_FORMAT_SHARE = 0.03  # rows of other extracts that spell a person's CPR the other way


@dataclass
class RunResult:
    rows: dict[str, int]
    persons: int
    residents: int
    seconds: float
    peak_memory_mb: float
    calibration: list | None = None
    per_municipality: list[dict] = field(default_factory=list)
    bad_rows: int = 0


def _ids(prefix: str, n: int) -> np.ndarray:
    if n == 0:  # numpy's zfill cannot size an empty array
        return np.empty(0, dtype=object)
    seq = np.char.zfill(np.arange(1, n + 1).astype(str), 8)
    return np.char.add(prefix, seq).astype(object)


def _year_of(days: np.ndarray, floor_year: int) -> np.ndarray:
    y, _, _ = D.ymd(days)
    return np.maximum(y, floor_year)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class Runner:
    def __init__(self, cfg: GeneratorConfig, reference: Reference | None = None, log=None) -> None:
        self.cfg = cfg
        self.reference = reference or Reference(cfg.reference_dir)
        self.log = log or (lambda msg: None if cfg.quiet else print(msg, file=sys.stderr, flush=True))
        self.fmt = D.Formatter()
        self.cpr = CprAllocator(self.reference.populations(), cfg.seed)
        self.employers = Employers(self.reference)
        self.sink = CsvSink(cfg.out)
        self.person_sample: list[dict] = []
        self.start_year = cfg.start.year

    def target_16_66(self, code: str) -> int:
        ballerup = self.reference.municipalities[BALLERUP].population_2018
        pop = self.reference.municipalities[code].population_2018
        return max(1, int(round(pop * BALLERUP_POPULATION_16_66 / ballerup * self.cfg.scale)))

    # ------------------------------------------------------------------------------------------
    def run(self) -> RunResult:
        cfg = self.cfg
        t0 = time.time()
        self.sink.prepare()
        per_muni, persons_total, residents_total = [], 0, 0
        try:
            for i, code in enumerate(cfg.municipalities, 1):
                t1 = time.time()
                info = self._municipality(code)
                info["seconds"] = time.time() - t1
                per_muni.append(info)
                persons_total += info["persons"]
                residents_total += info["residents"]
                name = self.reference.municipalities[code].name
                self.log(f"[{i}/{len(cfg.municipalities)}] {code} {name}: {info['residents']:,} residents, "
                         f"{info['persons']:,} persons, {info['spells']:,} spells, {info['conversations']:,} "
                         f"conversations, {info['placements']:,} placements, {info['sanctions']:,} sanctions "
                         f"({info['seconds']:.1f} s, peak {_peak_mb():,.0f} MB)")
            for area, cols in benchmark_text(self.reference, cfg, self.fmt).items():
                self.sink.write("benchmarks", f"benchmarks_{area}", cols)
        finally:
            self.sink.close()
        bad = 0
        if cfg.inject_bad_rows:
            bad = write_bad_rows(cfg, self.reference, self.sink, self.person_sample)
        calibration = None
        if BALLERUP in cfg.municipalities:
            calibration = calibration_report(cfg.out, BALLERUP, cfg.as_of, cfg.calibration_months(),
                                             cfg.scale)
        return RunResult(dict(self.sink.rows), persons_total, residents_total, time.time() - t0, _peak_mb(),
                         calibration, per_muni, bad)

    # ------------------------------------------------------------------------------------------
    def _municipality(self, code: str) -> dict:
        cfg, fmt = self.cfg, self.fmt
        target = self.target_16_66(code)
        res = build_residents(code, target, cfg, self.reference, self.cpr,
                              rng_for(cfg.seed, "residents", code), immigrant_factor(code, cfg.seed))
        sim = SpellSimulator(code, res, cfg, municipality_rates(code, cfg.seed), target,
                             rng_for(cfg.seed, "spells", code))
        sp = sim.simulate()
        ev = EventSimulator(code, res, sp, cfg, self.reference, self.employers,
                            rng_for(cfg.seed, "events", code))
        conv = ev.conversations()
        pl = ev.placements()
        sanc = ev.sanctions(conv)
        c2, p2 = ev.contact_only(np.unique(sp.person))
        if c2 is not None:
            conv = {k: np.concatenate([conv[k], c2[k]]) for k in conv}
            pl = {k: np.concatenate([pl[k], p2[k]]) for k in pl}
        start = D.day(cfg.start)
        visible = ~((sp.end != D.NULL_DAY) & (sp.end < start))  # spells ended before --start: not delivered

        # persons: everyone with a delivered spell, conversation, placement or sanction
        first_known = np.full(len(res), np.iinfo("int64").max, dtype="int64")
        np.minimum.at(first_known, sp.person[visible], sp.start[visible])
        np.minimum.at(first_known, conv["person"], conv["invited_at"] // 86400)
        np.minimum.at(first_known, pl["person"], pl["registered_at"] // 86400)
        np.minimum.at(first_known, sanc["person"], sanc["decision"])
        people = np.flatnonzero(first_known < np.iinfo("int64").max)
        pos = np.full(len(res), -1, dtype="int64")
        pos[people] = np.arange(len(people))
        rng = rng_for(cfg.seed, "format", code)
        cpr10 = self.cpr.encode(code, res.birth[people], res.male[people], res.rank[people])
        hyphen = rng.random(len(people)) < 0.6
        main = with_hyphen(cpr10, hyphen)
        other = with_hyphen(cpr10, ~hyphen)

        def cpr_of(person_idx):
            p = pos[person_idx]
            flip = rng.random(len(p)) < OTHER_FORMAT_SHARE
            return np.where(flip, other[p], main[p])

        # persons
        ot = res.origin_type[people]
        persons = {
            "cpr": main,
            "municipality_code": np.full(len(people), code, dtype=object),
            "origin_type": np.array(ORIGIN_TYPES, dtype=object)[ot],
            "origin_country": np.where(ot == 0, "", res.country[people]).astype(object),
            "residence_permit_date": fmt.dates_text(res.permit[people]),
        }
        self.sink.write_split("persons", _year_of(first_known[people], self.start_year), persons,
                              lambda y: (f"persons_{y}", None))
        if not self.person_sample:
            take = np.unique(np.linspace(0, len(people) - 1, min(200, len(people))).astype(int))
            self.person_sample = [dict(cpr=main[i], cpr_other=other[i], birth=int(res.birth[people[i]]),
                                       municipality=code) for i in take]

        # benefit spells (ids in (start, career, step) order: the overlap rule's tie-break)
        ids = _ids(f"YF{code}-", len(sp))
        v = np.flatnonzero(visible)
        year = _year_of(sp.start[v], self.start_year)
        state = sp.state[v]
        integ = sp.integration[v]
        integ_text = np.where(integ < 0, "", np.where(year < 2021, np.where(integ == 1, "true", "false"),
                                                    np.where(integ == 1, "1", "0"))).astype(object)
        spells = {
            "spell_id": ids[v], "cpr": cpr_of(sp.person[v]), "municipality_code": sp.municipality[v],
            "benefit_code": BENEFIT_OF_STATE[state], "visitation_category": VISITATION_OF_STATE[state],
            "start_date": fmt.dates_text(sp.start[v]), "end_date": fmt.dates_text(sp.end[v]),
            "hours_per_week": text_decimals(np.where(state == S.IDX["flx"], sp.hours[v], np.nan)),
            "in_integration_programme": integ_text, "end_reason": END_REASONS[sp.reason[v]],
        }
        self.sink.write_split("benefit_spells", year, spells, lambda y: (f"benefit_spells_{y}", None))

        # conversations
        o = np.lexsort((conv["scheduled"], conv["person"], conv["invited_at"]))
        conv = {k: x[o] for k, x in conv.items()}
        cols = {
            "conversation_id": _ids(f"SA{code}-", len(o)), "cpr": cpr_of(conv["person"]),
            "conversation_type": CONVERSATION_TYPES[conv["type"]], "channel": CHANNELS[conv["channel"]],
            "invited_at": fmt.timestamps_text(conv["invited_at"]),
            "self_book_deadline": fmt.dates_text(conv["deadline"]),
            "scheduled_date": fmt.dates_text(conv["scheduled"]), "status": STATUSES[conv["status"]],
            "cancelled_at": fmt.timestamps_text(conv["cancelled_at"], conv["cancelled_at"] < 0),
        }
        self.sink.write_split("conversations", _year_of(conv["invited_at"] // 86400, self.start_year), cols,
                              lambda y: (f"conversations_{y}", None))

        # placements
        o = np.lexsort((pl["start"], pl["person"], pl["registered_at"]))
        pl = {k: x[o] for k, x in pl.items()}
        cvr = pl["cvr"]
        cols = {
            "placement_id": _ids(f"TB{code}-", len(o)), "cpr": cpr_of(pl["person"]),
            "offer_type": np.array(OFFER_TYPES, dtype=object)[pl["offer"]],
            "start_date": fmt.dates_text(pl["start"]), "end_date": fmt.dates_text(pl["end"]),
            "registered_at": fmt.timestamps_text(pl["registered_at"]),
            "employer_cvr": np.where(cvr < 0, "", cvr.astype(str)).astype(object),
            "employer_municipality_code": pl["employer_municipality"].astype(object),
            "hours_per_week": text_decimals(pl["hours"]),
        }
        self.sink.write_split("placements", _year_of(pl["registered_at"] // 86400, self.start_year), cols,
                              lambda y: (f"placements_{y}", None))

        # sanctions
        o = np.lexsort((sanc["person"], sanc["decision"]))
        sanc = {k: x[o] for k, x in sanc.items()}
        cols = {
            "sanction_id": _ids(f"SK{code}-", len(o)), "cpr": cpr_of(sanc["person"]),
            "decision_date": fmt.dates_text(sanc["decision"]), "sanction_type": SANCTION_TYPES[sanc["type"]],
            "reason": SANCTION_REASONS[sanc["reason"]], "benefit_code": sanc["benefit"],
            "amount_dkk": text_decimals(sanc["amount"], 2, comma=True),
        }
        self.sink.write_split("sanctions", _year_of(sanc["decision"], self.start_year), cols,
                              lambda y: (f"sanctions_{y}", None))

        # aggregates
        agg_rng = rng_for(cfg.seed, "aggregates", code)
        rows = population_rows(res, cfg, agg_rng, sp, code)
        ptext = population_text(code, rows, fmt)
        pyear = _year_of(rows["quarter_start"], self.start_year)
        self.sink.write_split("population", pyear, ptext, lambda y: (
            f"population_{y}", POPULATION_SHUFFLED if y >= POPULATION_SHUFFLED_FROM else None))
        edu = education_text(code, res, cfg, agg_rng)
        if edu:
            self.sink.write("education_attainment", "education_attainment", edu)
        eud = eud_text(code, res, cfg, agg_rng)
        if eud:
            self.sink.write("eud_applications", "eud_applications", eud)
        return dict(code=code, residents=len(res), persons=len(people), spells=len(v),
                    conversations=len(conv["person"]), placements=len(pl["person"]),
                    sanctions=len(sanc["person"]),
                    calibration_error=sim.stats.get("calibration_rel_error"))


def generate(cfg: GeneratorConfig, reference: Reference | None = None) -> RunResult:
    """Write all extracts for ``cfg``; returns counts, timings and the Ballerup calibration."""
    return Runner(cfg, reference).run()


def summary(result: RunResult, cfg: GeneratorConfig) -> str:
    lines = [f"Wrote {sum(result.rows.values()):,} rows for {len(cfg.municipalities)} municipalit"
             f"{'y' if len(cfg.municipalities) == 1 else 'ies'} to {cfg.out} in {result.seconds:.1f} s "
             f"(peak memory {result.peak_memory_mb:,.0f} MB): {result.residents:,} residents, "
             f"{result.persons:,} persons"]
    for name, n in result.rows.items():
        lines.append(f"  {name:<22}{n:>12,}")
    if result.bad_rows:
        lines.append(f"  injected bad-input and edge-case rows: {result.bad_rows} "
                     f"(manifest {cfg.out}/_injected_bad_rows.csv)")
    if result.calibration:
        lines.append("")
        q = cfg.calibration_months()[0]
        quarter = f"Q{(q.month - 1) // 3 + 1} {q.year}"
        scaled = "" if cfg.scale == 1 else f" x scale {cfg.scale:g}"
        title = (f"Calibration, Ballerup (151), {quarter} full-time persons "
                 f"vs STAR Figure 2 (Q2 2018){scaled}:")
        lines.append(format_report(result.calibration, title))
    return "\n".join(lines)
