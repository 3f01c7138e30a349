"""The raw extract contract (EXTRACTS.md) as data.

Everything that reads or writes a delivery uses this module: the loader that lands the CSV
files for dbt, the synthetic data generator and the Great Expectations suites. Column order
here is the canonical order; deliveries may order columns differently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Column kinds. The loader keeps every value as text; staging parses by kind.
CPR = "cpr"
TEXT = "text"
CODE = "code"
DATE = "date"
TIMESTAMP = "timestamp"
DECIMAL = "decimal"
INTEGER = "integer"
BOOLEAN = "boolean"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class Extract:
    name: str
    columns: tuple[Column, ...]
    # The id (or natural key of an aggregated extract) that must be unique.
    key: tuple[str, ...]
    # True when rows carry a CPR (person-level extracts).
    person_level: bool = True
    description: str = ""
    column_names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_names", tuple(c.name for c in self.columns))

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")


C = Column

EXTRACTS: dict[str, Extract] = {
    e.name: e
    for e in (
        Extract(
            "persons",
            (
                C("cpr", CPR, True, "civil registration number; unique"),
                C("municipality_code", CODE, True, "residence municipality (kommunekode)"),
                C("origin_type", CODE, True, "dansk, indvandrer or efterkommer"),
                C("origin_country", CODE, False, "ISO 3166-1 alpha-2; required unless dansk"),
                C("residence_permit_date", DATE, False, "first residence permit"),
            ),
            key=("cpr",),
            description="citizens known to the jobcenter, one row per person",
        ),
        Extract(
            "benefit_spells",
            (
                C("spell_id", TEXT, True),
                C("cpr", CPR, True),
                C("municipality_code", CODE, True),
                C("benefit_code", CODE, True),
                C("visitation_category", CODE, False),
                C("start_date", DATE, True),
                C("end_date", DATE, False),
                C("hours_per_week", DECIMAL, False),
                C("in_integration_programme", BOOLEAN, False),
                C("end_reason", TEXT, False),
            ),
            key=("spell_id",),
            description="benefit status periods (ydelsesforløb)",
        ),
        Extract(
            "conversations",
            (
                C("conversation_id", TEXT, True),
                C("cpr", CPR, True),
                C("conversation_type", CODE, True),
                C("channel", CODE, True),
                C("invited_at", TIMESTAMP, True),
                C("self_book_deadline", DATE, False),
                C("scheduled_date", DATE, False),
                C("status", CODE, True),
                C("cancelled_at", TIMESTAMP, False),
            ),
            key=("conversation_id",),
            description="meetings and bookings (samtaler)",
        ),
        Extract(
            "placements",
            (
                C("placement_id", TEXT, True),
                C("cpr", CPR, True),
                C("offer_type", CODE, True),
                C("start_date", DATE, True),
                C("end_date", DATE, False),
                C("registered_at", TIMESTAMP, True),
                C("employer_cvr", TEXT, False),
                C("employer_municipality_code", CODE, False),
                C("hours_per_week", DECIMAL, False),
            ),
            key=("placement_id",),
            description="offers and company placements (tilbud)",
        ),
        Extract(
            "sanctions",
            (
                C("sanction_id", TEXT, True),
                C("cpr", CPR, True),
                C("decision_date", DATE, True),
                C("sanction_type", CODE, True),
                C("reason", CODE, True),
                C("benefit_code", CODE, True),
                C("amount_dkk", DECIMAL, False),
            ),
            key=("sanction_id",),
            description="sanctions (sanktioner)",
        ),
        Extract(
            "population",
            (
                C("quarter_start", DATE, True),
                C("municipality_code", CODE, True),
                C("age", INTEGER, True),
                C("gender", CODE, True),
                C("origin_group", CODE, True),
                C("population", INTEGER, True),
                C("labour_force", INTEGER, False),
                C("insured", INTEGER, False),
            ),
            key=("quarter_start", "municipality_code", "age", "gender", "origin_group"),
            person_level=False,
            description="Statistics Denmark counts by quarter (aggregated)",
        ),
        Extract(
            "education_attainment",
            (
                C("year", INTEGER, True),
                C("municipality_code", CODE, True),
                C("age", INTEGER, True),
                C("gender", CODE, True),
                C("origin_group", CODE, True),
                C("population", INTEGER, True),
                C("with_vocational_qualification", INTEGER, True),
            ),
            key=("year", "municipality_code", "age", "gender", "origin_group"),
            person_level=False,
            description="residents aged 25-29 with a vocational qualification, yearly",
        ),
        Extract(
            "eud_applications",
            (
                C("year", INTEGER, True),
                C("municipality_code", CODE, True),
                C("pupils", INTEGER, True),
                C("eud_applicants", INTEGER, True),
            ),
            key=("year", "municipality_code"),
            person_level=False,
            description="applications for vocational education, yearly",
        ),
        Extract(
            "benchmarks",
            (
                C("period_start", DATE, True),
                C("area_code", CODE, True),
                C("indicator_id", CODE, True),
                C("numerator", DECIMAL, False),
                C("denominator", DECIMAL, False),
                C("value", DECIMAL, False),
            ),
            key=("period_start", "area_code", "indicator_id"),
            person_level=False,
            description="external comparison values as published by jobindsats.dk",
        ),
    )
}

# Code lists fixed by the contract itself (the longer lists live in seeds/).
BENEFIT_CODES = (
    "a_dagpenge", "kontanthjaelp", "uddannelseshjaelp", "selvforsoergelsesydelse",
    "sygedagpenge", "jobafklaring", "revalidering", "ressourceforloeb",
    "ledighedsydelse", "fleksjob", "foertidspension", "efterloen",
)
VISITATION_CATEGORIES = ("jobparat", "aktivitetsparat", "uddannelsesparat")
VALID_VISITATION = {
    "kontanthjaelp": ("jobparat", "aktivitetsparat"),
    "selvforsoergelsesydelse": ("jobparat", "aktivitetsparat"),
    "uddannelseshjaelp": ("uddannelsesparat", "aktivitetsparat"),
}
ORIGIN_TYPES = ("dansk", "indvandrer", "efterkommer")
ORIGIN_GROUPS = ("dansk", "vestlig", "ikke_vestlig")
GENDERS = ("mand", "kvinde")
CONVERSATION_TYPES = ("jobsamtale", "faellessamtale", "sygeopfoelgning", "visitation", "andet")
CHANNELS = ("fremmoede", "telefon", "video", "digital")
CONVERSATION_STATUSES = ("planlagt", "afholdt", "udeblevet", "aflyst")
OFFER_TYPES = (
    "virksomhedspraktik", "loentilskud_privat", "loentilskud_offentlig", "loennede_timer",
    "delvis_raskmelding", "vejledning_opkvalificering", "brobygning", "nytteindsats",
    "mentor", "ips",
)
SANCTION_TYPES = ("fradrag", "nedsaettelse", "ophoer", "skaerpet_raadighed")
SANCTION_REASONS = (
    "udeblivelse_samtale", "udeblivelse_tilbud", "afslag_job", "manglende_jobsoegning", "andet",
)
REGION_CODES = ("1081", "1082", "1083", "1084", "1085")
NATIONAL_AREA_CODE = "000"

CSV_DELIMITER = ";"
CSV_QUOTE = '"'
