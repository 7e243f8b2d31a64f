"""The one generic spider: homepage → 信息公开 section → column tree → list pages →
the articles needed for evidence.

Sites are data, CMS families are code: nothing here names a site. Column links are
followed only inside the section (under its URL folder, or links the homepage does not
carry, or titles the column vocabulary knows), to a bounded depth and count.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import FormRequest, Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from crawler import faults
from crawler.cache import REVALIDATE
from crawler.incremental import Prior
from crawler.items import (
    ColumnFound,
    ColumnUpdate,
    Entries,
    EntryFound,
    FetchFailed,
    PageFacts,
    RunInfo,
)
from crawler.linkcheck import LinkChecker, get_instead, stop_after_headers
from crawler.middlewares import PageCapReached
from crawler.page import Doc, Entry, Link, PageRequest, Reading, absolute, read_page
from crawler.security import is_offsite, page_security
from crawler.tables import grids
from crawler.template import SiteTemplate
from xxgk import dates, vocabulary
from xxgk.annual import is_annual_report
from xxgk.text import normalize
from xxgk.urls import url_key

# Entry links to the 信息公开 section, best first (matched on the normalised title).
SECTION_TITLES = (
    "政府信息公开",
    "信息公开",
    "政务公开",
    "信息公开目录",
    "政府信息公开专栏",
    "政务信息公开",
    "政府公开",
)
_SECTION_RX = re.compile("|".join(SECTION_TITLES))
# Folder names real portals give the section: evidence even when the link is an image
# or its text is a variant nobody listed.
_SECTION_DIR = re.compile(
    r"^/(?:[^/]+/)?(?:xxgk|zwgk|zfxxgk|gkml|xxgkml|zfxxgkml|xxgkzl|zwxxgk|govinfo|gk|openness|"
    r"public|zfgk|xxgkpt|gkpt)(?:/|\.s?html?$|$)",
    re.I,
)
# Candidates tried before giving up on finding the section.
_SECTION_TRIES = 3
_NOT_SECTION = re.compile(r"指南|制度|年报|年度报告|申请|意见箱|规定|条例")


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(
        self,
        start_url: str | None = None,
        db: str = "xxgk.db",
        as_of: str | None = None,
        run_id: str | None = None,
        site_name: str | None = None,
        level: str | None = None,
        prior_run: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not start_url:
            raise ValueError("start_url is required: scrapy crawl portal -a start_url=URL")
        self.start_url = start_url
        self.db_path = db
        self.as_of = date.fromisoformat(as_of) if as_of else date.today()
        self.run_id = int(run_id) if run_id else None
        self.site_name = site_name
        self.level = level
        self.home_blocks: set[int] = set()  # fingerprints of the homepage's blocks
        self.section_url: str | None = None
        self.section_dir = ""
        self.section_path: list[str] = []
        self.requested: set[str] = set()  # url_key of every page asked for
        self.column_requests = 0
        self.columns: dict[str, dict[str, Any]] = {}
        self.links = LinkChecker()
        self.template = SiteTemplate()
        # Column pages wait here until the site template is known (see parse_column).
        self.pending: list[tuple[TextResponse, Doc]] = []
        self.columns_out = 0  # column requests still awaiting an answer
        self.section_candidates: list[Link] = []
        # Incremental: what the last run read (crawler/incremental.py), and the articles
        # taken over from it instead of being fetched again.
        self.prior = Prior.load(db, int(prior_run)) if prior_run else None
        self.reused: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.max_columns = s.getint("XXGK_MAX_COLUMNS")
        spider.max_depth = s.getint("XXGK_MAX_COLUMN_DEPTH")
        spider.max_list_pages = s.getint("XXGK_MAX_LIST_PAGES")
        spider.articles_per_column = s.getint("XXGK_ARTICLES_PER_COLUMN")
        spider.text_chars = s.getint("XXGK_PAGE_TEXT_CHARS")
        spider.vocab = vocabulary.load(s.get("XXGK_VOCABULARY"))
        crawler.signals.connect(spider.judge_waiting, signal=signals.spider_idle)
        # After judge_waiting: link checks wait for every page other idle work releases.
        crawler.signals.connect(spider.check_links, signal=signals.spider_idle)
        crawler.signals.connect(spider.headers_received, signal=signals.headers_received)
        return spider

    async def start(self):
        self._claim(self.start_url)  # a link back to the homepage is no page to check
        yield Request(
            self.start_url, callback=self.parse_home, errback=self.home_failed, dont_filter=True
        )

    # ---- homepage and section -------------------------------------------------------------

    def parse_home(self, response: Response):
        if not is_html(response):
            yield RunInfo(
                {"error": f"首页不是HTML页面（{_ctype(response)}），无法检查"}, fatal=True
            )
            return
        reading = read_page(response)
        self._learn(reading.doc)
        yield self._facts(response, reading, "home", list_dates=True)
        name = self.site_name or _site_name(response)
        yield RunInfo({"site_name": name, "level": self.level})
        self.home_blocks |= {fp for _, fp in reading.doc.blocks}
        self.section_candidates = self._section_links(reading)
        if self.section_candidates:
            yield self._try_section(response.url)
        elif _looks_like_section(reading):
            # The URL given is the section itself (or a portal whose homepage is it).
            self.home_blocks = set()
            yield from self._enter_section(response, reading)
        else:
            frames = [
                u
                for f in response.xpath("//frame/@src | //iframe/@src").getall()
                if (u := absolute(response.url, f)) and not is_offsite(u, response.url)
            ]
            # A framed homepage: look for the entry in its frames. When no page leads
            # to a section, the pipeline records that at the end of the crawl.
            for url in frames[:4] if not response.meta.get("frame") else []:
                yield Request(
                    url,
                    callback=self.parse_home,
                    errback=self.home_failed,
                    meta={"frame": True, "found_on": response.url},
                )

    def _section_links(self, reading: Reading) -> list[Link]:
        """Links that may lead to the section, best first: the link text (政府信息公开 …)
        is the strongest evidence, the URL folder (/xxgk/, /zwgk/ …) the next; the page
        behind a candidate must then look like the section (parse_section)."""
        ranked: dict[str, tuple[tuple[int, int], Link]] = {}
        for a in reading.doc.anchors:
            if not a.url or is_offsite(a.url, reading.url) or url_key(a.url) == reading.doc.key:
                continue
            title = normalize(a.title)
            texty = (
                len(title) <= 14 and _SECTION_RX.search(title) and not _NOT_SECTION.search(title)
            )
            pathy = bool(_SECTION_DIR.search(urlsplit(a.url).path)) and len(title) <= 14
            if not (texty or pathy) or (pathy and not texty and _NOT_SECTION.search(title)):
                continue
            rank = (
                next((i for i, t in enumerate(SECTION_TITLES) if t == title), len(SECTION_TITLES))
                if texty
                else 99,
                0 if pathy else 1,
            )
            key = url_key(a.url)
            if key not in ranked or rank < ranked[key][0]:
                ranked[key] = (rank, Link(a.url, a.title))
        return [link for _, link in sorted(ranked.values(), key=lambda x: x[0])][:_SECTION_TRIES]

    def _try_section(self, found_on: str) -> Request:
        link = self.section_candidates.pop(0)
        self.section_path = [link.title] if _SECTION_RX.search(normalize(link.title)) else []
        self._claim(link.url)
        return Request(
            link.url,
            callback=self.parse_section,
            errback=self.section_failed,
            meta={"found_on": found_on, "link": link},
        )

    def parse_section(self, response: Response):
        if not is_html(response):
            yield RunInfo({"error": f"信息公开栏目页不是HTML页面（{_ctype(response)}）"})
            return
        reading = read_page(response, site=self.template)
        self._learn(reading.doc)
        link: Link = response.meta["link"]
        if not _SECTION_RX.search(normalize(link.title)) and not self._is_section(reading):
            # only its folder looked right, and the page does not bear it out
            if self.section_candidates:
                yield self._try_section(response.meta["found_on"])
            return
        yield self._facts(response, reading, "section")
        yield from self._enter_section(response, reading)

    def _is_section(self, reading: Reading) -> bool:
        """The page calls itself the section (breadcrumb, title) or leads to at least
        three columns the disclosure vocabulary knows (指南, 通知公告, 年报 …)."""
        known = {self.vocab.classify(lk.title)[1] for lk in reading.links} - {"other"}
        return _looks_like_section(reading) or len(known) >= 3

    def _enter_section(self, response: TextResponse, reading: Reading):
        self.section_url = response.url
        self.section_dir = response.url.rsplit("/", 1)[0] + "/"
        if reading.breadcrumb:
            self.section_path = reading.breadcrumb
        self.section_path = self.section_path or [reading.title or "政府信息公开"]
        yield RunInfo({"section_url": response.url})
        yield from self._follow_columns(reading, depth=1)

    def _claim(self, url: str) -> None:
        self.requested.add(url_key(url))

    # ---- columns --------------------------------------------------------------------------

    def _in_scope(self, link: Link, beyond_site_nav: set[str]) -> bool:
        """Columns are links under the section's folder, or links that stand somewhere
        outside the blocks the homepage also carries: the site-wide header and footer
        lead to 新闻中心 and 机构概况 from every page, the section's tree to its columns."""
        if is_offsite(link.url, self.section_url or self.start_url):
            return False
        return link.url.startswith(self.section_dir) or link.url in beyond_site_nav

    def _follow_columns(self, reading: Reading, depth: int):
        if depth > self.max_depth:
            return
        site_nav = {el for el, fp in reading.doc.blocks if fp in self.home_blocks}
        beyond = {
            a.url
            for a in reading.doc.anchors
            if a.url and not any(anc in site_nav for anc in a.el.iterancestors())
        }
        for link in reading.links:
            if url_key(link.url) in self.requested or not self._in_scope(link, beyond):
                continue
            if self.column_requests >= self.max_columns:
                yield RunInfo({}, capped=f"栏目数达到上限 {self.max_columns}")
                return
            self._claim(link.url)
            self.column_requests += 1
            self.columns_out += 1
            yield Request(
                link.url,
                callback=self.parse_column,
                errback=self.column_failed,
                meta={"link": link, "depth": depth, "found_on": reading.url, REVALIDATE: True},
            )

    def parse_column(self, response: Response):
        """A column page is judged from its own content, which needs the site template:
        the first pages wait until a few of the site's pages are known (or no other
        column page is on its way), then all are judged alike."""
        self.columns_out -= 1
        if not is_html(response):
            yield self.column_item(
                response.url,
                response.meta["link"],
                None,
                hint="unreadable",
                reason=f"栏目页不是HTML页面（{_ctype(response)}）",
            )
        else:
            doc = Doc.from_response(response)
            self._learn(doc)
            self.pending.append((response, doc))
        yield from self._judge_when_ready()

    def _learn(self, doc: Doc) -> None:
        self.template.learn(doc.key, doc.blocks)

    def _judge_when_ready(self, force: bool = False):
        if not force and len(self.template.learned) < 4 and self.columns_out > 0:
            return
        waiting, self.pending = self.pending, []
        for response, doc in waiting:
            try:
                judged = list(self._judge_column(response, doc))
            except Exception as exc:  # one page's reader bug must not lose the other columns
                judged = self.reader_crashed(response, exc)
            yield from judged

    def reader_crashed(self, response: Response, exc: BaseException) -> list[Any]:
        """The record of a page our reader choked on: a fetch with the error and, for a
        column page, an unreadable column."""
        error = f"页面解析出错：{type(exc).__name__}: {exc}"[:300]
        found_on = response.meta.get("found_on")
        items: list[Any] = [FetchFailed(response.url, error, found_on, response.status)]
        link = response.meta.get("link")
        if link is not None and "column_url" not in response.meta:
            items.append(
                self.column_item(response.url, link, None, hint="unreadable", reason=error)
            )
        return items

    def judge_waiting(self) -> None:
        """Columns still waiting when nothing else is left to fetch (a request dropped
        as a duplicate after a redirect never answers): judge them now."""
        if self.pending:
            self.crawler.engine.crawl(
                Request("data:,", callback=self._judge_rest, dont_filter=True, meta={"internal": 1})
            )
            raise DontCloseSpider

    def _judge_rest(self, response: Response):
        yield from self._judge_when_ready(force=True)

    def _judge_column(self, response: TextResponse, doc: Doc):
        link: Link = response.meta["link"]
        reading = read_page(response, site=self.template, doc=doc)
        if reading.breadcrumb and not _SECTION_RX.search(normalize(" ".join(reading.breadcrumb))):
            return  # its breadcrumb places it outside the 信息公开 section (e.g. 新闻中心)
        yield self._facts(response, reading, reading.kind)
        yield from self._follow_columns(reading, response.meta["depth"] + 1)
        if reading.kind == "section":
            return  # a parent that only points to its columns: it lives on in their paths
        kind = "list" if reading.kind in ("list", "unreadable") else "page"
        hint = "unreadable" if reading.kind == "unreadable" else None
        yield self.column_item(
            response.url,
            link,
            reading,
            kind=kind,
            hint=hint,
            reason=reading.reason,
            empty=reading.empty,
        )
        if kind == "list":
            self.columns[response.url] = {
                "pages": 1,
                "articles": 0,
                "annual": self.vocab.classify(link.title)[1] == "annual_report",
                "seen": set(),
            }
            yield from self._list_page(response, reading, response.url)

    def column_item(
        self,
        url: str,
        link: Link,
        reading: Reading | None,
        kind: str = "list",
        hint: str | None = None,
        reason: str | None = None,
        empty: bool = False,
    ) -> ColumnFound:
        crumb = reading.breadcrumb if reading else []
        own = list(link.parents) + [link.title]
        if len(crumb) >= 2 and normalize(crumb[-1]) == normalize(link.title):
            # a tree node without a page of its own (法定主动公开内容 as javascript:) is
            # often missing from the breadcrumb but still encloses the column
            path = crumb[:-1] + [p for p in link.parents if p not in crumb] + crumb[-1:]
        else:
            path = self.section_path + [p for p in own if p not in self.section_path]
        published = (
            reading.published.isoformat()
            if reading and reading.published and kind == "page"
            else None
        )
        return ColumnFound(
            url=url,
            title=link.title,
            path=" > ".join(path),
            kind=kind,
            family=reading.family if reading else "",
            parent_url=link.parent_url,
            hint=hint,
            reason=reason,
            empty=empty,
            published=published,
        )

    def column_failed(self, failure):
        self.columns_out -= 1
        yield from self._fetch_failed(failure)
        fault = faults.describe(failure)
        yield self.column_item(
            failure.request.url,
            failure.request.meta["link"],
            None,
            hint="unreadable" if fault.answered else "unreachable",
            reason=fault.reason,
        )
        yield from self._judge_when_ready()

    # ---- list pages and entries ----------------------------------------------------------------

    def parse_list_page(self, response: Response):
        column_url = response.meta["column_url"]
        if not is_html(response):
            yield ColumnUpdate(column_url, reason=f"列表分页不是HTML（{_ctype(response)}）")
            return
        reading = read_page(response, "list", site=self.template)
        self.links.collect(reading.doc)
        yield ColumnUpdate(column_url, list_pages=1)
        yield from self._list_page(response, reading, column_url)

    def _list_page(self, response: TextResponse, reading: Reading, column_url: str):
        state = self.columns[column_url]
        yield from self._entries(reading.entries, column_url, state, response.url)
        if state.get("taken_over"):
            return  # a page asked for before the list was found unchanged: no further
        if self.prior and self.prior.known(column_url, [e.url for e in reading.entries]):
            # the pager's pages were read last time: neither fetched nor link-checked
            for page in reading.next:
                if page.key not in self.requested:
                    self.requested.add(page.key)
                    self.reused.add(page.url)
            yield from self._take_over_rest(column_url, state)
            return
        if reading.unfollowed_pages:
            yield ColumnUpdate(
                column_url,
                truncated=True,
                reason=f"分页由脚本驱动，另有{reading.unfollowed_pages}页未能读取",
            )
        for page in reading.next:
            if page.key in self.requested or is_offsite(page.url, column_url):
                continue
            if state["pages"] >= self.max_list_pages:
                yield ColumnUpdate(
                    column_url,
                    truncated=True,
                    reason=f"分页超过上限 {self.max_list_pages} 页，其余未读取",
                )
                yield RunInfo({}, capped=f"栏目分页达到上限 {self.max_list_pages} 页")
                return
            self.requested.add(page.key)
            state["pages"] += 1
            yield self._page_request(page, column_url, response.url)

    def _page_request(self, page: PageRequest, column_url: str, found_on: str) -> Request:
        meta = {"column_url": column_url, "found_on": found_on}
        if page.method == "POST":
            return FormRequest(
                page.url,
                formdata=page.formdata,
                callback=self.parse_list_page,
                errback=self.list_page_failed,
                meta=meta,
            )
        return Request(
            page.url,
            callback=self.parse_list_page,
            errback=self.list_page_failed,
            meta={**meta, REVALIDATE: True},
        )

    def list_page_failed(self, failure):
        yield from self._fetch_failed(failure)
        column_url = failure.request.meta["column_url"]
        yield ColumnUpdate(column_url, reason=f"部分列表分页无法读取：{_failure_reason(failure)}")

    def _take_over_rest(self, column_url: str, state: dict[str, Any]):
        """Nothing new on this list page: the rest of the list is what it was last time,
        read as if from the list (articles read last time are taken over, the others
        are fetched as a full crawl would)."""
        assert self.prior is not None
        state["taken_over"] = True
        before = self.prior.column(column_url)
        yield ColumnUpdate(
            column_url,
            list_pages=max(0, before.list_pages - state["pages"]),
            truncated=before.truncated is not None,
            reason=before.truncated,
        )
        by_page: dict[str, list[Entry]] = {}
        for e in self.prior.rest(column_url, state["seen"]):
            page = self.prior.found_on.get(url_key(e.url), column_url)
            by_page.setdefault(page, []).append(Entry(e.url, e.title, _list_date(e), e.date_text))
        for page, entries in by_page.items():
            yield from self._entries(entries, column_url, state, page)

    def _entries(self, entries: list[Entry], column_url: str, state: dict[str, Any], found_on: str):
        sample = self.articles_per_column > 0  # 0: a complete audit opens every article
        quota = max(0, self.articles_per_column - state["articles"])
        newest = sorted(
            (e for e in entries if e.published), key=lambda e: e.published, reverse=True
        )[:quota]
        state["articles"] += len(newest)
        rows = []
        for e in entries:
            if e.published and not dates.plausible(e.published, self.as_of):
                # Kept as text, not as a date: 1900-01-01 placeholders and typos like 2202.
                e.published, e.date_text = None, f"{e.date_text}（日期不合理）"
            state["seen"].add(url_key(e.url))
            needs = (
                not sample
                or e.partial is not None
                or state["annual"]
                or is_annual_report(e.title)
                or e in newest
            )
            if needs and not is_offsite(e.url, column_url) and url_key(e.url) not in self.requested:
                self._claim(e.url)
                published = e.published.isoformat() if e.published else None
                old = self.prior.article(column_url, e.url, published) if self.prior else None
                if old is not None:  # read last time, and the list shows it as then
                    self.reused.add(e.url)
                    rows.append(old)
                    continue
                yield Request(
                    e.url,
                    callback=self.parse_article,
                    errback=self.article_failed,
                    meta={"entry": e, "column_url": column_url, "found_on": found_on},
                )
            else:
                if not needs:
                    self.links.forget(e.url)  # sampled out: a quick look checks no more
                rows.append(_entry_row(e, "list" if e.published else None))
        if rows:
            yield Entries(column_url, rows)

    def parse_article(self, response: Response):
        e: Entry = response.meta["entry"]
        column_url = response.meta["column_url"]
        if not is_html(response):
            yield Entries(column_url, [_entry_row(e, "list" if e.published else None)])
            return
        reading = read_page(response, "article", site=self.template)
        keep_text = (
            is_annual_report(e.title)
            or is_annual_report(reading.title)
            or self.columns.get(column_url, {}).get("annual")
        )
        yield self._facts(response, reading, "article", text=keep_text)
        found = (
            reading.published
            if reading.published and dates.plausible(reading.published, self.as_of)
            else None
        )
        source = "list" if e.published else None
        if found and not e.published:
            if e.partial and (found.month, found.day) != e.partial:
                # The list's month/day is what the column shows; the article gives the year.
                found = _safe_date(found.year, *e.partial) or found
            e.published, source = found, ("list+article" if e.partial else "article")
        yield Entries(column_url, [_entry_row(e, source)])

    def article_failed(self, failure):
        yield from self._fetch_failed(failure)
        meta = failure.request.meta
        e: Entry = meta["entry"]
        yield Entries(meta["column_url"], [_entry_row(e, "list" if e.published else None)])

    # ---- link checks (crawler/linkcheck.py) ----------------------------------------------------

    def check_links(self) -> None:
        """spider_idle: every page is read; check the links they carried that no page
        request covered, and keep the spider open for the answers."""
        if self.pending or not self.crawler.engine.spider_is_idle():
            return  # column pages still to judge, or more to read: links wait for them
        checks = list(self.links.requests(self.requested, self.link_checked, self.link_failed))
        for request in checks:
            self.crawler.engine.crawl(request)
        if checks:
            raise DontCloseSpider

    def link_checked(self, response: Response) -> None:
        """The status is all a check needs; the pipeline logs it from response_received."""

    def link_failed(self, failure):
        retry = get_instead(failure)
        if retry is not None:
            yield retry
        else:
            yield from self._fetch_failed(failure)

    def headers_received(self, headers, body_length, request, spider) -> None:
        stop_after_headers(request)

    # ---- failures and facts ------------------------------------------------------------------

    def home_failed(self, failure):
        yield from self._fetch_failed(failure)
        if not failure.request.meta.get("frame"):
            fault = faults.describe(failure)
            how = "无法读取" if fault.answered else "无法访问"
            yield RunInfo({"error": f"网站首页{how}：{fault.reason}"}, fatal=True)

    def section_failed(self, failure):
        yield from self._fetch_failed(failure)
        if self.section_candidates:
            yield self._try_section(failure.request.meta["found_on"])
            return
        fault = faults.describe(failure)
        how = "无法读取" if fault.answered else "无法访问"
        yield RunInfo({"error": f"信息公开栏目{how}：{fault.reason}"})

    def _fetch_failed(self, failure):
        # Responses with any status are logged by the pipeline from response_received;
        # only requests that got no response at all are logged here. A request refused
        # by the page cap was never sent: runs.stats.capped says so, not the fetch log.
        if not failure.check(HttpError, PageCapReached):
            yield FetchFailed(
                failure.request.url, _failure_reason(failure), failure.request.meta.get("found_on")
            )

    def _facts(
        self,
        response: TextResponse,
        reading: Reading,
        kind: str,
        list_dates: bool = False,
        text: bool = False,
    ) -> PageFacts:
        if kind != "home":  # the homepage's links lead all over the site, not the section's
            self.links.collect(reading.doc)
        hidden, spam = page_security(reading.doc, reading.title)
        seen = [{"label": lab, "date": d.isoformat()} for lab, d in reading.dates]
        if list_dates:
            seen += [
                {"label": "list", "date": e.published.isoformat()}
                for e in reading.entries
                if e.published
            ]
        return PageFacts(
            url=response.url,
            kind=kind,
            title=reading.title,
            published=reading.published.isoformat() if reading.published else None,
            dates=seen,
            hidden_links=hidden,
            spam_words=spam,
            text=reading.text[: self.text_chars] if text else None,
            tables=grids(reading.doc.root) if text else None,  # annual reports: tables checked
        )


def _list_date(e: EntryFound) -> date | None:
    """The date an entry's list showed, as stored."""
    return date.fromisoformat(e.published) if e.published and e.date_source == "list" else None


def _entry_row(e: Entry, source: str | None) -> EntryFound:
    return EntryFound(
        url=e.url,
        title=e.title,
        published=e.published.isoformat() if e.published else None,
        date_text=e.date_text,
        date_source=source,
    )


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def is_html(response: Response) -> bool:
    """Scrapy sniffs unknown types as text; a PDF served as application/pdf is not a page."""
    ctype = _ctype(response).lower() if response.headers.get("Content-Type") else ""
    return isinstance(response, TextResponse) and (not ctype or "html" in ctype or "xml" in ctype)


def _ctype(response: Response) -> str:
    return response.headers.get("Content-Type", b"").decode("latin-1") or "未知类型"


def _site_name(response: TextResponse) -> str:
    title = " ".join(response.xpath("//title//text()").getall()).strip()
    parts = [p.strip() for p in re.split(r"[-_|—｜]+", title) if p.strip()]
    named = [p for p in parts if re.search(r"(政府|局|委|厅|办|中心|署|院)$", p)]
    return (named or parts or [urlsplit(response.url).netloc])[-1]


def _looks_like_section(reading: Reading) -> bool:
    crumb = " ".join(reading.breadcrumb + [reading.title])
    return bool(_SECTION_RX.search(normalize(crumb)))


def _failure_reason(failure) -> str:
    return faults.describe(failure).reason
