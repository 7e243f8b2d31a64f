"""What the crawler reads from one page: its kind, dates, list entries, further list
pages and the column links it offers.

`read_page` is the single entry point; the spider and `xxgk inspect` both use it, so
what inspect prints is exactly what the crawl judged. CMS families (crawler/families)
contribute only what differs between them: where the records sit and how the list
continues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from scrapy.http import TextResponse

from crawler import template
from crawler.template import Region, SiteTemplate
from xxgk import dates
from xxgk.text import clean_space, normalize, strip_pinyin
from xxgk.urls import url_key

# URL shapes of article (detail) pages across CMS families: TRS t20230512_123.html,
# JCMS art_1001_5001.html, gkmlpt post_508890.html, content_123.html, numeric ids.
ARTICLE_URL = re.compile(
    r"(?:/t\d{8}_\d+|/art_\d+_\d+|/post_\d+|content_\d+|/\d{6}/[^/]+\.s?html?$|/(?:detail|show|article|info)"
    r"[^/]*\d{3,}|[?&](?:id|articleId|infoid|docid)=\d+|/\d{5,}\.s?html?$|/c\d{5,}/)",
    re.I,
)
_FILE_URL = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|zip|rar|jpe?g|png|gif|mp4|wps|ofd|txt)$", re.I)
_EMPTY_MARKER = re.compile(
    r"暂无(?:相关)?(?:信息|数据|内容|记录|文章)|没有(?:相关)?(?:信息|记录|数据)|共\s*0\s*条|"
    r"记录数?\s*[:：]\s*0\b|无相关信息"
)
_CLIENT_TEMPLATE = re.compile(
    r"\{\{\s*#each|text/x-handlebars-template|text/x-template|text/template|\bv-for=|ng-repeat|"
    r"\{\{\s*\w+(?:\.\w+)*\s*\}\}|laytpl|template\.render|art-template",
    re.I,
)
_CRUMB_LABEL = re.compile(
    r"(?:当前位置|當前位置|您的位置|你的位置|您现在的位置|您当前的位置|所在位置)\s*[:：]?"
)
_CRUMB_ATTR = re.compile(r"crumb|position|location|weizhi|dqwz|bread|curpos|wz\b|dangqian", re.I)
_CRUMB_SPLIT = re.compile(r"\s*(?:>>|>|»|›|→|＞|/|\\)\s*|\s+[-－—]+\s+")
# Compared on the normalised (simplified) title: mirrors write 尾頁, 網站首頁.
_STOP_TITLES = frozenset(
    "首页 网站首页 返回首页 更多 更多>> more 上一页 下一页 尾页 末页 打印 关闭 返回 返回顶部 "
    "english 无障碍 网站地图 联系我们 登录 注册".split()
)


def _stop(title: str) -> bool:
    return normalize(title).lower() in _STOP_TITLES


_NEXT_TEXT = re.compile(r"^\s*(?:下一[页頁]|下[页頁]|[后後]一[页頁]|next|>|›|»)\s*$", re.I)
_PAGE_COUNT = re.compile(r"共\s*(\d{1,5})\s*页|第?\s*\d{1,5}\s*/\s*(\d{1,5})\s*页")
_RECORD_COUNT = re.compile(
    r"共\s*(?:有\s*)?(\d{1,6})\s*(?:条|篇|项)|总?记录数?\s*[:：]?\s*(\d{1,6})\s*条?"
)
_PAGE_PARAM = re.compile(
    r"([?&](?:page|pageIndex|pageNo|pageNum|currentPage|curPage|p)=)(\d+)", re.I
)


@dataclass
class Entry:
    url: str
    title: str
    published: date | None = None
    date_text: str | None = None
    partial: tuple[int, int] | None = None  # (month, day) of a year-less list date


@dataclass
class Link:
    url: str
    title: str
    parents: tuple[str, ...] = ()  # enclosing titles in a nested sidebar tree
    parent_url: str | None = None  # the innermost enclosing item's link


# No real list runs this long; a page that claims more (createPageHTML(999999999, …), a
# JCMS totalRecord in the billions) must not make a family build millions of requests.
MAX_NEXT_PAGES = 10_000


@dataclass
class PageRequest:
    """A further list page; a POST for the JCMS data proxy."""

    url: str
    method: str = "GET"
    formdata: dict[str, str] | None = None

    @property
    def key(self) -> str:
        """Identity for de-duplication: JCMS proxy POSTs share a URL across columns."""
        form = "&".join(f"{k}={v}" for k, v in sorted((self.formdata or {}).items()))
        return url_key(self.url) + (f"|{form}" if form else "")


@dataclass
class Reading:
    url: str
    kind: str = "page"  # section / list / article / page / unreadable
    family: str = "generic"
    title: str = ""
    published: date | None = None
    dates: list[tuple[str, date]] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    next: list[PageRequest] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    breadcrumb: list[str] = field(default_factory=list)
    empty: bool = False  # the page positively shows an empty list
    reason: str | None = None  # why unreadable
    why: str = ""  # why the page got its kind, for `xxgk inspect`
    text: str = ""
    unfollowed_pages: int = 0  # pages a script-driven pager announces that we cannot follow
    announced_records: int | None = None  # the record count (共N条) that pager states
    doc: Any = field(default=None, repr=False)  # the parsed page, for page facts

    def as_json(self) -> dict:
        """The `xxgk inspect --json` contract (SPEC §2)."""
        return {
            "url": self.url,
            "kind": self.kind,
            "family": self.family,
            "title": self.title,
            "published": _iso(self.published),
            "dates": [{"label": lab, "date": d.isoformat()} for lab, d in self.dates],
            "entries": [
                {
                    "url": e.url,
                    "title": e.title,
                    "published": _iso(e.published),
                    "date_text": e.date_text,
                }
                for e in self.entries
            ],
            "next": [p.url for p in self.next],
            "columns": [
                {"url": lk.url, "title": lk.title, "path": " > ".join(lk.parents + (lk.title,))}
                for lk in self.links
            ],
            "breadcrumb": self.breadcrumb,
            "empty": self.empty,
            "reason": self.reason,
            "why": self.why,
            "own_content": self.doc.region.describe() if self.doc is not None else "",
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# ---- the parsed page ------------------------------------------------------------------------
# Everything below works on raw lxml elements: parsel's per-call Selector wrappers cost
# more than the parsing itself on a 20 KB government page.

_TEXT = etree.XPath(".//text()[not(ancestor::script) and not(ancestor::style)]")
# 当前位置 / 當前位置 / 當(dāng)前位置 (mirrors gloss pinyin), 您的位置, 所在位置 …
_CRUMB_TEXT = etree.XPath(
    "//text()[contains(., '前位置') or contains(., '的位置') or contains(., '在位置')]"
)
_TITLE_CLASS = etree.XPath(
    "(//*[contains(@class,'title') or contains(@id,'title')])[position() <= 12]"
)


class Anchor:
    """A link of the page. Its absolute URL (None for javascript:, mailto: …) and its
    title are worked out on first use, once: a further list page needs few of them."""

    __slots__ = ("el", "_doc", "_title")
    _title: str | None

    def __init__(self, el: Any, doc: Doc) -> None:
        self.el, self._doc, self._title = el, doc, None

    @property
    def url(self) -> str | None:
        href = self.el.get("href")
        resolved = self._doc.resolved
        if href not in resolved:
            resolved[href] = absolute(self._doc.url, href)
        return resolved[href]

    @property
    def title(self) -> str:
        if self._title is None:
            self._title = link_title(self.el)
        return self._title


class Doc:
    """One parsed page: its lxml tree and its anchors."""

    def __init__(self, url: str, root: Any, raw: str, response: TextResponse | None = None) -> None:
        self.url, self.root, self.raw, self.response = url, root, raw, response
        self.resolved: dict[str, str | None] = {}
        self.anchors = [Anchor(el, self) for el in root.iter("a") if el.get("href") is not None]
        self.by_el = {a.el: a for a in self.anchors}
        self.region = Region(set(), 0)  # the whole page until a site template is applied
        self._blocks: list[tuple[Any, int]] | None = None

    @property
    def blocks(self) -> list[tuple[Any, int]]:
        if self._blocks is None:
            self._blocks = template.blocks(self.root)
        return self._blocks

    @property
    def key(self) -> str:
        return url_key(self.url)

    def apply(self, site: SiteTemplate | None) -> None:
        """Take the site's template away: judgements then see the page's own content."""
        self.region = template.own_region(site, self.key, self.blocks)

    @property
    def own_anchors(self) -> list[Anchor]:
        if not self.region.template:
            return self.anchors
        return [a for a in self.anchors if self.region.holds(a.el)]

    @classmethod
    def from_response(cls, response: TextResponse) -> Doc:
        return cls(response.url, _parse(response.text), response.text, response)

    @classmethod
    def from_fragment(cls, url: str, html: str) -> Doc:
        return cls(url, _parse(f"<html><body>{html}</body></html>"), html)


# A plain lxml HTML parser: lxml.html's element-class lookup (what parsel uses) runs a
# Python callback for every element touched, a third of the reading time.
_PARSER = etree.HTMLParser(remove_comments=True, huge_tree=False)


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")


def _parse(text: str) -> Any:
    # lxml refuses str input that still declares an encoding (JCMS proxy replies do)
    root = etree.fromstring(_XML_DECL.sub("", text, count=1) or "<html></html>", _PARSER)
    return root if root is not None else etree.fromstring("<html></html>", _PARSER)


def node_text(el: Any) -> str:
    return clean_space(" ".join(_TEXT(el)))


def link_title(a: Any) -> str:
    """Visible text of an anchor; the title attribute when the text is cut ("…")."""
    # Homepage entries are often banner images: their alt text is the title.
    text = clean_space(" ".join(a.itertext())) or clean_space(
        " ".join(i.get("alt", "") for i in a.iter("img"))
    )
    title = clean_space(a.get("title", ""))
    if title and (not text or text.endswith(("...", "…")) or len(title) > len(text)):
        return title
    return text


def absolute(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if href.startswith(("javascript:", "mailto:", "tel:", "#", "data:")):
        return None
    if href.startswith(("http://", "https://")):
        url = href  # most hrefs are absolute or root-relative: urljoin is the costly path
    elif href.startswith("/") and not href.startswith("//"):
        scheme, rest = base.split("://", 1)
        url = f"{scheme}://{rest.split('/', 1)[0]}{href}"
    else:
        url = urljoin(base, href)
    url = url.split("#", 1)[0]
    return url if url.startswith(("http://", "https://")) else None


def item_entry(item: Any, anchors: list[Anchor]) -> Entry | None:
    """One list item (li/tr/dd …): its main link and the date printed beside it."""
    usable = [a for a in anchors if a.url and a.title]
    usable = [a for a in usable if len(a.title) >= 4] or usable
    if not usable:
        return None
    a = max(usable, key=lambda x: len(x.title))
    assert a.url is not None
    full = clean_space(" ".join(item.itertext()))
    rest = full.replace(a.title, " ", 1) if a.title in full else full
    # a title may hold a date of its own ("2022年12月统计数据"): only a date beside it
    # makes the neighbouring date cell unnecessary
    if _date_token(rest) is None and (cell := _date_cell(item)) is not None:
        cell_text = clean_space(" ".join(cell.itertext()))
        full, rest = f"{full} {cell_text}", f"{rest} {cell_text}"
    # The date normally sits beside the link; some templates print it inside the anchor.
    source, title = rest, a.title
    found = dates.find_dates(rest)
    if not found:
        source, found = full, dates.find_dates(full)
        # <a><em>2020-12-01 18:59</em><h3>标题</h3></a>: the stamp is no part of the title
        if len(bare := _STAMP.sub("", title).strip()) >= 4:
            title = bare
    if found:
        return Entry(
            a.url,
            title,
            found[-1].date,
            dates.fold(source)[found[-1].start : found[-1].end].strip(),
        )
    partial = dates.partial_date(rest)
    if partial:
        m = _PARTIAL_TOKEN.search(dates.fold(rest))
        return Entry(a.url, a.title, None, m.group(0) if m else rest.strip(), partial)
    token = _date_token(rest)
    if token:
        return Entry(a.url, a.title, dates.parse_date(token), token)
    return Entry(a.url, a.title)


_PARTIAL_TOKEN = re.compile(r"\[?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\]?")
_DATE_TOKEN = re.compile(
    r"\d{2,4}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*日?)?|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}"
)


def _date_token(text: str) -> str | None:
    m = _DATE_TOKEN.search(dates.fold(text))
    return m.group(0) if m else None


# A date (and time) stamp at either end of an anchor's text: "[2023-12-01 14:43] 标题".
_STAMP = re.compile(
    r"^\s*[\[【(（]?\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*[\]】)）]?\s*|"
    r"\s*[\[【(（]?\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*[\]】)）]?\s*$"
)


def _date_cell(item: Any) -> Any | None:
    """The cell after an undated item when it holds no link: the date of a <dt>title</dt>
    <dd>date</dd> pair or of a title <div> followed by a date <span>."""
    cell = item.getnext()
    if cell is None or not isinstance(cell.tag, str) or cell.tag == "a":
        return None
    # a date cell is short: a long neighbour is the page's body, whose phone numbers
    # and figures would pass for dates
    short = len("".join(cell.itertext()).strip()) <= 40
    return cell if short and cell.find(".//a") is None else None


# ---- generic list extraction -------------------------------------------------------------

_ITEM_TAGS = {"li", "tr", "dd"}
# Wrappers that hold a whole list rather than one of its entries.
_LIST_TAGS = {"html", "body", "ul", "ol", "table", "tbody", "thead", "form"}


def _item_of(a: Any) -> Any | None:
    """The list item an anchor sits in: the nearest li/tr/dd; else the block built for
    this one entry (<dl><dt>title</dt><dd>date</dd></dl>, <div><h3>title</h3><span>date
    </span></div>): the widest wrapper up to the date that holds no other link."""
    for depth, anc in enumerate(a.iterancestors()):
        if anc.tag in _ITEM_TAGS:
            return anc
        if depth >= 5:
            break
    block = a.getparent()
    # a title may itself hold a date ("2025年2月统计数据"): only a date beside it counts
    title = "".join(a.itertext())
    for _ in range(4):
        if block is None or block.tag in _LIST_TAGS:
            return None
        parent = block.getparent()
        # the date test last: it reads the block's whole text, which for a block holding
        # many links (a sitemap in one <div>) would be read again for each of them
        if (
            parent is None
            or parent.tag in _LIST_TAGS
            or _other_link(parent, a)
            or _date_token("".join(block.itertext()).replace(title, " ", 1))
        ):
            break
        block = parent
    return block


def _other_link(el: Any, a: Any) -> bool:
    return any(x is not a and x.get("href") is not None for x in el.iter("a"))


def list_entries(doc: Doc) -> list[Entry]:
    """Entries of the page's main list: the group of sibling items that carries the most
    dates. Without any dates, a group of article-shaped links (an undated list)."""
    items: dict[Any, list[Anchor]] = {}
    for a in doc.own_anchors:
        item = _item_of(a.el)
        if item is not None and a.url is not None:
            items.setdefault(item, []).append(a)
    groups: dict[Any, list[Entry]] = {}
    counts: dict[Any, int] = {}
    for item, anchors in items.items():
        if item.tag in _ITEM_TAGS and (
            item.find(".//li") is not None or item.find(".//tr") is not None
        ):
            continue  # an outer item holding a nested list
        entry = item_entry(item, anchors)
        if entry is None:
            continue
        parent = item.getparent()
        groups.setdefault(parent, []).append(entry)
        dated = entry.published is not None or entry.partial is not None
        counts[parent] = counts.get(parent, 0) + dated
    if not groups:
        return []
    best = max(groups, key=lambda k: (counts[k], len(groups[k])))
    if counts[best] > 0:
        return _dedupe(groups[best])
    # No dates anywhere: an undated list is a group of article-shaped links.
    shaped = {k: [e for e in g if ARTICLE_URL.search(e.url)] for k, g in groups.items()}
    best = max(shaped, key=lambda k: len(shaped[k]))
    if len(shaped[best]) >= 2 and len(shaped[best]) >= len(groups[best]) / 2:
        return _dedupe(groups[best])
    return []


def _dedupe(entries: list[Entry]) -> list[Entry]:
    """One entry per URL, in order. An entry linked twice (thumbnail, then dated title)
    keeps the first's place and takes the date the other printed."""
    kept: dict[str, Entry] = {}
    for e in entries:
        first = kept.setdefault(e.url, e)
        if first is not e and first.date_text is None and e.date_text:
            first.published, first.date_text, first.partial = e.published, e.date_text, e.partial
    return list(kept.values())


def script_pages(text: str, entries: int) -> tuple[int, int | None]:
    """(further pages, records) a javascript: pager announces on a list whose static HTML
    is all we can read: "共12页", or "共236条" against the entries this page showed."""
    m = _RECORD_COUNT.search(text)
    records = int(m.group(1) or m.group(2)) if m else None
    if m := _PAGE_COUNT.search(text):
        return max(0, int(m.group(1) or m.group(2)) - 1), records
    if records and entries and records > entries:
        return -(-records // entries) - 1, records
    return 0, records


def next_links(doc: Doc) -> list[PageRequest]:
    """ "下一页" anchors and ?page=N pager links."""
    out: list[PageRequest] = []
    for a in doc.anchors:
        if not a.url or a.url == doc.url:
            continue
        if _NEXT_TEXT.match(a.title) or (
            _PAGE_PARAM.search(a.url) and re.fullmatch(r"\d{1,4}", a.title)
        ):
            out.append(PageRequest(a.url))
    return out


def breadcrumb(doc: Doc) -> list[str]:
    """Breadcrumb segments after 首页: ["政府信息公开", "法定主动公开内容", "通知公告"]."""
    for el in doc.root.iter():
        if not isinstance(el.tag, str):
            continue
        attrs = f"{el.get('class', '')} {el.get('id', '')}"
        if attrs != " " and _CRUMB_ATTR.search(attrs) and el.find(".//a") is not None:
            parts = _crumb_parts(node_text(el))
            if parts:
                return parts
    for text in _CRUMB_TEXT(doc.root):
        parent = text.getparent()
        if parent is not None and parent.tag != "script":
            parts = _crumb_parts(node_text(parent))
            if parts:
                return parts
    return []


def _crumb_parts(text: str) -> list[str]:
    text = _CRUMB_LABEL.split(strip_pinyin(text), 1)[-1]
    parts = [p.strip() for p in _CRUMB_SPLIT.split(text) if p.strip()]
    if not parts or len(parts) > 12 or any(len(p) > 40 for p in parts):
        return []
    if normalize(parts[0]) in ("首页", "网站首页", "主页", "首 页"):
        parts = parts[1:]
    return parts


def page_title(doc: Doc, site: SiteTemplate | None = None) -> str:
    """The page's own heading: a logo <h1> or a sidebar heading repeated on the site's
    other pages is template, not the title of this page."""
    root = doc.root
    for meta in root.iter("meta"):
        if meta.get("name") == "ArticleTitle" and clean_space(meta.get("content", "")):
            return clean_space(meta.get("content", ""))
    for el in [*root.iter("h1"), *_TITLE_CLASS(root)]:
        if not doc.region.holds(el) or _repeated(el, doc, site):
            continue
        if text := node_text(el):
            return text
    # <title> usually reads "栏目或文章 - 站点名"; the first part is the page's own.
    title = root.find(".//title")
    text = clean_space(" ".join(title.itertext())) if title is not None else ""
    return next((p for p in _TITLE_SPLIT.split(text) if p.strip()), text).strip()


def _repeated(el: Any, doc: Doc, site: SiteTemplate | None) -> bool:
    if site is None or doc.region.pages_known:
        return False  # no template known, or the region already excludes it
    fp = template.fingerprint(el)
    return fp is not None and site.is_template(fp, doc.key)


_TITLE_SPLIT = re.compile(r"\s+[-_|—｜]+\s+|[_|｜]")
_META_DATES = {
    "pubdate": "PubDate",
    "publishdate": "publishdate",
    "firstpublishedtime": "firstpublishedtime",
    "article:published_time": "article:published_time",
}


def meta_dates(doc: Doc) -> list[tuple[str, date]]:
    out = []
    for meta in doc.root.iter("meta"):
        label = _META_DATES.get((meta.get("name") or meta.get("property") or "").lower())
        if label and (d := dates.parse_date(meta.get("content"), fallback=False)):
            out.append((label, d))
    return out


def nav_links(doc: Doc, skip: set[str]) -> list[Link]:
    """Links that can lead to columns: short titles, not articles, files or pager links.
    A nested sidebar tree gives each link the titles of its enclosing items."""
    out: list[Link] = []
    seen: set[str] = set()
    for a in doc.anchors:
        url, title = a.url, a.title
        if not url or url in skip or url in seen or _FILE_URL.search(urlsplit(url).path):
            continue
        if not (2 <= len(title) <= 24) or _stop(title) or ARTICLE_URL.search(url):
            continue
        if _PAGE_PARAM.search(url) or dates.find_dates(title):
            continue
        seen.add(url)
        parents, parent_url = _tree_parents(doc, a)
        out.append(Link(url, title, parents, parent_url))
    return out


def _tree_parents(doc: Doc, a: Anchor) -> tuple[tuple[str, ...], str | None]:
    """Titles of the tree nodes enclosing this link (outermost first) and the link of the
    innermost one. A node may have no page of its own (法定主动公开内容 as a `javascript:`
    or `#` item, a plain <span>, a <dt>, or a heading just above its list): it is still a
    node, and its children's paths carry it."""
    heads: list[tuple[str, str | None]] = []
    own_item = next(a.el.iterancestors("li"), None)
    for anc in a.el.iterancestors("li", "dd", "ul", "ol"):
        head = None if anc is own_item else _node_head(doc, anc)
        if head and head[0] != a.title and head not in heads:
            heads.append(head)
    return tuple(t for t, _ in reversed(heads)), (heads[0][1] if heads else None)


_LISTS = ("ul", "ol", "dl")


def _node_head(doc: Doc, node: Any) -> tuple[str, str | None] | None:
    """(title, url) of the tree node `node` stands for: an <li>'s own label before its
    nested list, the <dt> before a <dd>, or the short heading right above a <ul>."""
    if node.tag == "li":
        if text := (node.text or "").strip():
            return _head(doc, None, text)
        label = next((c for c in node if c.tag not in _LISTS and c.find(".//li") is None), None)
        return _head(doc, label, None) if label is not None else None
    if node.tag == "dd":
        prev = node.getprevious()
        while prev is not None and prev.tag == "dd":
            prev = prev.getprevious()
        return _head(doc, prev, None) if prev is not None and prev.tag == "dt" else None
    prev = node.getprevious()  # a <ul>/<ol>: the heading just above it
    if prev is not None and prev.tag not in _LISTS and prev.find(".//li") is None:
        return _head(doc, prev, None)
    return None


def _head(doc: Doc, el: Any, text: str | None) -> tuple[str, str | None] | None:
    if el is not None:
        anchors = [doc.by_el[x] for x in el.iter("a") if x in doc.by_el]
        if len(anchors) > 1:
            return None
        if el.tag == "a" and el in doc.by_el:
            anchors = [doc.by_el[el]]
        if anchors:
            return (anchors[0].title, anchors[0].url) if _is_label(anchors[0].title) else None
        text = node_text(el)
    label = clean_space(text or "")
    return (label, None) if _is_label(label) else None


def _is_label(text: str) -> bool:
    return 2 <= len(text) <= 24 and not _stop(text)


# ---- the reading ----------------------------------------------------------------------------


def read_page(
    response: TextResponse,
    mode: str = "full",
    site: SiteTemplate | None = None,
    doc: Doc | None = None,
) -> Reading:
    """Read a page. `mode` trims the work to what the crawl needs from it: a further
    list page ("list") only gives entries and pages; an article ("article") only its
    title, text and dates. "full" (column pages, the homepage, `xxgk inspect`) reads all.
    With the site's template (`site`), kind, title, list and emptiness are judged from
    the page's own content; column links are taken from the whole page, since the
    sidebar tree (template) is how a portal leads to its columns."""
    from crawler.families import family_for

    doc = doc or Doc.from_response(response)
    reading = Reading(url=doc.url, doc=doc)
    fam = family_for(doc)
    reading.family = fam.name
    if mode != "article":
        doc.apply(site)
    if mode == "list":
        reading.kind = "list"
        reading.entries = fam.entries(doc)
        reading.next = fam.next_pages(doc, reading)
        return reading
    reading.title = page_title(doc, site)
    body = doc.root.find("body")
    reading.text = node_text(body) if body is not None else ""
    # mirror copies gloss labels with pinyin: 發(fā)布日期
    head = strip_pinyin(reading.text[:20000])
    labelled = dates.labelled_dates(head)
    reading.dates = labelled + meta_dates(doc)
    reading.published = (
        dates.publication_date(labelled)
        or next((d for lab, d in reading.dates if lab == "PubDate"), None)
        or dates.unlabelled_date(head, reading.title)
    )
    if mode == "article":
        reading.kind = "article"
        return reading

    reading.breadcrumb = breadcrumb(doc)
    reading.entries = fam.entries(doc)
    reading.next = fam.next_pages(doc, reading)
    entry_urls = {e.url for e in reading.entries}
    reading.links = nav_links(doc, entry_urls | {p.url for p in reading.next} | {doc.url})
    own = Own(doc, reading)
    reading.kind, reading.why = _kind(doc, reading, own)
    if reading.kind == "unreadable":
        reading.reason = reading.why
    if reading.kind == "list" and not reading.next:
        reading.unfollowed_pages, reading.announced_records = script_pages(
            own.text, len(reading.entries)
        )
    reading.empty = reading.kind == "list" and not reading.entries and own.empty is not None
    return reading


class Own:
    """The page's own content (what template subtraction left): its text, how much of
    it lies outside links, its column links, and any positive sign of an empty list."""

    def __init__(self, doc: Doc, reading: Reading) -> None:
        body = doc.root.find("body")
        texts = _own_texts(body, doc.region) if body is not None else []
        self.text = clean_space(" ".join(t for t, _ in texts))
        self.plain_chars = sum(len(clean_space(t)) for t, linked in texts if not linked)
        urls = {a.url for a in doc.own_anchors}
        # the breadcrumb's links lead up to ancestors, not down to columns of this page
        up = set(reading.breadcrumb)
        self.links = [lk for lk in reading.links if lk.url in urls and lk.title not in up]
        self.empty = _empty_sign(doc, self.text, reading)


_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _hidden(el: Any) -> bool:
    """Not shown to a visitor: a hidden "暂无信息" placeholder row says nothing."""
    return el.get("hidden") is not None or bool(_DISPLAY_NONE.search(el.get("style") or ""))


def _own_texts(el: Any, region: Region) -> list[tuple[str, bool]]:
    """Text nodes of `el` outside the template blocks, each with whether it lies in a
    link (scripts and styles skipped)."""
    out: list[tuple[str, bool]] = []
    stack: list[tuple[Any, bool]] = [(el, False)]
    while stack:
        node, linked = stack.pop()
        if isinstance(node, str):
            out.append((node, linked))
            continue
        if not isinstance(node.tag, str) or node.tag in ("script", "style"):
            continue
        if node in region.template or _hidden(node):
            continue
        inner = linked or node.tag == "a"
        if node.text:
            out.append((node.text, inner))
        for child in reversed(node):
            if child.tail:
                stack.append((child.tail, linked))
            stack.append((child, inner))
    return out


_LIST_NAME = re.compile(r"list|\blb|liebiao|news|article|result|items?\b|record|docs?\b", re.I)
_ONE_PAGE = re.compile(r"共\s*1\s*页|第?\s*1\s*/\s*1\s*页|\b1\s*/\s*1\b")
_PAGER_WORDS = re.compile(r"首页|尾页|末页|上一页|下一页")
_SCRIPT_LOAD = re.compile(
    r"\$\.(?:ajax|get|post|getJSON)\s*\(|XMLHttpRequest|\bfetch\s*\(|axios\.|\.load\s*\(", re.I
)


def _empty_sign(doc: Doc, own: str, reading: Reading) -> str | None:
    """Positive evidence, in the page's own content, that its list holds nothing."""
    if reading.entries:
        return None
    if m := _EMPTY_MARKER.search(own):
        return f"页面显示“{m.group(0)}”"
    if _ONE_PAGE.search(own) and _PAGER_WORDS.search(own):
        return "分页显示共1页，且无任何条目"
    for el in doc.root.iter("ul", "ol", "dl", "table", "tbody", "div"):
        if (
            not doc.region.holds(el)
            or _hidden(el)
            or not _LIST_NAME.search(f"{el.get('class', '')} {el.get('id', '')}")
        ):
            continue
        if el.find(".//a") is None and not _cell_text(el):
            if _SCRIPT_LOAD.search(doc.raw):
                return None  # an empty container that a script fills: cannot tell
            return "列表容器中没有任何条目"
    return None


# A list container's text besides its header row (序号 标题 发布日期).
_DATA_TEXT = etree.XPath(
    ".//text()[not(ancestor::th) and not(ancestor::thead) and not(ancestor::caption)"
    " and not(ancestor::script) and not(ancestor::style)]"
)


def _cell_text(el: Any) -> str:
    return "".join(_DATA_TEXT(el)).strip()


def _kind(doc: Doc, r: Reading, own: Own) -> tuple[str, str]:
    published_label = any(lab in dates.PUBLISHED_LABELS or lab == "PubDate" for lab, _ in r.dates)
    if published_label and ARTICLE_URL.search(r.url):
        return "article", "文章地址且带发布日期"  # whatever "related links" list it shows
    if r.entries:
        return "list", f"页面自身内容中有 {len(r.entries)} 条列表条目"
    if r.next:
        return "list", "有列表分页"
    if own.empty:
        return "list", f"空列表：{own.empty}"
    if _CLIENT_TEMPLATE.search(doc.raw):
        return "unreadable", "列表由浏览器端脚本渲染（模板占位符），爬虫无法读取条目"
    if published_label:
        return "article", "带发布日期的单篇页面"
    # A parent only points to its columns: links of its own, little paragraph text.
    if len(own.links) >= 3 and own.plain_chars < 100:
        return "section", f"自身内容只有 {len(own.links)} 个栏目链接，是上级栏目"
    heading = normalize(r.title)
    if len(normalize(own.text).replace(heading, "", 1)) < 4 and not own.links:
        reason = "页面自身内容为空（网站模板之外没有文字或条目，可能由脚本加载），无法判断"
        if _SCRIPT_LOAD.search(doc.raw):
            reason = "页面自身内容为空，列表可能由脚本加载，无法判断"
        return "unreadable", reason
    return "page", "单页栏目：自身内容为正文"
