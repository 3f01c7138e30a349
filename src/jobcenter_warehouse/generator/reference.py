"""Reference data for the generator: municipalities, regions, countries and neighbours.

Municipalities (code, name, region, population 2018) and countries (ISO code, western /
non-western origin group, MENAPT flag) are read from the project's seeds
(``seeds/reference/municipalities.csv`` and ``countries.csv``), so the generator and the
warehouse share one code list. Neighbours (used for people moving in, and for employers in
another municipality) are the real neighbours for Region Hovedstaden's municipalities and,
elsewhere, the municipalities of the same region nearest in code order (a plausible stand-in:
kommunekoder are roughly grouped by geography).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

HOVEDSTADEN = "1084"
BALLERUP = "151"

# Land borders within Region Hovedstaden (plus Roskilde/Greve for Høje-Taastrup).
# Bornholm has none; people moving there mostly come from Copenhagen.
_HOVEDSTADEN_NEIGHBOURS = {
    "101": "147 185 167 175 159 157 163",
    "147": "101",
    "151": "240 190 159 163 161 165 169",
    "153": "167 161 165 187 175",
    "155": "185",
    "157": "101 159 173",
    "159": "101 157 173 190 151 163",
    "161": "151 163 175 153 165",
    "163": "101 159 151 161 175",
    "165": "151 161 153 187 169",
    "167": "101 175 153",
    "169": "151 165 183 240 265 253",
    "173": "157 159 190 230",
    "175": "101 167 163 161 153",
    "183": "187 169 253 165",
    "185": "101 155",
    "187": "153 165 183",
    "190": "151 159 173 230 201 240",
    "201": "190 230 223 210 219 240",
    "210": "201 223 217 219 270",
    "217": "210 270",
    "219": "201 210 270 250 240",
    "223": "230 201 210",
    "230": "173 190 201 223",
    "240": "151 190 201 219 250 169",
    "250": "240 219 270 260",
    "260": "250 270",
    "270": "217 210 219 250 260",
    "400": "101",
}


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    region_code: str
    region_name: str
    population_2018: int


@dataclass(frozen=True)
class Country:
    code: str
    name_en: str
    origin_group: str  # vestlig / ikke_vestlig
    is_menapt: bool


class ReferenceError(RuntimeError):
    """A reference file is missing or unusable."""


def default_reference_dir() -> Path:
    """``seeds/reference`` of the repository this package lives in (else of the cwd)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "seeds" / "reference"
        if (candidate / "municipalities.csv").is_file():
            return candidate
    return Path.cwd() / "seeds" / "reference"


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise ReferenceError(f"reference file {path} not found (pass --reference-dir)")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        sample = fh.read(4096)
        fh.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        return [{k.strip().lower(): (v or "").strip() for k, v in row.items()}
                for row in csv.DictReader(fh, delimiter=delimiter)]


def _truthy(text: str) -> bool:
    return text.strip().lower() in {"true", "1", "yes", "ja", "t"}


class Reference:
    """Municipalities and countries, with look-ups the generator needs."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory else default_reference_dir()
        munis = []
        for row in _rows(self.directory / "municipalities.csv"):
            try:
                munis.append(Municipality(
                    row["municipality_code"].zfill(3), row["municipality_name"],
                    row["region_code"], row["region_name"], int(float(row["population_2018"])),
                ))
            except (KeyError, ValueError) as err:
                raise ReferenceError(f"municipalities.csv: bad row {row}: {err}") from None
        if not munis:
            raise ReferenceError("municipalities.csv holds no municipality")
        self.municipalities = {m.code: m for m in sorted(munis, key=lambda m: m.code)}
        countries = {}
        for row in _rows(self.directory / "countries.csv"):
            code = row["country_code"].upper()
            countries[code] = Country(code, row.get("name_en", code), row["origin_group"],
                                      _truthy(row.get("is_menapt", "false")))
        countries.setdefault("XK", Country("XK", "Kosovo", "ikke_vestlig", False))
        self.countries = countries
        if BALLERUP not in self.municipalities:
            raise ReferenceError("municipalities.csv must contain Ballerup (151): it anchors the scale")

    # --- municipalities -------------------------------------------------------------------
    def codes_for(self, selection: str) -> list[str]:
        """Parse ``--municipalities``: a comma list of codes, 'hovedstaden' or 'all'."""
        text = selection.strip().lower()
        if text == "all":
            return list(self.municipalities)
        if text == "hovedstaden":
            return [c for c, m in self.municipalities.items() if m.region_code == HOVEDSTADEN]
        codes = []
        for part in text.split(","):
            part = part.strip()
            if not part:
                continue
            if part == "hovedstaden":
                codes += self.codes_for("hovedstaden")
                continue
            code = part.zfill(3)
            if code not in self.municipalities:
                raise ReferenceError(f"unknown municipality code {part!r} (see municipalities.csv)")
            codes.append(code)
        if not codes:
            raise ReferenceError("no municipality selected")
        return sorted(dict.fromkeys(codes))

    def region_codes(self, region: str) -> list[str]:
        return [c for c, m in self.municipalities.items() if m.region_code == region]

    def neighbours(self, code: str) -> list[str]:
        known = _HOVEDSTADEN_NEIGHBOURS.get(code)
        if known:
            out = [c for c in known.split() if c in self.municipalities and c != code]
            if out:
                return out
        region = self.municipalities[code].region_code
        same = [c for c in self.municipalities if self.municipalities[c].region_code == region and c != code]
        if not same:
            same = [c for c in self.municipalities if c != code]
        same.sort(key=lambda c: (abs(int(c) - int(code)), c))
        return same[:4]

    def populations(self) -> dict[str, int]:
        return {c: m.population_2018 for c, m in self.municipalities.items()}
