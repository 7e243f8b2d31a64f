"""Invariants over the registry (STYLE §5): every rule has a SPEC id (or a documented
extra id), a docstring naming its regulation (依据), a test that mentions its id and a
line in rules/README.md; every default severity and profile severity is valid."""

from pathlib import Path

import pytest

from reports import labels
from rules import load_profile
from rules.registry import EXTRA_IDS, SPEC_IDS, all_rules
from xxgk.rulebook import ENGINE_IDS, SEVERITIES, SPEC_BY_ID, SPECS

HERE = Path(__file__).parent
README = Path(__file__).parents[2] / "rules" / "README.md"
RULES = all_rules()


def test_every_spec_rule_is_registered():
    assert set(SPEC_IDS) <= {r.id for r in RULES}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_spec_id_docstring_tests_and_readme(rule):
    assert rule.id in SPEC_IDS or rule.id in EXTRA_IDS, f"{rule.id} is not a SPEC §4 id"
    assert "依据" in rule.doc, f"{rule.id}: docstring must name the regulation (依据：…)"
    assert rule.severity in SEVERITIES
    tests = [p for p in HERE.glob("test_*.py") if p.name != "test_invariants.py"]
    assert any(f'"{rule.id}"' in p.read_text(encoding="utf-8") for p in tests), (
        f"no test mentions {rule.id}"
    )
    assert f"`{rule.id}`" in README.read_text(encoding="utf-8"), (
        f"{rule.id} missing from rules/README.md"
    )


def test_profile_severities_cover_every_rule():
    sev = load_profile().data["severities"]
    assert set(sev) == {r.id for r in RULES}


def test_profile_severities_are_the_declared_defaults():
    sev = load_profile().data["severities"]
    assert sev == {r.id: SPEC_BY_ID[r.id].severity for r in RULES}


def test_every_declared_id_is_a_rule_or_the_engines():
    assert sorted(s.id for s in SPECS) == sorted(SPEC_IDS + EXTRA_IDS + ENGINE_IDS)
    assert {s.id for s in SPECS} - set(ENGINE_IDS) == {r.id for r in RULES}


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_declaration_is_complete(spec):
    assert spec.severity in SEVERITIES
    assert spec.section in dict(labels.SECTIONS)
    assert spec.label and spec.regulation


def _readme_rule_rows() -> dict[str, list[str]]:
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) == 5 and cells[0].startswith("`") and cells[0].strip("`") in SPEC_BY_ID:
            rows[cells[0].strip("`")] = cells
    return rows


def test_readme_rule_table_agrees_with_the_declarations():
    rows = _readme_rule_rows()
    assert set(rows) == set(SPEC_BY_ID), "rules/README.md's rule table lists other ids"
    for rule_id, (_, severity, _catches, _misses, basis) in rows.items():
        spec = SPEC_BY_ID[rule_id]
        assert spec.severity in severity.split(" / "), f"{rule_id}: README severity {severity}"
        assert basis == spec.regulation, f"{rule_id}: README 依据 differs from xxgk/rulebook.py"
