"""Vectorised calendar arithmetic on day numbers, and fast text formatting of dates.

The generator keeps every date as an ``int64`` day number (days since 1970-01-01; dates
before 1970 are negative) so whole populations can be aged, compared and shifted with numpy.
``NULL_DAY`` marks a missing date. Timestamps are ``int64`` seconds since 1970-01-01 00:00:00.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

EPOCH = dt.date(1970, 1, 1)
NULL_DAY = np.int64(-(2**40))  # missing date (NULL); smaller than any real day number
NEVER = np.int64(2**40)  # "not yet / never" (e.g. no move-in date)


def day(value: dt.date | str) -> int:
    """Day number of a date or an ISO ``YYYY-MM-DD`` string."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return (value - EPOCH).days


def date_of(n: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(n))


def ymd(days) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month (1-12) and day of month of day numbers."""
    d = np.asarray(days, dtype="int64").astype("datetime64[D]")
    y = d.astype("datetime64[Y]")
    m = d.astype("datetime64[M]")
    year = y.astype("int64") + 1970
    month = (m - y.astype("datetime64[M]")).astype("int64") + 1
    dom = (d - m.astype("datetime64[D]")).astype("int64") + 1
    return year, month, dom


def month_start(year, month) -> np.ndarray:
    """Day number of the first day of (year, month); both may be arrays."""
    months = (np.asarray(year, dtype="int64") - 1970) * 12 + (np.asarray(month, dtype="int64") - 1)
    return months.astype("datetime64[M]").astype("datetime64[D]").astype("int64")


def anniversary(birth, years) -> np.ndarray:
    """The day a person born on ``birth`` reaches age ``years``.

    A 29 February birthday is reached on 1 March in other years (INDICATORS.md).
    """
    y, m, d = ymd(birth)
    return month_start(y + np.asarray(years, dtype="int64"), m) + d - 1


def age_at(birth, at) -> np.ndarray:
    """Completed years of age on day ``at`` (29 February birthdays reached on 1 March).

    ``at`` may be one day for all (a scalar, or an array holding a single value)."""
    by, bm, bd = ymd(birth)
    at = np.asarray(at)
    if at.ndim == 0 or (at.size > 0 and at.ndim == 1 and at[0] == at[-1] and (at == at[0]).all()):
        ay, am, ad = (int(v[0]) for v in ymd(np.array([at.flat[0]])))
    else:
        ay, am, ad = ymd(at)
    not_yet = (am < bm) | ((am == bm) & (ad < bd))
    return ay - by - not_yet.astype("int64")


def add_months(day_number: int, months: int) -> int:
    """First day of the month ``months`` after the month of ``day_number``."""
    y, m, _ = ymd(np.array([day_number]))
    total = (int(y[0]) * 12 + int(m[0]) - 1) + months
    return int(month_start(total // 12, total % 12 + 1))


def months_between(first_day: int, last_day: int) -> list[tuple[int, int]]:
    """(first day, last day) of every calendar month from first_day's month to last_day's."""
    out = []
    y, m, _ = (int(v[0]) for v in ymd(np.array([first_day])))
    while True:
        start = int(month_start(y, m))
        if start > last_day:
            break
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append((start, int(month_start(ny, nm)) - 1))
        y, m = ny, nm
    return out


def quarter_starts(first_day: int, last_day: int) -> list[int]:
    """First days of the quarters overlapping [first_day, last_day]."""
    y, m, _ = (int(v[0]) for v in ymd(np.array([first_day])))
    m = (m - 1) // 3 * 3 + 1
    out = []
    while True:
        start = int(month_start(y, m))
        if start > last_day:
            return out
        out.append(start)
        y, m = (y + 1, 1) if m == 10 else (y, m + 3)


class Formatter:
    """Turns day numbers and timestamps into contract text with table look-ups (fast)."""

    def __init__(self, first_year: int = 1850, last_year: int = 2120) -> None:
        self.base = day(dt.date(first_year, 1, 1))
        stop = day(dt.date(last_year, 12, 31)) + 1
        days = np.arange(self.base, stop, dtype="int64").astype("datetime64[D]")
        self.dates = np.array(days.astype(str), dtype=object)
        secs = np.arange(86400)
        self.times = np.array(
            [f" {h:02d}:{mi:02d}:{s:02d}" for h, mi, s in zip(secs // 3600, secs // 60 % 60, secs % 60)],
            dtype=object,
        )

    def dates_text(self, days) -> np.ndarray:
        days = np.asarray(days, dtype="int64")
        out = np.full(days.shape, "", dtype=object)
        ok = days != NULL_DAY
        out[ok] = self.dates[days[ok] - self.base]
        return out

    def timestamps_text(self, seconds, null_mask=None) -> np.ndarray:
        seconds = np.asarray(seconds, dtype="int64")
        out = np.full(seconds.shape, "", dtype=object)
        ok = np.ones(seconds.shape, bool) if null_mask is None else ~null_mask
        d = seconds[ok] // 86400
        out[ok] = self.dates[d - self.base] + self.times[seconds[ok] - d * 86400]
        return out


def date_text(n: int) -> str:
    return date_of(n).isoformat()
