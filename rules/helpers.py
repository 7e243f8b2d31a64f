"""Small helpers shared by rule modules: matching keys, evidence snippets, labels."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from rules.facts import to_date
from xxgk.text import normalize

_NON_WORD = re.compile(r"[\W_]+")


def match_key(text: str | None) -> str:
    """Normalised text without spaces or punctuation: what titles and headings are
    compared on (「行政复议、行政诉讼」 matches 「行政复议 行政诉讼」)."""
    return _match_key(text or "")


@lru_cache(maxsize=1 << 16)
def _match_key(text: str) -> str:
    # Column titles and breadcrumbs repeat across sites and runs: normalise each once.
    return _NON_WORD.sub("", normalize(text))


def column_label(column: dict[str, Any] | None) -> str:
    if not column:
        return ""
    return str(column.get("title") or column.get("path") or column.get("url") or "")


def column_evidence(column: dict[str, Any]) -> dict[str, Any]:
    """The column facts every column finding carries."""
    return {
        k: column.get(k)
        for k in (
            "url",
            "title",
            "path",
            "kind",
            "category",
            "class",
            "state",
            "entry_count",
            "latest_date",
            "truncated",
        )
        if column.get(k) is not None
    }


def entry_evidence(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        k: entry.get(k)
        for k in ("url", "title", "published", "date_text", "date_source")
        if entry.get(k) is not None
    }


def dated(
    entries: list[dict[str, Any]], until: date | None = None
) -> list[tuple[date, dict[str, Any]]]:
    """(date, entry) pairs with a readable date (≤ `until` when given), newest first."""
    out = []
    for e in entries:
        d = to_date(e.get("published"))
        if d is not None and (until is None or d <= until):
            out.append((d, e))
    out.sort(key=lambda p: p[0], reverse=True)
    return out


def describe_fetch(fetch: dict[str, Any]) -> str:
    """「HTTP 404」 or the recorded error (timeout, DNS …)."""
    parts = []
    if fetch.get("status"):
        parts.append(f"HTTP {fetch['status']}")
    if fetch.get("error"):
        parts.append(str(fetch["error"]))
    return "，".join(parts) or "无响应"


def fetch_evidence(fetch: dict[str, Any]) -> dict[str, Any]:
    return {
        k: fetch.get(k)
        for k in ("url", "status", "error", "found_on", "elapsed_ms", "fetched_at")
        if fetch.get(k) is not None
    }


def clip(text: str, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"
