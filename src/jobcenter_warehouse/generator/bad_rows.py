"""``--inject-bad-rows``: a labelled sample of every bad-input class, and accepted edge cases.

For each of the nine extracts the generator adds ``<out>/<extract>/zz_injected_bad_rows.csv``:
the contract's columns in canonical order plus a trailing column ``injected_defect`` (extra
columns are ignored by the loader) holding the defect's code. Next to the extract folders it
writes the manifest ``<out>/_injected_bad_rows.csv`` (``;``-separated, UTF-8) with the columns

    extract;file;line;defect;expected_reason_code

``file`` is relative to ``<out>`` (as the loader's ``_source_file``), ``line`` the 1-based physical
line (the header is line 1). ``expected_reason_code`` is what staging must give the row:

    malformed_row        more or fewer fields than the header
    missing_required     a required field is empty (incl. origin_country of an immigrant)
    invalid_cpr          not 10 digits in DDMMYY-SSSS / DDMMYYSSSS shape
    invalid_cpr_date     DDMMYY is no real date under the century rule
    invalid_date / invalid_timestamp / invalid_decimal / invalid_integer / invalid_boolean
    unknown_code         benefit, visitation, offer type, conversation type, channel, status,
                         sanction type/reason, origin type/group, gender, country,
                         municipality or area code not in the code lists
    invalid_combination  benefit / visitation category
    end_before_start     end_date before start_date
    invalid_quarter_start  a valid date that is not a quarter's first day
    conflicting_duplicate  two rows with the same id (natural key), different content: both
    unknown_person       a valid row whose CPR is not in ``persons``
    collapsed_duplicate  (defect ``exact_duplicate``) an identical copy of a clean row of
                         another file of the extract: it collapses, it is not quarantined

Rows whose defect starts with ``ok_`` are accepted edge cases with an empty expected reason:
a decimal comma (``7,5``), a quoted field containing ``;``, a ``T`` timestamp, upper-case
booleans, one CPR for each 7th digit 0-9 (valid dates under the century rule), a ``dansk``
person with an origin country, a lower-case country code, an ongoing spell, padded fields, and
the contract's "not bad input" list (cancelled_at on a held meeting, scheduled before invited,
hours on a non-fleksjob spell, a free-form CVR, events and spells after the as-of date).

Every injected row is otherwise valid, so exactly its labelled reason applies (the first
failing check in the contract's order). Ids are fresh (``INJ-...``) so no injected row collides
with a clean one; natural keys of accepted aggregate rows lie before ``--start``. CPRs of
accepted person-level rows point at real generated persons; hand-made CPRs (unknown persons,
injected persons rows) use birth dates no simulated resident has, so they are unique.
The structural defects of the contract (a missing column, a file that is not UTF-8 or has no
header) fail the whole load and cannot sit next to good data; they are not injected.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools

from .. import contract
from . import dates as D
from .cpr import make_cpr
from .writer import BAD_ROWS_FILE, MANIFEST_FILE

LABEL = "injected_defect"


class _Cprs:
    """Valid, unique CPR numbers with birth dates outside the simulated residents' range."""

    def __init__(self, cfg) -> None:
        self.old = dt.date(cfg.start.year - 70, 1, 1)  # 7th digit 0-3
        self.young = dt.date(cfg.as_of.year - 14, 1, 1)  # 7th digit 4-9 (2000s)
        self.n = 0

    def new(self, digit: int = 2, male: bool = True, hyphen: bool = True) -> str:
        self.n += 1
        base = self.old if digit <= 3 else self.young
        birth = base + dt.timedelta(days=self.n * 3)
        text = make_cpr(birth, digit, 30 + self.n % 60, (self.n % 5) * 2 + (1 if male else 0))
        return text[:6] + "-" + text[6:] if hyphen else text


def _d(n: int) -> str:
    return D.date_text(n)


def _weekday(n: int) -> int:
    """Saturday -> Friday, Sunday -> Monday."""
    wd = (n + 3) % 7  # 0 = Monday
    return n - 1 if wd == 5 else n + 1 if wd == 6 else n


def write_bad_rows(cfg, reference, sink, person_sample: list[dict]) -> int:
    """Write the bad-row files and the manifest; returns the number of injected rows."""
    if not person_sample:
        return 0
    code = person_sample[0]["municipality"]
    cprs = _Cprs(cfg)
    as_of = D.day(cfg.as_of)
    base = _weekday(max(D.day(cfg.start) + 60, as_of - 400))
    # persons of working age on the base date, used in turn by the accepted rows
    working = [p for p in person_sample
               if 25 <= int(D.age_at([p["birth"]], [base])[0]) <= 60] or person_sample
    people = itertools.cycle(working)
    p1 = working[0]
    before_start = D.day(cfg.start)
    q_before = D.add_months(before_start - 1, -((D.ymd([before_start - 1])[1][0] - 1) % 3))  # quarter start
    y_before = cfg.start.year - 1
    ts = lambda n, hh="09:15:00": f"{_d(n)} {hh}"  # noqa: E731
    ids = iter(range(1, 10_000))
    nid = lambda p: f"INJ-{p}-{next(ids):04d}"  # noqa: E731

    plans: dict[str, list[tuple[str, str, dict | list]]] = {}

    def bad(defect, row):  # a defect whose expected reason code has the same name
        return (defect, defect, row)

    def ok(name, row):  # an accepted edge case: no expected reason
        return (name, "", row)

    # ---- persons -------------------------------------------------------------------------
    def person(**kw):
        row = {"cpr": cprs.new(), "municipality_code": code, "origin_type": "dansk", "origin_country": "",
               "residence_permit_date": ""}
        row.update(kw)
        return row

    dup_cpr = cprs.new()
    rows = [
        bad("missing_required", person(municipality_code="")),
        bad("missing_required", person(cpr="")),
        bad("missing_required", person(origin_type="indvandrer", origin_country="",
                                       residence_permit_date=_d(base - 900))),
        bad("invalid_cpr", person(cpr="12345678")),
        bad("invalid_cpr", person(cpr="01019-01234")),
        bad("invalid_cpr", person(cpr="0101901234X")),
        bad("invalid_cpr_date", person(cpr="310490-1235")),
        bad("invalid_cpr_date", person(cpr="2902211234")),
        bad("invalid_date", person(origin_type="indvandrer", origin_country="PL",
                                   residence_permit_date="2019-02-29")),
        bad("unknown_code", person(origin_type="udlaending", origin_country="PL")),
        bad("unknown_code", person(origin_type="indvandrer", origin_country="ZZ",
                                   residence_permit_date=_d(base - 700))),
        bad("unknown_code", person(municipality_code="411")),
        bad("conflicting_duplicate", person(cpr=dup_cpr)),
        bad("conflicting_duplicate", person(cpr=dup_cpr, origin_type="efterkommer",
                                            origin_country="TR")),
    ]
    for digit in range(10):
        cpr = cprs.new(digit=digit, male=digit % 2 == 0, hyphen=digit % 2 == 1)
        rows.append(ok(f"ok_cpr_century_digit_{digit}", person(cpr=cpr)))
    rows += [
        ok("ok_dansk_with_origin_country", person(origin_country="DK")),
        ok("ok_lowercase_country", person(origin_type="indvandrer", origin_country="se")),
        ok("ok_padded_fields", person(cpr=" " + cprs.new(hyphen=False) + " ", origin_type=" efterkommer ",
                                      origin_country=" TR")),
    ]
    plans["persons"] = rows

    # ---- benefit spells --------------------------------------------------------------------
    def spell(**kw):
        row = {"spell_id": nid("YF"), "cpr": next(people)["cpr"], "municipality_code": code,
               "benefit_code": "sygedagpenge", "visitation_category": "", "start_date": _d(base),
               "end_date": _d(base + 40), "hours_per_week": "", "in_integration_programme": "",
               "end_reason": ""}
        row.update(kw)
        return row

    dup = nid("YF")
    flex = dict(benefit_code="fleksjob", hours_per_week="12")
    sfy = dict(benefit_code="selvforsoergelsesydelse", visitation_category="jobparat",
               in_integration_programme="true")
    plans["benefit_spells"] = [
        bad("missing_required", spell(spell_id="")),
        bad("missing_required", spell(start_date="")),
        bad("missing_required", spell(benefit_code="")),
        bad("invalid_date", spell(start_date="2025-02-30")),
        bad("invalid_date", spell(end_date="15-04-2025")),
        bad("invalid_decimal", spell(**{**flex, "hours_per_week": "1.000,5"})),
        bad("invalid_decimal", spell(**{**flex, "hours_per_week": "+3"})),
        bad("invalid_boolean", spell(**{**sfy, "in_integration_programme": "ja"})),
        bad("unknown_code", spell(benefit_code="arbejdsloeshedsdagpenge")),
        bad("unknown_code", spell(benefit_code="kontanthjaelp", visitation_category="jobklar")),
        bad("unknown_code", spell(municipality_code="411")),
        bad("invalid_combination", spell(benefit_code="kontanthjaelp",
                                         visitation_category="uddannelsesparat")),
        bad("invalid_combination", spell(benefit_code="a_dagpenge", visitation_category="jobparat")),
        bad("invalid_combination", spell(benefit_code="selvforsoergelsesydelse",
                                         in_integration_programme="false")),
        bad("end_before_start", spell(end_date=_d(base - 1))),
        bad("conflicting_duplicate", spell(spell_id=dup)),
        bad("conflicting_duplicate", spell(spell_id=dup, end_date=_d(base + 55))),
        bad("unknown_person", spell(cpr=cprs.new())),
        ok("ok_decimal_comma", spell(**{**flex, "hours_per_week": "7,5"})),
        ok("ok_quoted_semicolon", spell(end_reason="flytning; ny kommune")),
        ok("ok_uppercase_boolean", spell(**{**sfy, "in_integration_programme": "TRUE"})),
        ok("ok_ongoing_spell", spell(benefit_code="ressourceforloeb", start_date=_d(base + 100),
                                     end_date="")),
        ok("ok_hours_on_non_fleksjob", spell(hours_per_week="15")),
        ok("ok_spell_after_as_of", spell(start_date=_d(as_of + 20), end_date="")),
        ok("ok_cpr_other_spelling", spell(cpr=p1["cpr_other"], start_date=_d(base + 200),
                                          end_date=_d(base + 230))),
        ok("ok_padded_fields", spell(benefit_code=" sygedagpenge ", start_date=f" {_d(base + 300)}",
                                     end_date=_d(base + 320) + " ")),
    ]

    # ---- conversations ---------------------------------------------------------------------
    def conv(**kw):
        row = {"conversation_id": nid("SA"), "cpr": next(people)["cpr"], "conversation_type": "jobsamtale",
               "channel": "telefon", "invited_at": ts(base), "self_book_deadline": "",
               "scheduled_date": _d(base + 7), "status": "afholdt", "cancelled_at": ""}
        row.update(kw)
        return row

    dup = nid("SA")
    plans["conversations"] = [
        bad("missing_required", conv(conversation_id="")),
        bad("missing_required", conv(invited_at="")),
        bad("missing_required", conv(status="")),
        bad("invalid_timestamp", conv(invited_at=f"{_d(base)} 25:10:00")),
        bad("invalid_timestamp", conv(status="aflyst", cancelled_at="03-03-2025 10:00:00")),
        bad("invalid_date", conv(scheduled_date="2025-02-30")),
        bad("invalid_date", conv(self_book_deadline="2025-13-01")),
        bad("unknown_code", conv(conversation_type="moede")),
        bad("unknown_code", conv(channel="brev")),
        bad("unknown_code", conv(status="gennemfoert")),
        bad("invalid_cpr", conv(cpr="123456-789")),
        bad("invalid_cpr_date", conv(cpr="310490-1235")),
        bad("missing_required", conv(cpr="")),
        bad("conflicting_duplicate", conv(conversation_id=dup)),
        bad("conflicting_duplicate", conv(conversation_id=dup, status="udeblevet")),
        bad("unknown_person", conv(cpr=cprs.new())),
        ok("ok_t_timestamp", conv(invited_at=f"{_d(base)}T09:15:00")),
        ok("ok_cancelled_at_on_held_meeting", conv(cancelled_at=ts(base + 1, "10:00:00"))),
        ok("ok_scheduled_before_invited", conv(scheduled_date=_d(base - 2))),
        ok("ok_event_after_as_of", conv(invited_at=ts(as_of - 3), scheduled_date=_d(as_of + 60),
                                        status="planlagt")),
        # later than every file of the delivery: accepted, but it must not move the as-of date
        ok("ok_invited_after_the_delivery", conv(invited_at="2099-01-01 09:00:00", scheduled_date="2099-01-15",
                                                 status="planlagt")),
        ok("ok_self_booking_not_booked", conv(self_book_deadline=_d(as_of + 10), scheduled_date="",
                                              invited_at=ts(as_of - 2), status="planlagt")),
        ok("ok_padded_fields", conv(status=" afholdt", channel="video ")),
    ]

    # ---- placements ------------------------------------------------------------------------
    def plc(**kw):
        row = {"placement_id": nid("TB"), "cpr": next(people)["cpr"], "offer_type": "virksomhedspraktik",
               "start_date": _d(base), "end_date": _d(base + 55), "registered_at": ts(base - 3, "10:00:00"),
               "employer_cvr": "12345678", "employer_municipality_code": code, "hours_per_week": ""}
        row.update(kw)
        return row

    dup = nid("TB")
    paid = dict(offer_type="loennede_timer", hours_per_week="12.5")
    plans["placements"] = [
        bad("missing_required", plc(placement_id="")),
        bad("missing_required", plc(offer_type="")),
        bad("missing_required", plc(registered_at="")),
        bad("missing_required", plc(start_date="")),
        bad("invalid_date", plc(start_date="2025-13-01")),
        bad("invalid_timestamp", plc(registered_at=f"{_d(base - 3)} 10:75:00")),
        bad("invalid_decimal", plc(**{**paid, "hours_per_week": "1.000,5"})),
        bad("invalid_decimal", plc(**{**paid, "hours_per_week": "+3"})),
        bad("unknown_code", plc(offer_type="praktik")),
        bad("unknown_code", plc(employer_municipality_code="411")),
        bad("end_before_start", plc(end_date=_d(base - 10))),
        bad("invalid_cpr", plc(cpr="01.01.90-1234")),
        bad("invalid_cpr_date", plc(cpr="000190-1234")),
        bad("conflicting_duplicate", plc(placement_id=dup)),
        bad("conflicting_duplicate", plc(placement_id=dup, end_date=_d(base + 90))),
        bad("unknown_person", plc(cpr=cprs.new())),
        ok("ok_decimal_comma", plc(**{**paid, "hours_per_week": "7,5"})),
        ok("ok_t_timestamp", plc(registered_at=f"{_d(base - 3)}T10:00:00")),
        ok("ok_free_form_cvr", plc(employer_cvr="DK-1234")),
        ok("ok_ongoing_placement", plc(offer_type="mentor", employer_cvr="", employer_municipality_code="",
                                       end_date="")),
    ]

    # ---- sanctions -------------------------------------------------------------------------
    def sanc(**kw):
        row = {"sanction_id": nid("SK"), "cpr": next(people)["cpr"], "decision_date": _d(base + 20),
               "sanction_type": "fradrag", "reason": "udeblivelse_samtale", "benefit_code": "kontanthjaelp",
               "amount_dkk": "1250.50"}
        row.update(kw)
        return row

    dup = nid("SK")
    plans["sanctions"] = [
        bad("missing_required", sanc(sanction_id="")),
        bad("missing_required", sanc(decision_date="")),
        bad("missing_required", sanc(reason="")),
        bad("invalid_date", sanc(decision_date="2025-04-31")),
        bad("invalid_decimal", sanc(amount_dkk="1.250,50")),
        bad("invalid_decimal", sanc(amount_dkk="+300")),
        bad("unknown_code", sanc(sanction_type="advarsel")),
        bad("unknown_code", sanc(reason="for_sent")),
        bad("unknown_code", sanc(benefit_code="boligstoette")),
        bad("invalid_cpr", sanc(cpr="1234567890123")),
        bad("invalid_cpr_date", sanc(cpr="321290-1234")),
        bad("conflicting_duplicate", sanc(sanction_id=dup)),
        bad("conflicting_duplicate", sanc(sanction_id=dup, amount_dkk="980.00")),
        bad("unknown_person", sanc(cpr=cprs.new())),
        ok("ok_decimal_comma", sanc(amount_dkk="1250,50")),
        ok("ok_no_amount", sanc(sanction_type="ophoer", amount_dkk="")),
    ]

    # ---- population ------------------------------------------------------------------------
    ages = iter(range(16, 67))

    def pop(fresh=False, **kw):
        row = {"quarter_start": _d(q_before), "municipality_code": code,
               "age": str(next(ages) if fresh else 30), "gender": "mand", "origin_group": "dansk",
               "population": "100", "labour_force": "80", "insured": "56"}
        row.update(kw)
        return row

    dup_age = str(next(ages))
    plans["population"] = [
        bad("missing_required", pop(population="")),
        bad("missing_required", pop(quarter_start="")),
        bad("missing_required", pop(gender="")),
        bad("invalid_date", pop(quarter_start="2018-04-31")),
        bad("invalid_quarter_start", pop(quarter_start=_d(D.add_months(q_before, 1)))),
        bad("invalid_integer", pop(age="30.0")),
        bad("invalid_integer", pop(population="1.000")),
        bad("invalid_integer", pop(labour_force="+80")),
        bad("unknown_code", pop(gender="m")),
        bad("unknown_code", pop(origin_group="vestligt")),
        bad("unknown_code", pop(municipality_code="411")),
        bad("conflicting_duplicate", pop(age=dup_age)),
        bad("conflicting_duplicate", pop(age=dup_age, population="101")),
        ok("ok_null_labour_force", pop(fresh=True, labour_force="", insured="")),
        ok("ok_padded_fields", pop(fresh=True, gender=" kvinde ")),
    ]

    def edu(**kw):
        row = {"year": str(y_before), "municipality_code": code, "age": "27", "gender": "kvinde",
               "origin_group": "dansk", "population": "50", "with_vocational_qualification": "31"}
        row.update(kw)
        return row

    plans["education_attainment"] = [
        bad("missing_required", edu(with_vocational_qualification="")),
        bad("invalid_integer", edu(year=f"{y_before}.0")),
        bad("invalid_integer", edu(age="tyve")),
        bad("unknown_code", edu(gender="k")),
        bad("unknown_code", edu(municipality_code="999")),
        bad("conflicting_duplicate", edu(age="26")),
        bad("conflicting_duplicate", edu(age="26", population="51")),
    ]

    def eud(**kw):
        row = {"year": str(y_before), "municipality_code": code, "pupils": "500", "eud_applicants": "120"}
        row.update(kw)
        return row

    other_code = next((c for c in reference.municipalities if c != code), code)
    plans["eud_applications"] = [
        bad("missing_required", eud(pupils="")),
        bad("invalid_integer", eud(eud_applicants="12,0")),
        bad("invalid_integer", eud(pupils="1 200")),
        bad("unknown_code", eud(municipality_code="999")),
        bad("conflicting_duplicate", eud(year=str(y_before - 1))),
        bad("conflicting_duplicate", eud(year=str(y_before - 1), pupils="501")),
        ok("ok_padded_fields", eud(year=str(y_before - 2), municipality_code=f" {other_code}")),
    ]

    def bench(**kw):
        row = {"period_start": _d(D.add_months(before_start, -1)), "area_code": "000", "indicator_id": "I01",
               "numerator": "110000.5", "denominator": "2900000", "value": "0.037931"}
        row.update(kw)
        return row

    prev2 = _d(D.add_months(before_start, -2))
    plans["benchmarks"] = [
        bad("missing_required", bench(indicator_id="")),
        bad("missing_required", bench(area_code="")),
        bad("missing_required", bench(period_start="")),
        bad("invalid_date", bench(period_start="2018-00-01")),
        bad("invalid_decimal", bench(value="1.000,5")),
        bad("invalid_decimal", bench(numerator="+3")),
        bad("unknown_code", bench(area_code="1086")),
        bad("conflicting_duplicate", bench(indicator_id="I09")),
        bad("conflicting_duplicate", bench(indicator_id="I09", value="0.04")),
        ok("ok_decimal_comma", bench(indicator_id="I13", value="0,021")),
        ok("ok_suppressed_value", bench(indicator_id="S15", numerator="", value="")),
        ok("ok_region_area", bench(indicator_id="I01", area_code="1084", period_start=prev2)),
    ]

    # a fresh valid row per extract, the base of the malformed rows
    fresh = {"persons": person, "benefit_spells": spell, "conversations": conv, "placements": plc,
             "sanctions": sanc, "population": lambda: pop(fresh=True),
             "education_attainment": lambda: edu(age="25"),
             "eud_applications": lambda: eud(year=str(y_before - 3)),
             "benchmarks": lambda: bench(indicator_id="I22", period_start=prev2)}

    # ---- write -------------------------------------------------------------------------------
    manifest = []
    total = 0
    for name, ext in contract.EXTRACTS.items():
        cols = list(ext.column_names)
        rows = list(plans.get(name, []))
        # malformed rows: one field too few, one too many
        template = fresh[name]()
        rows.insert(0, bad("malformed_row", [template[c] for c in cols[:-1]]))
        rows.insert(1, bad("malformed_row", [template[c] for c in cols] + ["extra"]))
        sample = sink.samples.get(name)
        if sample:
            rows.append(("exact_duplicate", "collapsed_duplicate", dict(sample["values"])))
        rel = f"{name}/{BAD_ROWS_FILE}"
        with (sink.out / rel).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter=contract.CSV_DELIMITER, quotechar=contract.CSV_QUOTE,
                                lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writer.writerow(cols + [LABEL])
            for i, (defect, reason, row) in enumerate(rows):
                fields = row if isinstance(row, list) else [row[c] for c in cols]
                writer.writerow(fields + [defect])
                manifest.append((name, rel, i + 2, defect, reason))
        total += len(rows)
    with (sink.out / MANIFEST_FILE).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\n")
        writer.writerow(["extract", "file", "line", "defect", "expected_reason_code"])
        writer.writerows(manifest)
    return total
