"""CMS families: what differs between portal builders (where a list's records sit, how
the list continues). The generic family covers plain HTML lists, tables, "下一页"
chains and ?page=N pagers; a family module overrides only what it must.

A family is a module that conforms to `Family`; FAMILIES is typed with it so that
mypy checks every module listed there. Detection order matters: the first family
whose `matches` accepts the page wins, so the generic family (which accepts any page)
comes last.
"""

from __future__ import annotations

from typing import Protocol

from crawler.families import generic, jcms, trs
from crawler.page import Doc, Entry, PageRequest, Reading


class Family(Protocol):
    """What read_page asks of a CMS family. Dates and breadcrumbs are read the same way
    on every family's pages (crawler/page.py), so they are no part of it."""

    @property
    def name(self) -> str:
        """Recorded on each column (columns.family) and shown by `xxgk inspect`."""

    def matches(self, doc: Doc) -> bool:
        """Whether the page was built by this family (cheap: it runs on every page)."""

    def entries(self, doc: Doc) -> list[Entry]:
        """The records of the page's list, in page order, one per URL."""

    def next_pages(self, doc: Doc, reading: Reading) -> list[PageRequest]:
        """Further pages of the same list; `reading.entries` holds this page's entries."""


FAMILIES: tuple[Family, ...] = (jcms, trs, generic)


def family_for(doc: Doc) -> Family:
    return next(f for f in FAMILIES if f.matches(doc))
