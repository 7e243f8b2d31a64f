"""Plain HTML lists: <ul>/<table> items with a link and a date, pagers by "下一页"
anchors or ?page=N links."""

from __future__ import annotations

from scrapy.http import TextResponse

from crawler.page import Entry, PageRequest, Reading, list_entries, next_links

name = "generic"


def matches(response: TextResponse) -> bool:
    return True


def entries(response: TextResponse) -> list[Entry]:
    return list_entries(response.selector, response.url)


def next_pages(response: TextResponse, reading: Reading) -> list[PageRequest]:
    return next_links(response.selector, response.url)
