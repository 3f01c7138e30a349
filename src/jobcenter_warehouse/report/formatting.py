"""Danish number and date formatting for the key-figure report (decimal comma, thousands dot).

Every function returns text for a reader; a missing value is the empty string, so the caller
decides how to show a gap (the report writes "diskretioneret" or "–" beside it, never 0).
"""

from __future__ import annotations

import datetime as dt

MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
             "september", "oktober", "november", "december")
MONTHS_SHORT_DA = ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.",
                   "okt.", "nov.", "dec.")
# Units of dim_indicator.unit shown in per cent (a share or rate is stored as a fraction).
PERCENT_UNITS = ("share", "rate", "change")


def number(value: float | None, decimals: int = 1) -> str:
    """1234.56 -> '1.234,6' (Danish separators); None -> ''."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def is_percent(unit: str | None) -> bool:
    return (unit or "") in PERCENT_UNITS


def scaled(value: float | None, unit: str | None) -> float | None:
    """The value as shown: per cent for shares and rates, else as stored."""
    if value is None:
        return None
    return 100 * value if is_percent(unit) else value


def indicator_value(value: float | None, unit: str | None) -> str:
    """A value of an indicator with its unit: '12,3 %', '45,0 dage', '17'."""
    if value is None:
        return ""
    if is_percent(unit):
        return number(100 * value, 1) + " %"
    if unit == "mean_days":
        return number(value, 1) + " dage"
    if unit == "count":
        return number(value, 0)
    return number(value, 2)


def unit_label(unit: str | None) -> str:
    """Axis and column label of a unit."""
    if is_percent(unit):
        return "pct."
    return {"mean_days": "dage", "count": "antal"}.get(unit or "", "værdi")


def points(value: float | None) -> str:
    """A change in percentage points, always signed: '-0,4', '+0,1'."""
    if value is None:
        return ""
    text = number(value, 1)
    return text if text.startswith("-") else "+" + text


def long_date(day: dt.date) -> str:
    """2026-10-31 -> '31. oktober 2026'."""
    return f"{day.day}. {MONTHS_DA[day.month - 1]} {day.year}"


def month(day: dt.date) -> str:
    """2026-09-01 -> 'september 2026'."""
    return f"{MONTHS_DA[day.month - 1]} {day.year}"


def short_month(day: dt.date) -> str:
    """2026-09-01 -> 'sep. 2026'."""
    return f"{MONTHS_SHORT_DA[day.month - 1]} {day.year}"


def period(day: dt.date, frequency: str) -> str:
    """A reported period as a table row label: a month, or the year for yearly indicators."""
    return str(day.year) if frequency == "yearly" else short_month(day)


def quarter(day: dt.date) -> str:
    """2026-07-01 -> '3. kvartal 2026'."""
    return f"{(day.month - 1) // 3 + 1}. kvartal {day.year}"
