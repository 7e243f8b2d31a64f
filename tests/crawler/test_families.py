"""Invariants every CMS family keeps, on every page it may meet.

Parametrised over crawler.families.FAMILIES: a family added there is held to the same
contract without a line written here. Each family is run on every page, not only on
those it claims: detection can be fooled, and a family handed a page it did not expect
must still answer sanely and in bounded size. The pages are the saved fixtures (real
bytes, real charsets) and generated hostile markup."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

from crawler.families import FAMILIES, Family, family_for
from crawler.page import MAX_NEXT_PAGES, Doc, PageRequest, Reading, read_page
from tests.crawler.fixtures import FIXTURES, response

URL = "http://www.example.gov.cn/xxgk/tzgg/index.html"


def _html(body: str, url: str = URL) -> TextResponse:
    return HtmlResponse(
        url,
        body=body.encode("utf-8"),
        headers={"Content-Type": "text/html; charset=utf-8"},
        request=Request(url),
    )


def _rows(n: int) -> str:
    return "".join(
        f'<tr><td><a href="/xxgk/tzgg/202401/t20240101_{i}.html">第{i}号通知公告</a></td>'
        f"<td>2024-01-{i % 28 + 1:02d}</td></tr>"
        for i in range(n)
    )


_LIST = (
    '<ul class="list"><li><a href="/xxgk/tzgg/t20240102_1.html">关于开展检查的通知</a>'
    '<span>2024-01-02</span></li><li><a href="/xxgk/tzgg/t20240103_2.html">关于公布名单的公告</a>'
    "<span>2024-01-03</span></li></ul>"
)
_RECORDS = "".join(
    f'<record><![CDATA[<li><a href="/art/2024/1/{i % 28 + 1}/art_7_{i}.html">记录标题{i}</a>'
    f"<span>2024-01-{i % 28 + 1:02d}</span></li>]]></record>"
    for i in range(10_000)
)

# Markup no portal should serve, each aimed at a weak spot of some family.
HOSTILE = {
    "empty_body": "",
    "no_markup": "只有文字，没有任何标签",
    "table_10k_rows": f"<html><body><table>{_rows(10_000)}</table></body></html>",
    "deeply_nested": f"<html><body>{'<div>' * 20_000}{_LIST}{'</div>' * 20_000}</body></html>",
    "nested_inline": f"<html><body>{'<span><b>' * 10_000}x{'</b></span>' * 10_000}</body></html>",
    "unclosed_items": "<html><body><ul>"
    + "<li><a href='/a/t20240101_1.html'>未闭合的条目标题<span>2024-01-01" * 2_000
    + "</body></html>",
    # each link's block is the whole <div>: reading its text once per link was quadratic
    "div_of_2000_links": "<html><body><div><div>"
    + "".join(f"<a href='/c{i}/'>第{i}个栏目的名称</a> 2024-01-01 " for i in range(2_000))
    + "</div></div></body></html>",
    "links_every_way": "<html><body><ul>"
    "<li><a href='//other.gov.cn/t20240101_1.html'>协议相对的外站链接</a> 2024-01-01</li>"
    "<li><a href='https://www.elsewhere.cn/t20240101_2.html'>绝对地址的外站链接</a> 2024-01-01</li>"
    "<li><a href='../../up/t20240101_3.html'>上溯目录的相对链接</a> 2024-01-01</li>"
    "<li><a href='javascript:void(0)'>脚本链接不是条目</a> 2024-01-01</li>"
    "<li><a href='mailto:a@b.cn'>邮件链接不是条目</a> 2024-01-01</li>"
    "<li><a href='#top'>页内锚点不是条目</a> 2024-01-01</li>"
    "<li><a href='  t20240101_4.html  '>带空白的链接地址</a> 2024-01-01</li>"
    "<li><a href='index.html'>指向本页的链接</a></li>"
    "<li><a href='index.html?page=2'>2</a><a href='index.html'>下一页</a></li>"
    "</ul></body></html>",
    "impossible_dates": "<html><body><ul>"
    "<li><a href='/a/t1_1.html'>月份不存在的日期</a> 2024-13-45</li>"
    "<li><a href='/a/t1_2.html'>全零的占位日期</a> 0000-00-00</li>"
    "<li><a href='/a/t1_3.html'>二月三十日的日期</a> 2023-02-30</li>"
    "<li><a href='/a/t1_4.html'>五位年份的日期</a> 99999-01-01</li>"
    "<li><a href='/a/t1_5.html'>只有月日的日期</a> 13-32</li>"
    "<li><a href='/a/t1_6.html'>超长数字的日期</a> 2024-0000000001-01</li>"
    "</ul></body></html>",
    "trs_billion_pages": "<html><body>"
    + _LIST
    + "<script>createPageHTML(999999999, 0, 'index', 'html');</script></body></html>",
    "trs_huge_number": "<html><body><script>createPageHTML("
    + "9" * 5_000
    + ", 0, 'index', 'html');</script></body></html>",
    "trs_unicode_digits": "<html><body><script>createPageHTML('²', '0', 'index', 'html');"
    "</script></body></html>",
    "trs_current_is_self": "<html><body><script>createPageHTML(3, 0, 'index', 'html');"
    "</script></body></html>",
    "jcms_huge_total": "<html><body><script>var columnid = 12; totalRecord = 999999999999;"
    " perPage = 15;</script><div id='12'><script type='text/xml'><datastore><recordset>"
    "</recordset></datastore></script></div></body></html>",
    "jcms_huge_number": f"<html><body><script>var columnid = 12; totalRecord = {'9' * 5_000};"
    " perPage = 15;</script><div id='12'><script type='text/xml'><datastore></datastore>"
    "</script></div></body></html>",
    "jcms_10k_records": "<html><body><div id='7'><script type='text/xml'><datastore><recordset>"
    + _RECORDS
    + "</recordset></datastore></script></div></body></html>",
    "jcms_broken_cdata": "<html><body><datastore><record><![CDATA[<li><a href='/x/art_1_2.html'>"
    "未结束的记录" * 1_000 + "</body></html>",
    "crumb_runaway": "<html><body><div class='position'>当前位置：<a href='/'>首页</a> &gt; "
    + " &gt; ".join(f"<a href='/c{i}/'>{'很长的栏目名称' * (i % 10)}</a>" for i in range(200))
    + "</div></body></html>",
    "crumb_long_text": "<html><body><p>您的位置：" + "政府信息公开" * 5_000 + "</p></body></html>",
}


def _fixture_pages() -> dict[str, TextResponse]:
    pages: dict[str, TextResponse] = {}
    for family_dir in ("generic", "jcms", "trs"):
        for sidecar in sorted((FIXTURES / family_dir).glob("*.json")):
            pages[f"{family_dir}/{sidecar.stem}"] = response(family_dir, sidecar.stem)
    for sidecar in sorted((FIXTURES / "real").glob("*.json")):
        url = json.loads(sidecar.read_text(encoding="utf-8"))["url"]
        body = sidecar.with_suffix(".html").read_text(encoding="utf-8")
        pages[f"real/{sidecar.stem}"] = _html(body, url)
    return pages


PAGES: dict[str, TextResponse] = {
    **_fixture_pages(),
    **{f"hostile/{name}": _html(body) for name, body in HOSTILE.items()},
}
_FAMILY_IDS = [f.name for f in FAMILIES]


def _read(family: Family, page: TextResponse) -> tuple[Doc, Reading]:
    """What read_page asks of the family, asked of this family whatever the page is."""
    doc = Doc.from_response(page)
    reading = Reading(url=doc.url, kind="list", family=family.name, doc=doc)
    reading.entries = family.entries(doc)
    reading.next = family.next_pages(doc, reading)
    return doc, reading


def _own_key(doc: Doc) -> str:
    request = doc.response.request if doc.response is not None else None
    if request is not None and request.method == "POST":
        return PageRequest(doc.url, "POST", _form(request.body)).key
    return PageRequest(doc.url).key


def _form(body: bytes) -> dict[str, str]:
    return dict(parse_qsl(body.decode("utf-8", "replace")))


def _under_page_or_named(url: str, doc: Doc) -> bool:
    """On the page's own host, or on a host the page itself writes out."""
    host = urlsplit(url).netloc
    return host == urlsplit(doc.url).netloc or host in doc.raw


# ---- the registry ---------------------------------------------------------------------------


def test_registry_names_are_unique_and_the_last_family_takes_any_page():
    assert len(set(_FAMILY_IDS)) == len(FAMILIES)
    # family_for never runs out of candidates: the fallback accepts every page
    assert all(FAMILIES[-1].matches(Doc.from_response(p)) for p in PAGES.values())


@pytest.mark.parametrize("family", FAMILIES, ids=_FAMILY_IDS)
def test_every_family_is_detected_on_some_saved_page(family: Family):
    """A family with no page of its own in tests/fixtures is a family nobody checked."""
    saved = [p for name, p in PAGES.items() if not name.startswith("hostile/")]
    assert any(family_for(Doc.from_response(p)) is family for p in saved)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_read_page_names_the_family_detection_chose(name: str):
    page = PAGES[name]
    assert read_page(page).family == family_for(Doc.from_response(page)).name


# ---- entries, dates, next pages: every family on every page ------------------------------------


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("family", FAMILIES, ids=_FAMILY_IDS)
def test_family_keeps_its_contract(family: Family, name: str):
    doc, reading = _read(family, PAGES[name])
    anchors = len(doc.anchors) + doc.raw.count("<a ")  # records may sit in a CDATA block

    urls = [e.url for e in reading.entries]
    assert len(urls) == len(set(urls)), "one entry per URL"
    assert len(urls) <= anchors, "no entry without a link on the page"
    for e in reading.entries:
        parts = urlsplit(e.url)
        assert parts.scheme in ("http", "https") and parts.netloc, e.url
        assert "#" not in e.url and e.url == e.url.strip()
        assert _under_page_or_named(e.url, doc), e.url
        assert e.title and e.title == e.title.strip()
        # a real date or none: never a datetime, never a date the calendar lacks
        assert e.published is None or type(e.published) is date
        if e.published is not None:
            assert e.date_text, "a parsed date keeps the text it was read from"
        if e.partial is not None:
            month, day = e.partial
            assert 1 <= month <= 12 and 1 <= day <= 31
            assert e.published is None

    own = _own_key(doc)
    assert len(reading.next) <= MAX_NEXT_PAGES
    for p in reading.next:
        parts = urlsplit(p.url)
        assert parts.scheme in ("http", "https") and parts.netloc, p.url
        assert _under_page_or_named(p.url, doc), p.url
        assert p.method in ("GET", "POST")
        assert p.formdata is None or p.method == "POST"
        assert p.key != own, "a page is never its own next page"


@pytest.mark.parametrize("name", sorted(n for n in PAGES if "10k" not in n))
@pytest.mark.parametrize("family", FAMILIES, ids=_FAMILY_IDS)
def test_family_is_deterministic(family: Family, name: str):
    """The spider de-duplicates further pages by key: the same page must give the same
    requests when a column is reached under two URLs."""
    first, second = _read(family, PAGES[name])[1], _read(family, PAGES[name])[1]
    assert [e.url for e in first.entries] == [e.url for e in second.entries]
    assert [p.key for p in first.next] == [p.key for p in second.next]


def test_a_list_of_ten_thousand_rows_is_read_whole_not_cut():
    """Bounded by the page, not truncated: 10k records are 10k entries for whichever
    family reads them."""
    for name in ("hostile/table_10k_rows", "hostile/jcms_10k_records"):
        reading = read_page(PAGES[name])
        assert len(reading.entries) == 10_000 and all(e.published for e in reading.entries)


def test_a_pager_claiming_a_billion_pages_names_a_bounded_number():
    reading = read_page(PAGES["hostile/trs_billion_pages"])
    assert reading.family == "trs" and len(reading.next) == MAX_NEXT_PAGES
    assert reading.next[0].url.endswith("/index_1.html")
    reading = read_page(PAGES["hostile/jcms_huge_total"])
    assert reading.family == "jcms" and 0 < len(reading.next) <= MAX_NEXT_PAGES


# ---- what read_page adds on any family's page --------------------------------------------------


@pytest.mark.parametrize("name", sorted(PAGES))
def test_breadcrumb_and_page_dates_are_bounded(name: str):
    reading = read_page(PAGES[name])
    assert len(reading.breadcrumb) <= 12
    assert all(0 < len(part) <= 40 for part in reading.breadcrumb)
    for _, d in reading.dates:
        assert type(d) is date
    assert reading.published is None or type(reading.published) is date
