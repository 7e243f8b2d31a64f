"""Issue 8 end to end: caps are caps, crawled text is capped and cleaned, redirect
chains are evidence, interrupted crawls are never judged."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, xxgk
from tests.faults.servers import Server
from xxgk import storage


@pytest.fixture(scope="module")
def hostile():
    with Server() as s:
        yield s


def test_max_pages_is_a_hard_cap(demo_server, tmp_path):
    db_path = tmp_path / "a.db"
    result = xxgk("crawl", demo_server.url, "--db", str(db_path), "--max-pages", "12")
    assert result.returncode == 0, result.stderr
    db = storage.open_db(str(db_path))
    [run] = list(db["runs"].rows)
    fetched = [f for f in storage.fetches(db, run["id"]) if f["status"]]
    assert 0 < len(fetched) <= 12
    assert "抓取页面数达到上限" in storage.loads(run["stats"])["capped"]


def test_a_huge_title_is_capped_everywhere(hostile, tmp_path):
    db_path, out = tmp_path / "a.db", tmp_path / "out"
    result = xxgk("audit", hostile.url + "huge-title/", "--db", str(db_path), "--out", str(out))
    assert result.returncode in (0, 1, 2) and "Traceback" not in result.stderr
    assert len(result.stdout) < 20_000
    [run] = list(storage.open_db(str(db_path))["runs"].rows)
    assert len(run["site_name"]) <= 200
    assert all(p.stat().st_size < 300_000 for p in out.iterdir())


def test_control_characters_never_reach_the_report(hostile, tmp_path):
    db_path, out = tmp_path / "a.db", tmp_path / "out"
    xxgk("audit", hostile.url + "nul-title/", "--db", str(db_path), "--out", str(out))
    [run] = list(storage.open_db(str(db_path))["runs"].rows)
    assert run["site_name"] == "某某市[31m人民政府"  # NUL, ESC and the bidi override removed
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert "\x00" not in html and "\x1b" not in html and "\u202e" not in html


def test_an_offsite_redirect_is_recorded_with_its_chain(hostile, tmp_path):
    db_path = tmp_path / "a.db"
    result = xxgk(
        "audit", hostile.url + "offsite/", "--db", str(db_path), "--out", str(tmp_path / "o")
    )
    assert result.returncode == 2 and "重定向到其他域名" in result.stdout
    db = storage.open_db(str(db_path))
    [hop] = storage.redirects(db, 1)
    chain = storage.loads(hop["chain"])
    assert hop["role"] == "home" and chain[0].endswith("/offsite/") and "localhost" in chain[-1]
    [f] = [f for f in storage.findings(db, 1) if f["rule"] == "site.redirected_offsite"]
    assert storage.loads(f["details"])["chain"] == chain


def test_an_oversized_section_is_unreadable_not_unreachable(hostile, tmp_path):
    db_path = tmp_path / "a.db"
    xxgk("crawl", hostile.url + "huge-section/", "--db", str(db_path))
    [run] = list(storage.open_db(str(db_path))["runs"].rows)
    assert "信息公开栏目无法读取：页面过大" in run["error"]


def _slow_crawl(url: str, db_path) -> subprocess.Popen:
    """A crawl of the sample portal, one request at a time, in the background."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "xxgk.cli",
            "crawl",
            url,
            "--db",
            str(db_path),
            "--concurrency",
            "1",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_double_ctrl_c_ends_interrupted_and_exits_2(demo_server, tmp_path):
    db_path = tmp_path / "a.db"
    proc = _slow_crawl(demo_server.url, db_path)
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "Traceback" not in err
    [run] = list(storage.open_db(str(db_path))["runs"].rows)
    assert run["status"] == "interrupted"


def test_a_killed_crawl_is_recognised_at_once_and_never_judged(demo_server, tmp_path):
    db_path = tmp_path / "a.db"
    proc = _slow_crawl(demo_server.url, db_path)
    time.sleep(3)
    proc.kill()
    proc.wait()
    result = xxgk("check", "--db", str(db_path), "--run", "1")
    assert result.returncode == 2 and "无法判断" in result.stdout
    assert f"pid {proc.pid}" in result.stdout
    run = storage.get_run(storage.open_db(str(db_path)), 1)
    assert run["status"] == "interrupted" and run["verdict"] == "无法判断"


def test_report_rejudges_a_pass_stored_on_an_incomplete_run(tmp_path):
    """A 合格 stored by an older version on a killed crawl is never shown again."""
    from click.testing import CliRunner

    from xxgk.cli import main

    db_path = tmp_path / "a.db"
    db = storage.open_db(str(db_path))
    run_id = storage.start_run(db, "http://a.gov.cn/", "2026-06-30")
    storage.finish_run(db, run_id, "interrupted", error="抓取进程中断，未正常结束")
    storage.update_run(db, run_id, verdict="合格", checked_at=storage.now())
    db.conn.close()
    result = CliRunner().invoke(
        main, ["report", "--db", str(db_path), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    run = storage.get_run(storage.open_db(str(db_path)), run_id)
    assert run["verdict"] == "无法判断"
    html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    assert "无法判断" in html
