"""Hostile web servers on 127.0.0.1: each path misbehaves in one way a real government
server (or an attacker in front of one) can."""

from __future__ import annotations

import gzip
import os
import threading
import time
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOME = (
    '<html><head><title>{title}</title></head><body><a href="/xxgk/">政府信息公开</a></body></html>'
)
SECTION = (
    "<html><head><title>政府信息公开</title></head><body>"
    '<div class="crumb">首页 &gt; 政府信息公开</div><ul>'
    '<li><a href="/xxgk/tzgg/">通知公告</a></li>'
    '<li><a href="/xxgk/zcwj/">政策文件</a></li></ul></body></html>'
)
LIST = (
    "<html><head><title>{name}</title></head><body>"
    '<div class="crumb">首页 &gt; 政府信息公开 &gt; {name}</div><ul class="list">'
    + "".join(
        f'<li><a href="/xxgk/{{slug}}/a{i}.html">第{i}号通知</a><span>2026-06-{i + 10:02d}</span></li>'
        for i in range(1, 9)
    )
    + "</ul></body></html>"
)


@cache
def _bomb() -> bytes:
    return gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)


class Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    robots_bytes = 0  # > 0: robots.txt of that size

    def log_message(self, *args):  # quiet
        pass

    def _send(
        self,
        body: bytes,
        ctype: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _html(self, text: str) -> None:
        self._send(text.encode("utf-8"))

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):  # noqa: C901 (one branch per misbehaviour is the point)
        path = self.path
        if path == "/robots.txt":
            if self.robots_bytes:
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(self.robots_bytes))
                self.end_headers()
                chunk = b"Disallow: /nothing-here/\n" * 4096
                sent = 0
                try:
                    while sent < self.robots_bytes:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                except OSError:
                    pass
                return
            return self._send(b"", "text/plain", 404)
        if path.startswith("/slowloris/"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(60):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
            return
        if path.startswith("/gzip-bomb/"):
            return self._send(_bomb(), headers={"Content-Encoding": "gzip"})
        if path.startswith("/lying-length/"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<html><title>short</title>")
            self.wfile.flush()
            self.close_connection = True
            return
        if path.startswith("/redirect/"):
            n = int(path.split("/")[2] or 0)
            return self._send(b"", status=302, headers={"Location": f"/redirect/{n + 1}/"})
        if path.startswith("/offsite/"):
            port = self.server.server_address[1]
            target = f"http://localhost:{port}/site/"
            return self._send(b"", status=301, headers={"Location": target})
        if path.startswith("/huge-title/"):
            return self._html(HOME.format(title="某某市人民政府" * 150_000))
        if path.startswith("/nul-title/"):
            return self._html(HOME.format(title="某某\x00市\x1b[31m人民政府\u202e"))
        if path.startswith("/binary/"):
            return self._send(os.urandom(256 * 1024))
        if path.startswith("/huge-section/"):
            if path == "/huge-section/":
                return self._html(
                    HOME.replace("/xxgk/", "/huge-section/xxgk/").format(title="某某市人民政府")
                )
            return self._html(SECTION + "<!--" + "x" * (9 * 1024 * 1024) + "-->")
        if path.startswith("/site/") or path == "/":
            return self._html(HOME.format(title="某某市人民政府").replace("/xxgk/", "/site/xxgk/"))
        # a small, valid portal: /xxgk/ section, two list columns, their articles
        rest = path.split("/site", 1)[-1]
        if rest in ("/xxgk/", "/xxgk/index.html"):
            return self._html(SECTION.replace('href="/xxgk/', 'href="/site/xxgk/'))
        for slug, name in (("tzgg", "通知公告"), ("zcwj", "政策文件")):
            if rest == f"/xxgk/{slug}/":
                body = LIST.replace("{slug}", slug).replace('href="/xxgk/', 'href="/site/xxgk/')
                return self._html(body.replace("{name}", name))
            if rest.startswith(f"/xxgk/{slug}/a"):
                time.sleep(0.05)
                return self._html(
                    f"<html><head><title>通知</title></head><body><h1>通知</h1>"
                    f"<p>发布日期：2026-06-12</p><p>{'正文' * 200}</p></body></html>"
                )
        return self._send(b"not found", "text/plain", 404)


class Server:
    def __init__(self, robots_bytes: int = 0) -> None:
        handler = type("Handler", (Hostile,), {"robots_bytes": robots_bytes})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
