"""Crawler traps and robots.txt: an endless pager stops at the cap with a recorded
warning; a column robots.txt forbids is recorded as such, not fetched."""

import re
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import ROOT, xxgk
from xxgk import storage

HOME = '<html><head><meta charset="utf-8"><title>陷阱测试局</title></head><body><a href="/xxgk/">政府信息公开</a></body></html>'
SECTION = (
    '<html><head><meta charset="utf-8"><title>政府信息公开</title></head><body>'
    '<div class="crumb">当前位置：<a href="/">首页</a> &gt; 政府信息公开</div><ul>'
    '<li><a href="/xxgk/rl/list_1.html">工作动态</a></li><li><a href="/private/tzgg/">通知公告</a></li>'
    "</ul></body></html>"
)


def calendar(n: int) -> str:
    items = "".join(
        f'<li><a href="/xxgk/rl/t2026{n % 12 + 1:02d}01_{n}{i}.html">活动日历第{n}期第{i}条</a>'
        f"<span>2026-{n % 12 + 1:02d}-0{i + 1}</span></li>"
        for i in range(3)
    )
    return (
        f'<html><head><meta charset="utf-8"><title>工作动态</title></head><body><ul class="list">{items}</ul>'
        f'<a href="list_{n + 1}.html">下一页</a></body></html>'
    )


class Trap(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self):
        if self.path == "/robots.txt":
            body, ctype = "User-agent: *\nDisallow: /private/\n", "text/plain"
        elif self.path == "/":
            body, ctype = HOME, "text/html"
        elif self.path == "/framed/":
            body = '<html><frameset><frame src="/framed/top.html"><frame src="/framed/main.html"></frameset></html>'
            ctype = "text/html"
        elif self.path == "/framed/main.html":
            body, ctype = HOME, "text/html"
        elif self.path in ("/framed/top.html", "/plain/"):
            body, ctype = (
                "<html><head><title>某某局</title></head><body><a href='/a.html'>关于我们</a></body></html>",
                "text/html",
            )
        elif self.path == "/xxgk/":
            body, ctype = SECTION, "text/html"
        elif m := re.fullmatch(r"/xxgk/rl/list_(\d+)\.html", self.path):
            body, ctype = calendar(int(m.group(1))), "text/html"
        else:
            body, ctype = "<html><body>正文 发布日期：2026-01-01</body></html>", "text/html"
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def trap_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Trap)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_endless_pager_stops_at_the_cap_and_robots_is_obeyed(trap_url, tmp_path):
    db_path = tmp_path / "t.db"
    result = xxgk(
        "crawl", trap_url, "--db", str(db_path), "--max-list-pages", "5", "--as-of", "2026-06-30"
    )
    assert result.returncode == 0, result.stderr
    db = storage.open_db(str(db_path))
    [run] = list(db["runs"].rows)
    assert run["status"] == "completed"
    assert any("分页达到上限" in c for c in storage.loads(run["stats"])["capped"])
    cols = {c["title"]: c for c in storage.columns(db, run["id"])}
    calendar_col = cols["工作动态"]
    assert calendar_col["truncated"] == 1 and calendar_col["list_pages"] == 5
    assert calendar_col["entry_count"] == 15 and calendar_col["state"] == "ok"
    assert "上限" in calendar_col["reason"]
    forbidden = cols["通知公告"]
    assert forbidden["state"] == "unreachable" and forbidden["reason"] == "robots.txt 禁止抓取"
    [blocked] = [f for f in storage.fetches(db, run["id"]) if "/private/" in f["url"]]
    assert blocked["status"] is None and blocked["error"] == "robots.txt 禁止抓取"


def _crawl(url, tmp_path):
    db_path = tmp_path / "f.db"
    result = xxgk("crawl", url, "--db", str(db_path), "--max-list-pages", "2")
    db = storage.open_db(str(db_path))
    [run] = list(db["runs"].rows)
    return result, db, run


def test_section_found_inside_a_frame(trap_url, tmp_path):
    result, db, run = _crawl(trap_url + "framed/", tmp_path)
    assert result.returncode == 0 and run["error"] is None
    assert run["section_url"] == trap_url + "xxgk/"
    assert db["columns"].count == 2


def test_no_section_is_a_recorded_reason_not_a_failure_to_run(trap_url, tmp_path):
    result, db, run = _crawl(trap_url + "plain/", tmp_path)
    assert result.returncode == 0 and run["status"] == "completed"
    assert run["section_url"] is None and "未找到" in run["error"]


def test_ctrl_c_leaves_an_interrupted_run_and_earlier_runs_intact(trap_url, tmp_path):
    db_path = tmp_path / "i.db"
    assert (
        xxgk(
            "crawl", trap_url + "framed/", "--db", str(db_path), "--max-list-pages", "2"
        ).returncode
        == 0
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "xxgk.cli",
            "crawl",
            trap_url,
            "--db",
            str(db_path),
            "--max-list-pages",
            "100000",
            "--max-pages",
            "100000",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    db = storage.open_db(str(db_path))
    deadline = time.monotonic() + 60
    while (
        time.monotonic() < deadline
        and db.execute("select count(*) from entries where run_id = 2").fetchone()[0] < 30
    ):
        time.sleep(0.2)  # wait until the second crawl is well under way
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) in (0, 2)
    first, second = storage.get_run(db, 1), storage.get_run(db, 2)
    assert (
        first["status"] == "completed"
        and db.execute("select count(*) from columns where run_id = 1").fetchone()[0] == 2
    )
    assert second["status"] == "interrupted" and second["finished_at"]
    assert storage.loads(second["stats"])["finish_reason"] == "shutdown"
