"""Bad input gets a clear message and a recorded run state, never a traceback (SPEC §5)."""

import pytest

from tests.conftest import xxgk
from xxgk import demo, storage


@pytest.fixture(scope="module")
def server():
    with demo.serve() as s:
        yield s


def _only_run(db_path):
    db = storage.open_db(str(db_path))
    [run] = list(db["runs"].rows)
    return run


def test_malformed_url_is_a_recorded_failed_run(tmp_path):
    db = tmp_path / "a.db"
    result = xxgk("crawl", "htp:/not a url", "--db", str(db))
    assert result.returncode == 2
    assert "不是有效的网址" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    run = _only_run(db)
    assert run["status"] == "failed" and "htp:/not a url" in run["error"]


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
