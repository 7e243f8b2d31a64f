"""The crawler's parts driven directly, on a Scrapy crawler from get_crawler: no network,
no subprocess, no reactor. The pipeline turns items into rows of a temporary SQLite
database; the spider holds column pages until the site template is known and judges the
rest on idle; a failed fetch becomes a column's reason."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, ResponseDataLossError
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet import defer, error, task
from twisted.python.failure import Failure

from crawler import items, settings
from crawler.items import (
    ColumnFound,
    ColumnUpdate,
    Entries,
    EntryFound,
    FetchFailed,
    PageFacts,
    RunInfo,
)
from crawler.page import Link
from crawler.pipelines import SQLitePipeline
from crawler.spiders.portal import PortalSpider

HOME = "http://www.example.gov.cn/"
SECTION = "http://www.example.gov.cn/xxgk/"


class _Beat(task.LoopingCall):
    """The pipeline's heartbeat on a clock of its own: importing the global reactor here
    would pin this test process to whichever reactor it installs."""

    def __init__(self, f: Any, *a: Any, **kw: Any) -> None:
        # not LoopingCall.__init__: it imports the reactor
        self.f, self.a, self.kw, self.clock = f, a, kw, task.Clock()


class _Engine:
    """What the spider asks of the engine on idle: to schedule a request, and whether it
    is idle."""

    def __init__(self) -> None:
        self.requests: list[Request] = []

    def crawl(self, request: Request) -> None:
        self.requests.append(request)

    def spider_is_idle(self) -> bool:
        return True


@pytest.fixture
def spider(tmp_path) -> PortalSpider:
    project = {k: v for k, v in vars(settings).items() if k.startswith("XXGK_")}
    crawler = get_crawler(PortalSpider, project)
    spider = PortalSpider.from_crawler(
        crawler, start_url=HOME, db=str(tmp_path / "xxgk.db"), as_of="2026-06-30"
    )
    crawler.spider = spider
    crawler.engine = _Engine()  # type: ignore[assignment]
    spider.section_url, spider.section_dir = SECTION, SECTION
    spider.section_path = ["政府信息公开"]
    spider._claim(HOME)
    spider._claim(SECTION)  # as parse_home and parse_section do on their way in
    return spider


@pytest.fixture
def pipeline(spider, monkeypatch) -> SQLitePipeline:
    monkeypatch.setattr(task, "LoopingCall", _Beat)
    pipe = SQLitePipeline.from_crawler(spider.crawler)
    pipe.open_spider()
    return pipe


def _rows(pipe: SQLitePipeline, table: str) -> list[dict[str, Any]]:
    return list(pipe.db[table].rows_where("run_id = ?", [pipe.run_id]))


def _column_page(slug: str, title: str, n: int = 3) -> HtmlResponse:
    url = f"{SECTION}{slug}/index.html"
    rows = "".join(
        f'<li><a href="{url.rsplit("/", 1)[0]}/t2026060{i + 1}_{i}.html">{title}第{i}号通知</a>'
        f"<span>2026-06-0{i + 1}</span></li>"
        for i in range(n)
    )
    body = (
        f"<html><head><title>{title}</title></head><body>"
        f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; '
        f'<a href="/xxgk/">政府信息公开</a> &gt; {title}</div>'
        f'<ul class="list">{rows}</ul></body></html>'
    )
    meta = {"link": Link(url, title), "depth": 1, "found_on": SECTION}
    return HtmlResponse(
        url,
        body=body.encode("utf-8"),
        headers={"Content-Type": "text/html; charset=utf-8"},
        request=Request(url, meta=meta),
    )


def _of(kind: type, produced: list[Any]) -> list[Any]:
    return [x for x in produced if isinstance(x, kind)]


def _failure(exc: BaseException, request: Request) -> Failure:
    failure = Failure(exc)
    failure.request = request  # type: ignore[attr-defined]  # as Scrapy hands an errback
    return failure


# ---- the pipeline -----------------------------------------------------------------------------


def test_pipeline_handles_every_item_class_the_spider_yields():
    """Dispatch is by class: a class without a handler would be dropped without a word."""
    yielded = {
        cls
        for cls in vars(items).values()
        if dataclasses.is_dataclass(cls) and cls.__module__ == items.__name__
    } - {EntryFound}  # travels inside Entries
    assert set(SQLitePipeline._handlers) == yielded


def test_pipeline_items_in_rows_out(spider, pipeline):
    col = f"{SECTION}tzgg/"
    for item in (
        RunInfo({"section_url": SECTION, "site_name": "示例市人民政府"}),
        ColumnFound(col, "通知公告", "政府信息公开 > 通知公告", "list", "generic"),
        Entries(
            col,
            [
                EntryFound(f"{col}a.html", "关于甲的通知", "2026-06-01", "2026-06-01", "list"),
                EntryFound(f"{col}b.html", "关于乙的通知", None, "6月2日", None),
                # the same list page reached under a second URL gives the entry again
                EntryFound(f"{col}a.html", "关于甲的通知", "2026-06-01", "2026-06-01", "list"),
            ],
        ),
        ColumnUpdate(col, list_pages=2, truncated=True, reason="分页超过上限"),
        PageFacts(f"{col}a.html", "article", "关于甲的通知", "2026-06-01"),
        FetchFailed(f"{col}c.html", "请求超时", col),
        Entries("http://elsewhere.gov.cn/unknown/", [EntryFound("x", "x", None, None, None)]),
    ):
        assert pipeline.process_item(item) is item
    pipeline.spider_closed(spider, "finished")

    [column] = _rows(pipeline, "columns")
    assert (column["state"], column["entry_count"], column["latest_date"]) == (
        "ok",
        2,
        "2026-06-01",
    )
    assert (column["list_pages"], column["truncated"], column["reason"]) == (3, 1, "分页超过上限")
    assert column["category"] and column["family"] == "generic"
    entries = _rows(pipeline, "entries")
    assert sorted(e["url"] for e in entries) == [f"{col}a.html", f"{col}b.html"]
    assert {e["column_id"] for e in entries} == {column["id"]}
    [page] = _rows(pipeline, "pages")
    assert (page["url"], page["kind"], page["published"]) == (
        f"{col}a.html",
        "article",
        "2026-06-01",
    )
    [fetch] = _rows(pipeline, "fetches")
    assert (fetch["url"], fetch["error"], fetch["found_on"]) == (f"{col}c.html", "请求超时", col)
    run = pipeline.db["runs"].get(pipeline.run_id)
    assert (run["status"], run["section_url"], run["site_name"]) == (
        "completed",
        SECTION,
        "示例市人民政府",
    )


def test_pipeline_records_a_reader_crash_as_an_unreadable_column(spider, pipeline):
    page = _column_page("tzgg", "通知公告")
    pipeline.spider_error(Failure(ValueError("坏的页面")), page, spider)
    pipeline.spider_closed(spider, "finished")

    [column] = _rows(pipeline, "columns")
    assert (column["url"], column["state"]) == (page.url, "unreadable")
    assert column["reason"] == "页面解析出错：ValueError: 坏的页面"
    [fetch] = _rows(pipeline, "fetches")
    assert (fetch["url"], fetch["status"], fetch["found_on"]) == (page.url, 200, SECTION)
    assert fetch["error"].startswith("页面解析出错：ValueError")


def test_pipeline_closes_a_shut_down_crawl_as_interrupted(spider, pipeline):
    pipeline.process_item(RunInfo({"section_url": SECTION}))
    pipeline.spider_closed(spider, "shutdown")
    assert pipeline.db["runs"].get(pipeline.run_id)["status"] == "interrupted"
    assert not pipeline.heartbeat.running


# ---- the column state machine -------------------------------------------------------------


def test_column_pages_wait_for_the_template_then_are_judged_together(spider):
    spider.columns_out = 2  # two column requests on their way
    first = list(spider.parse_column(_column_page("tzgg", "通知公告")))
    assert first == [] and len(spider.pending) == 1  # template unknown, another page coming

    second = list(spider.parse_column(_column_page("gzdt", "工作动态")))
    assert spider.columns_out == 0 and spider.pending == []
    found = _of(ColumnFound, second)
    assert [c.title for c in found] == ["通知公告", "工作动态"]
    assert all(c.kind == "list" and c.hint is None for c in found)
    assert [c.path for c in found] == ["政府信息公开 > 通知公告", "政府信息公开 > 工作动态"]
    assert set(spider.columns) == {c.url for c in found}


def test_column_pages_are_judged_once_four_pages_teach_the_template(spider):
    spider.columns_out = 10
    produced = [
        x
        for slug in ("a", "b", "c", "d")
        for x in spider.parse_column(_column_page(slug, f"栏目{slug}"))
    ]
    assert len(_of(ColumnFound, produced)) == 4 and spider.pending == []


def test_columns_still_waiting_are_judged_when_the_spider_goes_idle(spider):
    spider.columns_out = 2
    assert list(spider.parse_column(_column_page("tzgg", "通知公告"))) == []
    # the second column request never answers (dropped as a duplicate after a redirect)
    with pytest.raises(DontCloseSpider):
        spider.judge_waiting()
    [judge] = spider.crawler.engine.requests
    assert judge.meta.get("internal")  # not a page: the pipeline does not count it
    produced = list(judge.callback(HtmlResponse(judge.url, body=b"", request=judge)))
    assert [c.title for c in _of(ColumnFound, produced)] == ["通知公告"]
    assert spider.pending == []
    spider.judge_waiting()  # nothing left to judge: the spider may close


def test_a_page_outside_the_section_is_no_column(spider):
    spider.columns_out = 1
    page = _column_page("xwzx", "新闻中心")
    page = page.replace(body=page.body.replace("政府信息公开".encode(), "新闻中心".encode()))
    assert _of(ColumnFound, list(spider.parse_column(page))) == []


def test_a_reader_crash_loses_only_its_own_column(spider, monkeypatch):
    spider.columns_out = 2
    list(spider.parse_column(_column_page("tzgg", "通知公告")))
    original = spider._judge_column

    def judge(response, doc):
        if "tzgg" in response.url:
            raise RuntimeError("读到一半")
        return original(response, doc)

    monkeypatch.setattr(spider, "_judge_column", judge)
    produced = list(spider.parse_column(_column_page("gzdt", "工作动态")))
    found = {c.title: c for c in _of(ColumnFound, produced)}
    assert found["通知公告"].hint == "unreadable"
    assert found["通知公告"].reason == "页面解析出错：RuntimeError: 读到一半"
    assert found["工作动态"].hint is None
    assert [f.url for f in _of(FetchFailed, produced)] == [f"{SECTION}tzgg/index.html"]


def test_a_column_that_is_not_html_is_unreadable(spider):
    spider.columns_out = 1
    page = _column_page("tzgg", "通知公告")
    pdf = page.replace(headers={"Content-Type": "application/pdf"})
    [column] = _of(ColumnFound, list(spider.parse_column(pdf)))
    assert (column.hint, column.reason) == ("unreadable", "栏目页不是HTML页面（application/pdf）")


# ---- failure reasons ----------------------------------------------------------------------


def _column_request(url: str = f"{SECTION}tzgg/") -> Request:
    return Request(url, meta={"link": Link(url, "通知公告"), "depth": 1, "found_on": SECTION})


_FAULTS = {
    "timeout": (error.TimeoutError(), "unreachable", "请求超时"),
    "dns": (error.DNSLookupError("no such host"), "unreachable", "域名无法解析（DNS）"),
    "refused": (error.ConnectionRefusedError(), "unreachable", "连接被拒绝"),
    "oversize": (
        defer.CancelledError(
            "Cancelling download of http://www.example.gov.cn/xxgk/tzgg/: received response"
            " size (90000000) larger than download max size (33554432)."
        ),
        "unreadable",
        "页面过大，超过下载上限，未读取",
    ),
    "data_loss": (
        ResponseDataLossError(),
        "unreadable",
        "响应数据不完整（实际长度与声明的 Content-Length 不符）",
    ),
    "redirect_loop": (
        IgnoreRequest("max redirections reached"),
        "unreachable",
        "重定向次数过多（循环重定向）",
    ),
    "robots": (IgnoreRequest("Forbidden by robots.txt"), "unreachable", "robots.txt 禁止抓取"),
    "unknown": (KeyError("x"), "unreachable", "抓取出错（KeyError）"),
}


@pytest.mark.parametrize("name", sorted(_FAULTS))
def test_a_failed_column_fetch_becomes_the_columns_reason(spider, name):
    exc, hint, reason = _FAULTS[name]
    spider.columns_out = 1
    produced = list(spider.column_failed(_failure(exc, _column_request())))
    [column] = _of(ColumnFound, produced)
    assert (column.url, column.hint, column.reason, column.kind) == (
        f"{SECTION}tzgg/",
        hint,
        reason,
        "list",
    )
    assert [f.error for f in _of(FetchFailed, produced)] == [reason]  # no response to log
    assert spider.columns_out == 0


def test_an_http_error_is_logged_from_its_response_not_as_a_failed_fetch(spider):
    request = _column_request()
    response = HtmlResponse(request.url, status=404, body=b"", request=request)
    spider.columns_out = 1
    produced = list(spider.column_failed(_failure(HttpError(response), request)))
    [column] = _of(ColumnFound, produced)
    assert (column.hint, column.reason) == ("unreachable", "HTTP 404")
    assert _of(FetchFailed, produced) == []  # response_received logs every status


def test_a_failed_column_still_releases_the_columns_waiting_for_it(spider):
    spider.columns_out = 2
    list(spider.parse_column(_column_page("tzgg", "通知公告")))
    produced = list(
        spider.column_failed(_failure(error.TimeoutError(), _column_request(f"{SECTION}gzdt/")))
    )
    assert {c.title for c in _of(ColumnFound, produced)} == {"通知公告"}
    assert spider.pending == []


def test_a_failed_list_page_is_a_reason_on_its_column(spider):
    request = Request(f"{SECTION}tzgg/index_1.html", meta={"column_url": f"{SECTION}tzgg/"})
    produced = list(spider.list_page_failed(_failure(error.TimeoutError(), request)))
    [update] = _of(ColumnUpdate, produced)
    assert (update.url, update.reason) == (f"{SECTION}tzgg/", "部分列表分页无法读取：请求超时")
    assert [f.url for f in _of(FetchFailed, produced)] == [request.url]


def test_failure_reasons_reach_the_columns_state(spider, pipeline):
    spider.columns_out = 2
    for exc, slug in ((error.TimeoutError(), "a"), (ResponseDataLossError(), "b")):
        for item in spider.column_failed(_failure(exc, _column_request(f"{SECTION}{slug}/"))):
            pipeline.process_item(item)
    pipeline.spider_closed(spider, "finished")
    states = {c["url"]: (c["state"], c["reason"]) for c in _rows(pipeline, "columns")}
    assert states == {
        f"{SECTION}a/": ("unreachable", "请求超时"),
        f"{SECTION}b/": ("unreadable", "响应数据不完整（实际长度与声明的 Content-Length 不符）"),
    }
