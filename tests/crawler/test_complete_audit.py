"""The complete audit (issue 12 item 6): every article of every column is opened, the
in-section links and attachments on the pages are checked once each (HEAD, GET where
HEAD is refused), and no URL is fetched twice. `--articles N` samples instead.

The portal is the benchmark's generator at a small size, served on 127.0.0.1 by a
server that counts every request and refuses HEAD for office attachments (405), as
some government servers do."""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench import portal
from rules import engine
from tests.conftest import xxgk
from xxgk import storage

AS_OF = "2025-07-01"
# Planted in the oldest article of 政策文件 (on its last list page):
MISSING = "/xxgk/files/missing.pdf"  # 404 to HEAD
REFUSED_OK = "/xxgk/files/form.doc"  # HEAD 405, GET 200: not broken
REFUSED_GONE = "/xxgk/files/gone.xls"  # HEAD 405, GET 404: broken


class _Handler(BaseHTTPRequestHandler):
    server: _Portal

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        path = urlsplit(self.path).path
        if path.endswith((".doc", ".xls")):
            self.server.count(self.command, path)
            self._send(405, b"")
            return
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        path = urlsplit(self.path).path
        self.server.count(self.command, path)
        target = self.server.root / path.lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            self._send(404, b"<html><body>404</body></html>" if body else b"")
            return
        data = target.read_bytes()
        self._send(200, data if body else b"", len(data))

    def _send(self, status: int, data: bytes, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data) if length is None else length))
        self.end_headers()
        if data:
            self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


class _Portal(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self.requests: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()

    def count(self, method: str, path: str) -> None:
        with self.lock:
            self.requests[(method, path)] += 1

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("portal")
    manifest = portal.generate(root, columns=2, entries=60, per_page=10, all_articles=True)
    column = next(c for c in manifest["columns"] if c["title"] == "政策文件")
    articles = sorted((root / column["url"].lstrip("/")).parent.glob("*/t*.html"))
    oldest = articles[0]  # t{YYYYMMDD}_{id}.html: the oldest sorts first
    planted = "".join(
        f'<p><a href="{p}">附件{i}</a></p>'
        for i, p in enumerate((MISSING, REFUSED_OK, REFUSED_GONE))
    )
    html = oldest.read_text(encoding="utf-8").replace(
        '<div class="prev-next">', planted + '<div class="prev-next">', 1
    )
    oldest.write_text(html, encoding="utf-8")
    (root / "xxgk" / "files").mkdir()
    (root / REFUSED_OK.lstrip("/")).write_bytes(b"doc")
    srv = _Portal(root)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv, root, column, "/" + oldest.relative_to(root).as_posix()
    srv.shutdown()


def _crawl(srv, db_path, *extra):
    srv.requests.clear()
    result = xxgk("crawl", srv.url, "--db", str(db_path), "--as-of", AS_OF, *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    db = storage.open_db(str(db_path))
    [run] = list(db["runs"].rows)
    return db, run, Counter(srv.requests)


@pytest.fixture(scope="module")
def complete(site, tmp_path_factory):
    srv, root, column, oldest = site
    return _crawl(srv, tmp_path_factory.mktemp("complete") / "c.db")


def test_every_page_of_the_section_is_fetched_once(site, complete):
    srv, root, column, oldest = site
    db, run, requests = complete
    section = {"/" + p.relative_to(root).as_posix() for p in root.glob("xxgk/**/*.html")}
    fetched = {path for (method, path), _ in requests.items() if method == "GET"}
    # index.html pages are also reached as their folder: one fetch either way
    missed = {p for p in section - fetched if p.removesuffix("index.html") not in fetched}
    assert not missed
    assert oldest in fetched  # an old article, beyond the first list page
    assert [k for k, n in requests.items() if n > 1] == []
    heads = {path for method, path in requests if method == "HEAD"}
    assert not heads & (fetched - {REFUSED_OK, REFUSED_GONE})  # a page is never also checked


def test_broken_links_in_old_articles_are_found_with_evidence(site, complete):
    srv, root, column, oldest = site
    db, run, requests = complete
    assert requests[("HEAD", MISSING)] == 1 and ("GET", MISSING) not in requests
    # HEAD refused (405): asked again with GET
    assert requests[("HEAD", REFUSED_OK)] == requests[("GET", REFUSED_OK)] == 1
    engine.check_run(db, run["id"])
    broken = {
        urlsplit(f["url"]).path: storage.loads(f["details"])
        for f in storage.findings(db, run["id"])
        if f["rule"] == "link.broken"
    }
    assert set(broken) == {MISSING, REFUSED_GONE}
    for details in broken.values():
        assert [urlsplit(u).path for u in details["found_on"]] == [oldest]


def test_articles_option_samples_the_newest(site, tmp_path):
    srv, root, column, oldest = site
    db, run, requests = _crawl(srv, tmp_path / "s.db", "--articles", "3")
    folder = column["url"].rsplit("/", 1)[0]
    opened = [p for m, p in requests if m == "GET" and p.startswith(folder + "/20")]
    assert len(opened) == 3
    assert oldest not in {p for _, p in requests}
    assert not {MISSING, REFUSED_OK, REFUSED_GONE} & {p for _, p in requests}
    # every entry is still listed from the list pages
    count = db.execute(
        "select entry_count from columns where run_id = ? and title = '政策文件'", [run["id"]]
    ).fetchone()[0]
    assert count == column["entries"]
