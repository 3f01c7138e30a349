"""The contract exists twice (Python for landing/generator/validation, Jinja for staging): keep them equal."""

from pathlib import Path

import jinja2

from jobcenter_warehouse import contract

MACRO = Path(__file__).resolve().parents[2] / "macros" / "staging" / "extract_contract.sql"


def jinja_contract():
    captured = {}

    def _return(value):
        captured["value"] = value
        return ""

    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    env.globals["return"] = _return
    template = env.from_string(MACRO.read_text() + "{{ extract_contract() }}")
    template.render(true=True, false=False)
    return captured["value"]


def test_jinja_contract_matches_python_contract():
    spec = jinja_contract()
    assert list(spec) == list(contract.EXTRACTS)
    for name, extract in contract.EXTRACTS.items():
        columns = [(c["name"], c["kind"], c["required"]) for c in spec[name]["columns"]]
        assert columns == [(c.name, c.kind, c.required) for c in extract.columns], name
        key = tuple("cpr" if k == "person_key" else k for k in spec[name]["key"])
        assert key == extract.key, name
