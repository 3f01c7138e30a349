"""The CPR number at the landing step: masked in every field, kept only as derived values.

* ``cpr`` column: the keyed pseudonym (``person_key``, see :mod:`jobcenter_warehouse.pseudonym`),
  whether the value has the CPR shape (``DDMMYY-SSSS`` or ``DDMMYYSSSS`` in ASCII digits), and
  the birth date and gender derived from it. No digit of the number leaves this module.
* every other field: a CPR-shaped token (a plausible ``DDMM``, then ``YY``, an optional hyphen
  and four digits, not part of a longer run of digits; letters around it do not matter, so
  ``x1810672101`` is masked) is replaced by ``[cpr removed]``. Digits and hyphens of other
  scripts (Arabic-Indic, full-width, ...) are read as ASCII ones to find the tokens, so a CPR
  written in them is masked too; the rest of the text is kept as delivered.

Regular expressions use ``[0-9]`` only (never ``\\d``, which matches every script's digits).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

MASK = "[cpr removed]"
TOKEN = r"(?:0[1-9]|[12][0-9]|3[01])(?:0[1-9]|1[0-2])[0-9]{2}-?[0-9]{4}"
CPR_TOKEN = re.compile(rf"(?<![0-9]){TOKEN}(?![0-9])")
# RE2 (Arrow) has no look-around: a cheap superset selects the values worth a closer look.
CANDIDATE = "[0-9]{6}-?[0-9]{4}"
CPR_VALUE = "^[0-9]{6}-?[0-9]{4}$"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"


class _AsciiDigits(dict):
    """str.translate table: any decimal digit -> its ASCII digit, dash-like characters -> '-'."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        digit = unicodedata.decimal(char, None)
        value = str(digit) if digit is not None else ("-" if char in DASHES else char)
        self[code] = value
        return value


ASCII_DIGITS = _AsciiDigits()


def mask_text(value: str) -> str:
    """The text with every CPR-shaped token replaced by the mask."""
    probe = value if value.isascii() else value.translate(ASCII_DIGITS)
    if len(probe) != len(value):  # cannot happen (one character for one), but never risk a leak
        return MASK
    out, last = [], 0
    for match in CPR_TOKEN.finditer(probe):
        out.append(value[last:match.start()])
        out.append(MASK)
        last = match.end()
    if not out:
        return value
    out.append(value[last:])
    return "".join(out)


def mask_array(values: pa.Array, ascii: bool = False) -> pa.Array:
    """Mask CPR-shaped tokens in a string array (only candidate values are looked at in Python).

    ``ascii``: the caller knows every value is ASCII (other digits need not be looked for).
    """
    if values.null_count == len(values):
        return values
    candidate = pc.match_substring_regex(values, CANDIDATE)
    if not ascii:
        candidate = pc.or_(candidate, pc.invert(pc.string_is_ascii(values)))
    candidate = pc.fill_null(candidate, False)
    index = np.flatnonzero(candidate.to_numpy(zero_copy_only=False))
    if not len(index):
        return values
    before = values.take(pa.array(index)).to_pylist()
    changed = [(int(i), masked) for i, text in zip(index, before) if (masked := mask_text(text)) != text]
    if not changed:
        return values
    mask = np.zeros(len(values), dtype=bool)
    mask[[i for i, _ in changed]] = True
    return pc.replace_with_mask(values, pa.array(mask), pa.array([m for _, m in changed], values.type))


def birth_date(digits: str) -> dt.date | None:
    """EXTRACTS.md: DDMMYY, century from the 7th digit; None when DDMMYY is not a real date."""
    yy, digit7 = int(digits[4:6]), digits[6]
    if digit7 in "0123":
        century = 1900
    elif digit7 in "49":
        century = 2000 if yy <= 36 else 1900
    else:
        century = 2000 if yy <= 57 else 1800
    try:
        return dt.date(century + yy, int(digits[2:4]), int(digits[0:2]))
    except ValueError:
        return None


def cpr_columns(values: pa.Array, key: bytes) -> dict[str, pa.Array]:
    """person_key, cpr_shape_ok, birth_date and gender for a (trimmed, empty = null) cpr column."""
    shape_ok = pc.match_substring_regex(values, CPR_VALUE)  # RE2's [0-9] is ASCII only
    text = pc.if_else(shape_ok, pc.replace_substring(values, "-", ""), values)
    encoded = pc.dictionary_encode(text)
    uniques = encoded.dictionary.to_pylist()
    keys, dates, genders = [], [], []
    for value in uniques:
        keys.append(hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest())
        ten = len(value) == 10 and value.isascii() and value.isdigit()
        dates.append(birth_date(value) if ten else None)
        genders.append(("mand" if int(value[9]) % 2 else "kvinde") if ten else None)
    indices = encoded.indices

    def pick(items: list, type_: pa.DataType) -> pa.Array:
        return pa.array(items, type_).take(indices)

    return {
        "person_key": pick(keys, pa.string()),
        "cpr_shape_ok": shape_ok,
        "birth_date": pick(dates, pa.date32()),
        "gender": pick(genders, pa.string()),
    }
