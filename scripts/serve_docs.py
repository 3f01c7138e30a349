"""Serve the documentation site (target/) on this machine only.

    python scripts/serve_docs.py                 # http://127.0.0.1:8080/
    DOCS_PORT=8181 python scripts/serve_docs.py
    python scripts/serve_docs.py --port 0 --dir /tmp/target   # any free port, another target path

Build the site first with scripts/build_docs.sh. Binds to 127.0.0.1 only: the site shows
the project's SQL and column names, not data, but it is not meant for the network. Stop with
Ctrl-C. `target/static_index.html` needs no server at all.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
DEFAULT_PORT = 8080


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files; logs only errors (the docs app requests a few files per page view)."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
        if len(args) > 1 and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Serve the dbt documentation site on 127.0.0.1.")
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("DOCS_PORT", DEFAULT_PORT)),
        help=f"port (default: env DOCS_PORT, else {DEFAULT_PORT}; 0 picks a free port)",
    )
    parser.add_argument(
        "--dir", type=Path, default=ROOT / "target",
        help="the dbt target directory holding index.html (default: target/)",
    )
    return parser.parse_args(argv)


def make_server(directory: Path, port: int) -> ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(directory))
    return ThreadingHTTPServer((HOST, port), handler)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    directory = args.dir.resolve()
    missing = [name for name in ("index.html", "manifest.json", "catalog.json") if not (directory / name).is_file()]
    if missing:
        print(f"serve_docs: {', '.join(missing)} missing in {directory}; run scripts/build_docs.sh first",
              file=sys.stderr)
        return 2
    try:
        server = make_server(directory, args.port)
    except OSError as exc:
        print(f"serve_docs: cannot listen on {HOST}:{args.port} ({exc.strerror}); set DOCS_PORT to a free port",
              file=sys.stderr)
        return 2
    port = server.server_address[1]
    print(f"Serving {directory} at http://{HOST}:{port}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
