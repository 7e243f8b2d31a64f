"""Run crawls from Python (the CLI, the demo, tests): one process, one reactor, any
number of sites crawled side by side (`xxgk monitor`), one SQLite writer per crawl."""

from __future__ import annotations

import logging
import os
import signal
import socket
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.settings import Settings

from crawler import progress
from crawler.page import Doc, nav_links, read_page
from crawler.spiders.portal import PortalSpider
from crawler.template import SiteTemplate
from xxgk import storage


@dataclass
class Target:
    url: str
    as_of: str
    run_id: int
    site_name: str | None = None
    level: str | None = None
    prior_run: int | None = None  # incremental: the completed run to build on


def url_problem(url: str) -> str | None:
    """Why Scrapy would not fetch `url` (it drops such requests silently, which reads as
    an empty crawl), in Chinese; None for a URL it will request."""
    limit = settings().getint("URLLENGTH_LIMIT")
    if not isinstance(url, str):
        return f"网址应是文本，而不是 {type(url).__name__}"
    if not url:
        return "网址为空"
    if len(url) > limit:
        return f"网址长度 {len(url)} 超过 {limit} 个字符的上限"
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in url):
        return "网址含有空白或控制字符"
    try:
        parts = urlsplit(url)
        port = parts.port  # out-of-range ports raise here
        host = parts.hostname
    except ValueError as exc:
        return f"网址格式错误（{exc}）"
    if parts.scheme not in ("http", "https") or not host:
        return "需要 http:// 或 https:// 开头的完整网址"
    if port == 0:
        return "端口号 0 无效"
    try:
        host.encode("idna")
    except UnicodeError:
        return f"域名 {host!r} 无效"
    return None


def settings(overrides: dict[str, Any] | None = None) -> Settings:
    s = Settings()
    s.setmodule("crawler.settings", priority="project")
    for key, value in (overrides or {}).items():
        if value is not None:
            s.set(key, value, priority="cmdline")
    return s


def crawl(
    targets: list[Target], db_path: str, overrides: dict[str, Any] | None = None, workers: int = 4
) -> None:
    """Crawl every target into `db_path`, at most `workers` sites at a time and at most
    XXGK_SITES_PER_SERVER of them on one server IP. Runs are created by the caller, so
    even a crawl that dies before its first request leaves a recorded run. One bad site
    never stops the others: each crawl fails on its own."""
    s = settings(overrides)
    if db_path != ":memory:":
        db_file = Path(db_path).resolve()
        s.set("HTTPCACHE_ENABLED", True, "cmdline")
        s.set("HTTPCACHE_DIR", str(db_file.with_name(db_file.name + ".httpcache")), "cmdline")
    process = CrawlerProcess(s)
    # Scrapy filters by level only in its handler, so every scraped item and crawled
    # response still builds a log record; set the level on the logger itself.
    logging.getLogger("scrapy").setLevel(s.get("LOG_LEVEL"))
    queue = list(targets)
    server = servers([t.url for t in targets])
    per_server = max(1, s.getint("XXGK_SITES_PER_SERVER"))
    busy: Counter[str] = Counter()

    def launch(_: Any = None) -> Any:
        # Many sites of a region sit on one 集约化 server: the per-host politeness of
        # each crawl only holds if sites sharing an IP take turns.
        for t in list(queue):
            if sum(busy.values()) >= workers:
                break
            key = server[t.url]
            if busy[key] >= per_server:
                continue
            queue.remove(t)
            busy[key] += 1
            d = process.crawl(
                PortalSpider,
                start_url=t.url,
                db=db_path,
                as_of=t.as_of,
                run_id=str(t.run_id),
                site_name=t.site_name,
                level=t.level,
                prior_run=str(t.prior_run) if t.prior_run else None,
            )
            d.addBoth(finished, key)
        return _

    def finished(result: Any, key: str) -> Any:
        busy[key] -= 1
        launch()
        return result

    launch()
    try:
        process.start()
    finally:
        progress.stop()
        # Scrapy leaves its own signal handlers (or none) behind once the reactor has
        # stopped; a Ctrl-C or SIGTERM during the closing work must still end as an
        # interruption the CLI reports in one line, not as death by signal.
        signal.signal(signal.SIGINT, _interrupt)
        signal.signal(signal.SIGTERM, _interrupt)
    # A second Ctrl-C (or SIGTERM twice) stops the reactor before the pipelines close
    # their runs: whatever is still `running` here was interrupted.
    db = storage.open_db(db_path)
    try:
        storage.close_runs(
            db, [t.run_id for t in targets], "interrupted", "抓取被强制中断（再次收到中断信号）"
        )
    finally:
        db.conn.close()


def servers(urls: list[str], timeout: float = 5.0) -> dict[str, str]:
    """The server of each URL's host (its IPv4 address if it has one, as dual-stack
    servers are keyed alike), resolved side by side before the round; a host that does
    not resolve in time is its own server."""
    hosts = {u: urlsplit(u).hostname or u for u in urls}

    def resolve(host: str) -> str:
        try:
            found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            return host
        v4 = [a for a in found if a[0] == socket.AF_INET]
        return str((v4 or found)[0][4][0])

    pool = ThreadPoolExecutor(max_workers=16)
    futures = {h: pool.submit(resolve, h) for h in set(hosts.values())}
    done, _ = wait(futures.values(), timeout=timeout)
    pool.shutdown(wait=False, cancel_futures=True)
    ips = {h: f.result() if f in done else h for h, f in futures.items()}
    return {u: ips[h] for u, h in hosts.items()}


def ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _interrupt(signum: int, frame: Any) -> None:
    ignore_interrupts()  # one interruption is enough; a second must not cut its handling
    raise KeyboardInterrupt


def fetch(url: str, timeout: float = 30, max_bytes: int = 8 * 1024 * 1024) -> Response:
    """One page as Scrapy would see it (same charset rules), for `xxgk inspect`."""
    ua = settings().get("USER_AGENT")
    req = urllib.request.Request(url, headers={"User-Agent": ua})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (http/https checked by caller)
        body = resp.read(max_bytes + 1)
        headers = {"Content-Type": resp.headers.get("Content-Type", "")}
        final = resp.geturl()
    if len(body) > max_bytes:
        raise ValueError(f"页面超过 {max_bytes // 1024 // 1024} MB 上限")
    ctype = headers["Content-Type"].lower()
    if "html" in ctype or "xml" in ctype or not ctype:
        return HtmlResponse(final, body=body, headers=headers)
    return Response(final, body=body, headers=headers)


def inspect(url: str, siblings: int = 3) -> dict[str, Any]:
    """What the crawl reads from one page. The site template is learned, as the crawl
    learns it, from other pages of the site (its homepage and the pages nearest to this
    one among those it links to), so kind and title come from the page's own content."""
    response = fetch(url)
    if not isinstance(response, TextResponse):
        return {
            "url": response.url,
            "kind": "unreadable",
            "title": "",
            "published": None,
            "dates": [],
            "entries": [],
            "next": [],
            "columns": [],
            "reason": f"不是HTML页面（{response.headers.get('Content-Type', b'').decode()}）",
        }
    doc = Doc.from_response(response)
    site = SiteTemplate()
    site.learn(doc.key, doc.blocks)
    parts = urlsplit(doc.url)
    near = sorted(
        (lk.url for lk in nav_links(doc, {doc.url}) if urlsplit(lk.url).netloc == parts.netloc),
        key=lambda u: -len(os.path.commonprefix([u, doc.url])),
    )
    for other in [f"{parts.scheme}://{parts.netloc}/", *near[: siblings * 2]]:
        if len(site.learned) > siblings:
            break
        try:
            page = fetch(other, timeout=10)
        except (OSError, ValueError):
            continue  # a sibling that cannot be fetched only teaches less about the template
        if isinstance(page, TextResponse):
            other_doc = Doc.from_response(page)
            site.learn(other_doc.key, other_doc.blocks)
    return read_page(response, site=site, doc=doc).as_json()
