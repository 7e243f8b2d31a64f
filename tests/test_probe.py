"""`xxgk probe`: one homepage visit per site, stored; against servers on 127.0.0.1."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from xxgk import storage
from xxgk.cli import main
from xxgk.urls import url_key

HOME = "<html><head><meta charset='gbk'></head><body><h1>某某市人民政府</h1><li>通知 2026-06-28</li><li>动态 2026年6月29日</li>"


class Handler(BaseHTTPRequestHandler):
    delay = 0.0

    def do_GET(self):  # noqa: N802 (http.server's name)
        time.sleep(self.delay)
        body = HOME.encode("gbk")  # a GBK page sent without a header charset
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        try:
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            return  # the probe gave up on the slow server: that is the point

    def log_message(self, *args):
        pass


class Slow(Handler):
    delay = 3.0


@pytest.fixture
def servers():
    started = []
    for handler in (Handler, Slow):
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
    with socket.socket() as s:  # a port nobody listens on: connection refused
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    yield [f"http://127.0.0.1:{srv.server_address[1]}/" for srv in started] + [
        f"http://127.0.0.1:{closed}/"
    ]
    for server in started:
        server.shutdown()
        server.server_close()


def test_probe_stores_one_visit_per_site(tmp_path, servers):
    healthy, slow, refused = servers
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites:\n" + "".join(f"  - url: {u}\n" for u in servers), encoding="utf-8")
    db_path = tmp_path / "p.db"
    result = CliRunner().invoke(main, ["probe", str(sites), "--db", str(db_path), "--timeout", "1"])
    assert result.exit_code == 0, result.output  # a probe is not a verdict
    assert "probed 3 · failed 2" in result.output
    db = storage.open_db(str(db_path))
    rows = {r["site_url"]: r for r in db["probes"].rows}
    assert set(rows) == set(servers)
    ok = rows[healthy]
    assert ok["ok"] == 1 and ok["status"] == 200 and ok["error"] is None
    assert ok["site_key"] == url_key(healthy) and ok["elapsed_ms"] < 1000
    assert ok["newest_date"] == "2026-06-29" and len(ok["content_hash"]) == 40
    assert rows[slow]["ok"] == 0 and rows[slow]["error"] == "首页超过 1 秒未打开"
    assert rows[refused]["ok"] == 0 and rows[refused]["error"] == "连接被拒绝"
    for r in rows.values():
        assert r["probed_at"].endswith("+00:00")
    assert storage.probe_history(db, url_key(slow), "2000-01-01", "2100-01-01")[0]["ok"] == 0


def test_probe_with_a_bad_sites_file_exits_2_in_one_line(tmp_path):
    bad = tmp_path / "sites.yaml"
    bad.write_text("sites: [{name: 无网址}]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["probe", str(bad), "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "url" in result.output


def test_probe_with_an_unusable_database_exits_2(tmp_path):
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites: [http://127.0.0.1:9/]\n", encoding="utf-8")
    not_db = tmp_path / "x.db"
    not_db.write_bytes(b"not a database at all" * 100)
    result = CliRunner().invoke(main, ["probe", str(sites), "--db", str(not_db)])
    assert result.exit_code == 2 and "SQLite" in result.output
    assert "Traceback" not in result.output
