"""Invariants over the registry (STYLE §5): every rule has a SPEC id (or a documented
extra id), a docstring naming its regulation (依据), a test that mentions its id and a
line in rules/README.md; every default severity and profile severity is valid."""

from pathlib import Path

import pytest

from rules import load_profile
from rules.registry import EXTRA_IDS, SEVERITIES, SPEC_IDS, all_rules

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
