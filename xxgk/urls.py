"""URL identity, in one place for the crawl, the rules and the reports. Each function
answers a different question:

- `url_key`: is this the same page (across runs, tables, spellings)? Also the identity
  of a site given by its URL (probes, profile `sites:` and `exemptions:`).
- `host_of`, `bare_host`: the host of a URL, and a host without `www.` and port.
- `same_site`, `is_offsite`: one government's web presence (subdomains and parents);
  `in_domains`: a host inside an allowlist.
- `registrable_domain`: the eTLD+1 by the Public Suffix List (redirect checks).
- `host_slug`: a file-name-safe token for a site (report file names).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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


def host_of(url: str | None) -> str:
    """The lower-cased host of `url` ("" for a relative URL or none)."""
    return urlsplit(url or "").hostname or ""


def bare_host(host: str) -> str:
    """`host` without port, trailing dot and `www.`: www.x.gov.cn:80 and x.gov.cn are one."""
    host = (host or "").lower().split(":")[0].rstrip(".")
    return host.removeprefix("www.")


def same_site(host: str, site_host: str) -> bool:
    """Subdomains and parent domains are the same site (www.x.gov.cn, x.gov.cn and
    xxgk.x.gov.cn are one government's web presence)."""
    host, base = bare_host(host), bare_host(site_host)
    return host == base or host.endswith("." + base) or base.endswith("." + host)


def is_offsite(url: str, page_url: str) -> bool:
    """`url` is on another site than `page_url` (`same_site` of their hosts)."""
    return not same_site(urlsplit(url).netloc, urlsplit(page_url).netloc)


def in_domains(host: str, domains: Iterable[str]) -> bool:
    """`host` is one of `domains` (lower-case) or a subdomain of one."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)


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


def host_slug(url: str | None) -> str:
    """A file-name-safe token for a site's host: ASCII letters, digits, '.', '-', '_'.

    Internationalised hosts are written in punycode; everything else that is not safe
    (slashes, '..', NUL, drive letters, ports' colons) becomes '_'."""
    host = ""
    try:
        parts = urlsplit((url or "").strip())
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        port = None
    if host:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            pass
    if port:
        host = f"{host}_{port}"
    slug = re.sub(r"[^A-Za-z0-9.-]+", "_", host.lower())
    slug = re.sub(r"\.{2,}", ".", slug).strip("._-")
    return slug[:80] or "site"
