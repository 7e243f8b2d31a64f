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
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from scrapy.http import TextResponse

from xxgk import dates
from xxgk.text import clean_space, normalize

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
    r"(?:当前位置|您的位置|你的位置|您现在的位置|您当前的位置|所在位置)\s*[:：]?"
)
_CRUMB_ATTR = re.compile(r"crumb|position|location|weizhi|dqwz|bread|curpos|wz\b|dangqian", re.I)
_CRUMB_SPLIT = re.compile(r"\s*(?:>>|>|»|›|→|＞|/|\\)\s*")
_STOP_TITLES = {
    "首页",
    "网站首页",
    "返回首页",
    "更多",
    "more",
    "更多>>",
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
    unparsed_dates: list[str] = field(default_factory=list)
    text: str = ""
    unfollowed_pages: int = 0  # pages a script-driven pager announces that we cannot follow

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


# ---- small helpers shared by the families ----------------------------------------------


def node_text(node: Selector) -> str:
    return clean_space(
        " ".join(node.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]").getall())
    )


def link_title(a: Selector) -> str:
    """Visible text of an anchor; the title attribute when the text is cut ("…")."""
    # Homepage entries are often banner images: their alt text is the title.
    text = clean_space(" ".join(a.xpath(".//text()").getall())) or clean_space(
        " ".join(a.xpath(".//img/@alt").getall())
    )
    title = clean_space(a.attrib.get("title", ""))
    if title and (not text or text.endswith(("...", "…")) or len(title) > len(text)):
        return title
    return text


def absolute(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if href.startswith(("javascript:", "mailto:", "tel:", "#", "data:")):
        return None
    url = urljoin(base, href).split("#", 1)[0]
    return url if url.startswith(("http://", "https://")) else None


_INDEX_FILE = re.compile(r"/(?:index|default)\.s?html?$", re.I)


def url_key(url: str) -> str:
    """The identity of a page for de-duplication: `dir/` and `dir/index.html` are one."""
    parts = urlsplit(url)
    path = _INDEX_FILE.sub("/", parts.path) or "/"
    return f"{parts.scheme}://{parts.netloc.lower()}{path}" + (
        f"?{parts.query}" if parts.query else ""
    )


def item_entry(item: Selector, base: str) -> Entry | None:
    """One list item (li/tr/dd …): its main link and the date printed beside it."""
    anchors = [a for a in item.xpath(".//a[@href]") if absolute(base, a.attrib.get("href"))]
    anchors = [a for a in anchors if len(link_title(a)) >= 4] or anchors
    if not anchors:
        return None
    a = max(anchors, key=lambda x: len(link_title(x)))
    url = absolute(base, a.attrib.get("href"))
    title = link_title(a)
    if not url or not title:
        return None
    full = node_text(item)
    rest = full.replace(link_title(a), " ", 1) if link_title(a) in full else full
    # The date normally sits beside the link; some templates print it inside the anchor.
    found = dates.find_dates(rest) or dates.find_dates(full)
    if found:
        source = rest if dates.find_dates(rest) else full
        return Entry(
            url, title, found[-1].date, dates.fold(source)[found[-1].start : found[-1].end].strip()
        )
    partial = dates.partial_date(rest)
    if partial:
        m = re.search(r"\[?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\]?", dates.fold(rest))
        return Entry(url, title, None, m.group(0) if m else rest.strip(), partial)
    token = _date_token(rest)
    if token:
        return Entry(url, title, dates.parse_date(token), token)
    return Entry(url, title)


_DATE_TOKEN = re.compile(
    r"\d{2,4}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*日?)?|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}"
)


def _date_token(text: str) -> str | None:
    m = _DATE_TOKEN.search(dates.fold(text))
    return m.group(0) if m else None


# ---- generic list extraction -------------------------------------------------------------

_ITEM_XPATH = (
    "//li[.//a[@href]] | //tr[.//a[@href]] | //dd[.//a[@href]] | //dl[.//a[@href]][not(dd)]"
)


def list_entries(sel: Selector, base: str) -> list[Entry]:
    """Entries of the page's main list: the group of sibling items that carries the most
    dates. Without any dates, a group of article-shaped links (an undated list)."""
    groups: dict[str, list[Entry]] = {}
    counts: dict[str, int] = {}
    for item in sel.xpath(_ITEM_XPATH):
        if item.xpath(".//li | .//tr"):  # an outer item holding a nested list
            continue
        entry = item_entry(item, base)
        if entry is None:
            continue
        # lxml element proxies are recreated per access, so their identity is no key;
        # the parent's path in the tree is.
        parent = item.root.getparent()
        key = item.root.getroottree().getpath(parent) if parent is not None else ""
        groups.setdefault(key, []).append(entry)
        counts[key] = counts.get(key, 0) + (1 if entry.date_text else 0)
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


def next_links(sel: Selector, base: str) -> list[PageRequest]:
    """ "下一页" anchors and ?page=N pager links."""
    out: list[PageRequest] = []
    for a in sel.xpath("//a[@href]"):
        url = absolute(base, a.attrib.get("href"))
        if not url or url == base:
            continue
        text = link_title(a)
        if _NEXT_TEXT.match(text) or (_PAGE_PARAM.search(url) and re.fullmatch(r"\d{1,4}", text)):
            out.append(PageRequest(url))
    return out


def breadcrumb(sel: Selector) -> list[str]:
    """Breadcrumb segments after 首页: ["政府信息公开", "法定主动公开内容", "通知公告"]."""
    candidates = sel.xpath("//*[@class or @id]")
    for node in candidates:
        attrs = " ".join(node.attrib.get(a, "") for a in ("class", "id"))
        if _CRUMB_ATTR.search(attrs) and node.xpath(".//a"):
            parts = _crumb_parts(node_text(node))
            if parts:
                return parts
    for node in sel.xpath(
        "//*[not(self::script)][text()[re:test(., '当前位置|您的位置|你的位置|您现在的位置|所在位置')]]",
        namespaces={"re": "http://exslt.org/regular-expressions"},
    ):
        parts = _crumb_parts(node_text(node))
        if parts:
            return parts
    return []


def _crumb_parts(text: str) -> list[str]:
    text = _CRUMB_LABEL.split(text, 1)[-1]
    parts = [p.strip() for p in _CRUMB_SPLIT.split(text) if p.strip()]
    if not parts or len(parts) > 12 or any(len(p) > 40 for p in parts):
        return []
    if normalize(parts[0]) in ("首页", "网站首页", "主页", "首 页"):
        parts = parts[1:]
    return parts


def page_title(sel: Selector) -> str:
    for xp in (
        "//meta[@name='ArticleTitle']/@content",
        "//h1//text()",
        "//*[contains(@class,'title') or contains(@id,'title')][1]//text()",
    ):
        text = clean_space(" ".join(sel.xpath(xp).getall()))
        if text:
            return text
    # <title> usually reads "栏目或文章 - 站点名"; the first part is the page's own.
    text = clean_space(" ".join(sel.xpath("//title//text()").getall()))
    return next((p for p in _TITLE_SPLIT.split(text) if p.strip()), text).strip()


_TITLE_SPLIT = re.compile(r"\s+[-_|—｜]+\s+|[_|｜]")


def meta_dates(sel: Selector) -> list[tuple[str, date]]:
    out = []
    for name in (
        "PubDate",
        "pubdate",
        "publishdate",
        "firstpublishedtime",
        "article:published_time",
    ):
        for value in sel.xpath(f"//meta[@name='{name}' or @property='{name}']/@content").getall():
            d = dates.parse_date(value, fallback=False)
            if d:
                out.append(("PubDate" if name.lower() == "pubdate" else name, d))
    return out


def nav_links(sel: Selector, base: str, skip: set[str]) -> list[Link]:
    """Links that can lead to columns: short titles, not articles, files or pager links.
    A nested sidebar tree gives each link the titles of its enclosing items."""
    out: list[Link] = []
    seen: set[str] = set()
    for a in sel.xpath("//a[@href]"):
        url = absolute(base, a.attrib.get("href"))
        if not url or url in skip or url in seen or _FILE_URL.search(urlsplit(url).path):
            continue
        title = link_title(a)
        if (
            not (2 <= len(title) <= 24)
            or normalize(title).lower() in _STOP_TITLES
            or ARTICLE_URL.search(url)
        ):
            continue
        if _PAGE_PARAM.search(url) or dates.find_dates(title):
            continue
        seen.add(url)
        parents = tuple(
            link_title(p)
            for p in a.xpath(
                "ancestor::li[position() > 1]/a[1] | ancestor::li[position() > 1]/*[not(self::ul)][1]/a[1]"
            )
            if link_title(p) and link_title(p) != title
        )
        out.append(Link(url, title, parents))
    return out


# ---- the reading ----------------------------------------------------------------------------


def read_page(response: TextResponse) -> Reading:
    from crawler.families import family_for

    sel = response.selector
    base = response.url
    reading = Reading(url=base, title=page_title(sel), breadcrumb=breadcrumb(sel))
    fam = family_for(response)
    reading.family = fam.name
    reading.text = node_text(sel.xpath("//body")[0]) if sel.xpath("//body") else ""

    labelled = dates.labelled_dates(reading.text[:20000])
    reading.dates = labelled + meta_dates(sel)
    reading.published = dates.publication_date(labelled) or next(
        (d for lab, d in reading.dates if lab == "PubDate"), None
    )

    reading.entries = fam.entries(response)
    reading.next = fam.next_pages(response, reading)
    entry_urls = {e.url for e in reading.entries}
    reading.links = nav_links(sel, base, entry_urls | {p.url for p in reading.next} | {base})
    reading.unparsed_dates = [
        e.date_text for e in reading.entries if e.date_text and not e.published and not e.partial
    ][:10]
    reading.kind, reading.reason = _kind(response, reading)
    if reading.kind == "list" and not reading.next and (m := _PAGE_COUNT.search(reading.text)):
        # "共12页" with a javascript: pager: only this page can be read
        reading.unfollowed_pages = max(0, int(m.group(1) or m.group(2)) - 1)
    reading.empty = (
        reading.kind == "list" and not reading.entries and bool(_EMPTY_MARKER.search(reading.text))
    )
    return reading


def _kind(response: TextResponse, r: Reading) -> tuple[str, str | None]:
    published_label = any(lab in dates.PUBLISHED_LABELS or lab == "PubDate" for lab, _ in r.dates)
    if published_label and ARTICLE_URL.search(r.url):
        return "article", None  # a detail page, whatever "related links" list it shows
    if r.entries or r.next or _EMPTY_MARKER.search(r.text):
        return "list", None
    if _CLIENT_TEMPLATE.search(response.text):
        return "unreadable", "列表由浏览器端脚本渲染（模板占位符），爬虫无法读取条目"
    if published_label:
        return "article", None
    # A parent page only points to its columns: little paragraph-like text of its own.
    if len(r.links) >= 3 and _paragraph_chars(response.selector) < 200:
        return "section", None
    return "page", None


def _paragraph_chars(sel: Selector) -> int:
    texts = sel.xpath(
        "//body//text()[not(ancestor::a) and not(ancestor::script) and not(ancestor::style)]"
    ).getall()
    return sum(len(t) for t in (clean_space(x) for x in texts) if len(t) >= 30)
