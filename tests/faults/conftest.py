"""Shared servers and the tally the README's reliability section quotes."""

from __future__ import annotations

import pytest

from tests.faults.runner import seed_database
from tests.faults.servers import Server
from xxgk import demo

TALLY: dict[str, bool] = {}


@pytest.fixture(scope="session")
def hostile():
    with Server() as s:
        yield s


@pytest.fixture(scope="session")
def robots_server():
    with Server(robots_bytes=50 * 1024 * 1024) as s:
        yield s


@pytest.fixture(scope="session")
def sample_portal():
    with demo.serve() as s:
        yield s


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    seed_database(path)
    return path


def pytest_terminal_summary(terminalreporter):
    if TALLY:
        held = sum(TALLY.values())
        terminalreporter.write_line(f"fault suite: {len(TALLY)} cases tried, {held} held")
        for name, ok in TALLY.items():
            if not ok:
                terminalreporter.write_line(f"  did not hold: {name}")
