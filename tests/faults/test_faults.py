"""Every case of the fault corpus (tests/faults/cases.py) holds the invariants of
tests/faults/runner.py. `pytest tests/faults -q` ends with the tally."""

from __future__ import annotations

import pytest

from tests.faults.cases import CASES
from tests.faults.conftest import TALLY
from tests.faults.runner import run_case


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fault_case_holds(case, tmp_path, hostile, robots_server, sample_portal, template_db):
    server = robots_server if case.setup == "huge_robots" else hostile
    outcome = run_case(case, tmp_path, server.url, sample_portal.url, template_db)
    TALLY[case.name] = outcome.held
    assert outcome.held, (
        f"{case.name}: {outcome.problems}\nexit {outcome.code}\n"
        f"stdout: {outcome.stdout[-600:]}\nstderr: {outcome.stderr[-600:]}"
    )
