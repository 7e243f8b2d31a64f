"""A local web server for the bundled sample portal 示例市文化广电旅游局 (`xxgk demo`, tests).

`serve()` starts a `ThreadingHTTPServer` on 127.0.0.1 in a daemon thread and serves the
folder `demo_portal/` (or another root) the way real government servers do:

* Files are sent as raw bytes. `.html` goes out as ``Content-Type: text/html`` with **no**
  charset parameter, so each page's own ``<meta charset>`` decides (the GBK page under
  ``/xxgk/fdzdgknr/rsxx/`` only works if the client reads that meta). A directory path
  serves its ``index.html``; a directory without a trailing slash is redirected (301).
  Unknown paths get a 404 page; ``..`` segments are refused (403); build sources and
  ground truth (names starting with ``_`` or ``.``, ``expected.yaml``, ``jcms/``) are
  never served.
* Query-string pagination, the way many CMSs page a list: a GET for
  ``/dir/list.html?page=N`` (the parameter may also be called ``pageIndex``) serves the
  file ``list.html`` when N is 1 or absent, and otherwise the sibling file
  ``list_p{N}.html`` (404 if there is no such file, 400 if N is not a number). Other
  query parameters are ignored, as a static server would.
* The 大汉 JCMS list proxy ``/module/web/jpage/dataproxy.jsp`` (POST, or GET as some sites
  use it): ``startrecord``/``endrecord``/``perpage`` in the query (or ``page`` and
  ``perpage``), ``columnid`` in the form body or the query. It answers ``text/xml;
  charset=utf-8`` in the real JCMS shape::

      <?xml version="1.0" encoding="utf-8"?><datastore><nextgroup><![CDATA[…]]></nextgroup>
      <recordset><record><![CDATA[<li><a href="…" target="_blank" title="…">…</a>
      <span>2026-04-20</span></li>]]></record>…</recordset>
      <totalrecord>60</totalrecord><totalpage>4</totalpage></datastore>

  with records S..E (1-based, inclusive) of ``<root>/jcms/col{columnid}.json`` (a list of
  ``{"url", "title", "date"}``). An unknown column answers an empty recordset.

Tests that need a misbehaving server extend `PortalHandler` (tests/support/fault_portal.py)
and pass it to `serve()`.

``python -m xxgk.demo [--port 8000] [--host 127.0.0.1]`` serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import math
import mimetypes
import signal
import threading
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, quote, unquote, urlsplit

PORTAL = Path(__file__).with_name("demo_portal")
PROXY_PATH = "/module/web/jpage/dataproxy.jsp"
PAGE_PARAMS = ("page", "pageIndex")
HIDDEN_TOP = {"expected.yaml", "jcms"}
JCMS_PERPAGE = 15

log = logging.getLogger(__name__)

_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".shtml": "text/html",
    ".css": "text/css",
    ".js": "application/javascript",
    ".json": "application/json",
    ".xml": "text/xml",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
}

_NOT_FOUND = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 页面不存在</title></head>'
    '<body><div style="margin:80px auto;width:600px;text-align:center">'
    "<h1>404</h1><p>抱歉，您访问的页面不存在或已被删除。</p>"
    '<p><a href="/">返回首页</a></p></div></body></html>'
).encode()


def error_page(code: int, text: str) -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{code} {text}</title></head>'
        f"<body><h1>{code} {text}</h1></body></html>"
    ).encode()


def _int(value: str | None, default: int | None = None) -> int | None:
    if value is None or value.strip() == "":
        return default
    return int(value.strip())


def unchanged_since(header: str | None, mtime: int) -> bool:
    """An If-Modified-Since header a file modified at `mtime` satisfies (answer 304)."""
    try:
        return header is not None and mtime <= parsedate_to_datetime(header).timestamp()
    except (TypeError, ValueError, IndexError):
        return False


class PortalHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "xxgk-demo"
    # Without this, small keep-alive responses wait ~40 ms for the delayed ACK.
    disable_nagle_algorithm = True
    # Idle keep-alive connections give up after this many seconds.
    timeout = 30
    server: _Server

    # -- plumbing ---------------------------------------------------------------

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        log.debug("%s %s", self.address_string(), format % args)

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/html",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found(self) -> None:
        self._send(404, _NOT_FOUND)

    def _read_body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        try:
            n = int(length)
        except ValueError:
            return b""
        return self.rfile.read(n) if n > 0 else b""

    # -- verbs ------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802
        self.dispatch(b"")

    def do_HEAD(self) -> None:  # noqa: N802
        self.dispatch(b"")

    def do_POST(self) -> None:  # noqa: N802
        body = self._read_body()
        if urlsplit(self.path).path == PROXY_PATH:
            self.dispatch(body)
        else:
            self._send(405, error_page(405, "Method Not Allowed"), headers={"Allow": "GET, HEAD"})

    def dispatch(self, body: bytes) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path or "/", parse_qs(parts.query, keep_blank_values=True)
        if path == PROXY_PATH:
            self._dataproxy(query, body)
        else:
            self._static(path, query)

    # -- static files and ?page=N ----------------------------------------------

    def _static(self, raw_path: str, query: dict[str, list[str]]) -> None:
        path = unquote(raw_path)
        segments = [s for s in path.split("/") if s not in ("", ".")]
        if any(s == ".." or "\\" in s or "\x00" in s for s in segments):
            self._send(403, error_page(403, "Forbidden"))
            return
        if segments and (segments[0] in HIDDEN_TOP or any(s[0] in "_." for s in segments)):
            self._not_found()
            return
        root = self.server.root
        target = root.joinpath(*segments)
        if target.is_dir():
            if not path.endswith("/"):
                self._send(301, b"", headers={"Location": quote(path) + "/"})
                return
            target = target / "index.html"
        page_values = [query[p][0] for p in PAGE_PARAMS if p in query]
        if page_values:
            try:
                page = _int(page_values[0], 1)
            except ValueError:
                self._send(400, error_page(400, "Bad Request"))
                return
            if page is not None and page > 1:
                target = target.with_name(f"{target.stem}_p{page}{target.suffix}")
        try:
            resolved = target.resolve()
            inside = resolved.is_relative_to(root) and resolved.is_file()
        except OSError:
            inside = False
        if not inside:
            self._not_found()
            return
        content_type = _TYPES.get(resolved.suffix.lower()) or (
            mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
        )
        # Static files answer conditional requests as real web servers do (what an
        # incremental crawl's revalidation of column pages meets).
        mtime = int(resolved.stat().st_mtime)
        modified = {"Last-Modified": formatdate(mtime, usegmt=True)}
        if unchanged_since(self.headers.get("If-Modified-Since"), mtime):
            self._send(304, b"", content_type, modified)
            return
        self._send(200, resolved.read_bytes(), content_type, modified)

    # -- 大汉 JCMS dataproxy.jsp ------------------------------------------------

    def _dataproxy(self, query: dict[str, list[str]], body: bytes) -> None:
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        params = {k: v[0] for k, v in query.items()}
        params.update({k: v[0] for k, v in form.items() if v and v[0] != ""})
        try:
            perpage = max(1, _int(params.get("perpage"), JCMS_PERPAGE) or JCMS_PERPAGE)
            start = _int(params.get("startrecord"))
            end = _int(params.get("endrecord"))
            page = _int(params.get("page"), 1) or 1
        except ValueError:
            self._send(400, error_page(400, "Bad Request"))
            return
        if start is None:
            start = (max(page, 1) - 1) * perpage + 1
        if end is None:
            end = start + perpage - 1
        columnid = params.get("columnid", "").strip()
        records = self._jcms_records(columnid)
        chosen = records[max(start, 1) - 1 : max(end, 0)] if end >= start else []
        out = ['<?xml version="1.0" encoding="utf-8"?><datastore>']
        out.append(
            '<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1'
            f'&path=/&columnid={html.escape(columnid)}&unitid=4001&permissiontype=0"></a>]]></nextgroup>'
        )
        out.append("<recordset>")
        for rec in chosen:
            title = html.escape(str(rec.get("title", "")))
            item = (
                f'<li><a href="{html.escape(str(rec.get("url", "")))}" target="_blank" '
                f'title="{title}">{title}</a><span>{html.escape(str(rec.get("date", "")))}</span></li>'
            )
            out.append(f"<record><![CDATA[{item.replace(']]>', ']]&gt;')}]]></record>")
        out.append("</recordset>")
        total = len(records)
        out.append(
            f"<totalrecord>{total}</totalrecord><totalpage>{math.ceil(total / perpage)}</totalpage>"
        )
        out.append("</datastore>")
        self._send(200, "".join(out).encode("utf-8"), "text/xml; charset=utf-8")

    def _jcms_records(self, columnid: str) -> list[dict[str, str]]:
        if not columnid.isdigit():
            return []
        data = self.server.root / "jcms" / f"col{int(columnid)}.json"
        if not data.is_file():
            return []
        records = json.loads(data.read_text(encoding="utf-8"))
        return records if isinstance(records, list) else []


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Do not wait for idle keep-alive connections when closing.
    block_on_close = False

    def __init__(
        self, address: tuple[str, int], root: Path, handler: type[PortalHandler] = PortalHandler
    ) -> None:
        self.root = root
        super().__init__(address, handler)

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that hang up mid-response (a crawler's page-size limit) are normal here.
        log.debug("request from %s failed", client_address, exc_info=True)


class DemoServer:
    """A running demo server: `.url` ("http://127.0.0.1:PORT/"), `.close()`; a context manager."""

    def __init__(self, httpd: _Server, thread: threading.Thread) -> None:
        self._httpd = httpd
        self._thread = thread
        host, port = httpd.server_address[:2]
        self.host, self.port = str(host), int(port)
        self.url = f"http://{self.host}:{self.port}/"
        self.root = httpd.root

    def close(self) -> None:
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def serve(
    root: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    handler: type[PortalHandler] = PortalHandler,
) -> DemoServer:
    """Serve `root` (default: the bundled demo portal) in a daemon thread; port 0 picks a free one."""
    root = Path(root or PORTAL).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"demo portal folder not found: {root}")
    httpd = _Server((host, port), root, handler)
    thread = threading.Thread(
        target=httpd.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="xxgk-demo-server",
        daemon=True,
    )
    thread.start()
    return DemoServer(httpd, thread)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m xxgk.demo",
        description="Serve the bundled sample portal 示例市文化广电旅游局 until Ctrl-C.",
    )
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--root", type=Path, default=None, help="folder to serve instead")
    args = parser.parse_args(argv)
    root = Path(args.root or PORTAL).resolve()
    if not root.is_dir():
        parser.error(f"not a folder: {root}")
    httpd = _Server((args.host, args.port), root)
    host, port = httpd.server_address[:2]
    print(f"Serving {root} at http://{host}:{port}/  (Ctrl-C to stop)", flush=True)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # Also when started in the background, where SIGINT may be ignored, and on SIGTERM.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        httpd.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
