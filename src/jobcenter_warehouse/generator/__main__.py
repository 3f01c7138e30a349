"""``python -m jobcenter_warehouse.generator``: see :mod:`jobcenter_warehouse.generator.cli`."""

import sys

from .cli import main

sys.exit(main())
