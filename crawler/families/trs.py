"""TRS WCM (拓尔思): list pages index.html, index_1.html … index_{N-1}.html, the page
count written into an inline `createPageHTML(N, current, "index", "html")` call and
no plain next-page anchor. Newer templates pass an element id first:
`createPageHTML('page_div', N, current, 'index', 'html', total)`."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from scrapy.http import TextResponse

from crawler.page import Entry, PageRequest, Reading, list_entries, next_links

name = "trs"

_CALL = re.compile(
    r"createPageHTML\s*\(\s*(?:['\"][\w-]*['\"]\s*,\s*)?['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?"
    r"\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
_COUNT_VAR = re.compile(r"var\s+countPage\s*=\s*['\"]?(\d+)")


def matches(response: TextResponse) -> bool:
    return "createPageHTML" in response.text


def entries(response: TextResponse) -> list[Entry]:
    return list_entries(response.selector, response.url)


def next_pages(response: TextResponse, reading: Reading) -> list[PageRequest]:
    m = _CALL.search(response.text)
    if not m:
        var = _COUNT_VAR.search(response.text)
        total, prefix, ext = (int(var.group(1)), "index", "html") if var else (0, "", "")
    else:
        total, prefix, ext = int(m.group(1)), m.group(3), m.group(4)
    # Every page of a TRS list names the total, so any page yields the whole set;
    # the spider's duplicate filter drops what it already has.
    pages = [PageRequest(urljoin(response.url, f"{prefix}_{k}.{ext}")) for k in range(1, total)]
    return pages or next_links(response.selector, response.url)
