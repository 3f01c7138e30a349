"""The structure of the key-figure report: which sections, in which order, with which text.

The focus areas (name, goal, order) and each indicator's focus area are read from the published
`dim_indicator`; this module adds only what exists in the report alone: the split of STAR's
key figures into the reform blocks of STAR's report (`star_2018_noegletal_ballerup.txt`,
"Nøgletal for ..."), with STAR's own titles and sigtelinjer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STAR_FOCUS_AREA = "star_noegletal"


@dataclass(frozen=True)
class ReformBlock:
    """One block of STAR's report: its title, its sigtelinje and the key figures in it."""

    key: str
    title: str
    aim: str
    indicator_ids: tuple[str, ...]


# STAR's report, table of contents and the "Sigtelinje" of each block. S19 is listed so the
# block names it; the catalog marks it not computable and it has no rows.
STAR_REFORM_BLOCKS = (
    ReformBlock("foertidspension_fleksjob", "Nøgletal for reform af førtidspension og fleksjob",
                "Flest muligt skal i arbejde og forsørge sig selv.", ("S03", "S04", "S05", "S06")),
    ReformBlock("kontanthjaelp", "Nøgletal for kontanthjælpsreformen",
                "Antallet af personer på kontant- og uddannelseshjælp skal reduceres.",
                ("S07", "S08", "S09", "S10")),
    ReformBlock("sygedagpenge", "Nøgletal for sygedagpengereformen",
                "Sygefraværet skal nedbringes varigt.", ("S11", "S12", "S13", "S14")),
    ReformBlock("beskaeftigelse", "Nøgletal for beskæftigelsesreformen",
                "Antallet af dagpengemodtagere skal reduceres varigt.", ("S15", "S16", "S17", "S18")),
    ReformBlock("integration", "Nøgletal for to- og trepartsaftaler om integration",
                "Flest muligt flygtninge og familiesammenførte til flygtninge skal i arbejde og "
                "forsørge sig selv.", ("S19", "S20", "S21")),
)


@dataclass
class Section:
    """A chapter of the report: a focus area of the strategy or one STAR reform block."""

    key: str
    title: str
    goal: str
    kind: str  # 'focus_area' or 'star_block'
    indicators: list = field(default_factory=list)


def build_sections(indicators: list[dict]) -> list[Section]:
    """Sections in the strategy's order, STAR's focus area replaced by its reform blocks.

    `indicators` are dim_indicator rows (dicts) of the indicators the report charts, in any
    order; an indicator of STAR's focus area that no block lists goes to a last STAR section.
    """
    by_area: dict[str, list[dict]] = {}
    for row in sorted(indicators, key=lambda r: (r["focus_area_sort_order"], r["indicator_id"])):
        by_area.setdefault(row["focus_area"], []).append(row)
    sections = []
    for area, rows in by_area.items():
        if area == STAR_FOCUS_AREA:
            sections.extend(_star_sections(rows))
        else:
            first = rows[0]
            sections.append(Section(area, first["focus_area_name_da"], first["focus_area_goal_da"] or "",
                                    "focus_area", rows))
    return sections


def _star_sections(rows: list[dict]) -> list[Section]:
    by_id = {row["indicator_id"]: row for row in rows}
    sections = []
    for block in STAR_REFORM_BLOCKS:
        members = [by_id.pop(i) for i in block.indicator_ids if i in by_id]
        if members:
            sections.append(Section(block.key, block.title, "Sigtelinje: " + block.aim, "star_block", members))
    if by_id:
        sections.append(Section("star_other", "Øvrige nøgletal fra STAR", "", "star_block", list(by_id.values())))
    return sections
