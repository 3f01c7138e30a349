"""Check ``DBT_VARS`` (the dbt vars that the make targets pass to ``dbt --vars``) first.

dbt reads ``--vars`` as YAML, where an unquoted ``2026-13-01`` is a date that cannot exist:
dbt then stops with a long Python traceback before any of the project runs. ``make`` calls
this module first, so such a value gives one line instead:

    DBT_VARS='{as_of_date: 2026-13-01}' make build
    error: DBT_VARS: 2026-13-01 is not a calendar date (write dates as YYYY-MM-DD)

Only the YAML is checked here; what a var may hold (for instance, an as-of date must not lie
in the future) is checked by the project itself (``macros/reporting/reporting_date_var.sql``).
Exit status: 0 when ``DBT_VARS`` is empty or a YAML mapping, 2 otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys

import yaml

DATE_LIKE = re.compile(r"(?<![\w-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w-])")


def problem(text: str) -> str | None:
    """Why ``text`` cannot be given to ``dbt --vars``, in one sentence; None when it can."""
    if not text.strip():
        return None
    for match in DATE_LIKE.finditer(text):
        try:
            dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            return f"{match.group(0)} is not a calendar date (write dates as YYYY-MM-DD)"
    try:
        value = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        return f"not valid YAML ({reason}); write it like '{{as_of_date: 2026-10-31}}'"
    if not isinstance(value, dict):
        return "must be a YAML mapping, like '{as_of_date: 2026-10-31}'"
    return None


def main() -> int:
    message = problem(os.environ.get("DBT_VARS", ""))
    if message:
        print(f"error: DBT_VARS: {message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
