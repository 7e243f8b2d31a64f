"""Template subtraction: a page is judged by its own content, not by the site's header,
sidebar column tree and footer, which every page of the site carries."""

from scrapy.http import HtmlResponse

from crawler.page import Doc, read_page
from crawler.template import SiteTemplate

BASE = "http://www.example.gov.cn/xxgk/"

HEADER = """<div class="head"><h1 class="logo">示例市人民政府</h1>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/xwzx/">新闻中心</a></li>
<li><a href="/xxgk/">政府信息公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>"""

SIDEBAR = """<div class="side"><div class="side-tit">信息公开目录</div><ul class="tree">
<li><a href="/xxgk/gkzn/">政府信息公开指南</a></li>
<li><a href="/xxgk/gkzd/">政府信息公开制度</a></li>
<li><a href="javascript:;">法定主动公开内容</a><ul>
  <li><a href="/xxgk/tzgg/">通知公告</a></li><li><a href="/xxgk/zcwj/">政策文件</a></li>
  <li><a href="/xxgk/rsxx/">人事信息</a></li></ul></li>
<li><a href="/xxgk/ndbg/">政府信息公开年报</a></li></ul></div>"""

FOOTER = """<div class="foot"><p>主办单位：示例市人民政府办公室 地址：示例市人民路1号 邮编：100000
网站标识码：1234567890 备案号：京ICP备12345678号</p><a href="/wzdt/">网站地图</a>
<a href="/lxwm/">联系我们</a></div>"""


def page(path: str, own: str, title: str = "") -> HtmlResponse:
    html = (
        f"<html><head><title>{title} - 示例市人民政府</title></head><body>{HEADER}"
        f"<div class='main'>{SIDEBAR}<div class='content'>{own}</div></div>{FOOTER}</body></html>"
    )
    return HtmlResponse(BASE + path, body=html.encode("utf-8"), encoding="utf-8")


PAGES = {
    "gkzn/": page("gkzn/", "<h2>政府信息公开指南</h2><p>详见附件。</p>", "政府信息公开指南"),
    "tzgg/": page(
        "tzgg/",
        "<h2>通知公告</h2><dl><dt><a href='/xxgk/tzgg/t20240301_1.html'>关于春季防火的通知</a>"
        "</dt><dd><b>2024-03-01</b></dd><dt><a href='/xxgk/tzgg/t20240201_2.html'>关于节日"
        "值班安排的通知</a></dt><dd><b>2024-02-01</b></dd></dl>",
        "通知公告",
    ),
    "rsxx/": page(
        "rsxx/",
        "<h2>人事信息</h2><ul class='list'></ul><div class='page'>共1页 首页 上一页 下一页 尾页</div>",
        "人事信息",
    ),
    "zcwj/": page("zcwj/", "<h2>政策文件</h2><ul class='news-list'></ul>", "政策文件"),
    "blank/": page("blank/", "", "空白"),
}


def site_template() -> SiteTemplate:
    site = SiteTemplate()
    for response in PAGES.values():
        doc = Doc.from_response(response)
        site.learn(doc.key, doc.blocks)
    return site


def read(path: str):
    return read_page(PAGES[path], site=site_template())


def test_a_short_content_page_with_the_sidebar_tree_is_a_page_not_a_parent():
    without = read_page(PAGES["gkzn/"])
    assert without.kind == "section"  # what a template-blind reader concludes
    reading = read("gkzn/")
    assert reading.kind == "page" and reading.title == "政府信息公开指南"
    assert "模板" in reading.as_json()["own_content"]


def test_the_logo_heading_is_not_the_title():
    assert read_page(PAGES["tzgg/"]).title == "示例市人民政府"  # template-blind
    assert read("tzgg/").title == "通知公告"


def test_dl_list_with_dates_in_b_is_read():
    reading = read("tzgg/")
    assert reading.kind == "list"
    assert [(e.title, str(e.published)) for e in reading.entries] == [
        ("关于春季防火的通知", "2024-03-01"),
        ("关于节日值班安排的通知", "2024-02-01"),
    ]


def test_empty_list_container_or_one_page_pager_is_positive_evidence_of_empty():
    for path in ("rsxx/", "zcwj/"):
        reading = read(path)
        assert (reading.kind, reading.empty) == ("list", True), path


def test_an_empty_container_a_script_fills_is_not_called_empty():
    html = PAGES["zcwj/"].text.replace(
        "</body>", "<script>$.ajax({url:'/api/list'})</script></body>"
    )
    response = HtmlResponse(BASE + "zcwj/", body=html.encode(), encoding="utf-8")
    reading = read_page(response, site=site_template())
    assert reading.kind == "unreadable" and not reading.empty
    assert "脚本" in reading.reason


def test_a_page_with_nothing_of_its_own_is_unreadable_not_empty():
    reading = read("blank/")
    assert reading.kind == "unreadable" and not reading.empty and reading.reason


def test_grouping_node_without_a_page_encloses_its_children():
    links = {lk.title: lk for lk in read("gkzn/").links}
    assert links["通知公告"].parents == ("信息公开目录", "法定主动公开内容")
    assert links["通知公告"].parent_url is None
    assert links["政府信息公开制度"].parents == ("信息公开目录",)


def test_a_parent_whose_own_content_lists_its_children_is_a_section():
    grid = "".join(
        f"<li><a href='/xxgk/{p}/'>{t}</a></li>"
        for p, t in [("tzgg", "通知公告"), ("zcwj", "政策文件"), ("rsxx", "人事信息")]
    )
    response = page("fdzdgknr/", f"<h2>法定主动公开内容</h2><ul class='grid'>{grid}</ul>")
    assert read_page(response, site=site_template()).kind == "section"


def test_the_template_needs_other_pages():
    """One page alone teaches nothing: the whole page is its own content."""
    site = SiteTemplate()
    doc = Doc.from_response(PAGES["gkzn/"])
    site.learn(doc.key, doc.blocks)
    assert read_page(PAGES["gkzn/"], site=site).doc.region.template == set()


def test_a_document_listed_in_several_columns_is_an_entry_not_template():
    shared = "<li><a href='/xxgk/zcwj/t20240105_9.html'>关于印发年度工作要点的通知</a><span>2024-01-05</span></li>"
    site = SiteTemplate()
    columns = {}
    for i, path in enumerate(["tzgg2/", "zcwj2/", "gzdt2/"]):
        own = f"<ul class='list'>{shared}<li><a href='/xxgk/{path}t2024020{i}_1.html'>第{i}篇文件标题</a><span>2024-02-0{i + 1}</span></li></ul>"
        columns[path] = page(path, own)
        doc = Doc.from_response(columns[path])
        site.learn(doc.key, doc.blocks)
    for path, response in columns.items():
        titles = [e.title for e in read_page(response, site=site).entries]
        assert "关于印发年度工作要点的通知" in titles and len(titles) == 2, path


def test_a_hidden_placeholder_row_is_no_sign_of_an_empty_list():
    own = (
        "<h2>公示列表</h2><table class='list'><tr onclick='open(1)'><td>某某项目</td>"
        "<td>2023-03-22</td></tr><tr style='display:none'><td>暂无信息</td></tr></table>"
    )
    reading = read_page(page("gslb/", own, "公示列表"), site=site_template())
    assert not reading.empty and reading.kind != "list"
