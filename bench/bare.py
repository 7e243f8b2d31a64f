"""The baseline: a bare Scrapy spider that follows every same-host link and parses nothing.

Scrapy's defaults except LOG_LEVEL, ROBOTSTXT_OBEY (off) and
CONCURRENT_REQUESTS_PER_DOMAIN (ours, from crawler/settings.py); `--max-pages` sets
CLOSESPIDER_PAGECOUNT, which only bounds the crawl (the benchmark gives it none: it
crawls every page of the portal, the yardstick for a complete audit). Link extraction is
every `<a href>` plus the page names a TRS `createPageHTML(N, …)` call stands for:
those list pages have no anchors, and a crawler that skipped them would not be
crawling the same site.

    python -m bench.bare http://127.0.0.1:PORT/ --out build/bench-bare.json

writes Scrapy's stats (response_received_count, elapsed_time_seconds, …) as JSON.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Request, TextResponse

_TRS = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*\d+\s*,\s*\"(\w+)\"\s*,\s*\"(\w+)\"")


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start_url: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.start_url = start_url
        self.netloc = urlsplit(start_url).netloc

    async def start(self):
        yield Request(self.start_url)

    def parse(self, response):
        if not isinstance(response, TextResponse):
            return
        for href in response.xpath("//a/@href").getall():
            url = response.urljoin(href)
            if urlsplit(url).netloc == self.netloc:
                yield Request(url)
        m = _TRS.search(response.text)
        if m:
            total, prefix, ext = int(m.group(1)), m.group(2), m.group(3)
            for k in range(1, total):
                yield Request(response.urljoin(f"{prefix}_{k}.{ext}"))


def crawl(start_url: str, concurrency: int | None = None, max_pages: int = 0) -> dict:
    from crawler import settings as ours

    process = CrawlerProcess(
        {
            "LOG_LEVEL": "WARNING",
            "ROBOTSTXT_OBEY": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency or ours.CONCURRENT_REQUESTS_PER_DOMAIN,
            "CLOSESPIDER_PAGECOUNT": max_pages,
        }
    )
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, start_url=start_url)
    process.start()
    stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
    stats["concurrent_requests_per_domain"] = crawler.settings.getint(
        "CONCURRENT_REQUESTS_PER_DOMAIN"
    )
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bare", description=__doc__.splitlines()[0]
    )
    parser.add_argument("url")
    parser.add_argument("--out", type=Path, required=True, help="write Scrapy's stats here (JSON)")
    parser.add_argument(
        "--concurrency", type=int, help="CONCURRENT_REQUESTS_PER_DOMAIN (default: ours)"
    )
    parser.add_argument(
        "--max-pages", type=int, default=0, help="CLOSESPIDER_PAGECOUNT (default 0: no bound)"
    )
    args = parser.parse_args(argv)
    stats = crawl(args.url, args.concurrency, args.max_pages)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(stats, default=str, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
