"""Turn a chunk of raw strings into the frame Great Expectations validates.

GX sees the contract columns as delivered (trimmed, '' as NULL) with two exceptions, plus a few
helper columns that pandas computes faster and more exactly than GX could:

* `cpr` is masked before GX sees it: each ASCII digit becomes `#` and every other character
  except `-` becomes `?`. The format expectation runs on the mask (`^#{6}-?#{4}$`), and no CPR
  number can reach a validation result, a Data Docs page or the summary.
* country codes are upper-cased (the contract makes them case-insensitive).

Helper columns (named `<column>__<check>`) hold True/False, or NULL where the check does not
apply (the value is NULL or already fails its format check), so one bad value is counted once:

* `<date>__real_date`, `<timestamp>__real_timestamp`: the value is a calendar date / time.
* `<date>__date`: the value where it is a real date, else NULL (for end >= start).
* `cpr__real_birth_date`: DDMMYY with the century from the 7th digit is a real date.
* `cpr__in_persons`: the CPR is in the persons extract (a membership test on keyed hashes;
  ExpectColumnValuesToBeInSet over millions of CPR numbers would be slow and would write the
  whole set into the suite).
* `cpr__pseudonym` (persons only): a keyed hash with a random per-run key, for the uniqueness
  expectation; it is not stable between runs and means nothing outside one run.
* extract-specific: `visitation_category__fits_benefit`, `quarter_start__is_quarter_start`,
  `age__number`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from jobcenter_warehouse.contract import (
    BENEFIT_CODES,
    BOOLEAN,
    CPR,
    DATE,
    DECIMAL,
    TIMESTAMP,
    VALID_VISITATION,
    VISITATION_CATEGORIES,
    Extract,
)

# Patterns use [0-9], not \d: Python's \d also matches non-ASCII digits, the contract does not.
CPR_RE = r"^[0-9]{6}-?[0-9]{4}$"
CPR_MASK_RE = r"^#{6}-?#{4}$"
DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TIMESTAMP_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}$"
DECIMAL_RE = r"^-?[0-9]+([.,][0-9]+)?$"
INTEGER_RE = r"^-?[0-9]+$"
BOOLEAN_RE = r"(?i)^(true|false|1|0)$"

COUNTRY_COLUMNS = ("origin_country",)
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def real_date(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Vectorised calendar check (proleptic Gregorian, years 1-9999; no pandas time bounds)."""
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = _DAYS_IN_MONTH[np.clip(month, 0, 12)] + ((month == 2) & leap)
    return (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= days)


def _digits(values: pd.Series, width: int) -> np.ndarray:
    """Digit matrix (rows x width) of ASCII strings of exactly `width` characters.

    Only called on values that matched a [0-9]-only pattern, so every character is ASCII; a
    numpy byte view is some 10x faster than pandas string slicing.
    """
    raw = values.to_numpy(dtype=object).astype(f"S{width}")
    return raw.view(np.uint8).reshape(-1, width).astype(np.int64) - 48


def _number(digits: np.ndarray, start: int, stop: int) -> np.ndarray:
    out = np.zeros(len(digits), dtype=np.int64)
    for i in range(start, stop):
        out = out * 10 + digits[:, i]
    return out


def _flag(values: pd.Series, applies: pd.Series, result: np.ndarray | pd.Series) -> pd.Series:
    """True/False where the check applies, None elsewhere (object dtype, what GX handles best)."""
    out = np.full(len(values), None, dtype=object)
    mask = applies.to_numpy(dtype=bool)
    if mask.any():
        out[mask] = np.asarray(result, dtype=bool)
    return pd.Series(out, index=values.index, dtype="object")


def _matches(values: pd.Series, pattern: str) -> pd.Series:
    return values.str.contains(pattern, regex=True).fillna(False).astype(bool)


def _date_ok(d: np.ndarray) -> np.ndarray:
    return real_date(_number(d, 0, 4), _number(d, 5, 7), _number(d, 8, 10))


def date_flags(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(real-date flag, the value where it is a real date else NULL)."""
    ok_format = _matches(values, DATE_RE)
    sub = values[ok_format]
    real = _date_ok(_digits(sub, 10)) if len(sub) else []
    flag = _flag(values, ok_format, real)
    parsed = values.where(flag.eq(True).astype(bool))
    return flag, parsed


def timestamp_flag(values: pd.Series) -> pd.Series:
    ok_format = _matches(values, TIMESTAMP_RE)
    sub = values[ok_format]
    if len(sub):
        d = _digits(sub, 19)
        real = (
            _date_ok(d)
            & (_number(d, 11, 13) <= 23)
            & (_number(d, 14, 16) <= 59)
            & (_number(d, 17, 19) <= 59)
        )
    else:
        real = []
    return _flag(values, ok_format, real)


def normalised_cpr(values: pd.Series) -> pd.Series:
    """CPR without the dash where the format is right, else NULL."""
    ok_format = _matches(values, CPR_RE)
    return values.where(ok_format).str.replace("-", "", regex=False)


def cpr_birth_date_flag(digits: pd.Series) -> pd.Series:
    """From `normalised_cpr` output: is DDMMYY (century from the 7th digit) a real date?"""
    applies = digits.notna()
    sub = digits[applies]
    if not len(sub):
        return _flag(digits, applies, [])
    d = _digits(sub, 10)
    day, month, yy, seventh = _number(d, 0, 2), _number(d, 2, 4), _number(d, 4, 6), d[:, 6]
    century = np.where(
        seventh <= 3,
        1900,
        np.where(
            (seventh == 4) | (seventh == 9),
            np.where(yy <= 36, 2000, 1900),
            np.where(yy <= 57, 2000, 1800),
        ),
    )
    return _flag(digits, applies, real_date(century + yy, month, day))


def cpr_hashes(digits: pd.Series, hash_key: str) -> np.ndarray:
    """Keyed hashes of normalised CPR numbers (no NULLs): for uniqueness and persons lookups."""
    return keyed_hash(digits.astype("str"), hash_key)


def mask_cpr(values: pd.Series, digits: pd.Series | None = None) -> pd.Series:
    """Shape only: ASCII digits to '#', anything else but '-' to '?'.

    `digits` (from `normalised_cpr`) marks the well-formed values, whose mask is known without
    a regex: '######-####' or '##########'.
    """
    if digits is None:
        digits = normalised_cpr(values)
    out = np.full(len(values), None, dtype=object)
    good = digits.notna().to_numpy(dtype=bool)
    if good.any():
        dashed = values[good].str.len().to_numpy() == 11
        out[good] = np.where(dashed, "######-####", "##########")
    other = (values.notna().to_numpy(dtype=bool)) & ~good
    if other.any():
        out[other] = (
            values[other]
            .str.replace(r"[0-9]", "#", regex=True)
            .str.replace(r"[^#\-]", "?", regex=True)
            .to_numpy(dtype=object)
        )
    return pd.Series(out, index=values.index, dtype="object")


def keyed_hash(frame: pd.DataFrame | pd.Series, hash_key: str) -> np.ndarray:
    """64-bit keyed hash per row (SipHash via pandas); the key is random per run."""
    return pd.util.hash_pandas_object(frame, index=False, hash_key=hash_key).to_numpy()


def canonical(frame: pd.DataFrame, extract: Extract) -> pd.DataFrame:
    """Values as staging compares them, for the exact-duplicate / conflicting-id checks.

    Approximate on purpose (cheap string rules): decimal comma to point, booleans and the
    timestamp separator normalised, CPR without dash, country codes upper-case.
    """
    out = {}
    for col in extract.columns:
        values = frame[col.name]
        if col.kind == DECIMAL:
            values = values.str.replace(",", ".", regex=False)
        elif col.kind == BOOLEAN:
            values = values.str.lower().replace({"1": "true", "0": "false"})
        elif col.kind == TIMESTAMP:
            values = values.str.replace("T", " ", regex=False)
        elif col.kind == CPR:
            values = values.str.replace("-", "", regex=False)
        elif col.name in COUNTRY_COLUMNS:
            values = values.str.upper()
        out[col.name] = values
    return pd.DataFrame(out, index=frame.index)


def key_frame(frame: pd.DataFrame, extract: Extract) -> pd.DataFrame:
    keys = frame[list(extract.key)].copy()
    if "cpr" in keys.columns:
        keys["cpr"] = keys["cpr"].str.replace("-", "", regex=False)
    return keys


def gx_frame(
    frame: pd.DataFrame,
    extract: Extract,
    *,
    hash_key: str,
    persons_hashes: np.ndarray | None,
) -> pd.DataFrame:
    """The frame GX validates: see the module docstring for the columns."""
    out: dict[str, pd.Series] = {}
    helpers: dict[str, pd.Series] = {}
    for col in extract.columns:
        values = frame[col.name]
        if col.kind == CPR:
            digits = normalised_cpr(values)
            out[col.name] = mask_cpr(values, digits)
            helpers["cpr__real_birth_date"] = cpr_birth_date_flag(digits)
            if extract.name == "persons":
                applies = digits.notna()
                pseudonym = pd.Series(pd.NA, index=values.index, dtype="UInt64")
                if applies.any():
                    pseudonym[applies] = cpr_hashes(digits[applies], hash_key)
                helpers["cpr__pseudonym"] = pseudonym
            elif persons_hashes is not None:
                applies = digits.notna()
                found = np.zeros(int(applies.sum()), dtype=bool)
                if applies.any() and len(persons_hashes):
                    hashes = cpr_hashes(digits[applies], hash_key)
                    pos = np.searchsorted(persons_hashes, hashes).clip(0, len(persons_hashes) - 1)
                    found = persons_hashes[pos] == hashes
                helpers["cpr__in_persons"] = _flag(values, applies, found)
        elif col.name in COUNTRY_COLUMNS:
            out[col.name] = values.str.upper()
        else:
            out[col.name] = values
        if col.kind == DATE:
            flag, parsed = date_flags(values)
            helpers[f"{col.name}__real_date"] = flag
            helpers[f"{col.name}__date"] = parsed
        elif col.kind == TIMESTAMP:
            helpers[f"{col.name}__real_timestamp"] = timestamp_flag(values)

    names = set(extract.column_names)
    if {"benefit_code", "visitation_category"} <= names:
        helpers["visitation_category__fits_benefit"] = visitation_fit(
            frame["benefit_code"], frame["visitation_category"]
        )
    if "quarter_start" in names:
        parsed = helpers["quarter_start__date"]
        applies = parsed.notna()
        sub = parsed[applies]
        if len(sub):
            d = _digits(sub, 10)
            ok = np.isin(_number(d, 5, 7), (1, 4, 7, 10)) & (_number(d, 8, 10) == 1)
        else:
            ok = []
        helpers["quarter_start__is_quarter_start"] = _flag(parsed, applies, ok)
    if "age" in names:
        age = frame["age"]
        integer = age.where(_matches(age, INTEGER_RE))
        helpers["age__number"] = pd.to_numeric(integer, errors="coerce")

    out.update(helpers)
    return pd.DataFrame(out, index=frame.index)


def visitation_fit(benefit: pd.Series, visitation: pd.Series) -> pd.Series:
    """The contract's benefit / visitation combination rule.

    NULL where the benefit code or the visitation category is itself unknown (those rows are
    already counted by the code-list expectations).
    """
    known_benefit = benefit.isin(BENEFIT_CODES).fillna(False).astype(bool)
    known_visitation = (visitation.isna() | visitation.isin(VISITATION_CATEGORIES)).astype(bool)
    applies = known_benefit & known_visitation
    ok = ~benefit.isin(tuple(VALID_VISITATION)).fillna(False).astype(bool) & visitation.isna()
    for code, allowed in VALID_VISITATION.items():
        ok |= (benefit == code).fillna(False).astype(bool) & visitation.isin(allowed).astype(bool)
    return _flag(benefit, applies, ok[applies].to_numpy())


_CPR_ANYWHERE = re.compile(r"(?<![0-9])[0-9]{6}-?[0-9]{4}(?![0-9])")


def mask_cpr_text(value: object) -> object:
    """Mask anything CPR-shaped inside a sample value (defence in depth for free-text columns)."""
    if isinstance(value, str):
        return _CPR_ANYWHERE.sub("######-####", value)
    if isinstance(value, (list, tuple)):
        return type(value)(mask_cpr_text(v) for v in value)
    if isinstance(value, dict):
        return {k: mask_cpr_text(v) for k, v in value.items()}
    return value
