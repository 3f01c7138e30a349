"""The documentation site, opened like a user opens it, and the documentation of every indicator.

* Every built indicator of the catalog has its doc block, a model description and column
  descriptions taken from it, and a metric described by the same doc block (read from
  target/manifest.json; skipped when no `dbt parse` has written it).
* target/static_index.html (built by scripts/build_docs.sh when missing and a warehouse
  exists) is opened in headless Chromium: screenshots of the overview page, of an
  indicator's model page and of its metric page go to target/screenshots/, and the rendered
  DOM must show the overview text and the indicator's definition, without page errors. The
  served site (scripts/serve_docs.py) must load its manifest and catalog.
  Chromium comes from Debian's `chromium` package (scripts/ensure_chromium.sh installs it);
  without it these tests skip.

DOCS_TARGET_PATH selects another dbt target directory (default target/).
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "jobcenter_warehouse"
CATALOG = ROOT / "seeds" / "reference" / "indicator_catalog.csv"
INDICATOR_COLUMNS = ["indicator_id", "municipality_code", "period_start", "origin_group", "gender",
                     "age_band", "target_group", "numerator", "denominator", "value"]
EXAMPLE_MART = "ind_i10__dagpenge_efter_13_uger"
EXAMPLE_METRIC = "i10_dagpenge_efter_13_uger"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=8000", "--window-size=1400,1000",
]
# The dbt docs app binds <img src="{{ getIcon(...) }}"> before Angular interpolates it, so the
# browser tries once to load that literal URL: harmless, and not an error of this project.
BENIGN_CONSOLE = re.compile(r"getIcon\(|favicon")
ERROR_CONSOLE = re.compile(r"uncaught|error|exception|failed|cannot|undefined is not", re.IGNORECASE)


def target_dir() -> Path:
    return Path(os.environ.get("DOCS_TARGET_PATH") or ROOT / "target").resolve()


def built_indicators() -> list[dict[str, str]]:
    with CATALOG.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["mart_name"].strip()]


def metric_name(mart_name: str) -> str:
    return mart_name.removeprefix("ind_").replace("__", "_", 1)


def plain_markdown(text: str) -> str:
    """Markdown as the reader sees it: no emphasis or code markers, one space between words."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|\*|`)", "", text)
    text = re.sub(r"^\s*(#+|-|\d+\.)\s+", "", text, flags=re.MULTILINE)
    return re.sub(r"\s+", " ", text).strip()


def rendered_text(dom: str) -> str:
    """The visible text of a dumped DOM (scripts, which hold the inlined manifest, removed)."""
    dom = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.DOTALL | re.IGNORECASE)
    dom = re.sub(r"<[^>]+>", "", dom)
    return re.sub(r"\s+", " ", html.unescape(dom)).strip()


def definition_phrases(block: str, count: int = 4, length: int = 60) -> list[str]:
    """The start of the first `count` bullet points of a doc block, as rendered text."""
    bullets = [plain_markdown(item) for item in re.findall(r"^- (.+(?:\n(?!- ).+)*)", block, flags=re.MULTILINE)]
    phrases = []
    for bullet in bullets[:count]:
        cut = bullet[:length].rsplit(" ", 1)[0] if len(bullet) > length else bullet
        phrases.append(cut)
    return phrases


# ---------------------------------------------------------------- documentation of every indicator

@pytest.fixture(scope="module")
def manifest() -> dict:
    path = target_dir() / "manifest.json"
    if not path.exists():
        pytest.skip(f"{path} is missing: run `.venv/bin/dbt parse` (or scripts/build_docs.sh) first")
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_built_indicator_is_documented(manifest):
    problems = []
    for row in built_indicators():
        indicator_id, mart = row["indicator_id"], row["mart_name"]
        doc_id = f"doc.{PROJECT}.ind_{indicator_id.lower()}"
        doc = manifest["docs"].get(doc_id)
        if not doc or not doc["block_contents"].strip():
            problems.append(f"{indicator_id}: no doc block ind_{indicator_id.lower()}")
            continue
        block = doc["block_contents"].strip()
        catalog_doc = manifest["docs"].get(f"{doc_id}_catalog")
        if not catalog_doc or "Definition (dansk)" not in catalog_doc["block_contents"]:
            problems.append(f"{indicator_id}: no catalog doc block with the Danish definition")
            continue
        # The hand-written block, then the catalog's (definitions in Danish and English,
        # source by title, goal), as scripts/generate_metrics.py writes them.
        block = block + "\n\n" + catalog_doc["block_contents"].strip()
        if ".txt" in block:
            problems.append(f"{indicator_id}: the docs name a source file instead of its title")
        model = manifest["nodes"].get(f"model.{PROJECT}.{mart}")
        if model is None:
            problems.append(f"{indicator_id}: no model {mart}")
        else:
            if model["description"].strip() != block:
                problems.append(f"{indicator_id}: {mart}'s description is not its doc block")
            missing = [column for column in INDICATOR_COLUMNS if column not in model["columns"]]
            undocumented = [name for name, column in model["columns"].items() if not column["description"].strip()]
            if missing or undocumented:
                problems.append(f"{indicator_id}: columns missing {missing}, undocumented {undocumented}")
        metric = manifest["metrics"].get(f"metric.{PROJECT}.{metric_name(mart)}")
        if metric is None:
            problems.append(f"{indicator_id}: no metric {metric_name(mart)}")
        else:
            if metric["description"].strip() != block:
                problems.append(f"{indicator_id}: metric {metric['name']} is not described by the doc block")
            if not metric["label"].startswith(f"{indicator_id} · {row['name_da']}"):
                problems.append(f"{indicator_id}: metric label {metric['label']!r}")
    assert not problems, "\n".join(problems)


def test_semantic_models_and_exposures_are_documented(manifest):
    semantic_models = {node["name"]: node for node in manifest["semantic_models"].values()}
    assert {"sem_indicator_values", "sem_indicator_values_population_split"} <= set(semantic_models)
    for name in ("sem_indicator_values", "sem_indicator_values_population_split"):
        assert semantic_models[name]["description"].strip(), name
    exposures = {node["name"]: node for node in manifest["exposures"].values()}
    assert {"bi_publish_layer", "star_figure_2_analysis"} <= set(exposures)
    assert f"model.{PROJECT}.fct_indicator_values" in exposures["bi_publish_layer"]["depends_on"]["nodes"]


# ---------------------------------------------------------------- the site in a browser

@pytest.fixture(scope="module")
def chromium() -> str:
    binary = shutil.which(os.environ.get("CHROMIUM_BIN", "chromium"))
    if binary is None:
        pytest.skip("chromium is not installed: run scripts/ensure_chromium.sh (apt-get install -y chromium)")
    return binary


@pytest.fixture(scope="module")
def site(manifest) -> Path:
    """target/ with index.html, manifest.json, catalog.json and static_index.html."""
    target = target_dir()
    if not (target / "static_index.html").exists():
        warehouse = Path(os.environ.get("DUCKDB_PATH") or ROOT / "warehouse" / "jobcenter.duckdb")
        if not warehouse.exists():
            pytest.skip(f"{target / 'static_index.html'} is missing and there is no warehouse at {warehouse} "
                        "to build it from (run `make build` and scripts/build_docs.sh)")
        result = subprocess.run(["bash", str(ROOT / "scripts" / "build_docs.sh"), "--target-path", str(target)],
                                cwd=ROOT, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stdout + result.stderr
    return target


def open_page(chromium: str, url: str, screenshot: Path | None = None) -> tuple[str, list[str]]:
    """Load `url` in headless Chromium: (rendered text, page console errors). With
    `screenshot`, also write a PNG of the page as a user sees it."""
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        base = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            shot = subprocess.run([*base, f"--screenshot={screenshot}", url],
                                  capture_output=True, text=True, timeout=120)
            assert shot.returncode == 0 and screenshot.exists(), shot.stderr[-2000:]
        dump = subprocess.run([*base, "--enable-logging=stderr", "--v=0", "--dump-dom", url],
                              capture_output=True, text=True, timeout=120)
    assert dump.returncode == 0, dump.stderr[-2000:]
    console = re.findall(r':CONSOLE[^\]]*\] "(.*)", source:', dump.stderr)
    errors = [line for line in console if ERROR_CONSOLE.search(line) and not BENIGN_CONSOLE.search(line)]
    return rendered_text(dump.stdout), errors


def assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert len(data) > 30_000, f"{path} is only {len(data)} bytes: the page looks empty"


def test_overview_page(chromium, site, manifest):
    overview = manifest["docs"][f"doc.{PROJECT}.__overview__"]["block_contents"]
    paragraphs = [plain_markdown(p) for p in re.split(r"\n\s*\n", overview) if p.strip() and not p.startswith("#")]
    expected = paragraphs[0][:80].rsplit(" ", 1)[0]

    screenshot = site / "screenshots" / "overview.png"
    text, errors = open_page(chromium, f"{(site / 'static_index.html').as_uri()}#!/overview", screenshot)
    assert_png(screenshot)
    assert not errors, errors
    assert "Jobcenter warehouse" in text
    assert expected in text, f"overview text {expected!r} not rendered"


def test_indicator_model_page_shows_the_definition(chromium, site, manifest):
    block = manifest["docs"][f"doc.{PROJECT}.ind_i10"]["block_contents"]
    screenshot = site / "screenshots" / "ind_i10__model.png"
    url = f"{(site / 'static_index.html').as_uri()}#!/model/model.{PROJECT}.{EXAMPLE_MART}"
    text, errors = open_page(chromium, url, screenshot)
    assert_png(screenshot)
    assert not errors, errors
    assert EXAMPLE_MART in text
    assert "Andel forsikrede ledige der fortsat modtager dagpenge 13 uger efter første ledighedsdag" in text
    for phrase in definition_phrases(block):
        assert phrase in text, f"definition text {phrase!r} not rendered"
    # The catalog block: the definition in Danish and English, the source by its title.
    assert "Definition (dansk): a_dagpenge-forløb med første dag i m" in text
    assert "Definition (English): a_dagpenge chains with first day in m" in text
    assert "Ballerup Kommune, Bilag 2 til Beskæftigelsesstrategi: Indikatorer, revideret november 2022" in text
    assert "bilag2_indikatorer.txt" not in text
    for column in INDICATOR_COLUMNS:
        assert column in text


def test_indicator_metric_page_shows_the_definition(chromium, site, manifest):
    """Overview -> Metrics -> the indicator: the definition two clicks from the overview."""
    block = manifest["docs"][f"doc.{PROJECT}.ind_i10"]["block_contents"]
    screenshot = site / "screenshots" / "ind_i10__metric.png"
    url = f"{(site / 'static_index.html').as_uri()}#!/metric/metric.{PROJECT}.{EXAMPLE_METRIC}"
    text, errors = open_page(chromium, url, screenshot)
    assert_png(screenshot)
    assert not errors, errors
    assert EXAMPLE_METRIC in text
    for phrase in definition_phrases(block, count=2):
        assert phrase in text, f"definition text {phrase!r} not rendered"


def test_served_site_loads_manifest_and_catalog(chromium, site):
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve_docs.py"), "--port", "0", "--dir", str(site)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, f"serve_docs.py did not start: {line!r} {server.stderr.read() if server.poll() else ''}"
        text, errors = open_page(chromium, f"http://127.0.0.1:{match.group(1)}/#!/overview")
        assert not errors, errors
        assert "Jobcenter warehouse" in text
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    log = server.stderr.read()
    failed = [line for line in log.splitlines() if re.search(r"(manifest|catalog)\.json\S* HTTP/1\.\d\" [45]", line)]
    assert not failed, failed


def test_serve_docs_refuses_a_missing_site(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "serve_docs.py"), "--dir", str(tmp_path)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "build_docs.sh" in result.stderr
