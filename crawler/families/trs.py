"""TRS WCM (拓尔思): list pages index.html, index_1.html … index_{N-1}.html, the page
count written into an inline `createPageHTML(N, current, "index", "html")` call and
no plain next-page anchor. Real templates vary the call: an element id first
(`createPageHTML('page_div', N, k, 'index', 'html', total)`), or variables assigned
just before it (`var countPage = 3; … createPageHTML(countPage, currentPage, …)`)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from crawler.page import MAX_NEXT_PAGES, Doc, Entry, PageRequest, Reading, list_entries, next_links

name = "trs"

_CALL = re.compile(r"createPageHTML\s*\(([^)]*)\)")
_VAR = re.compile(r"\bvar\s+(\w+)\s*=\s*['\"]?([\w.]+)['\"]?")
_IDENT = re.compile(r"[A-Za-z_]\w*")
# ASCII digits only, and short: int() refuses "²" and numbers of 4300 digits.
_NUMBER = re.compile(r"\d{1,9}", re.ASCII)


def matches(doc: Doc) -> bool:
    return "createPageHTML" in doc.raw


def entries(doc: Doc) -> list[Entry]:
    return list_entries(doc)


def page_call(script: str) -> tuple[int, int, str, str] | None:
    """(page count, current page, file prefix, extension) from the createPageHTML call."""
    calls = [
        m
        for m in _CALL.finditer(script)
        if "function" not in script[max(0, m.start() - 9) : m.start()]
    ]
    if not calls:
        return None
    args = [a.strip().strip("'\"") for a in calls[0].group(1).split(",")]
    names = [a for a in args if _IDENT.fullmatch(a)]
    vars_ = dict(_VAR.findall(script)) if names else {}
    values = [vars_.get(a, a) for a in args]
    numbers = [i for i, v in enumerate(values) if _NUMBER.fullmatch(v)]
    words = [i for i, v in enumerate(values) if not _NUMBER.fullmatch(v) and v]
    if not numbers or len(words) < 2:
        return None
    # count and current page are the first two numbers; prefix and extension the last
    # two words (newer templates add the record total after them)
    prefix, ext = values[words[-2]], values[words[-1]]
    if not re.fullmatch(r"[\w-]+", prefix) or not re.fullmatch(r"s?html?", ext):
        return None
    current = int(values[numbers[1]]) if len(numbers) > 1 and numbers[1] < words[-2] else 0
    return int(values[numbers[0]]), current, prefix, ext


def next_pages(doc: Doc, reading: Reading) -> list[PageRequest]:
    call = page_call(doc.raw)
    if call is None:
        return next_links(doc)
    total, current, prefix, ext = call
    if current != 0:
        return []  # the first page (current 0) already named every page of the list
    return [
        PageRequest(urljoin(doc.url, f"{prefix}_{k}.{ext}"))
        for k in range(1, total)[:MAX_NEXT_PAGES]
    ]
