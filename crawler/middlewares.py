"""Downloader middlewares of the crawl.

`PageBudget` makes `--max-pages` a cap: Scrapy's CLOSESPIDER_PAGECOUNT only starts a
graceful close once that many responses arrived, and every request already scheduled
is still downloaded (a cap of 50 fetched 80 pages). Requests beyond the budget are
refused before they reach the network.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest


class PageCapReached(IgnoreRequest):
    """A request refused because the crawl's page budget is spent: not a fault of the
    site, so the spider records the page as not read rather than unreachable."""


class PageBudget:
    def __init__(self, crawler, limit: int) -> None:
        self.crawler = crawler
        self.limit = limit
        self.sent = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getint("CLOSESPIDER_PAGECOUNT"))

    def process_request(self, request, spider=None):
        meta = request.meta
        # robots.txt is not a page of the site; a retry or a redirect continues a page
        # already counted.
        if meta.get("dont_obey_robotstxt") or meta.get("retry_times") or meta.get("redirect_urls"):
            return None
        if self.limit and self.sent >= self.limit:
            self.crawler.stats.inc_value("xxgk/page_cap_refused")
            raise PageCapReached(f"抓取页面数达到上限 {self.limit}，未读取")
        self.sent += 1
        return None
