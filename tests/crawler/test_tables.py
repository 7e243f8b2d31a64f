"""crawler.tables: HTML tables as grids, on Word-export-like markup."""

from lxml import etree

from crawler import tables
from crawler.tables import grids
from crawler.untrusted import FIELD_CHARS
from rules.checks.annual_tables import parse_table3
from tests.annual_template import report_html, table3_numbers, table4_numbers
from xxgk import storage


def parse(html):
    return etree.fromstring(html, etree.HTMLParser(remove_comments=True))


def test_merged_cells_fill_every_slot_they_cover():
    html = (
        "<TABLE><TR><TD rowspan=2>a</TD><TD colspan=2>b</TD></TR>"
        "<TR><TD>c</TD><TD>d</TD></TR><TR><TD colspan=3>e</TD></TR></TABLE>"
    )
    assert grids(parse(html)) == [[["a", "b", "b"], ["a", "c", "d"], ["e", "e", "e"]]]


def test_nested_tables_are_their_own_grids_and_cells_keep_their_own_text():
    html = (
        "<table><tbody><tr><td>外</td><td>前<TABLE><TR><TD>1</TD><TD>2</TD></TR>"
        "<TR><TD>3</TD><TD>4</TD></TR></TABLE>后</td></tr>"
        "<tr><td>x</td><td>y</td></tr></tbody></table>"
    )
    outer, inner = grids(parse(html))
    assert outer == [["外", "前 后"], ["x", "y"]]
    assert inner == [["1", "2"], ["3", "4"]]


def test_word_runs_join_and_paragraphs_stay_apart():
    html = (
        "<TABLE><TR><TD><P><SPAN>1</SPAN><SPAN>2</SPAN></P></TD><TD>&nbsp;</TD></TR>"
        "<TR><TD><P>本年新收</P><P>数量</P></TD><TD>１２\u3000</TD></TR></TABLE>"
    )
    assert grids(parse(html)) == [[["12", ""], ["本年新收 数量", "１２"]]]


def test_one_cell_tables_and_bad_spans_are_harmless():
    html = (
        "<table><tr><td>版权所有</td></tr></table>"
        "<table><tr><td rowspan='x' colspan='-3'>a</td><td colspan=99999>b</td></tr>"
        "<tr><td>c</td></tr></table>"
    )
    [grid] = grids(parse(html))
    assert grid[0][:2] == ["a", "b"] and len(grid[0]) == tables.MAX_COLS
    assert grid[1][0] == "c"


def test_bounds():
    many = "".join(
        f"<table><tr><td>{i}</td><td>x</td></tr><tr><td>y</td><td>z</td></tr></table>"
        for i in range(100)
    )
    assert len(grids(parse(many))) == tables.MAX_TABLES
    long = "<table>" + "<tr><td>1</td><td>2</td></tr>" * 500 + "</table>"
    assert len(grids(parse(long))[0]) == tables.MAX_ROWS
    wide = (
        "<table><tr><td>" + "x" * 5000 + "</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>"
    )
    assert len(grids(parse(wide))[0][0][0]) == tables.CELL_CHARS


def test_template_report_page_gives_tables_three_and_four():
    t3 = table3_numbers([12, 0, 0, 0, 0, 0], [0] * 6, {"（一）予以公开": [12, 0, 0, 0, 0, 0]})
    layout, three, four = grids(parse(report_html(t3, table4_numbers())))
    assert layout[1][0].startswith("一、总体情况")  # the layout cell: its own text only
    assert three[3][:4] == ["一、本年新收政府信息公开申请数量"] * 3 + ["12"]
    assert three[1][3:] == ["自然人"] + ["法人或其他组织"] * 5 + ["总计"]
    assert len(four) == 4 and len(four[0]) == 15 and four[2][5] == "结果维持"


def test_bounded_by_characters_so_the_stored_json_stays_whole():
    cell = "表" * tables.CELL_CHARS
    row = f"<tr><td>{cell}</td><td>{cell}</td></tr>"
    page = f"<table>{row * 70}</table>" * 20
    found = grids(parse(page))
    size = len(storage.dumps(found))
    assert 0 < len(found) < 20 and size <= tables.MAX_CHARS * 2 < FIELD_CHARS["tables"]


def test_crawl_stores_annual_report_tables(demo_crawl):
    """Through the spider and the pipeline: every 2019+ demo report's table 三 is stored
    whole and readable; other pages store none."""
    db = storage.open_db(str(demo_crawl))
    pages = list(db.query("select url, title, tables from pages"))
    with_tables = [p for p in pages if p["tables"]]
    assert with_tables and all("年度报告" in (p["title"] or "") for p in with_tables)
    read = 0
    for p in with_tables:
        for grid in storage.loads(p["tables"]):
            if any("本年新收" in c for row in grid for c in row):
                assert not isinstance(parse_table3(grid), str), p["url"]
                read += 1
    assert read >= 5
