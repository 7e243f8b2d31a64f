"""Plain HTML lists: <ul>/<table>/<div> items with a link and a date, pagers by "下一页"
anchors or ?page=N links."""

from __future__ import annotations

from crawler.page import Doc, Entry, PageRequest, Reading, list_entries, next_links

name = "generic"


def matches(doc: Doc) -> bool:
    return True


def entries(doc: Doc) -> list[Entry]:
    return list_entries(doc)


def next_pages(doc: Doc, reading: Reading) -> list[PageRequest]:
    return next_links(doc)
