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
_CRUMB_SPLIT = re.compile(r"\s*(?:>>|>|»|›|→|＞|/|\\)\s*")
_STOP_TITLES = {
    "首頁",
    "網站首頁",
    "下一頁",
    "上一頁",
    "更多>>",
    "首页",
    "网站首页",
    "返回首页",
    "更多",
    "more",
    "上一页",
    "下一页",
    "尾页",
    "末页",
    "打印",
    "关闭",
    "返回",
    "返回顶部",
    "english",
    "无障碍",
    "网站地图",
    "联系我们",
    "登录",
    "注册",
}
_NEXT_TEXT = re.compile(r"^\s*(?:下一页|下页|后一页|next|>|›|»)\s*$", re.I)
_PAGE_COUNT = re.compile(r"共\s*(\d{1,5})\s*页|第?\s*\d{1,5}\s*/\s*(\d{1,5})\s*页")
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
    text: str = ""
    unfollowed_pages: int = 0  # pages a script-driven pager announces that we cannot follow
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
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# ---- the parsed page ------------------------------------------------------------------------
# Everything below works on raw lxml elements: parsel's per-call Selector wrappers cost
# more than the parsing itself on a 20 KB government page.

_TEXT = etree.XPath(".//text()[not(ancestor::script) and not(ancestor::style)]")
_OWN_TEXT = etree.XPath(
    "//body//text()[not(ancestor::a) and not(ancestor::script) and not(ancestor::style)]"
)
# 当前位置 / 當前位置 / 當(dāng)前位置 (mirrors gloss pinyin), 您的位置, 所在位置 …
_CRUMB_TEXT = etree.XPath(
    "//text()[contains(., '前位置') or contains(., '的位置') or contains(., '在位置')]"
)
_TITLE_CLASS = etree.XPath("(//*[contains(@class,'title') or contains(@id,'title')])[1]")


class Anchor:
    """A link of the page. Its absolute URL (None for javascript:, mailto: …) and its
    title are worked out on first use, once: a further list page needs few of them."""

    __slots__ = ("el", "_doc", "_title")

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
    # The date normally sits beside the link; some templates print it inside the anchor.
    source = rest
    found = dates.find_dates(rest)
    if not found:
        source, found = full, dates.find_dates(full)
    if found:
        return Entry(
            a.url,
            a.title,
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


# ---- generic list extraction -------------------------------------------------------------

_ITEM_TAGS = {"li", "tr", "dd"}
_LOOSE_ITEM_TAGS = {"div", "p", "dl"}


def _item_of(a: Any) -> Any | None:
    """The list item an anchor sits in: the nearest li/tr/dd, else a div/p wrapper."""
    for depth, anc in enumerate(a.iterancestors()):
        if anc.tag in _ITEM_TAGS:
            return anc
        if depth >= 5:
            break
    parent = a.getparent()
    return parent if parent is not None and parent.tag in _LOOSE_ITEM_TAGS else None


def list_entries(doc: Doc) -> list[Entry]:
    """Entries of the page's main list: the group of sibling items that carries the most
    dates. Without any dates, a group of article-shaped links (an undated list)."""
    items: dict[Any, list[Anchor]] = {}
    for a in doc.anchors:
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
        counts[parent] = counts.get(parent, 0) + (1 if entry.date_text else 0)
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
    seen: set[str] = set()
    out = []
    for e in entries:
        if e.url not in seen:
            seen.add(e.url)
            out.append(e)
    return out


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


def page_title(doc: Doc) -> str:
    root = doc.root
    for meta in root.iter("meta"):
        if meta.get("name") == "ArticleTitle" and clean_space(meta.get("content", "")):
            return clean_space(meta.get("content", ""))
    for el in [root.find(".//h1"), *_TITLE_CLASS(root)]:
        if el is not None and (text := node_text(el)):
            return text
    # <title> usually reads "栏目或文章 - 站点名"; the first part is the page's own.
    title = root.find(".//title")
    text = clean_space(" ".join(title.itertext())) if title is not None else ""
    return next((p for p in _TITLE_SPLIT.split(text) if p.strip()), text).strip()


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
        if not (2 <= len(title) <= 24) or title.lower() in _STOP_TITLES or ARTICLE_URL.search(url):
            continue
        if _PAGE_PARAM.search(url) or dates.find_dates(title):
            continue
        seen.add(url)
        parents, parent_url = _tree_parents(doc, a)
        out.append(Link(url, title, parents, parent_url))
    return out


def _tree_parents(doc: Doc, a: Anchor) -> tuple[tuple[str, ...], str | None]:
    """Titles of the sidebar items enclosing this link's own item (outermost first) and
    the link of the innermost one."""
    owners = []
    for li in list(a.el.iterancestors("li"))[1:]:
        head = li.find("a")
        if head is None and len(li) and li[0].tag != "ul":
            head = li[0].find(".//a")
        owner = doc.by_el.get(head) if head is not None else None
        if owner and owner.title and owner.title != a.title:
            owners.append(owner)
    return tuple(o.title for o in reversed(owners)), (owners[0].url if owners else None)


# ---- the reading ----------------------------------------------------------------------------


def read_page(response: TextResponse, mode: str = "full") -> Reading:
    """Read a page. `mode` trims the work to what the crawl needs from it: a further
    list page ("list") only gives entries and pages; an article ("article") only its
    title, text and dates. "full" (column pages, the homepage, `xxgk inspect`) reads all."""
    from crawler.families import family_for

    doc = Doc.from_response(response)
    reading = Reading(url=doc.url, doc=doc)
    fam = family_for(doc)
    reading.family = fam.name
    if mode == "list":
        reading.kind = "list"
        reading.entries = fam.entries(doc)
        reading.next = fam.next_pages(doc, reading)
        return reading
    reading.title = page_title(doc)
    body = doc.root.find("body")
    reading.text = node_text(body) if body is not None else ""
    # mirror copies gloss labels with pinyin: 發(fā)布日期
    labelled = dates.labelled_dates(strip_pinyin(reading.text[:20000]))
    reading.dates = labelled + meta_dates(doc)
    reading.published = dates.publication_date(labelled) or next(
        (d for lab, d in reading.dates if lab == "PubDate"), None
    )
    if mode == "article":
        reading.kind = "article"
        return reading

    reading.breadcrumb = breadcrumb(doc)
    reading.entries = fam.entries(doc)
    reading.next = fam.next_pages(doc, reading)
    entry_urls = {e.url for e in reading.entries}
    reading.links = nav_links(doc, entry_urls | {p.url for p in reading.next} | {doc.url})
    reading.kind, reading.reason = _kind(doc, reading)
    if reading.kind == "list" and not reading.next and (m := _PAGE_COUNT.search(reading.text)):
        # "共12页" with a javascript: pager: only this page can be read
        reading.unfollowed_pages = max(0, int(m.group(1) or m.group(2)) - 1)
    reading.empty = (
        reading.kind == "list" and not reading.entries and bool(_EMPTY_MARKER.search(reading.text))
    )
    return reading


def _kind(doc: Doc, r: Reading) -> tuple[str, str | None]:
    published_label = any(lab in dates.PUBLISHED_LABELS or lab == "PubDate" for lab, _ in r.dates)
    if published_label and ARTICLE_URL.search(r.url):
        return "article", None  # a detail page, whatever "related links" list it shows
    if r.entries or r.next or _EMPTY_MARKER.search(r.text):
        return "list", None
    if _CLIENT_TEMPLATE.search(doc.raw):
        return "unreadable", "列表由浏览器端脚本渲染（模板占位符），爬虫无法读取条目"
    if published_label:
        return "article", None
    # A parent page only points to its columns: little paragraph-like text of its own.
    if len(r.links) >= 3 and _paragraph_chars(doc) < 200:
        return "section", None
    return "page", None


def _paragraph_chars(doc: Doc) -> int:
    return sum(len(t) for t in (clean_space(x) for x in _OWN_TEXT(doc.root)) if len(t) >= 30)
