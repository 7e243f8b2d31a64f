"""A site's template: the blocks its pages repeat (header, logo, nav, sidebar column
tree, footer, a "latest news" box). What is left of a page once they are taken away
is the page's own content, and only that tells what the page is: every page of a site
carries the site's navigation, so link counts and text length over the whole page say
nothing about the page itself.

Template subtraction across sibling pages, as boilerplate-removal work does: a block is
template when the same block (same tag path, same text) stands on at least `MIN_OTHER_PAGES`
other pages of the site. Deterministic and explainable: `xxgk inspect` shows how many
blocks were taken as template and what remained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

# Tags that make up a page's layout. Inline tags (a, span, font) are never blocks.
BLOCK_TAGS = frozenset(
    "div ul ol table tbody tr td dl dt dd header nav footer aside section form p "
    "h1 h2 h3 h4 h5 h6 iframe center".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Two pages can legitimately share a block (a parent column showing its first child's
# list); the site template stands on (nearly) every page.
MIN_OTHER_PAGES = 2
# Enough pages to know the template; learning more only costs memory.
MAX_PAGES = 60
_TEXT = etree.XPath("string()")
_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")
# Longer than one list entry with its date.
_ENTRY_CHARS = 160


def fingerprint(el: Any) -> int | None:
    """(tag path, text without whitespace) of a block that can be template, else None.
    The path (tag names of the ancestors, no classes: an "active" class moves from page
    to page) tells a sidebar subtree from the same links listed in a page's own content.

    A short text block without links ("暂无信息", "共0条") is not template even when
    two empty columns show the same one: it is what those pages say about themselves.
    """
    text = "".join(_TEXT(el).split())
    if not text:
        return None
    if len(text) < 20 and el.tag not in _HEADINGS and el.find(".//a") is None:
        return None
    if len(text) < _ENTRY_CHARS and _dated(el, text):
        return None
    # Python's 64-bit string hash: fingerprints only meet within one process (one crawl)
    return hash((tuple(a.tag for a in el.iterancestors()), el.tag, text))


def _dated(el: Any, text: str) -> bool:
    """A small block with a date (or beside its date cell: <dt>title</dt><dd>date</dd>) is
    one list entry. The same document listed in two columns is a duplicate, not template:
    only a whole box of them ("最新信息" on every page) is."""
    if _DATE.search(text):
        return True
    cell = el.getnext()
    return cell is not None and isinstance(cell.tag, str) and bool(_DATE.search(_TEXT(cell)))


def blocks(root: Any) -> list[tuple[Any, int]]:
    """Every block of the page with its fingerprint, outermost first."""
    out = []
    for el in root.iter(*BLOCK_TAGS):
        fp = fingerprint(el)
        if fp is not None:
            out.append((el, fp))
    return out


class SiteTemplate:
    """The fingerprints seen on a site's pages, page by page."""

    def __init__(self) -> None:
        self.pages: dict[int, set[str]] = {}  # fingerprint -> pages (by url key) carrying it
        self.learned: set[str] = set()

    def learn(self, page: str, found: list[tuple[Any, int]]) -> None:
        if page in self.learned or len(self.learned) >= MAX_PAGES:
            return
        self.learned.add(page)
        for _, fp in found:
            self.pages.setdefault(fp, set()).add(page)

    def is_template(self, fp: int, page: str) -> bool:
        holders = self.pages.get(fp)
        if not holders:
            return False
        return len(holders) - (page in holders) >= MIN_OTHER_PAGES


@dataclass
class Region:
    """What template subtraction left of a page."""

    template: set[Any]  # the outermost template blocks
    pages_known: int  # pages the template was learned from

    def holds(self, el: Any) -> bool:
        """True when el lies in the page's own content (outside every template block)."""
        if not self.template:
            return True
        node = el
        while node is not None:
            if node in self.template:
                return False
            node = node.getparent()
        return True

    def describe(self) -> str:
        if not self.pages_known:
            return "未与同站其他页面比对：整页视为页面自身内容"
        return (
            f"与同站 {self.pages_known} 个页面比对，{len(self.template)} 个区块为网站模板"
            f"（页头、导航、栏目树、页脚等），其余为页面自身内容"
        )


def own_region(template: SiteTemplate | None, page: str, found: list[tuple[Any, int]]) -> Region:
    if template is None or not template.learned - {page}:
        return Region(set(), 0)
    marked: set[Any] = set()
    for el, fp in found:  # outermost first: a block inside a marked one needs no mark
        if template.is_template(fp, page) and not any(a in marked for a in el.iterancestors()):
            marked.add(el)
    return Region(marked, len(template.learned - {page}))
