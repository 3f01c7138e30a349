"""Keyed pseudonyms for CPR numbers.

A plain or stored-salt hash of a CPR number is reversible by brute force (there are only
about 3.65e8 possible numbers), so the warehouse uses HMAC-SHA256 with a secret key that is
kept outside the repository and outside the warehouse: the environment variable
``PSEUDONYM_KEY``. Without it a documented demo key is used and a loud warning printed (once
per process: a dbt build lands nine extracts in one process); the demo key is refused when
``WAREHOUSE_ENV`` is ``prod`` or ``production``, however it is supplied: unset, or set
explicitly to the demo key (also with other case or surrounding blanks).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import sys
import threading

DEMO_KEY = "demo-key-not-secret-do-not-use-in-production"
PRODUCTION_ENVS = {"prod", "production"}

CPR_SHAPE = re.compile(r"^([0-9]{6})-?([0-9]{4})$")  # ASCII digits only


_warned = threading.Event()  # the demo-key banner has been printed in this process


class PseudonymKeyError(RuntimeError):
    """The pseudonym key is missing where it must be set, or not allowed."""


def is_production(environ: dict | None = None) -> bool:
    """True when ``WAREHOUSE_ENV`` marks the run as production (``prod``/``production``, any case)."""
    env = os.environ if environ is None else environ
    return env.get("WAREHOUSE_ENV", "").strip().lower() in PRODUCTION_ENVS


def is_demo_key(key: str | bytes) -> bool:
    """True for the public demo key, whatever its case and surrounding blanks."""
    text = key.decode("utf-8", "replace") if isinstance(key, bytes) else key
    return text.strip().lower() == DEMO_KEY


def check_key_allowed(key: str | bytes, environ: dict | None = None) -> None:
    """Raise :class:`PseudonymKeyError` when ``key`` is the demo key in production."""
    if is_demo_key(key) and is_production(environ):
        raise PseudonymKeyError(
            "PSEUDONYM_KEY is the public demo key and WAREHOUSE_ENV marks this run as production: "
            "refused. Set PSEUDONYM_KEY to a secret of at least 16 characters."
        )


def resolve_key(environ: dict | None = None, warn=True) -> bytes:
    """Return the HMAC key from ``PSEUDONYM_KEY``, or the demo key outside production."""
    env = os.environ if environ is None else environ
    key = env.get("PSEUDONYM_KEY", "")
    if key:
        check_key_allowed(key, env)
        if len(key) < 16:
            raise PseudonymKeyError("PSEUDONYM_KEY must be at least 16 characters long")
        return key.encode("utf-8")
    if is_production(env):
        raise PseudonymKeyError(
            "PSEUDONYM_KEY is not set and WAREHOUSE_ENV marks this run as production: "
            "the demo key is refused. Set PSEUDONYM_KEY to a secret of at least 16 characters."
        )
    if warn and not _warned.is_set():
        _warned.set()
        bar = "!" * 78
        print(
            f"\n{bar}\n!! PSEUDONYM_KEY is not set: CPR numbers are pseudonymised with the PUBLIC"
            f"\n!! demo key. Fine for synthetic demo data, NEVER for real deliveries.\n{bar}\n",
            file=sys.stderr,
            flush=True,
        )
    return DEMO_KEY.encode("utf-8")


def normalise_cpr(value: str) -> str | None:
    """``DDMMYY-SSSS`` or ``DDMMYYSSSS`` -> ten digits; anything else -> None."""
    m = CPR_SHAPE.match(value)
    return m.group(1) + m.group(2) if m else None


def pseudonymise(value: str, key: bytes) -> str:
    """HMAC-SHA256 of the normalised CPR (of the raw text when it is malformed), hex."""
    normalised = normalise_cpr(value) or value
    return hmac.new(key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()
