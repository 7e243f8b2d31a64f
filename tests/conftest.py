import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from xxgk import demo, storage

ROOT = Path(__file__).resolve().parent.parent

# Only the SPEC §3 tables, as another crawler might write them.
SPEC_TABLES = """
create table runs (id integer primary key, site_url text, started_at text, finished_at text,
                   status text, as_of text);
create table columns (id integer primary key, run_id int, url text, title text, path text,
                      kind text, category text, state text, entry_count int, latest_date text);
create table entries (id integer primary key, run_id int, column_id int, url text, title text,
                      published text);
create table findings (id integer primary key, run_id int, rule text, severity text,
                       column_id int, url text, year int, message text, details text);
"""


def xxgk(
    *args: str, timeout: int = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the CLI in a subprocess, as users do: Scrapy's reactor runs once per process."""
    return subprocess.run(
        [sys.executable, "-m", "xxgk.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def db():
    """An empty in-memory database with the full schema."""
    return storage.open_db(":memory:")


@pytest.fixture(scope="session")
def expected():
    """Ground truth of the bundled sample portal."""
    return yaml.safe_load((demo.PORTAL / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_server():
    with demo.serve() as server:
        yield server


@pytest.fixture(scope="session")
def demo_crawl(demo_server, expected, tmp_path_factory):
    """The real spider run once over the sample portal on 127.0.0.1, with the defaults
    users get (a subprocess: Scrapy's reactor runs once per process)."""
    db_path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = xxgk("crawl", demo_server.url, "--db", str(db_path), "--as-of", str(expected["as_of"]))
    assert result.returncode == 0, result.stdout + result.stderr
    return db_path
