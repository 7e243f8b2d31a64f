"""What the spider hands to the pipeline. The pipeline is the only writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ColumnFound:
    url: str
    title: str
    path: str
    kind: str  # list / page
    family: str
    parent_url: str | None = None
    hint: str | None = None  # unreachable / unreadable, decided on the first page
    reason: str | None = None
    empty: bool = False  # the list page positively showed no items
    published: str | None = None  # a content page's own date


@dataclass
class ColumnUpdate:
    url: str
    list_pages: int = 0  # further list pages read
    truncated: bool = False
    reason: str | None = None
    empty: bool = False


@dataclass
class EntryFound:
    url: str
    title: str
    published: str | None
    date_text: str | None
    date_source: str | None


@dataclass
class Entries:
    """The entries one page gave a column: one item per page, not per entry, because
    Scrapy's per-item machinery costs more than storing an entry."""

    column_url: str
    rows: list[EntryFound]


@dataclass
class PageFacts:
    url: str
    kind: str
    title: str
    published: str | None
    dates: list[dict[str, str]] = field(default_factory=list)
    hidden_links: list[dict[str, str]] = field(default_factory=list)
    spam_words: list[dict[str, str]] = field(default_factory=list)
    text: str | None = None
    tables: list[list[list[str]]] | None = None  # annual reports only


@dataclass
class FetchFailed:
    """A request that got no HTTP response (timeout, DNS, redirect loop, size cap…).
    Responses of any status are logged from the response_received signal."""

    url: str
    error: str
    found_on: str | None = None
    status: int | None = None


@dataclass
class RunInfo:
    fields: dict[str, Any]
    fatal: bool = False  # the crawl could not do its job: the run is `failed`
    capped: str | None = None
