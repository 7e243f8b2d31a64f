"""URL identity shared by the crawl (request de-duplication) and the rules (one page
across runs and tables)."""

from __future__ import annotations

from functools import lru_cache

_INDEX_FILES = (
    "index.html",
    "index.htm",
    "index.shtml",
    "index.jsp",
    "index.php",
    "default.html",
    "default.htm",
    "default.shtml",
)


def url_key(url: str | None) -> str:
    """URL identity across scheme, `www.`, default index pages and trailing slashes."""
    if not url:
        return ""
    return _url_key(url)


@lru_cache(maxsize=1 << 16)
def _url_key(url: str) -> str:
    # String slicing, not urlsplit: a check computes this for every stored page.
    u = url.strip()
    u = u.split("#", 1)[0]
    scheme = u.find("://")
    if scheme >= 0:
        u = u[scheme + 3 :]
    elif u.startswith("//"):
        u = u[2:]
    path_at = min((i for i in (u.find("/"), u.find("?")) if i >= 0), default=len(u))
    host, rest = u[:path_at].lower(), u[path_at:]
    host = host.removeprefix("www.")
    path, _, query = rest.partition("?")
    path = path or "/"
    for index in _INDEX_FILES:
        if path.endswith("/" + index):
            path = path[: -len(index)]
    path = path.rstrip("/") or "/"
    return host + path + ("?" + query if query else "")
