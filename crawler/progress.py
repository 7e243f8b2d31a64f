"""Live progress for CLI crawls: pages fetched, columns found, entries, errors — one line
per site. Enabled with the XXGK_PROGRESS setting (the CLI turns it on)."""

from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.items import ColumnFound, Entries, FetchFailed

_live = None


def display():
    """The one progress display of this process, shared by all crawls (xxgk monitor)."""
    global _live
    if _live is None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        _live = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TextColumn(
                "pages {task.fields[pages]} · columns {task.fields[columns]} · "
                "entries {task.fields[entries]} · errors {task.fields[errors]}"
            ),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        _live.start()
    return _live


def stop() -> None:
    global _live
    if _live is not None:
        _live.stop()
        _live = None


class CrawlProgress:
    def __init__(self, crawler) -> None:
        self.counts = {"pages": 0, "columns": 0, "entries": 0, "errors": 0}
        self.task = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.response, signal=signals.response_received)
        crawler.signals.connect(self.item, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("XXGK_PROGRESS"):
            raise NotConfigured
        return cls(crawler)

    def opened(self, spider) -> None:
        self.task = display().add_task(spider.start_url, total=None, **self.counts)

    def response(self, response, request, spider) -> None:
        self._bump("pages", errors=response.status >= 400)

    def item(self, item, response, spider) -> None:
        if isinstance(item, ColumnFound):
            self._bump("columns")
        elif isinstance(item, Entries):
            self._bump("entries", len(item.rows))
        elif isinstance(item, FetchFailed):
            self._bump("errors")

    def _bump(self, key: str, n: int = 1, errors: bool = False) -> None:
        self.counts[key] += n
        self.counts["errors"] += int(errors)
        if self.task is not None:
            display().update(self.task, **self.counts)
