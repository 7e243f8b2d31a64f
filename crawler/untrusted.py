"""Crawled text is untrusted: every string is cleaned and capped where it enters the
database, so a 1 MB <title> or a NUL byte in a URL never reaches a terminal, a report
or an XLSX cell whole."""

from __future__ import annotations

import re
from typing import Any

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode line/paragraph
# separators and bidi overrides that can disguise text in a report.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

# Longest stored string per field (characters); anything else gets DEFAULT_CHARS.
FIELD_CHARS = {
    "url": 4096,
    "found_on": 4096,
    "parent_url": 4096,
    "section_url": 4096,
    "final_url": 4096,
    "title": 500,
    "site_name": 200,
    "path": 1000,
    "error": 500,
    "reason": 500,
    "date_text": 100,
    "tables": 500_000,  # JSON of an annual report's grids, bounded in crawler/tables.py
}
DEFAULT_CHARS = 1000


def clean(value: Any, limit: int = DEFAULT_CHARS) -> Any:
    """`value` with control characters removed and strings cut to `limit` (marked with
    an ellipsis); lists and dicts are cleaned item by item."""
    if isinstance(value, str):
        text = _CONTROL.sub("", value)
        return text if len(text) <= limit else text[: limit - 1] + "…"
    if isinstance(value, list | tuple):
        return [clean(v, limit) for v in value[:200]]
    if isinstance(value, dict):
        return {k: clean(v, FIELD_CHARS.get(k, limit)) for k, v in value.items()}
    return value


def clean_row(row: dict[str, Any], text_chars: int) -> dict[str, Any]:
    """A row ready for the database: every string field cleaned to its cap; the page
    text keeps `text_chars` (annual reports are long) and its newlines."""
    return {
        k: clean(v, text_chars if k == "text" else FIELD_CHARS.get(k, DEFAULT_CHARS))
        for k, v in row.items()
    }
