"""Crawled text is hostile (SPEC §5): what may become a link or a cell (file names:
`xxgk.urls.host_slug`)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Only a plain absolute http(s) URL becomes a link. Browsers drop tabs and newlines
# inside URLs ("java\tscript:"), so any whitespace or control character disqualifies
# the URL rather than being cleaned away.
_HTTP_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f<>\"'`\\]+$", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XLSX_MAX = 32767


def link_url(value: object) -> str | None:
    """The URL if it is safe to put in an href (absolute http/https with a host), else None."""
    if not isinstance(value, str) or not _HTTP_URL.match(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


def clean_text(value: object) -> str:
    """Text without control characters (they break XML and render as garbage)."""
    if value is None:
        return ""
    return _CONTROL.sub("", str(value))


def xlsx_value(value: object) -> object:
    """A cell value that Excel/WPS will never evaluate: strings that would start a
    formula (= + - @, and tab/CR per the OWASP CSV-injection advice) get a leading
    apostrophe; control characters (illegal in XML) are dropped; over-long text is cut
    to the cell limit."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = clean_text(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    if len(text) > _XLSX_MAX:
        text = text[: _XLSX_MAX - 1] + "…"
    return text
