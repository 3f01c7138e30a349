#!/usr/bin/env python3
"""Write the synthetic raw extracts: ``python scripts/generate_extracts.py --help``.

A thin wrapper around :mod:`jobcenter_warehouse.generator.cli`; it works from the repository
root without installing the package.
"""

import sys
from pathlib import Path

try:
    from jobcenter_warehouse.generator.cli import main
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from jobcenter_warehouse.generator.cli import main

if __name__ == "__main__":
    sys.exit(main())
