"""Fixtures for the rules tests; the builders live in rulekit.py (put on sys.path here,
because pytest runs with --import-mode=importlib)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from rulekit import Run  # noqa: E402


@pytest.fixture
def make_run(db):
    def make(**kw):
        return Run(db, **kw)

    return make
