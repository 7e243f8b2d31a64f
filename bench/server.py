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
    """What a server answered while a crawl ran, and what the crawl cost in CPU."""

    requests: int
    first: float | None  # time.monotonic() of the first request (poll resolution)
    last: float | None
    cpu: float | None = None  # CPU seconds of the watched process from first to last request

    @property
    def seconds(self) -> float | None:
        if self.first is None or self.last is None or self.last <= self.first:
            return None
        return self.last - self.first


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu(pid: int) -> float | None:
    """utime + stime of a live process, in seconds (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK


class Server:
    """A server under watch: `mark()` before a crawl starts, `watch(pid)` once its
    process exists, `window()` after it ended. A thread samples the request counter and
    the process's CPU time every POLL_SECONDS."""

    kind = "?"
    url = ""
    note = ""
    version = ""
    counts_itself = False  # does reading the counter count as a request?

    def requests(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def mark(self) -> None:
        self._stop = threading.Event()
        self._pid: int | None = None
        self._samples: list[tuple[float, int, float | None]] = [
            (time.monotonic(), self.requests(), None)
        ]
        self._poller = threading.Thread(target=self._poll, name="bench-watch", daemon=True)
        self._poller.start()

    def watch(self, pid: int) -> None:
        self._pid = pid

    def _sample(self) -> None:
        cpu = process_cpu(self._pid) if self._pid else None
        self._samples.append((time.monotonic(), self.requests(), cpu))

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            try:
                self._sample()
            except OSError:
                continue

    def window(self) -> Window:
        self._stop.set()
        self._poller.join()
        self._sample()
        base_t, base, _ = self._samples[0]
        first = last = None
        cpu_first = cpu_last = None
        prev_t, prev_n, prev_cpu = base_t, 0, None
        for i, (t, n, cpu) in enumerate(self._samples[1:], 1):
            crawled = n - base - (i if self.counts_itself else 0)
            if crawled > prev_n:
                if first is None:
                    first, cpu_first = (prev_t + t) / 2, prev_cpu
                last, cpu_last = (prev_t + t) / 2, cpu
            prev_t, prev_n, prev_cpu = t, crawled, cpu if cpu is not None else prev_cpu
        spent = cpu_last - cpu_first if cpu_first is not None and cpu_last is not None else None
        return Window(prev_n, first, last, spent)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class NginxServer(Server):
    kind = "nginx"
    counts_itself = True

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

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise RuntimeError(f"nginx exited: {err.strip()}")
            try:
                self.requests()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start within 10 s")

    def requests(self) -> int:
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
        super().__init__(("127.0.0.1", 0), lambda *a: _Handler(*a, directory=str(root)))

    def hit(self) -> None:
        with self.lock:
            self.requests += 1


class StdlibServer(Server):
    kind = "ThreadingHTTPServer (TCP_NODELAY, HTTP/1.1)"

    def __init__(self, root: Path, note: str = "") -> None:
        self.httpd = _Threading(root)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.note = note

    def requests(self) -> int:
        with self.httpd.lock:
            return self.httpd.requests

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def serve(root: Path, work: Path, install: bool = True, kind: str = "auto") -> Server:
    """nginx when it can be had (kind "auto" or "nginx"), else the stdlib server."""
    if kind == "stdlib":
        return StdlibServer(root, note="asked for with --server stdlib")
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
