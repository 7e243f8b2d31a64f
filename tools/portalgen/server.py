"""Serve a generated portal on 127.0.0.1 with the headers its truth prescribes.

    with serve(out_dir) as srv:      # out_dir holds site/ and truth.json
        crawl(srv.url)
    python -m tools.portalgen.server OUT_DIR [--port N]

HTML pages get the truth's Content-Type (with or without a charset, whatever the bytes
are), a query string picks the file saved under that exact name (`index.html?page=2`)
and falls back to the bare file as real servers ignore unknown parameters; anything
else missing is a 404 with an HTML body, like a real site's error page.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tools.portalgen import SITE_DIR, TRUTH_FILE, file_for
from xxgk.demo import unchanged_since

NOT_FOUND = "<html><head><title>404 Not Found</title></head><body><h1>404</h1><p>您访问的页面不存在</p></body></html>"


def _handler(root: Path, html_type: str, latency: float = 0.0) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _resolve(self) -> Path | None:
            parts = urlsplit(self.path)
            url = unquote(parts.path) + ("?" + parts.query if parts.query else "")
            for candidate in (file_for(url), file_for(unquote(parts.path))):
                target = (root / candidate).resolve()
                if target.is_relative_to(root) and target.is_file():
                    return target
            return None

        def _respond(self, body_wanted: bool) -> None:
            if latency:
                time.sleep(latency)  # a slow government server (bench.monitor)
            target = self._resolve()
            headers: dict[str, str] = {}
            if target is None:
                body, status, ctype = NOT_FOUND.encode("utf-8"), 404, "text/html; charset=utf-8"
            else:
                # static files answer conditional requests, as nginx or a TRS server does
                mtime = int(target.stat().st_mtime)
                headers["Last-Modified"] = formatdate(mtime, usegmt=True)
                body, status = target.read_bytes(), 200
                name = target.name.split("?")[0]
                if name.endswith((".html", ".htm", ".shtml")):
                    ctype = html_type
                else:
                    ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
                if unchanged_since(self.headers.get("If-Modified-Since"), mtime):
                    status, body = 304, b""
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if body_wanted:
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._respond(True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._respond(False)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # a crawl makes hundreds of requests; the crawler logs its own

    return Handler


@dataclass
class Server:
    url: str
    httpd: ThreadingHTTPServer


@contextmanager
def serve(
    out_dir: Path, port: int = 0, host: str = "127.0.0.1", latency: float = 0.0
) -> Iterator[Server]:
    """`host` may be any 127.x.y.z (Linux answers the whole block on loopback), so many
    portals can stand for many servers; `latency` seconds pass before each answer."""
    out_dir = Path(out_dir).resolve()
    truth = json.loads((out_dir / TRUTH_FILE).read_text(encoding="utf-8"))
    handler = _handler(out_dir / SITE_DIR, truth["content_type"], latency)
    httpd = ThreadingHTTPServer((host, port), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://{host}:{httpd.server_address[1]}/", httpd)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.portalgen.server", description=__doc__)
    ap.add_argument("dir", type=Path, help="a generated folder (site/ and truth.json)")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args(argv)
    with serve(args.dir, args.port) as srv:
        print(f"serving {args.dir} at {srv.url} (Ctrl-C stops)", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
