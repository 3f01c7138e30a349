"""Goal status of an indicator in a period: met, not met, or cannot be decided, and why.

The decision itself (`goal_met`) is the comparison layer's; this module only words it, from
the same published inputs (INDICATORS.md, "Goals"): threshold, national, region_top10,
parity, trend. Where `goal_met` is NULL it names the missing input.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import formatting as fmt
from .series import Point, Series

MET, NOT_MET, UNDECIDED, NO_GOAL = "met", "not_met", "undecided", "none"
STATE_LABELS = {MET: "Opfyldt", NOT_MET: "Ikke opfyldt", UNDECIDED: "Kan ikke afgøres", NO_GOAL: "Intet mål"}
GOAL_KIND_LABELS = {
    "threshold": "Fast mål",
    "national": "Landsniveau",
    "region_top10": "Top 10 i regionen",
    "parity": "Lighed på tværs af herkomst",
    "trend": "Udvikling over 12 måneder",
}
# Goal kinds that are goals of the municipality's own strategy (the annex); 'trend' is the
# direction of STAR's sigtelinjer and implementeringsindikatorer.
STRATEGY_KINDS = ("threshold", "national", "region_top10", "parity")


@dataclass(frozen=True)
class GoalStatus:
    state: str
    reason: str

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


def _better_word(direction: str) -> str:
    return "højere" if direction == "higher" else "lavere"


def _comparison_inputs(kind: str, point: Point, target: float | None) -> tuple[float | None, float | None, str]:
    """(value compared, what it is compared with, the name of that) for a goal kind."""
    if kind == "threshold":
        return point.value, target, "målet"
    if kind == "national":
        return point.value, point.national, "landsniveauet"
    if kind == "parity":
        return point.nonwestern, point.others, "dansk og vestlig herkomst"
    if kind == "trend":
        return point.value, point.previous, "samme periode året før"
    return None, None, ""


def _missing_reason(kind: str, point: Point, target: float | None) -> str:
    if kind == "region_top10":
        if point.value is None:
            return _value_missing(point)
        return "placeringen i regionen er ikke offentliggjort"
    value, other, other_name = _comparison_inputs(kind, point, target)
    if kind == "parity":
        if value is None:
            return ("værdien for borgere med ikke-vestlig baggrund er diskretioneret" if point.nonwestern_suppressed
                    else "ingen værdi for borgere med ikke-vestlig baggrund")
        if other is None:
            return ("værdien for borgere med dansk og vestlig herkomst er diskretioneret" if point.others_suppressed
                    else "ingen værdi for borgere med dansk og vestlig herkomst")
    if value is None:
        return _value_missing(point)
    if other is None:
        hidden = kind == "trend" and point.previous_suppressed
        return f"værdien for {other_name} er diskretioneret" if hidden else f"ingen værdi for {other_name}"
    return "målet er ikke afgjort i sammenligningslaget"


def _value_missing(point: Point) -> str:
    if point.suppressed:
        return "kommunens værdi er diskretioneret (for få personer til at blive offentliggjort)"
    return "kommunen har ingen værdi i perioden"


def _reason(kind: str, point: Point, target: float | None, unit: str | None, direction: str) -> str:
    if kind == "region_top10":
        if point.region_rank is None:
            return "afgjort i sammenligningslaget; placeringen offentliggøres ikke"
        return f"nr. {point.region_rank} af {point.region_size} i regionen; målet er top 10"
    value, other, other_name = _comparison_inputs(kind, point, target)
    if value is None or other is None:
        return "afgjort i sammenligningslaget; værdierne offentliggøres ikke"
    subject = "ikke-vestlig herkomst" if kind == "parity" else "kommunen"
    return (f"{subject} {fmt.indicator_value(value, unit)} mod {other_name} "
            f"{fmt.indicator_value(other, unit)} ({_better_word(direction)} er bedre; lige er opfyldt)")


def goal_status(series: Series, point: Point | None = None, with_comparison: bool = True) -> GoalStatus:
    """The goal status of `series` in `point` (default: its latest period)."""
    kind = series.goal_kind
    if kind == "none":
        return GoalStatus(NO_GOAL, "indikatoren har intet mål")
    if not with_comparison:
        return GoalStatus(UNDECIDED, "sammenligning ikke tilgængelig i det offentliggjorte datasæt")
    if kind is None:
        return GoalStatus(NO_GOAL, "indikatoren har intet mål")
    point = point or series.latest
    if point is None:
        return GoalStatus(UNDECIDED, "ingen perioder i vinduet")
    unit, direction = series.indicator["unit"], series.indicator["direction"]
    if point.goal_met is None:
        return GoalStatus(UNDECIDED, _missing_reason(kind, point, series.target_value))
    state = MET if point.goal_met else NOT_MET
    return GoalStatus(state, _reason(kind, point, series.target_value, unit, direction))
