"""Synthetic CPR numbers that follow the contract's century rule.

A CPR number is ``DDMMYY`` + ``SSSS``. The 7th digit (first of ``SSSS``) and ``YY`` give the
century (EXTRACTS.md): 0-3 -> 1900s; 4 or 9 -> 2000s if YY <= 36 else 1900s; 5-8 -> 2000s if
YY <= 57 else 1800s. The last digit is odd for men and even for women. Modulus 11 is not
used (numbers without it have been issued since 2007), so the numbers are not real ones.

Uniqueness without coordination between municipalities: for a birth year, the valid century
digits give 4 or 6 x 1,000 sequence numbers, 500 per gender. Every one of the 98
municipalities (from the reference file, whichever of them a run generates) owns a fixed
block of at least 8 slots per birth date and gender, sized by its population. Resident number
``r`` of a municipality born on a date with a given gender takes the ``r``-th slot of that
block, mapped to a sequence number through a date-dependent bijection and a per-seed shuffle
(so the numbers look varied), so numbers are unique within a run and identical for a
municipality whatever else is generated. The residents module moves the rare birth date that
would overflow a block to a neighbouring day.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .dates import ymd

SLOTS_PER_DIGIT_AND_GENDER = 500
# multipliers coprime to both slot-space sizes (2,000 and 3,000)
_COPRIME = np.array([7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97],
                    dtype="int64")  # two middle digits x five last digits of one parity
MIN_SLOTS = 8


def century_year(yy: int, digit7: int) -> int:
    """Full birth year from ``YY`` and the 7th digit (the contract's century rule)."""
    if digit7 <= 3:
        return 1900 + yy
    if digit7 in (4, 9):
        return (2000 if yy <= 36 else 1900) + yy
    return (2000 if yy <= 57 else 1800) + yy


def century_digits(year: int) -> tuple[int, ...]:
    """The 7th digits that give this birth year."""
    return tuple(d for d in range(10) if century_year(year % 100, d) == year)


def parse_cpr(value: str) -> tuple[dt.date, str]:
    """Birth date and gender (``mand``/``kvinde``) of a CPR; ValueError if it is bad input."""
    text = value.strip()
    digits = text.replace("-", "", 1) if len(text) == 11 and text[6] == "-" else text
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not a CPR number: {value!r}")
    dd, mm, yy, d7 = int(digits[:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    birth = dt.date(century_year(yy, d7), mm, dd)  # ValueError when DDMMYY is not a real date
    return birth, ("mand" if int(digits[9]) % 2 else "kvinde")


def is_valid_cpr(value: str) -> bool:
    try:
        parse_cpr(value)
    except ValueError:
        return False
    return True


def birth_days_from_cpr(values) -> np.ndarray:
    """Vectorised birth date (day numbers) of well-formed CPR strings (10 or 11 characters)."""
    s = np.asarray(values, dtype=str)
    digits = np.char.replace(s, "-", "")
    raw = np.char.encode(digits, "ascii").astype("S10")
    b = np.frombuffer(raw.tobytes(), dtype=np.uint8).reshape(len(s), 10).astype("int64") - 48
    dd = b[:, 0] * 10 + b[:, 1]
    mm = b[:, 2] * 10 + b[:, 3]
    yy = b[:, 4] * 10 + b[:, 5]
    d7 = b[:, 6]
    year = np.where(d7 <= 3, 1900, np.where((d7 == 4) | (d7 == 9), np.where(yy <= 36, 2000, 1900),
                                            np.where(yy <= 57, 2000, 1800))) + yy
    months = (year - 1970) * 12 + (mm - 1)
    return months.astype("datetime64[M]").astype("datetime64[D]").astype("int64") + dd - 1


class CprAllocator:
    """Gives each municipality its own block of sequence numbers per birth date and gender."""

    def __init__(self, municipality_populations: dict[str, int], seed: int) -> None:
        codes = sorted(municipality_populations)
        self.codes = codes
        total = float(sum(municipality_populations.values()))
        self._blocks: dict[int, dict[str, tuple[int, int]]] = {}
        self._perms: dict[int, np.ndarray] = {}
        rng = np.random.default_rng([seed, 7_000_001])
        for n_digits in (4, 6):
            space = n_digits * 2 * SLOTS_PER_DIGIT_AND_GENDER // 2  # slots per gender
            spare = space - MIN_SLOTS * len(codes)
            sizes = {c: MIN_SLOTS + int(spare * municipality_populations[c] / total) for c in codes}
            blocks, offset = {}, 0
            for c in codes:
                blocks[c] = (offset, sizes[c])
                offset += sizes[c]
            assert offset <= space
            self._blocks[space] = blocks
            self._perms[space] = rng.permutation(space)

    def capacity(self, code: str, birth_days: np.ndarray) -> np.ndarray:
        """Slots per (birth date, gender) available to ``code`` for these birth dates."""
        years, _, _ = ymd(birth_days)
        out = np.empty(len(birth_days), dtype="int64")
        for year in np.unique(years):
            space = len(century_digits(int(year))) * SLOTS_PER_DIGIT_AND_GENDER
            out[years == year] = self._blocks[space][code][1]
        return out

    def encode(self, code: str, birth_days: np.ndarray, male: np.ndarray, rank: np.ndarray) -> np.ndarray:
        """Ten-digit CPR strings; ``rank`` numbers the residents sharing a birth date and gender."""
        birth_days = np.asarray(birth_days, dtype="int64")
        years, months, doms = ymd(birth_days)
        serial = np.empty(len(birth_days), dtype="int64")
        for year in np.unique(years):
            sel = years == year
            digits = np.array(century_digits(int(year)), dtype="int64")
            space = len(digits) * SLOTS_PER_DIGIT_AND_GENDER
            offset, size = self._blocks[space][code]
            if np.any(rank[sel] >= size):
                raise ValueError(f"CPR block of municipality {code} overflows for births in {year}")
            # a per-date bijection of the slot space, so serial numbers vary between dates
            bd = birth_days[sel]
            a = _COPRIME[(bd * 2654435761) % len(_COPRIME)]
            b = (bd * 40503 + 12345) % space
            p = self._perms[space][(a * (offset + rank[sel]) + b) % space]
            d7 = digits[p // SLOTS_PER_DIGIT_AND_GENDER]
            rest = p % SLOTS_PER_DIGIT_AND_GENDER
            middle = rest // 5
            last = 2 * (rest % 5) + male[sel].astype("int64")
            serial[sel] = d7 * 1000 + middle * 10 + last
        head = doms * 10000 + months * 100 + years % 100
        return np.char.add(np.char.zfill(head.astype(str), 6), np.char.zfill(serial.astype(str), 4))


def with_hyphen(cpr10: np.ndarray, hyphen: np.ndarray) -> np.ndarray:
    """``DDMMYYSSSS`` -> ``DDMMYY-SSSS`` where ``hyphen`` is true (object array out)."""
    out = np.array(cpr10, dtype=object)
    idx = np.flatnonzero(hyphen)
    out[idx] = [c[:6] + "-" + c[6:] for c in out[idx]]
    return out


def make_cpr(birth: dt.date, d7: int, middle: int, last: int) -> str:
    """One CPR string from its parts (used for hand-made rows); checks the century rule."""
    if century_year(birth.year % 100, d7) != birth.year:
        raise ValueError(f"7th digit {d7} does not give birth year {birth.year}")
    return f"{birth:%d%m}{birth.year % 100:02d}{d7}{middle:02d}{last}"
