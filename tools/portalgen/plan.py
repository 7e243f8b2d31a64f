"""The random plan of one portal: its look (Style) and its column tree with entries.

Everything random is drawn here, from one `random.Random(seed)`, so rendering is a pure
function of the plan and a seed always gives the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from tools.portalgen import vocab


@dataclass(eq=False)
class Entry:
    url: str
    title: str
    published: date
    column: Node
    exists: bool = True  # False: the list links an article that answers 404
    broken_links: list[str] = field(default_factory=list)  # planted in the article body
    annual_year: int | None = None


@dataclass(eq=False)
class Node:
    title: str
    code: str
    kind: str  # list | page | group
    cls: str  # vocab class, or guide/system/annual_report/on_request/org/group
    parent: Node | None = None
    url: str | None = None  # None: a grouping node without a page of its own
    group_href: str = "javascript:;"
    children: list[Node] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    # how a list column looks
    markup: str = "ul"
    date_fmt: str = "iso"
    date_tag: str = "span"
    pager: str = "single"
    page_size: int = 15
    empty_marker: str | None = None
    long: bool = True  # content pages: a long text or one short paragraph
    stale: bool = False

    @property
    def freshness_class(self) -> str:
        return vocab.FRESHNESS_CLASS.get(self.cls, self.cls)

    def leaves(self) -> list[Node]:
        if self.kind != "group":
            return [self]
        return [leaf for c in self.children for leaf in c.leaves()]

    def groups(self) -> list[Node]:
        if self.kind != "group":
            return []
        return [self] + [g for c in self.children for g in c.groups()]

    def ancestors(self) -> list[Node]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]


@dataclass
class Style:
    seed: int
    as_of: date
    city: str
    org: str
    site_name: str
    section_title: str
    section_dir: str  # "/xxgk/"
    section_link_index: bool  # link the section as /xxgk/index.html rather than /xxgk/
    url_scheme: str  # trs | jcms | generic
    article_ext: str
    abs_links: bool
    column_link_index: bool
    sidebar: bool
    logo_h1: bool
    crumb_label: str | None  # None: no breadcrumb at all
    crumb_sep: str
    charset: str  # utf-8 | gbk
    meta_charset: str | None  # the label in <meta>, or None
    header_charset: bool
    traditional: str | None  # None | s2t | s2twp (phrase-level: 資訊公開)
    article_title_tag: str  # h1 | div.title | h2
    date_labelled: bool  # 发布日期：… or a bare date beside 来源/责任编辑
    meta_table: bool  # gkml-style 索引号/发布机构/发布日期 table on articles
    section_main: str  # intro | latest | grid
    truncate_titles: bool
    css: str  # class-name family: keeps templates from sharing one vocabulary
    # what most list columns of the site look like (a quarter differ: real sites mix)
    markup: str
    date_fmt: str
    pager: str


DATE_FORMATS = ["iso", "cn", "cn_nopad", "bracket", "slash", "dot", "paren"]
MARKUPS = ["ul", "table", "div", "dl"]
DATE_TAGS = {
    "ul": ["span", "b", "em", "font", "i", "bare", "span.date"],
    "table": ["td", "td.span"],
    "div": ["div.date", "span.time", "p.label"],
    "dl": ["dd"],
}
PAGERS = ["trs", "next", "query", "js", "single"]


def make_style(rng: random.Random, seed: int) -> Style:
    city = rng.choice(vocab.CITIES)
    agency, _ = rng.choice(vocab.AGENCIES)
    org = city + agency
    traditional = rng.choices([None, "s2t", "s2twp"], [0.84, 0.08, 0.08])[0]
    charset = rng.choices(["utf-8", "gbk"], [0.65, 0.35])[0]
    if charset == "gbk":
        # gb2312 labels on GBK bytes are common, but only safe for simplified text.
        labels = ["gbk", "gb2312"] if traditional is None else ["gbk"]
        meta = rng.choices([rng.choice(labels), None], [0.8, 0.2])[0]
        header = rng.random() < 0.4
    else:
        meta = rng.choices(["utf-8", None], [0.8, 0.2])[0]
        header = rng.random() < 0.6
    sidebar = rng.random() < 0.65
    return Style(
        seed=seed,
        as_of=date(rng.choice([2024, 2025]), rng.randint(4, 12), rng.randint(1, 28)),
        city=city,
        org=org,
        site_name=rng.choice([org, org + "门户网站", org + "网站"]),
        section_title=rng.choice(vocab.SECTION_TITLES),
        section_dir="/" + rng.choice(vocab.SECTION_PATHS) + "/",
        section_link_index=rng.random() < 0.5,
        url_scheme=rng.choices(["trs", "jcms", "generic"], [0.5, 0.2, 0.3])[0],
        article_ext=rng.choice([".html", ".html", ".shtml", ".htm"]),
        abs_links=rng.random() < 0.5,
        column_link_index=rng.random() < 0.5,
        sidebar=sidebar,
        logo_h1=rng.random() < 0.5,
        crumb_label=rng.choices(
            ["当前位置：", "您的位置：", "您现在的位置：", "", None], [0.35, 0.2, 0.15, 0.15, 0.15]
        )[0],
        crumb_sep=rng.choice([" > ", " &gt; ", " » ", " / ", " - "]),
        charset=charset,
        meta_charset=meta,
        header_charset=header,
        traditional=traditional,
        article_title_tag=rng.choice(["h1", "div.title", "h2"]),
        date_labelled=rng.random() < 0.6,
        meta_table=rng.random() < 0.3,
        section_main="grid" if not sidebar else rng.choice(["intro", "latest"]),
        truncate_titles=rng.random() < 0.4,
        css=rng.choice(["trs", "hw", "ucap", "plain"]),
        markup=rng.choice(MARKUPS),
        date_fmt=rng.choice(DATE_FORMATS),
        pager=rng.choice(PAGERS),
    )


def _list_node(rng: random.Random, style: Style, title: str, code: str, cls: str) -> Node:
    node = Node(title=title, code=code, kind="list", cls=cls)
    node.markup = _mostly(rng, style.markup, MARKUPS)
    node.date_fmt = _mostly(rng, style.date_fmt, DATE_FORMATS)
    node.date_tag = rng.choice(DATE_TAGS[node.markup])
    node.pager = _mostly(rng, style.pager, PAGERS)
    node.page_size = rng.choice([10, 15, 20])
    return node


def _mostly(rng: random.Random, default: str, options: list[str]) -> str:
    return default if rng.random() < 0.75 else rng.choice(options)


def _page_node(title: str, code: str, cls: str, rng: random.Random) -> Node:
    return Node(title=title, code=code, kind="page", cls=cls, long=rng.random() < 0.6)


def _group(title: str, code: str, children: list[Node]) -> Node:
    node = Node(title=title, code=code, kind="group", cls="group", children=children)
    for c in children:
        c.parent = node
    return node


def _statutory_children(rng: random.Random, style: Style) -> list[Node]:
    def lst(cls: str) -> Node:
        titles, code = vocab.LIST_COLUMNS[cls]
        return _list_node(rng, style, rng.choice(titles), code, cls)

    kids: list[Node] = []
    if rng.random() < 0.2:
        kids.append(
            _group(
                "机构信息",
                "jgxx",
                [
                    _page_node(vocab.ORG_DUTIES[0], vocab.ORG_DUTIES[1], "org", rng),
                    _page_node("领导信息", "ldxx", "org", rng),
                    _page_node("内设机构", "nsjg", "org", rng),
                ],
            )
        )
    else:
        kids.append(_page_node(vocab.ORG_DUTIES[0], vocab.ORG_DUTIES[1], "org", rng))
    for cls in ("policy", "notice", "news"):
        kids.append(lst(cls))
    for cls in ("interpretation", "personnel", "plan", "procurement", "stats", "proposal"):
        if rng.random() < 0.5:
            kids.append(lst(cls))
    if rng.random() < 0.2:
        kids.append(
            _group(
                "财政预决算",
                "czyjs",
                [
                    _list_node(rng, style, "部门预算", "bmys", "budget"),
                    _list_node(rng, style, "部门决算", "bmjs", "budget"),
                ],
            )
        )
    elif rng.random() < 0.6:
        kids.append(lst("budget"))
    if rng.random() < 0.25:
        kids.append(_group("行政执法", "xzzf", [lst("permit"), lst("penalty")]))
    elif rng.random() < 0.4:
        kids.append(lst(rng.choice(["permit", "penalty"])))
    if rng.random() < 0.3:
        titles = rng.sample(list(vocab.FIELD_CODES), rng.randint(2, 3))
        kids.append(
            _group(
                "重点领域信息公开",
                "zdlyxx",
                [_list_node(rng, style, t, vocab.FIELD_CODES[t], "field") for t in titles],
            )
        )
    return kids


def make_tree(rng: random.Random, style: Style) -> tuple[Node, list[str]]:
    """The section's column tree (a root group) and the required titles left out."""
    missing: list[str] = []
    if rng.random() < 0.35:
        missing = rng.sample(vocab.REQUIRED_TITLES, rng.choice([1, 1, 2]))
    top: list[Node] = []
    if vocab.GUIDE[0] not in missing:
        if rng.random() < 0.65:
            top.append(_page_node(*vocab.GUIDE, "guide", rng))
        else:
            top.append(_list_node(rng, style, *vocab.GUIDE, "guide"))
    if vocab.SYSTEM[0] not in missing:
        if rng.random() < 0.6:
            top.append(_list_node(rng, style, *vocab.SYSTEM, "system"))
        else:
            top.append(_page_node(*vocab.SYSTEM, "system", rng))
    kids = _statutory_children(rng, style)
    if vocab.STATUTORY[0] in missing:
        top.extend(kids)
        # 政府信息公开目录 counts as the 主动公开 catalogue: a section named so is not
        # missing it.
        if "目录" in style.section_title:
            style.section_title = "政府信息公开"
    else:
        title = rng.choices([vocab.STATUTORY[0], "主动公开内容"], [0.8, 0.2])[0]
        top.append(_group(title, vocab.STATUTORY[1], kids))
    if vocab.ANNUAL[0] not in missing:
        node = _list_node(
            rng,
            style,
            rng.choice([vocab.ANNUAL[0], "政府信息公开年度报告"]),
            vocab.ANNUAL[1],
            "annual_report",
        )
        node.pager = rng.choice(["single", "trs", "next"])  # never hidden behind a js pager
        top.append(node)
    if rng.random() < 0.7:
        top.append(_page_node(*vocab.ON_REQUEST, "on_request", rng))
    root = _group(style.section_title, "", top)
    _trim(rng, root)
    return root, missing


def _trim(rng: random.Random, root: Node) -> None:
    """Drop optional list columns until the section has at most 20 columns."""
    protected = {"guide", "system", "annual_report", "policy", "notice", "news", "org"}
    while len(root.leaves()) > 20:
        optional = [n for n in root.leaves() if n.cls not in protected | {"on_request"}]
        if not optional:
            return
        victim = rng.choice(optional)
        assert victim.parent is not None
        victim.parent.children.remove(victim)
        if not victim.parent.children and victim.parent.parent is not None:
            victim.parent.parent.children.remove(victim.parent)


def assign_urls(rng: random.Random, style: Style, root: Node) -> None:
    nested = rng.random() < 0.5  # /xxgk/fdzdgknr/tzgg/ rather than /xxgk/tzgg/
    ids = iter(rng.sample(range(1000, 99999), 200))

    def walk(node: Node, base: str) -> None:
        for child in node.children:
            if style.url_scheme == "jcms":
                child.url = f"/col/col{next(ids)}/index.html"
            else:
                child.url = f"{base}{child.code}/index.html"
            child_base = f"{base}{child.code}/" if nested else base
            if child.kind == "group":
                page = rng.choices(["javascript:;", "#", "page"], [0.4, 0.2, 0.4])[0]
                if page != "page":
                    child.group_href, child.url = page, None
                walk(child, child_base)

    walk(root, style.section_dir)
    root.url = style.section_dir + "index.html"


def _article_url(rng: random.Random, style: Style, column: Node, day: date, aid: int) -> str:
    assert column.url is not None
    folder = column.url.rsplit("/", 1)[0] + "/"
    if style.url_scheme == "trs":
        return f"{folder}{day:%Y%m}/t{day:%Y%m%d}_{aid}{style.article_ext}"
    if style.url_scheme == "jcms":
        colid = column.url.split("/col/col")[-1].split("/")[0]
        return f"/art/{day.year}/{day.month}/{day.day}/art_{colid}_{aid}{style.article_ext}"
    return f"{folder}content_{aid}{style.article_ext}"


def fill_entries(rng: random.Random, style: Style, root: Node, missing: list[str]) -> list[int]:
    """Entries for every list column; returns the years whose annual report is absent."""
    ids = iter(rng.sample(range(10000, 999999), 5000))
    absent_years: list[int] = []
    due = list(range(2019, style.as_of.year))
    for col in root.leaves():
        if col.kind != "list":
            continue
        if col.cls == "annual_report":
            first = rng.randint(2014, 2019)
            years = [y for y in range(style.as_of.year - 1, first - 1, -1) if rng.random() > 0.2]
            absent_years = [y for y in due if y not in years]
            for y in years:
                day = date(y + 1, 1, rng.randint(5, 28))
                title = vocab.annual_title(rng, style.org, y)
                e = Entry(_article_url(rng, style, col, day, next(ids)), title, day, col)
                e.annual_year = y
                col.entries.append(e)
            continue
        if col.cls in ("guide",):
            n = rng.randint(1, 2)
        elif rng.random() < 0.1:
            n = 0  # a blank column (空白栏目)
        else:
            n = rng.choice([rng.randint(1, 12), rng.randint(5, 60)])
        if n == 0:
            col.empty_marker = rng.choice(["暂无信息", "暂无数据", "没有找到相关信息", None])
            continue
        limit = vocab.STALENESS_DAYS.get(col.freshness_class)
        if limit is not None:
            col.stale = rng.random() < 0.3
            # Keep clear of the boundary day: the truth must not hinge on off-by-one.
            age = rng.randint(limit + 5, limit + 700) if col.stale else rng.randint(0, limit - 5)
        else:
            age = rng.randint(0, 900)
        gap = {"news": 8, "notice": 30, "policy": 40}.get(col.freshness_class, 60)
        day = style.as_of - timedelta(days=age)
        titles: set[str] = set()
        # A 重点领域 column's entries are about its own field (食品安全 …).
        topic = col.title if col.cls == "field" else None
        for _ in range(n):
            for _retry in range(10):  # real columns do not repeat a title word for word
                title = vocab.entry_title(rng, col.cls, style.org, style.city, day, topic)
                if title not in titles:
                    titles.add(title)
                    col.entries.append(
                        Entry(_article_url(rng, style, col, day, next(ids)), title, day, col)
                    )
                    break
            day -= timedelta(days=rng.randint(0, gap))
            day = max(day, date(2012, 1, 1))
    for col in root.leaves():
        if col.pager == "single":  # one page holds the whole list, however long
            col.page_size = max(len(col.entries), 1)
    if vocab.ANNUAL[0] in missing:
        absent_years = due
    return absent_years


def static_entries(node: Node) -> list[Entry]:
    """The entries a reader of the served HTML can see: a js pager hides the rest, whose
    pages and articles this static copy does not have."""
    if node.pager == "js":
        return node.entries[: node.page_size]
    return node.entries


def plant_defects(rng: random.Random, style: Style, root: Node) -> None:
    """Broken in-section links in article bodies and list entries whose article 404s."""
    ids = iter(rng.sample(range(1000000, 1999999), 50))
    entries = [e for c in root.leaves() for e in static_entries(c)]
    if not entries:
        return
    if rng.random() < 0.7:
        deep = [e for e in entries if e.column.entries.index(e) >= 10]
        for _ in range(rng.randint(1, 4)):
            host = rng.choice(deep) if deep and rng.random() < 0.5 else rng.choice(entries)
            day = host.published - timedelta(days=rng.randint(0, 300))
            if rng.random() < 0.3 and style.url_scheme != "jcms":
                folder = host.url.rsplit("/", 1)[0] + "/"
                target = f"{folder}P0{day:%Y%m%d}{next(ids)}.pdf"
            else:
                target = _article_url(rng, style, host.column, day, next(ids))
            host.broken_links.append(target)
    if rng.random() < 0.35:
        plain = [e for e in entries if e.annual_year is None and not e.broken_links]
        for e in rng.sample(plain, min(len(plain), rng.randint(1, 2))):
            e.exists = False
