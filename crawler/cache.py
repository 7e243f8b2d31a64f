"""Conditional requests for column and list pages (ETag / If-Modified-Since).

Scrapy's HTTP cache keeps the column and list pages of a crawl; the next crawl asks
the server whether each changed, and a 304 answer is read from the kept copy — the same
bytes, so the page is judged exactly as a fresh fetch would be. Unlike Scrapy's
RFC 2616 policy, a kept copy is never used without asking (a column must not be judged
from yesterday's page) nor when the server fails (a column that is down must be seen
down, not read from the cache). Articles, link checks and everything else pass by.
"""

from __future__ import annotations

from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Request, Response

REVALIDATE = "xxgk_revalidate"  # request meta: keep this page, ask before reusing it


class RevalidatePolicy(RFC2616Policy):
    def should_cache_request(self, request: Request) -> bool:
        return bool(request.meta.get(REVALIDATE)) and super().should_cache_request(request)

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        self._set_conditional_validators(request, cachedresponse)
        return False

    def is_cached_response_valid(
        self, cachedresponse: Response, response: Response, request: Request
    ) -> bool:
        return response.status == 304
