"""Link checks: every on-site link and attachment found on the section's pages, checked
once per run, for `link.broken`.

Links are collected while the crawl reads its pages and checked only once the crawl of
columns, list pages and articles has drained (the spider's idle signal): a link that is
itself a column, list page or article has been fetched as that page by then and is not
checked again, and a check never claims a URL before the page it names could be read.

A check is a HEAD request (no body). Servers that refuse HEAD (405/501, some 400/403)
or drop the connection on it get a GET whose download stops once the headers arrive:
the status is the answer, an attachment of 50 MB is not downloaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.exceptions import StopDownload
from scrapy.http import Request
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.page import Doc
from xxgk.urls import is_offsite, url_key

# Statuses a server gives HEAD when it only implements GET: worth asking again with GET.
HEAD_REFUSED = {400, 403, 405, 501}
# Failures of servers that hang up on HEAD (timeouts, DNS, refused connections and the
# crawler's own refusals such as robots.txt would meet a GET just the same).
_HEAD_DROPPED = ("ResponseNeverReceived", "ConnectionLost", "ResponseFailed", "ConnectionDone")


class LinkChecker:
    """The links of one crawl: collected from pages, handed out once as check requests."""

    def __init__(self) -> None:
        # Absolute URLs already looked at: every page repeats the site's chrome.
        self.seen: set[str] = set()
        self.pending: dict[str, str] = {}  # URL to check → the page it was first found on

    def collect(self, doc: Doc) -> None:
        """Note the on-site links of a page."""
        for a in doc.anchors:
            url = a.url
            if not url:
                continue
            url = url.split("#", 1)[0]
            if url in self.seen:
                continue
            self.seen.add(url)
            if url.startswith(("http://", "https://")) and not is_offsite(url, doc.url):
                self.pending[url] = doc.url

    def forget(self, url: str) -> None:
        """A link the crawl chose not to open (a sampled list's older entries)."""
        self.seen.add(url)
        self.pending.pop(url, None)

    def requests(self, requested: set[str], callback: Any, errback: Any) -> Iterator[Request]:
        """HEAD requests for the collected links no page request has claimed; claims them."""
        pending, self.pending = self.pending, {}
        for url, found_on in pending.items():
            key = url_key(url)
            if key in requested:
                continue
            requested.add(key)
            yield Request(
                url,
                method="HEAD",
                callback=callback,
                errback=errback,
                meta={"found_on": found_on, "link_check": "HEAD"},
            )


def get_instead(failure: Any) -> Request | None:
    """The GET to send when a HEAD check failed in a way a GET may not, else None."""
    request = failure.request
    if request.meta.get("link_check") != "HEAD":
        return None
    if failure.check(HttpError):
        if failure.value.response.status not in HEAD_REFUSED:
            return None
    elif not any(name in failure.type.__name__ for name in _HEAD_DROPPED):
        return None
    return request.replace(method="GET", meta=dict(request.meta, link_check="GET"))


def stop_after_headers(request: Request) -> None:
    """headers_received: a GET check has its answer once the status line is in."""
    if request.meta.get("link_check") == "GET":
        raise StopDownload(fail=False)
