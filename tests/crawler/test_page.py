"""read_page on saved pages of each CMS family (raw bytes, real charset handling)."""

from datetime import date

from scrapy.http import HtmlResponse, Request, XmlResponse

from crawler.families import jcms, trs
from crawler.page import read_page
from tests.crawler.fixtures import response
from xxgk.urls import url_key


def test_trs_list_reads_entries_and_create_page_html_pagination():
    r = read_page(response("trs", "list_page0"))
    assert (r.kind, r.family) == ("list", "trs")
    assert len(r.entries) == 20
    assert r.entries[0].published == date(2026, 6, 25)
    assert (
        r.entries[0].url
        == "http://www.example.gov.cn/xxgk/fdzdgknr/tzgg/202606/t20260625_812340.html"
    )
    assert [p.url.rsplit("/", 1)[1] for p in r.next] == ["index_1.html", "index_2.html"]
    later = response("trs", "list_page0")
    later = later.replace(body=later.body.replace(b"createPageHTML(3, 0,", b"createPageHTML(3, 1,"))
    assert read_page(later).next == []  # only the first page names the others
    assert r.breadcrumb == ["政府信息公开", "法定主动公开内容", "通知公告"]


def test_trs_sidebar_tree_gives_nested_paths():
    r = read_page(response("trs", "list_page0"))
    paths = {c["title"]: c["path"] for c in r.as_json()["columns"]}
    assert paths["工作动态"] == "法定主动公开内容 > 工作动态"
    assert paths["政府信息公开指南"] == "政府信息公开指南"
    assert all("赌" not in t for t in paths)


def test_jcms_records_in_datastore_and_proxy_request():
    r = read_page(response("jcms", "column"))
    assert (r.kind, r.family) == ("list", "jcms")
    assert len(r.entries) == 15 and r.entries[0].published == date(2026, 4, 20)
    [proxy] = r.next
    assert proxy.method == "POST"
    assert proxy.url.endswith(f"{jcms.PROXY}?startrecord=16&endrecord=60&perpage=15")
    assert proxy.formdata["columnid"] == "1001"
    assert proxy.formdata["unitid"] == "5678" and proxy.formdata["webid"] == "3"


def test_jcms_proxy_reply_reads_records_and_schedules_the_remaining_ranges():
    r = read_page(response("jcms", "proxy", meta={"jcms_proxy": True}))
    assert len(r.entries) == 5
    assert r.entries[-1].published == date(2026, 3, 16)
    ranges = [p.url.split("?", 1)[1] for p in r.next]
    assert ranges[0] == "startrecord=21&endrecord=25&perpage=15"
    assert ranges[-1] == "startrecord=56&endrecord=60&perpage=15" and len(ranges) == 8


def _proxy_reply(records: int, start: int, end: int, total: str = "") -> XmlResponse:
    recs = "".join(
        f'<record><![CDATA[<li><a href="/art/2026/1/1/art_7_{i}.html">标题{i}</a>'
        f"<span>2026-01-01</span></li>]]></record>"
        for i in range(records)
    )
    body = f"<datastore><recordset>{recs}</recordset>{total}</datastore>".encode()
    url = f"http://a.gov.cn{jcms.PROXY}?startrecord={start}&endrecord={end}&perpage=15"
    req = Request(url, method="POST", body=b"columnid=7&unitid=9", meta={"jcms_proxy": True})
    return XmlResponse(url, body=body, request=req, headers={"Content-Type": "text/xml"})


def test_jcms_without_a_total_goes_on_while_batches_come_back_full():
    [more] = read_page(_proxy_reply(45, 1, 45)).next
    assert more.url.endswith("startrecord=46&endrecord=90&perpage=15")
    assert more.method == "POST" and more.formdata == {"columnid": "7", "unitid": "9"}
    assert read_page(_proxy_reply(12, 46, 90)).next == []


def test_gbk_table_without_header_charset_decodes_via_meta():
    resp = response("generic", "table_gbk")
    assert "charset" not in resp.headers[b"Content-Type"].decode()
    r = read_page(resp)
    assert r.kind == "list" and len(r.entries) == 12
    assert r.entries[0].title == "王镕同志任职通知"  # 镕 is outside GB2312: decoded as gb18030
    assert all(e.published for e in r.entries)


def test_next_link_chain_and_year_less_dates():
    r = read_page(response("generic", "next_link_yearless"))
    assert r.kind == "list" and len(r.entries) == 8
    assert [p.url for p in r.next] == ["http://www.example.gov.cn/xxgk/ghjh/list_2.html"]
    e = r.entries[0]
    assert e.published is None and e.partial == (5, 12) and e.date_text == "[05-12]"


def test_query_string_pager():
    r = read_page(response("generic", "query_pages"))
    assert len(r.entries) == 10 and r.entries[0].published == date(2026, 3, 1)
    assert "http://www.example.gov.cn/xxgk/zcwj/list.html?page=3" in [p.url for p in r.next]


def test_client_side_template_is_unreadable_not_empty():
    r = read_page(response("generic", "handlebars"))
    assert r.kind == "unreadable" and not r.empty and r.reason


def test_empty_list_needs_an_explicit_marker():
    r = read_page(response("generic", "empty_list"))
    assert r.kind == "list" and r.empty and r.entries == []


def test_article_publication_date_is_visible_date_not_written_or_meta():
    r = read_page(response("generic", "article"))
    assert r.kind == "article"
    assert r.published == date(2026, 6, 20)
    labels = dict(r.dates)
    assert labels["成文日期"] == date(2026, 6, 13)
    assert labels["PubDate"] == date(2026, 6, 18)  # kept as evidence, not trusted
    assert r.as_json()["published"] == "2026-06-20"


def test_trs_page_count_from_variables_and_element_id_forms():
    assert trs.page_call(
        'var countPage = 7//共多少页\ncreatePageHTML(countPage, 0, "index", "htm");'
    ) == (7, 0, "index", "htm")
    assert trs.page_call("createPageHTML('page_div',5,1,'index','shtml',98);") == (
        5,
        1,
        "index",
        "shtml",
    )
    assert (
        trs.page_call("function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}")
        is None
    )


def test_url_key_folds_index_pages():
    assert url_key("http://A.gov.cn/xxgk/tzgg/index.html") == url_key("http://a.gov.cn/xxgk/tzgg/")
    assert url_key("http://a.gov.cn/x/list.html?page=2") != url_key("http://a.gov.cn/x/list.html")


def test_script_driven_pager_is_noted_as_unfollowed():
    body = (
        "<html><body><ul>"
        + "".join(
            f'<li><a href="/x/t2026010{i}_{i}.html">通知{i}号文件</a><span>2026-01-0{i}</span></li>'
            for i in range(1, 4)
        )
        + '</ul><div>共 12 页 <a href="javascript:goPage(2)">下一页</a></div></body></html>'
    ).encode()
    r = read_page(
        HtmlResponse(
            "http://a.gov.cn/x/index.html", body=body, headers={"Content-Type": "text/html"}
        )
    )
    assert r.kind == "list" and r.next == [] and r.unfollowed_pages == 11


def test_section_entry_given_only_as_a_banner_image_alt():
    import lxml.html

    from crawler.page import link_title

    a = lxml.html.fromstring('<a href="/xxgk/"><img src="b.png" alt="政府信息公开"></a>')
    assert link_title(a) == "政府信息公开"


def test_seed_003_mirror_page_with_traditional_pinyin_labels_and_gbk():
    r = read_page(response("seeds", "003_report"))
    assert r.published == date(2017, 2, 28)  # 發(fā)布日期 / 發(fā)布時間 under pinyin glosses
    assert r.breadcrumb[:2] == ["政務公開", "政府信息公開年報"]  # 當(dāng)前位置: 首頁 > …
    assert "盤錦市2016年度政府信息公開工作報告" in r.title


def test_header_charset_wins_over_a_contradicting_meta_tag():
    body = '<html><head><meta charset="gbk"><title>通知公告</title></head><body>关于王镕同志任职的通知</body></html>'
    r = read_page(
        HtmlResponse(
            "http://a.gov.cn/x.html",
            body=body.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
    )
    assert "王镕同志" in r.text


def test_a_date_inside_the_title_does_not_cut_the_entry_from_its_own_date():
    """A title like "2025年2月统计数据" holds a date of its own: the entry's date is the
    one printed beside it, and the entry stays in the list with the others."""
    boxes = "".join(
        f'<div class="news-box"><h4><a href="/tjxx/content_{i}.html">{title}</a></h4>'
        f'<p class="summary">本月数据发布。</p><span class="time">[{day}]</span></div>'
        for i, (title, day) in enumerate(
            [
                ("安河县2025年乡村振兴统计公报", "2025-03-18"),
                ("2025年2月疫苗接种统计数据", "2025-03-03"),
                ("安河县2025年文化市场统计公报", "2025-01-07"),
            ]
        )
    )
    body = f'<html><body><div class="list-box">{boxes}</div></body></html>'.encode()
    r = read_page(HtmlResponse("http://a.gov.cn/tjxx/", body=body, encoding="utf-8"))
    assert [(e.title, str(e.published)) for e in r.entries] == [
        ("安河县2025年乡村振兴统计公报", "2025-03-18"),
        ("2025年2月疫苗接种统计数据", "2025-03-03"),
        ("安河县2025年文化市场统计公报", "2025-01-07"),
    ]


def test_dt_title_holding_a_month_takes_its_date_from_the_dd_cell():
    body = (
        "<html><body><dl class='list'>"
        "<dt><a href='/tjxx/content_1.html'>2022年12月疫苗接种统计数据</a></dt><dd>2023-01-16</dd>"
        "<dt><a href='/tjxx/content_2.html'>清河县2023年统计公报</a></dt><dd>2023-02-10</dd>"
        "</dl></body></html>"
    ).encode()
    r = read_page(HtmlResponse("http://a.gov.cn/tjxx/", body=body, encoding="utf-8"))
    assert [str(e.published) for e in r.entries] == ["2023-01-16", "2023-02-10"]
