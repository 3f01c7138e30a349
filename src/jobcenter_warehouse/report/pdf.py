"""PDF of a written report: headless Chromium's print-to-PDF (Debian's `chromium` package).

Offline: the page has no external resources, and Chromium runs with networking features off
and a throw-away profile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-pdf-header-footer",
)


def chromium_binary() -> str | None:
    return shutil.which(os.environ.get("CHROMIUM_BIN", "chromium"))


def print_pdf(html_file: Path, pdf_file: Path, binary: str) -> None:
    """Write `pdf_file` from `html_file`; raises RuntimeError with Chromium's last words."""
    with tempfile.TemporaryDirectory(prefix="report-chromium-") as profile:
        cmd = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_file}",
               html_file.resolve().as_uri()]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not pdf_file.exists():
        raise RuntimeError(f"chromium could not print {html_file.name}: {result.stderr[-500:]}")
