"""Bad input gets a clear message and a recorded run state, never a traceback (SPEC §5)."""

import subprocess
import sys

import pytest

from tests.conftest import xxgk
from tests.support import fault_portal
from xxgk import storage


@pytest.fixture(scope="module")
def server():
    with fault_portal.serve() as s:
        yield s


def _only_run(db_path):
    db = storage.open_db(str(db_path))
    [run] = list(db["runs"].rows)
    return run


def test_malformed_url_is_rejected_before_anything_is_recorded(tmp_path):
    db = tmp_path / "a.db"
    result = xxgk("crawl", "htp:/not a url", "--db", str(db))
    assert result.returncode == 2
    assert "不是有效的网址" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert not db.exists()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("fault/pdf", "不是HTML"),
        ("fault/redirect-loop", "重定向"),
        ("fault/503", "HTTP 503"),
        ("fault/huge", "页面过大"),
    ],
)
def test_unusable_homepage_fails_cleanly(server, tmp_path, path, message):
    db = tmp_path / "a.db"
    result = xxgk("crawl", server.url + path, "--db", str(db))
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == 2, result.stdout + result.stderr
    run = _only_run(db)
    assert run["status"] == "failed"
    assert message in run["error"]
    assert run["finished_at"]


def test_unreachable_host_fails_cleanly(tmp_path):
    db = tmp_path / "a.db"
    # Port 9 on loopback: nothing listens, the connection is refused at once.
    result = xxgk("crawl", "http://127.0.0.1:9/", "--db", str(db), "--timeout", "5")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    run = _only_run(db)
    assert run["status"] == "failed" and "网站首页无法访问" in run["error"]
    fetch = list(storage.open_db(str(db))["fetches"].rows)[0]
    assert fetch["url"] == "http://127.0.0.1:9/" and fetch["error"]


def test_xxgk_runs_as_module():
    assert xxgk("--help").returncode == 0


CRASHING_READER = """
import sys
import crawler.spiders.portal as portal
from crawler import run
from xxgk import storage

real = portal.read_page

def read_page(response, mode="full", **kwargs):
    if "/zcwj/" in response.url:  # a parser bug on one column's page
        raise ValueError("boom")
    return real(response, mode, **kwargs)

portal.read_page = read_page
db_path, url = sys.argv[1], sys.argv[2]
db = storage.open_db(db_path)
run_id = storage.start_run(db, url, "2026-06-30")
run.crawl([run.Target(url, "2026-06-30", run_id)], db_path, {"LOG_LEVEL": "CRITICAL"})
"""


def test_a_reader_crash_on_one_column_is_recorded_and_the_crawl_goes_on(server, tmp_path):
    db_path = tmp_path / "c.db"
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_READER, str(db_path), server.url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    db = storage.open_db(str(db_path))
    [run] = list(db["runs"].rows)
    assert run["status"] == "completed"
    cols = {c["title"]: c for c in storage.columns(db, run["id"])}
    assert cols["政策文件"]["state"] == "unreadable" and "boom" in cols["政策文件"]["reason"]
    assert cols["通知公告"]["state"] == "ok" and cols["通知公告"]["entry_count"] == 47
    [crash] = [f for f in storage.fetches(db, run["id"]) if f["error"] and "boom" in f["error"]]
    assert crash["status"] == 200
