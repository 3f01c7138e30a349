"""SQL text helpers and the error of the publish step."""

from __future__ import annotations

from .names import MEASURE_DECIMALS


class PublishError(RuntimeError):
    """The publish step cannot produce a safe, complete artefact; nothing was replaced."""


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def cols(names) -> str:
    return ", ".join(ident(n) for n in names)


def qualified(catalog: str, schema: str, table: str) -> str:
    return f"{ident(catalog)}.{ident(schema)}.{ident(table)}"


def rounded_measures(columns) -> str:
    """The select list of `columns` with numerator and denominator rounded (MEASURE_DECIMALS)
    and the value recomputed from the rounded pair (= numerator for count indicators, whose
    denominator is NULL)."""
    num = f"round(numerator, {MEASURE_DECIMALS})"
    den = f"round(denominator, {MEASURE_DECIMALS})"
    exprs = {
        "numerator": f"{num} as numerator",
        "denominator": f"{den} as denominator",
        "value": f"case when denominator is null then {num} else {num} / nullif({den}, 0) end as value",
    }
    return ", ".join(exprs.get(c, ident(c)) for c in columns)


def small(expr: str, threshold: int) -> str:
    """True when expr is a count strictly between 0 and the threshold (in absolute value)."""
    return f"(abs({expr}) > 0 and abs({expr}) < {threshold})"


def primary_condition(threshold: int, numerator: str = "numerator", denominator: str = "denominator") -> str:
    """SQL condition of primary suppression for one row.

    A NULL measure (the denominator of a count indicator) never triggers it; abs() because
    I02's numerator is a change and may be negative; fractional counts (full-time persons)
    are compared as they are, so 4.99 is below 5.
    """
    return f"({small(numerator, threshold)} or {small(denominator, threshold)})"


def persons(numerator: str = "numerator", denominator: str = "denominator") -> str:
    """The persons a row counts, for the information-loss figures: its denominator, or the
    numerator of a count indicator (NULL denominator)."""
    return f"coalesce(abs({denominator}), abs({numerator}), 0)"
