"""The crawl's only database writer.

A run row is created when the spider opens and closed as completed / failed /
interrupted when it closes, so an interrupted crawl never looks complete. Entries,
page facts and the fetch log are inserted in batches; each column's state is decided
at the end from everything its list pages and articles gave.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from scrapy import signals
from twisted.internet import task

from crawler.items import ColumnFound, ColumnUpdate, Entries, FetchFailed, PageFacts, RunInfo
from crawler.untrusted import clean, clean_row
from xxgk import storage

_BATCH = 500
# Spider close reasons that mean the crawl was stopped before it finished.
_INTERRUPTED = {"shutdown", "cancelled"}
# Redirect chains are kept for the requests that decide what site is audited.
_ROLES = {"parse_home": "home", "parse_section": "section"}


class SQLitePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.buffers: dict[str, list[dict[str, Any]]] = {
            "entries": [],
            "pages": [],
            "fetches": [],
            "redirects": [],
        }
        self.text_chars = crawler.settings.getint("XXGK_PAGE_TEXT_CHARS")
        self.heartbeat: task.LoopingCall | None = None
        self.column_ids: dict[str, int] = {}
        self.columns: dict[str, dict[str, Any]] = {}
        self.run_fields: dict[str, Any] = {}
        self.capped: list[str] = []
        self.fatal: str | None = None
        self.counts = {"pages": 0, "columns": 0, "entries": 0, "errors": 0}
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        # The run is closed on spider_closed, the first moment the close reason is known
        # (shutdown → interrupted); every item has been processed by then.
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.spider = self.crawler.spider
        self.db = storage.open_db(spider.db_path)
        self.vocab = spider.vocab
        if spider.run_id is None:
            spider.run_id = storage.start_run(self.db, spider.start_url, spider.as_of.isoformat())
        self.run_id = spider.run_id
        # The run's owner says it is alive; a run whose heartbeat stops is closed as
        # interrupted by the next process that opens the database.
        self.heartbeat = task.LoopingCall(storage.heartbeat, self.db, [self.run_id])
        self.heartbeat.start(storage.HEARTBEAT_SECONDS, now=True)

    # ---- items -------------------------------------------------------------------------

    def process_item(self, item):
        # By class, not by class name: renaming an item class cannot silently drop its
        # rows, and the handlers can be found and type-checked.
        handler = self._handlers.get(type(item))
        if handler is not None:
            handler(self, item)
        return item

    def _column_found(self, item: ColumnFound) -> None:
        if item.url in self.column_ids:
            return
        category, cls = self.vocab.classify(item.title, item.path)
        row = {
            "run_id": self.run_id,
            "url": item.url,
            "title": item.title,
            "path": item.path,
            "kind": item.kind,
            "category": category,
            "class": cls,
            "family": item.family,
            "parent_url": item.parent_url,
            "state": None,
            "entry_count": 0,
            "list_pages": 1,
            "truncated": 0,
        }
        self.column_ids[item.url] = storage.insert_column(self.db, clean_row(row, self.text_chars))
        self.columns[item.url] = {
            "hint": item.hint,
            "reasons": [item.reason] if item.reason else [],
            "empty": item.empty,
            "kind": item.kind,
            "published": item.published,
            "count": 0,
            "dated": 0,
            "latest": None,
            "unparsed": [],
            "pages": 1,
            "truncated": False,
            "urls": set(),
        }
        self.counts["columns"] += 1

    def _column_update(self, item: ColumnUpdate) -> None:
        col = self.columns.get(item.url)
        if col is None:
            return
        col["pages"] += item.list_pages
        col["truncated"] |= item.truncated
        col["empty"] |= item.empty
        if item.reason and item.reason not in col["reasons"]:
            col["reasons"].append(item.reason)

    def _entries(self, item: Entries) -> None:
        col = self.columns.get(item.column_url)
        if col is None:
            return
        column_id = self.column_ids[item.column_url]
        for entry in item.rows:
            if entry.url in col["urls"]:
                continue  # a list page reached under two URLs (?page=1 and the bare page)
            col["urls"].add(entry.url)
            col["count"] += 1
            if entry.published:
                col["dated"] += 1
                col["latest"] = max(col["latest"] or entry.published, entry.published)
            elif entry.date_text and len(col["unparsed"]) < 10:
                col["unparsed"].append(entry.date_text)
            self.counts["entries"] += 1
            self._buffer("entries", dict(asdict(entry), column_id=column_id))

    def _page_facts(self, item: PageFacts) -> None:
        row = clean_row(asdict(item), self.text_chars)
        for key in ("dates", "hidden_links", "spam_words"):
            row[key] = storage.dumps(row[key])
        row["tables"] = storage.dumps(row["tables"]) if row["tables"] is not None else None
        row["fetched_at"] = storage.now()
        self._buffer("pages", row)

    def _fetch_failed(self, item: FetchFailed) -> None:
        self.counts["errors"] += 1
        self._buffer(
            "fetches",
            {
                "url": item.url,
                "status": item.status,
                "error": item.error,
                "found_on": item.found_on,
                "fetched_at": storage.now(),
            },
        )

    def _run_info(self, item: RunInfo) -> None:
        fields = clean_row({k: v for k, v in item.fields.items() if v is not None}, 0)
        self.run_fields.update(fields)
        if item.fatal:
            self.fatal = fields.get("error")
        if item.capped and item.capped not in self.capped:
            self.capped.append(item.capped)

    _handlers: dict[type, Callable[[SQLitePipeline, Any], None]] = {
        ColumnFound: _column_found,
        ColumnUpdate: _column_update,
        Entries: _entries,
        PageFacts: _page_facts,
        FetchFailed: _fetch_failed,
        RunInfo: _run_info,
    }

    def response_received(self, response, request, spider) -> None:
        if (
            spider is not getattr(self, "spider", None)
            or request.meta.get("dont_obey_robotstxt")
            or request.meta.get("internal")
        ):
            return  # another crawl of this process (xxgk monitor), robots.txt, or no page
        self.counts["pages"] += 1
        if "cached" in response.flags:  # the server answered 304: the kept copy is read
            self.counts["not_modified"] = self.counts.get("not_modified", 0) + 1
        chain = request.meta.get("redirect_urls")
        role = _ROLES.get(getattr(request.callback, "__name__", ""))
        if chain and role and not request.meta.get("frame"):
            self._buffer(
                "redirects",
                {
                    "role": role,
                    "url": chain[0],
                    "chain": storage.dumps(clean([*chain, response.url], 4096)),
                    "final_url": response.url,
                },
            )
        if response.status >= 400:
            self.counts["errors"] += 1
        referer = request.headers.get("Referer")
        self._buffer(
            "fetches",
            {
                "url": request.url,
                "status": response.status,
                "elapsed_ms": int(1000 * request.meta.get("download_latency", 0)),
                "found_on": request.meta.get("found_on")
                or (referer.decode("latin-1") if referer else None),
                "size": len(response.body),
                "fetched_at": storage.now(),
            },
        )

    def spider_error(self, failure, response, spider) -> None:
        """A page our reader choked on: recorded as such, and a column page becomes an
        unreadable column instead of silently vanishing from the run."""
        for item in spider.reader_crashed(response, failure.value):
            self.process_item(item)

    def _buffer(self, table: str, row: dict[str, Any]) -> None:
        row = clean_row(row, self.text_chars)
        row["run_id"] = self.run_id
        rows = self.buffers[table]
        rows.append(row)
        if len(rows) >= _BATCH:
            self._flush(table)

    def _flush(self, table: str) -> None:
        rows, self.buffers[table] = self.buffers[table], []
        if rows:
            storage.insert_many(self.db, table, rows)

    # ---- the end --------------------------------------------------------------------------

    def spider_closed(self, spider, reason: str) -> None:
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        for table in self.buffers:
            self._flush(table)
        prior = getattr(spider, "prior", None)
        if prior is not None:
            # after this run's own fetches are stored: those win over last time's
            storage.carry_pages(self.db, prior.run_id, self.run_id, spider.reused)
        with self.db.conn:
            for url, col in self.columns.items():
                state, why = column_state(col)
                storage.update_column(
                    self.db,
                    self.column_ids[url],
                    state=state,
                    entry_count=col["count"],
                    latest_date=col["latest"] or col["published"],
                    list_pages=col["pages"],
                    truncated=int(col["truncated"]),
                    reason=clean(why, 500),
                    date_texts=clean(col["unparsed"], 100) or None,
                )
        refused = self.crawler.stats.get_value("xxgk/page_cap_refused")
        if reason == "closespider_pagecount" or refused:
            self.capped.append("抓取页面数达到上限")
        if not self.counts["pages"] and not self.counts["errors"] and reason not in _INTERRUPTED:
            # Not a single request reached the network (Scrapy refused the start URL):
            # an empty crawl must not read as "the homepage has no 信息公开 entry".
            self.fatal = self.run_fields["error"] = (
                "首页请求未能发出（网址被抓取框架拒绝），无法检查"
            )
        if not self.run_fields.get("section_url") and not self.run_fields.get("error"):
            self.run_fields["error"] = "首页上未找到“政府信息公开”栏目入口，无法检查目录"
        status = (
            "failed" if self.fatal else ("interrupted" if reason in _INTERRUPTED else "completed")
        )
        stats = dict(self.counts, capped=self.capped, finish_reason=reason)
        if prior is not None:
            stats.update(incremental_from=prior.run_id, reused_articles=len(spider.reused))
        storage.finish_run(
            self.db,
            self.run_id,
            status,
            error=self.run_fields.pop("error", None),
            stats=stats,
            **self.run_fields,
        )


def column_state(col: dict[str, Any]) -> tuple[str, str | None]:
    """SPEC §3 states. No evidence, no failure: a list that showed no items without
    saying so is `unreadable` (we cannot tell), never `empty`."""
    reasons = "；".join(col["reasons"]) or None
    if col["hint"] == "unreachable":
        return "unreachable", reasons
    if col["kind"] == "page":
        return "ok", reasons
    if col["count"] == 0:
        if col["hint"] == "unreadable":
            return "unreadable", reasons
        if col["empty"]:
            return "empty", reasons
        return "unreadable", reasons or "列表页中未识别出条目，也没有“暂无信息”一类的空栏目标识"
    if col["dated"] == 0:
        return "undated", reasons
    return "ok", reasons
