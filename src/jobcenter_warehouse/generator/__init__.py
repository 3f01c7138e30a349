"""Deterministic synthetic raw extracts (placeholder docstring)."""

from .config import GeneratorConfig

__all__ = ["GeneratorConfig", "generate"]


def generate(cfg, reference=None):
    from .runner import generate as _generate

    return _generate(cfg, reference)
