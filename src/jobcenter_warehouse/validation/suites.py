"""One Great Expectations suite per extract, built from `contract.py` and the reference seeds.

Every expectation carries `meta.label`, the short name used in the console summary and the JSON
summary ("benefit_code in set", "end_date>=start_date"). Expectations on helper columns (see
`prepare.py`) carry a `description`, so the Data Docs say in words what they check.
Every expectation only warns: staging quarantines the rows they count.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column as RowColumn

from jobcenter_warehouse import contract as c
from jobcenter_warehouse.validation.prepare import (
    BOOLEAN_RE,
    CPR_MASK_RE,
    DATE_RE,
    DECIMAL_RE,
    INTEGER_RE,
    TIMESTAMP_RE,
)

MUNICIPALITY_SEED = "municipalities.csv"
COUNTRY_SEED = "countries.csv"

# Age ranges the contract gives for the aggregated extracts.
AGE_RANGES = {"population": (16, 66), "education_attainment": (25, 29)}


@dataclass
class References:
    """Code lists from the seeds; None when the seed is missing (the check is then skipped)."""

    municipalities: tuple[str, ...] | None = None
    countries: tuple[str, ...] | None = None
    notes: list[str] = field(default_factory=list)


def _seed_column(path: Path, column: str) -> tuple[str, ...] | None:
    if not path.is_file():
        return None
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        names = {(n or "").strip().lower(): n for n in reader.fieldnames or []}
        if column not in names:
            return None
        values = {(row.get(names[column]) or "").strip() for row in reader}
    values.discard("")
    return tuple(sorted(values)) or None


def load_references(seeds_dir: Path) -> References:
    refs = References()
    refs.municipalities = _seed_column(seeds_dir / MUNICIPALITY_SEED, "municipality_code")
    if refs.municipalities is None:
        refs.notes.append(
            f"municipality code checks skipped: {seeds_dir / MUNICIPALITY_SEED} "
            "(column municipality_code) not found"
        )
    countries = _seed_column(seeds_dir / COUNTRY_SEED, "country_code")
    if countries is None:
        refs.notes.append(
            f"country code checks skipped: {seeds_dir / COUNTRY_SEED} "
            "(column country_code) not found"
        )
    else:
        # The contract adds XK (Kosovo) to ISO 3166-1 alpha-2; codes are case-insensitive.
        refs.countries = tuple(sorted({v.upper() for v in countries} | {"XK"}))
    return refs


def code_list(extract: str, column: str, refs: References) -> tuple[str, ...] | None:
    """The allowed values of a code column, or None when there is no list to check against."""
    fixed = {
        "origin_type": c.ORIGIN_TYPES,
        "benefit_code": c.BENEFIT_CODES,
        "visitation_category": c.VISITATION_CATEGORIES,
        "conversation_type": c.CONVERSATION_TYPES,
        "channel": c.CHANNELS,
        "status": c.CONVERSATION_STATUSES,
        "offer_type": c.OFFER_TYPES,
        "sanction_type": c.SANCTION_TYPES,
        "reason": c.SANCTION_REASONS,
        "gender": c.GENDERS,
        "origin_group": c.ORIGIN_GROUPS,
    }
    if column in fixed:
        return tuple(fixed[column])
    if column in ("municipality_code", "employer_municipality_code"):
        return refs.municipalities
    if column == "origin_country":
        return refs.countries
    if column == "area_code" and refs.municipalities is not None:
        return (c.NATIONAL_AREA_CODE, *c.REGION_CODES, *refs.municipalities)
    return None


def _helper(cls, label: str, description: str, **kwargs):
    return cls(meta={"label": label}, description=description, **kwargs)


def build_suite(
    extract: c.Extract, refs: References, *, persons_available: bool
) -> tuple[gx.ExpectationSuite, list[str]]:
    """The suite for one extract, and notes on checks that could not be built."""
    name = extract.name
    notes: list[str] = []
    expectations: list = [
        gxe.ExpectTableColumnsToMatchSet(
            column_set=list(extract.column_names),
            exact_match=False,
            meta={"label": "columns present"},
        )
    ]
    add = expectations.append
    true = [True]

    for col in extract.columns:
        n = col.name
        if col.required:
            add(gxe.ExpectColumnValuesToNotBeNull(column=n, meta={"label": f"{n} not null"}))
        if col.kind == c.CPR:
            add(_helper(
                gxe.ExpectColumnValuesToMatchRegex, "cpr format",
                "cpr is DDMMYY-SSSS or DDMMYYSSSS (checked on a mask: digits shown as #)",
                column=n, regex=CPR_MASK_RE,
            ))
            add(_helper(
                gxe.ExpectColumnValuesToBeInSet, "cpr birth date is real",
                "the DDMMYY of cpr, with the century from the 7th digit, is a real date",
                column="cpr__real_birth_date", value_set=true,
            ))
        elif col.kind == c.DATE:
            add(gxe.ExpectColumnValuesToMatchRegex(
                column=n, regex=DATE_RE, meta={"label": f"{n} is YYYY-MM-DD"}
            ))
            add(_helper(
                gxe.ExpectColumnValuesToBeInSet, f"{n} is a real date",
                f"{n} (where it is YYYY-MM-DD) is a calendar date",
                column=f"{n}__real_date", value_set=true,
            ))
        elif col.kind == c.TIMESTAMP:
            add(gxe.ExpectColumnValuesToMatchRegex(
                column=n, regex=TIMESTAMP_RE, meta={"label": f"{n} is a timestamp"}
            ))
            add(_helper(
                gxe.ExpectColumnValuesToBeInSet, f"{n} is a real timestamp",
                f"{n} (where it has the timestamp format) is a real date and time",
                column=f"{n}__real_timestamp", value_set=true,
            ))
        elif col.kind == c.DECIMAL:
            add(gxe.ExpectColumnValuesToMatchRegex(
                column=n, regex=DECIMAL_RE, meta={"label": f"{n} is a decimal"}
            ))
        elif col.kind == c.INTEGER:
            add(gxe.ExpectColumnValuesToMatchRegex(
                column=n, regex=INTEGER_RE, meta={"label": f"{n} is an integer"}
            ))
        elif col.kind == c.BOOLEAN:
            add(gxe.ExpectColumnValuesToMatchRegex(
                column=n, regex=BOOLEAN_RE, meta={"label": f"{n} is a boolean"}
            ))
        elif col.kind == c.CODE:
            values = code_list(name, n, refs)
            if values is not None:
                add(gxe.ExpectColumnValuesToBeInSet(
                    column=n, value_set=list(values), meta={"label": f"{n} in set"}
                ))
            elif n != "indicator_id":
                notes.append(f"{n} in set: skipped, no code list (see notes above)")

    # Keys: unique within each chunk here; across chunks and files run.py checks keyed hashes.
    if extract.name == "persons":
        add(_helper(
            gxe.ExpectColumnValuesToBeUnique, "cpr unique",
            "cpr is unique (checked on a keyed hash with a random per-run key)",
            column="cpr__pseudonym",
        ))
    elif len(extract.key) == 1:
        add(gxe.ExpectColumnValuesToBeUnique(
            column=extract.key[0], meta={"label": f"{extract.key[0]} unique"}
        ))
    else:
        add(gxe.ExpectCompoundColumnsToBeUnique(
            column_list=list(extract.key), meta={"label": f"({', '.join(extract.key)}) unique"}
        ))

    names = set(extract.column_names)
    if extract.person_level and name != "persons":
        if persons_available:
            add(_helper(
                gxe.ExpectColumnValuesToBeInSet, "cpr in persons",
                "cpr (where well-formed) occurs in the persons extract",
                column="cpr__in_persons", value_set=true,
            ))
        else:
            notes.append("cpr in persons: skipped, the persons extract was not validated")
    if {"start_date", "end_date"} <= names:
        add(_helper(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB, "end_date>=start_date",
            "end_date is on or after start_date (where both are real dates)",
            column_A="end_date__date", column_B="start_date__date", or_equal=True,
            ignore_row_if="either_value_is_missing",
        ))
    if {"benefit_code", "visitation_category"} <= names:
        add(_helper(
            gxe.ExpectColumnValuesToBeInSet, "visitation_category fits benefit_code",
            "kontanthjaelp and selvforsoergelsesydelse need jobparat or aktivitetsparat, "
            "uddannelseshjaelp needs uddannelsesparat or aktivitetsparat, other benefits none",
            column="visitation_category__fits_benefit", value_set=true,
        ))
    if name == "persons":
        add(gxe.ExpectColumnValuesToNotBeNull(
            column="origin_country",
            row_condition=RowColumn("origin_type").is_in(["indvandrer", "efterkommer"]),
            meta={"label": "origin_country required for indvandrer/efterkommer"},
        ))
    if "quarter_start" in names:
        add(_helper(
            gxe.ExpectColumnValuesToBeInSet, "quarter_start is a quarter's first day",
            "quarter_start is 1 January, April, July or October",
            column="quarter_start__is_quarter_start", value_set=true,
        ))
    if name in AGE_RANGES:
        low, high = AGE_RANGES[name]
        add(_helper(
            gxe.ExpectColumnValuesToBeBetween, f"age between {low} and {high}",
            f"age (where it is an integer) is between {low} and {high}",
            column="age__number", min_value=low, max_value=high,
        ))

    labels = [e.meta["label"] for e in expectations]
    assert len(labels) == len(set(labels)), f"duplicate labels in {name} suite"
    suite = gx.ExpectationSuite(
        name=f"raw_{name}",
        expectations=expectations,
        meta={"extract": name, "notes": "row-level checks of the raw extract; all only warn"},
    )
    return suite, notes
