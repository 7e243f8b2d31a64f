"""Serve the benchmark portal on 127.0.0.1 and count the requests it answers.

nginx (Debian package, installed on demand when we are root) with keep-alive,
`tcp_nodelay on`, no access log, `daemon off` under our own process id; its
`stub_status` counter, polled every 20 ms, gives the server-side window from the
first to the last request of a crawl — the same clock for both crawlers, without
their start-up and shut-down. Without nginx: a `ThreadingHTTPServer` whose handler
keeps connections alive and disables Nagle (otherwise each keep-alive response waits
~40 ms for a delayed ACK and the server, not the crawler, sets the pace).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.portal import ARTICLE_FALLBACK, PLACEHOLDER

STATUS_PATH = "/__bench_status"
POLL_SECONDS = 0.02
_ARTICLE = re.compile(ARTICLE_FALLBACK)

_NGINX_CONF = """\
worker_processes 1;
daemon off;
master_process on;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    types {{ text/html html htm; text/plain txt; text/css css; application/javascript js; }}
    default_type application/octet-stream;
    charset utf-8;
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    open_file_cache max=50000 inactive=60s;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {root};
        index index.html;
        location = {status} {{ stub_status; }}
        location ~ "{article}" {{ try_files $uri {placeholder}; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def find_nginx(install: bool = True) -> tuple[str | None, str]:
    """The nginx binary, installing the Debian package when missing and we are root.
    Returns (path or None, a note for the output)."""
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found or not install:
        return found, ""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None, "nginx missing and cannot be installed (not root or no apt-get)"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (
        ["apt-get", "install", "-y", "-q", "nginx"],
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "nginx"],
    ):
        try:
            subprocess.run(
                cmd,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=300,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            break
        found = shutil.which("nginx") or (
            "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None
        )
        if found:
            return found, "nginx installed with apt-get"
    return None, "nginx could not be installed with apt-get"


@dataclass
class Window:
    """Requests a server answered between `mark()` and `stop()`, and when."""

    requests: int
    first: float | None  # time.monotonic() of the first request (poll resolution)
    last: float | None

    @property
    def seconds(self) -> float | None:
        if self.first is None or self.last is None or self.last <= self.first:
            return None
        return self.last - self.first


class Server:
    kind = "?"
    url = ""
    note = ""

    def mark(self) -> None:
        raise NotImplementedError

    def window(self) -> Window:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class NginxServer(Server):
    kind = "nginx"

    def __init__(self, binary: str, root: Path, work: Path) -> None:
        work.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        conf = work / "nginx.conf"
        conf.write_text(
            _NGINX_CONF.format(
                work=work.resolve(),
                root=root.resolve(),
                port=self.port,
                status=STATUS_PATH,
                article=ARTICLE_FALLBACK,
                placeholder=PLACEHOLDER,
            ),
            encoding="utf-8",
        )
        self.proc = subprocess.Popen(
            [
                binary,
                "-p",
                str(work.resolve()),
                "-c",
                str(conf.resolve()),
                "-e",
                str((work / "error.log").resolve()),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.url = f"http://127.0.0.1:{self.port}/"
        self.version = (
            subprocess.run([binary, "-v"], capture_output=True, text=True)
            .stderr.strip()
            .split("/")[-1]
        )
        self._conn: http.client.HTTPConnection | None = None
        self._wait_ready()
        self._poller: threading.Thread | None = None
        self._stop = threading.Event()
        self._samples: list[tuple[float, int]] = []

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise RuntimeError(f"nginx exited: {err.strip()}")
            try:
                self._count()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start within 10 s")

    def _count(self) -> int:
        """Total requests nginx answered (this status request included)."""
        if self._conn is None:
            self._conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            self._conn.request("GET", STATUS_PATH)
            body = self._conn.getresponse().read().decode()
        except (OSError, http.client.HTTPException):
            self._conn.close()
            self._conn = None
            raise
        return int(body.splitlines()[2].split()[2])

    def mark(self) -> None:
        self._stop.clear()
        self._samples = [(time.monotonic(), self._count())]
        self._poller = threading.Thread(target=self._poll, name="nginx-status", daemon=True)
        self._poller.start()

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            try:
                self._samples.append((time.monotonic(), self._count()))
            except OSError:
                continue

    def window(self) -> Window:
        self._stop.set()
        if self._poller is not None:
            self._poller.join()
        self._samples.append((time.monotonic(), self._count()))
        base_t, base = self._samples[0]
        first = last = None
        prev_t, prev_n = base_t, 0
        for i, (t, n) in enumerate(self._samples[1:], 1):
            crawled = n - base - i  # each status poll counts itself
            if crawled > prev_n:
                if first is None:
                    first = (prev_t + t) / 2
                last = (prev_t + t) / 2
            prev_t, prev_n = t, crawled
        return Window(prev_n, first, last)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: nginx's fast shutdown, workers included
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class _Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        self.server.hit()  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        if _ARTICLE.search(path) and not Path(self.translate_path(path)).is_file():
            self.path = PLACEHOLDER
        return super().send_head()


class _Threading(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock = threading.Lock()
        self.requests = 0
        self.first: float | None = None
        self.last: float | None = None
        super().__init__(("127.0.0.1", 0), lambda *a: _Handler(*a, directory=str(root)))

    def hit(self) -> None:
        now = time.monotonic()
        with self.lock:
            self.requests += 1
            self.first = self.first or now
            self.last = now


class StdlibServer(Server):
    kind = "ThreadingHTTPServer (TCP_NODELAY, HTTP/1.1)"

    def __init__(self, root: Path, note: str = "") -> None:
        self.httpd = _Threading(root)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.version = ""
        self.note = note

    def mark(self) -> None:
        with self.httpd.lock:
            self.httpd.requests, self.httpd.first, self.httpd.last = 0, None, None

    def window(self) -> Window:
        with self.httpd.lock:
            return Window(self.httpd.requests, self.httpd.first, self.httpd.last)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def serve(root: Path, work: Path, install: bool = True) -> Server:
    binary, note = find_nginx(install)
    if binary:
        try:
            server: Server = NginxServer(binary, root, work)
            server.note = note
            return server
        except (OSError, RuntimeError) as exc:
            note = f"nginx failed to start ({exc})"
    return StdlibServer(
        root, note=(note or "nginx not available") + "; fell back to ThreadingHTTPServer"
    )
