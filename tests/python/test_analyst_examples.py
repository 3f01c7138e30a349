"""The copy-paste examples of docs/analysts.md work against a built warehouse.

Every ```sql block whose first line is a `-- example` comment runs on a read-only DuckDB
connection; every ```bash block whose first line is a `# example` comment runs in bash from a
directory that looks like the repository root to it (`.venv`, `dbt_project.yml`,
`profiles.yml`, `scripts`) but has its own `target/` (target/mf_test/, where `dbt parse` writes
the semantic manifest `mf` reads), so a concurrent `dbt build` is not disturbed. The warehouse
is DUCKDB_PATH, else warehouse/jobcenter.duckdb; without it the tests skip.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "analysts.md"
WORK_DIR = ROOT / "target" / "mf_test"
BLOCK = re.compile(r"^```(sql|bash)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def example_blocks(language: str) -> list[tuple[str, str]]:
    """(title, code) of the marked examples of one language, in page order."""
    marker = "-- example" if language == "sql" else "# example"
    blocks = []
    for found_language, code in BLOCK.findall(GUIDE.read_text(encoding="utf-8")):
        first = code.splitlines()[0].strip() if code.strip() else ""
        if found_language == language and first.startswith(marker):
            title = first[len(marker):].lstrip(": ").strip() or f"{language} example {len(blocks) + 1}"
            blocks.append((title, code))
    return blocks


SQL_EXAMPLES = example_blocks("sql")
BASH_EXAMPLES = example_blocks("bash")


def test_the_guide_has_examples_of_both_kinds():
    assert len(SQL_EXAMPLES) >= 4
    assert len(BASH_EXAMPLES) >= 4
    assert any(".venv/bin/mf query" in code for _, code in BASH_EXAMPLES)
    assert any("read_only=True" in code for _, code in BASH_EXAMPLES)


@pytest.fixture(scope="module")
def warehouse() -> Path:
    path = Path(os.environ.get("DUCKDB_PATH") or ROOT / "warehouse" / "jobcenter.duckdb").resolve()
    if not path.exists():
        pytest.skip(f"no built warehouse at {path} (set DUCKDB_PATH or run `make build`)")
    return path


@pytest.mark.parametrize("title,code", SQL_EXAMPLES, ids=[title for title, _ in SQL_EXAMPLES])
def test_sql_example(warehouse, title, code):
    import duckdb
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(code.strip().rstrip(";")).fetchall()
    assert rows, f"{title!r} returned no rows"


@pytest.fixture(scope="module")
def work_dir(warehouse) -> Path:
    """The repository as the examples see it, with a private target/ holding a fresh parse."""
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    profiles = "profiles.yml" if (ROOT / "profiles.yml").exists() else "profiles.yml.example"
    for name, source in ((".venv", ".venv"), ("dbt_project.yml", "dbt_project.yml"),
                         ("profiles.yml", profiles), ("scripts", "scripts")):
        link = WORK_DIR / name
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(ROOT / source)
    command = [str(Path(sys.executable).parent / "dbt"), "parse", "--quiet",
               "--target-path", str(WORK_DIR / "target"), "--log-path", str(WORK_DIR / "logs")]
    result = subprocess.run(command, cwd=ROOT, env=example_env(warehouse), capture_output=True, text=True, timeout=600)
    if result.returncode != 0 and "found two" in result.stdout + result.stderr:
        # dbt-core 1.12.0's partial parsing can report a metric twice after metrics moved
        # between files (dbt-core issue #13004); a full parse succeeds.
        result = subprocess.run([*command, "--no-partial-parse"], cwd=ROOT, env=example_env(warehouse),
                                capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return WORK_DIR


def example_env(warehouse: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DUCKDB_PATH": str(warehouse), "DO_NOT_TRACK": "1", "PYTHONPATH": str(ROOT / "src")})
    return env


@pytest.mark.parametrize("title,code", BASH_EXAMPLES, ids=[title for title, _ in BASH_EXAMPLES])
def test_bash_example(work_dir, warehouse, title, code):
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", code], cwd=work_dir,
                            env=example_env(warehouse), capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{title!r} failed:\n{output[-3000:]}"
    assert "ERROR" not in result.stdout, output[-3000:]
    assert result.stdout.strip(), f"{title!r} printed nothing"
