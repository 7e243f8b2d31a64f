"""URL identity shared by the crawl (request de-duplication) and the rules (one page
across runs and tables)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

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


def site_key(host: str) -> str:
    host = (host or "").lower().split(":")[0]
    return host[4:] if host.startswith("www.") else host


def is_offsite(url: str, page_url: str) -> bool:
    """Another site than `page_url`'s: subdomains and parent domains are the same site
    (www.x.gov.cn, x.gov.cn and xxgk.x.gov.cn are one government's web presence)."""
    host, base = site_key(urlsplit(url).netloc), site_key(urlsplit(page_url).netloc)
    return not (host == base or host.endswith("." + base) or base.endswith("." + host))


@lru_cache(maxsize=1)
def _suffixes():
    import tldextract

    # The Public Suffix List snapshot bundled with the package, never a download at run
    # time (no suffix_list_urls) and no cache directory written.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registrable_domain(url: str) -> str:
    """The eTLD+1 of a URL's host (www.a.gov.cn → a.gov.cn: gov.cn is a public suffix);
    an IP address or a bare name such as localhost is its own domain."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""
    parts = _suffixes()(host)
    return parts.top_domain_under_public_suffix or host
