"""TRS WCM (拓尔思): list pages index.html, index_1.html … index_{N-1}.html, the page
count written into an inline `createPageHTML(N, current, "index", "html")` call and
no plain next-page anchor. Real templates vary the call: an element id first
(`createPageHTML('page_div', N, k, 'index', 'html', total)`), or variables assigned
just before it (`var countPage = 3; … createPageHTML(countPage, currentPage, …)`)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from scrapy.http import TextResponse

from crawler.page import Entry, PageRequest, Reading, list_entries, next_links

name = "trs"

_CALL = re.compile(r"createPageHTML\s*\(([^)]*)\)")
_VAR = re.compile(r"\bvar\s+(\w+)\s*=\s*['\"]?([\w.]+)['\"]?")
_IDENT = re.compile(r"[A-Za-z_]\w*")


def matches(response: TextResponse) -> bool:
    return "createPageHTML" in response.text


def entries(response: TextResponse) -> list[Entry]:
    return list_entries(response.selector, response.url)


def page_call(script: str) -> tuple[int, str, str] | None:
    """(page count, file prefix, extension) from the createPageHTML call in `script`."""
    calls = [
        m
        for m in _CALL.finditer(script)
        if "function" not in script[max(0, m.start() - 9) : m.start()]
    ]
    if not calls:
        return None
    vars_ = dict(_VAR.findall(script))
    args = [a.strip().strip("'\"") for a in calls[0].group(1).split(",")]
    values = [vars_.get(a, a) if _IDENT.fullmatch(a) else a for a in args]
    numbers = [i for i, v in enumerate(values) if v.isdigit()]
    words = [i for i, v in enumerate(values) if not v.isdigit() and v]
    if not numbers or len(words) < 2:
        return None
    # the count is the first number; prefix and extension are the last two words
    # before any trailing number (the record total of newer templates)
    prefix, ext = values[words[-2]], values[words[-1]]
    if not re.fullmatch(r"[\w-]+", prefix) or not re.fullmatch(r"s?html?", ext):
        return None
    return int(values[numbers[0]]), prefix, ext


def next_pages(response: TextResponse, reading: Reading) -> list[PageRequest]:
    call = page_call(response.text)
    if call is None:
        return next_links(response.selector, response.url)
    total, prefix, ext = call
    # Every page of a TRS list names the total, so any page yields the whole set;
    # the spider drops what it already asked for.
    return [PageRequest(urljoin(response.url, f"{prefix}_{k}.{ext}")) for k in range(1, total)]
