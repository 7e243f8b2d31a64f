"""One availability visit of a homepage (`xxgk probe`): the 〔2019〕19号 site check is
a week of such visits, a visit failing when the homepage does not open within 15 s.

Deliberately light — one GET, no crawler, no JavaScript — so cron can run it every
hour. Besides status and time it keeps what the homepage-staleness history needs: a
hash of the page's text and the newest date written on it.
"""

from __future__ import annotations

import hashlib
import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import lxml.etree
import lxml.html

from xxgk import dates, storage
from xxgk.app.inputs import SiteSpec
from xxgk.urls import url_key

USER_AGENT = "Mozilla/5.0 (compatible; xxgk-audit probe; +https://github.com/xxgk-audit)"
# A homepage is read up to this size: enough for its text and dates, bounded for cron.
MAX_BYTES = 2 * 1024 * 1024


def visit(url: str, timeout: float) -> dict[str, Any]:
    """One visit of `url`: a `probes` row (without the database id)."""
    started = time.monotonic()
    row: dict[str, Any] = {
        "site_url": url,
        "site_key": url_key(url),
        "probed_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "status": None,
        "ok": 0,
        "error": None,
        "content_hash": None,
        "newest_date": None,
    }
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    body = b""
    charset = None
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            row["status"] = response.status
            charset = response.headers.get_content_charset()
            body = _read(response, started, timeout)
    except urllib.error.HTTPError as exc:
        row["status"] = exc.code
        row["error"] = f"首页返回 HTTP {exc.code}"
    except Exception as exc:  # noqa: BLE001 (every network fault is this visit's failure)
        row["error"] = _describe(exc, timeout)
    elapsed = time.monotonic() - started
    row["elapsed_ms"] = int(elapsed * 1000)
    if row["error"] is None and elapsed > timeout:
        row["error"] = f"首页超过 {timeout:g} 秒未打开"
    row["ok"] = int(row["error"] is None and 200 <= int(row["status"] or 0) < 400)
    if row["ok"] and body:
        row["content_hash"], row["newest_date"] = _fingerprint(body, charset, row["probed_at"])
    return row


def _read(response: http.client.HTTPResponse, started: float, timeout: float) -> bytes:
    """The body, stopped at MAX_BYTES or when the whole visit passes the timeout (a
    server trickling bytes never trips the per-read socket timeout)."""
    chunks: list[bytes] = []
    size = 0
    while size < MAX_BYTES:
        if time.monotonic() - started > timeout:
            raise TimeoutError
        chunk = response.read(65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _describe(exc: BaseException, timeout: float) -> str:
    """The failure as one short Chinese sentence."""
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"首页超过 {timeout:g} 秒未打开"
    if isinstance(reason, socket.gaierror):
        return "域名解析失败"
    if isinstance(reason, ConnectionRefusedError):
        return "连接被拒绝"
    if isinstance(reason, ConnectionResetError | http.client.RemoteDisconnected):
        return "连接被服务器中断"
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return "HTTPS 证书或加密连接出错"
    text = " ".join(str(reason).split())[:120] or type(reason).__name__
    return f"首页无法打开（{text}）"


def _fingerprint(body: bytes, charset: str | None, probed_at: str) -> tuple[str, str | None]:
    """(hash of the page's visible text, newest date on it up to the visit's day).
    The text, not the bytes: session tokens and script noise change on every visit."""
    try:
        # Without a header charset lxml reads the bytes' own <meta charset> (GBK pages).
        source = body.decode(charset, errors="replace") if charset else body
        doc = lxml.html.document_fromstring(source)
        for node in doc.xpath("//script|//style|//noscript"):
            node.drop_tree()
        text = " ".join(doc.text_content().split())
    except (LookupError, ValueError, lxml.etree.ParserError):
        text = " ".join(body.decode("utf-8", errors="replace").split())
    today = probed_at[:10]
    seen = [f.date.isoformat() for f in dates.find_dates(text)]
    newest = max((d for d in seen if d <= today), default=None)
    return hashlib.sha1(text.encode("utf-8")).hexdigest(), newest


def probe_all(urls: list[str], timeout: float, workers: int) -> list[dict[str, Any]]:
    """Visit every URL once, at most `workers` at a time, in the order given."""
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(urls) or 1))) as pool:
        return list(pool.map(lambda u: visit(u, timeout), urls))


def probe_sites(
    db_path: str, sites: list[SiteSpec], timeout: float | None = None, workers: int = 16
) -> list[dict[str, Any]]:
    """`xxgk probe`: visit each homepage once and store the visits. A probe is no
    verdict: the rules judge the week of visits."""
    if timeout is None:  # the threshold lives in the profile, not here
        from rules.profile import load_profile

        timeout = load_profile(None).probes.unreachable.timeout_seconds
    db = storage.open_db(db_path)  # before the visits: a bad database stops us early
    rows = probe_all([s.url for s in sites], timeout, workers)
    storage.insert_probes(db, rows)
    return rows
