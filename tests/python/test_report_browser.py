"""The key-figure report opened in a real browser: headless Chromium, offline, from file://.

* The fixture report (report_fixture.py) renders without console errors, every chart has
  drawn data, each chart has its data table beside it and nothing overflows the page (layout
  boxes measured by a probe script added to a copy of the page, read back with --dump-dom).
* A screenshot of its first screen is compared with the reviewed reference image
  tests/python/reference/report_fixture_151.png, with a tolerance (grey levels of a
  down-scaled image), so a broken layout fails while anti-aliasing differences pass.
  REPORT_UPDATE_REFERENCE=1 rewrites the reference (look at it before committing).
* The PDF prints, with a page per chapter.
* The report of the test warehouse's published artefact (target/test_data/publish_1, written
  by `make test-dbt`) renders without errors and with data in its charts.
Chromium comes from scripts/ensure_chromium.sh; without it these tests skip.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import report_fixture as fx
from PIL import Image, ImageChops, ImageStat

from jobcenter_warehouse.report import cli
from jobcenter_warehouse.report.pdf import print_pdf

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path(__file__).resolve().parent / "reference" / "report_fixture_151.png"
TEST_ARTEFACT = ROOT / "target" / "test_data" / "publish_1" / "jobcenter_bi.duckdb"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--force-device-scale-factor=1", "--virtual-time-budget=5000"]
SCREEN = (1100, 1400)
# Mean absolute grey-level difference (0-255) allowed between screenshot and reference, both
# scaled down 8 times. The same machine gives 0.0; the tables of Figure 1 moved below their
# charts (only the lower third of the screen changes) gives 3.3.
TOLERANCE = 1.0

PROBE = """
<script>
(() => {
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const figures = [...document.querySelectorAll("figure.indicator")].map(f => {
    const chart = f.querySelector(".chart"), table = f.querySelector("table.data");
    const lines = [...f.querySelectorAll('.chart svg path[aria-roledescription="line mark"]')];
    const symbols = f.querySelectorAll('.chart svg path[aria-roledescription="point"]').length;
    return {id: f.dataset.indicator, chart: box(chart), table: box(table), empty: chart.classList.contains("chart-empty"),
            drawn: lines.filter(p => /L/.test(p.getAttribute("d") || "")).length, symbols: symbols};
  });
  const out = document.createElement("pre");
  out.id = "layout-probe";
  out.textContent = JSON.stringify({figures, viewport: innerWidth, scrollWidth: document.documentElement.scrollWidth,
    main: box(document.querySelector("main")), figure2: box(document.querySelector(".figure2 table"))});
  document.body.appendChild(out);
})();
</script>
"""


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = shutil.which(os.environ.get("CHROMIUM_BIN", "chromium"))
    if binary is None:
        pytest.skip("chromium is not installed: run scripts/ensure_chromium.sh")
    return binary


@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report_browser")
    artefact_path = fx.build_artefact(folder / "bi.duckdb")
    assert cli.main(["--artefact", str(artefact_path), "--out-dir", str(folder / "out"), "--no-pdf",
                     "--jobs", "1", "--municipality", "151"]) == 0
    return folder / "out" / "151_ballerup.html"


def run_chromium(chromium: str, args: list[str], url: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        return subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--window-size={SCREEN[0]},{SCREEN[1]}",
                               *args, url], capture_output=True, text=True, timeout=120)


def console_errors(stderr: str) -> list[str]:
    messages = re.findall(r':CONSOLE[^\]]*\] "(.*)", source:', stderr)
    return [m for m in messages if re.search(r"error|uncaught|failed|refused", m, re.IGNORECASE)]


def load(chromium: str, page: Path) -> tuple[dict, list[str], str]:
    """(layout probe, console errors, dumped DOM) of `page`, loaded from a probed copy."""
    probed = page.with_name(page.stem + ".probe.html")
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    result = run_chromium(chromium, ["--enable-logging=stderr", "--v=0", "--dump-dom"], probed.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    match = re.search(r'<pre id="layout-probe">(.*?)</pre>', result.stdout, re.DOTALL)
    assert match, "the probe did not run: " + result.stderr[-1000:]
    probe = json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    return probe, console_errors(result.stderr), result.stdout


def test_fixture_report_renders_with_data_and_side_by_side_tables(chromium, fixture_report):
    probe, errors, dom = load(chromium, fixture_report)
    assert not errors, errors
    figures = {f["id"]: f for f in probe["figures"]}
    # Figure 1 (I22) and one figure per charted indicator of its section (I22 again)
    assert sorted(figures) == ["I07", "I09", "I10", "I17", "I22", "I24", "S03"]
    for f in probe["figures"]:
        assert not f["empty"] and (f["drawn"] >= 1 or f["symbols"] >= 1), f"{f['id']}: chart without data"
        c_left, c_top, c_right, c_bottom = f["chart"]
        t_left, t_top, t_right, t_bottom = f["table"]
        assert c_right <= t_left + 1, f"{f['id']}: the data table is not beside the chart"
        assert c_top < t_bottom and t_top < c_bottom, f"{f['id']}: chart and table do not share a row"
        assert c_right - c_left >= 400, f"{f['id']}: chart only {c_right - c_left:.0f} px wide"
    assert probe["scrollWidth"] <= probe["viewport"], "the page scrolls sideways"
    assert probe["figure2"][2] <= probe["main"][2] + 1, "Figure 2 is wider than the page"
    assert "Jobcenteroverblik, BALLERUP" in dom and "Måloversigt" in dom


def test_fixture_report_screenshot_matches_the_reference(chromium, fixture_report, tmp_path):
    shot = tmp_path / "report.png"
    result = run_chromium(chromium, [f"--screenshot={shot}"], fixture_report.as_uri())
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    if os.environ.get("REPORT_UPDATE_REFERENCE") == "1":
        REFERENCE.parent.mkdir(exist_ok=True)
        shutil.copy(shot, REFERENCE)
    assert REFERENCE.exists(), f"no reference image {REFERENCE}: run with REPORT_UPDATE_REFERENCE=1 and review it"
    actual, expected = Image.open(shot).convert("L"), Image.open(REFERENCE).convert("L")
    assert actual.size == expected.size
    small = (actual.size[0] // 8, actual.size[1] // 8)
    diff = ImageChops.difference(actual.resize(small), expected.resize(small))
    mean = ImageStat.Stat(diff).mean[0]
    assert mean <= TOLERANCE, f"screenshot differs from the reference by {mean:.1f} grey levels (see {shot})"


def test_fixture_report_prints_to_pdf(chromium, fixture_report, tmp_path):
    pdf = tmp_path / "report.pdf"
    print_pdf(fixture_report, pdf, chromium)
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    # front page, overview, 5 sections, goal overview, appendix: at least one page each
    assert data[:5] == b"%PDF-" and pages >= 9, pages


def test_report_of_the_test_warehouse_renders(chromium, tmp_path):
    if not TEST_ARTEFACT.exists():
        pytest.skip(f"{TEST_ARTEFACT} is missing: run `make test-dbt` first")
    assert cli.main(["--artefact", str(TEST_ARTEFACT), "--out-dir", str(tmp_path), "--jobs", "1"]) == 0
    pages = sorted(tmp_path.glob("*.html"))
    assert pages and all(p.with_suffix(".pdf").exists() for p in pages)
    probe, errors, dom = load(chromium, pages[0])
    assert not errors, errors
    assert len(probe["figures"]) >= 40
    drawn = [f for f in probe["figures"] if not f["empty"]]
    assert drawn and all(f["drawn"] >= 1 or f["symbols"] >= 1 for f in drawn)
