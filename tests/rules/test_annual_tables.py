"""annual_report.inconsistent: the standard tables of a report add up (SPEC §4, issue 11).

Pages are built on the 〔2021〕30号 template (tests/annual_template.py) as Word exports
them and read into grids by the crawler's own extraction, then stored as the crawler
stores them."""

from lxml import etree
from rulekit import FIXTURES, SITE, of

from crawler.tables import grids
from rules.checks.annual_tables import checks3, number, parse_table3, parse_table4
from tests import factory
from tests.annual_template import (
    NEW,
    OUT,
    TOTAL,
    report_html,
    table3_numbers,
    table4_numbers,
)
from xxgk import storage

RULE = "annual_report.inconsistent"
PROSE = "本机关坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开。"


def balanced3(new=(5, 1, 0, 0, 1, 0), carried=(1, 0, 0, 0, 0, 0)):
    return table3_numbers(
        list(new),
        list(carried),
        {
            "（一）予以公开": [3, 1, 0, 0, 0, 0],
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [1, 0, 0, 0, 0, 0],
            "1.本机关不掌握相关政府信息": [1, 0, 0, 0, 1, 0],
        },
    )


def balanced4():
    return table4_numbers({"行政复议": [1, 0, 0, 1], "未经复议直接起诉": [2, 1, 0, 0]})


def stored_grids(html):
    return storage.dumps(grids(etree.fromstring(html, etree.HTMLParser(remove_comments=True))))


def site_with(make_run, reports):
    """reports: (year, table 三 rows, table 四 values, prose)."""
    run = make_run()
    cid = run.column("政府信息公开年报", "annual_report")
    urls = {}
    for year, t3, t4, prose in reports:
        title = f"{year}年政府信息公开工作年度报告"
        url = f"{SITE}nb/{year}.html"
        run.entry(cid, title, f"{year + 1}-01-15", url=url)
        html = report_html(t3, t4, prose)
        run.page(
            url,
            "article",
            title=title,
            published=f"{year + 1}-01-15",
            text=prose,
            tables=stored_grids(html),
        )
        urls[year] = url
    return run, urls


def test_numbers_full_width_spaces_and_empty():
    assert number("１２") == 12
    assert number(" 1 2 ") == 12
    assert number("") == 0
    assert number("\u3000") == 0
    assert number("无") is None
    assert number("3件") is None


def test_balanced_tables_do_not_fire(make_run):
    """Nothing at all, not even cannot tell — though the layout table around the report
    holds prose naming 本年新收 and 结转 too, and the prose's figures are all checked."""
    prose = PROSE + "本年新收政府信息公开申请7件，上年结转1件，结转下年度继续办理1件。"
    run, _ = site_with(make_run, [(2023, balanced3(), balanced4(), prose)])
    res = run.check()
    assert of(res, RULE) == []


def test_off_by_one_fires_with_cells_identity_and_both_sides(make_run):
    t3 = balanced3()
    t3[OUT][0] += 1  # 自然人 结转下年度 one too many (and the 总计 column follows)
    t3[OUT][6] += 1
    run, urls = site_with(make_run, [(2023, t3, balanced4(), PROSE)])
    [f] = of(run.check(), RULE, failing=True)
    assert f["year"] == 2023 and f["url"] == urls[2023] and f["severity"] == "warn"
    fails = f["details"]["failures"]
    balance = [x for x in fails if x["identity"].startswith("本年新收")]
    assert {x["where"] for x in balance} == {"自然人", "总计"}
    nat = next(x for x in balance if x["where"] == "自然人")
    assert (nat["left"], nat["right"]) == (6, 7)
    right = {c["row"]: c["value"] for c in nat["cells"]["right"]}
    assert right == {"三、本年度办理结果 (七)总计": 5, "四、结转下年度继续办理": 2}
    assert len(f["details"]["cells"]) == 4 * len(balance)
    assert f["details"]["inconsistencies"][0] == (
        "表三 自然人：本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理（5 + 1 = 6 ≠ 5 + 2 = 7）"
    )
    assert f["message"] == (
        "2023年度报告表三数据不一致：自然人 本年新收 + 上年结转 = 办理结果总计 + "
        "结转下年度继续办理，左边为6，右边为7（另有1处不一致）"
    )


def test_results_add_to_27_while_total_says_21(make_run):
    """A real report's 办理结果 rows add up to 27 while its 总计 says 21."""
    t3 = table3_numbers(
        [27, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        {"（一）予以公开": [20, 0, 0, 0, 0, 0], "1.本机关不掌握相关政府信息": [7, 0, 0, 0, 0, 0]},
    )
    t3[TOTAL] = [21, 0, 0, 0, 0, 0, 21]
    t3[OUT] = [6, 0, 0, 0, 0, 0, 6]  # the balance 27 + 0 = 21 + 6 still holds
    run, _ = site_with(make_run, [(2023, t3, balanced4(), PROSE)])
    [f] = of(run.check(), RULE, failing=True)
    results = [x for x in f["details"]["failures"] if x["identity"].startswith("办理结果")]
    assert {(x["where"], x["left"], x["right"]) for x in results} == {
        ("自然人", 27, 21),
        ("总计", 27, 21),
    }
    assert not any(x["identity"].startswith("本年新收") for x in f["details"]["failures"])


def test_table_four_total_off(make_run):
    t4 = balanced4()
    t4["复议后起诉"] = [1, 1, 0, 0, 3]
    run, _ = site_with(make_run, [(2023, balanced3(), t4, PROSE)])
    [f] = of(run.check(), RULE, failing=True)
    [x] = f["details"]["failures"]
    assert (x["table"], x["where"], x["left"], x["right"]) == ("四", "复议后起诉", 2, 3)
    assert [c["column"] for c in x["cells"]["left"]] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
    ]


def test_unparseable_cell_is_cannot_tell_only(make_run):
    t3 = balanced3()
    t3[NEW][0] = "见附件"
    run, _ = site_with(make_run, [(2023, t3, balanced4(), PROSE)])
    res = run.check()
    assert of(res, RULE, failing=True) == []
    [f] = of(res, RULE, failing=False)
    assert f["details"]["cannot_tell"] is True
    [rep] = f["details"]["reports"]
    assert any("自然人" in u for u in rep["unjudged"])


def test_unrecognised_table_and_missing_tables_are_cannot_tell(make_run):
    run, urls = site_with(make_run, [(2023, balanced3(), balanced4(), PROSE)])
    run.db["pages"].update(
        next(r["id"] for r in run.db["pages"].rows_where("url = ?", [urls[2023]])),
        {"tables": storage.dumps([[["申请人", "件数"], ["自然人", "5"]]])},
    )
    res = run.check()
    assert of(res, RULE, failing=True) == []
    [f] = of(res, RULE, failing=False)
    assert "未找到表三（收到和处理政府信息公开申请情况）" in f["details"]["reports"][0]["problems"]


def test_blank_total_column_is_not_a_zero(make_run):
    """Real reports leave zeros blank, and some leave the 总计 of the 办理结果 rows blank:
    blanks count 0 in a sum, but a blank side against numbers is cannot tell."""
    t3 = balanced3()
    for label, row in t3.items():
        t3[label] = ["" if v == 0 else v for v in row]
    t3["（一）予以公开"][6] = ""
    run, _ = site_with(make_run, [(2023, t3, balanced4(), PROSE)])
    res = run.check()
    assert of(res, RULE, failing=True) == []
    [f] = of(res, RULE, failing=False)
    assert any("(一)予以公开" in u for u in f["details"]["reports"][0]["unjudged"])


def test_across_years_fires_and_not(make_run):
    last = balanced3(new=(6, 1, 0, 0, 1, 0), carried=(0, 0, 0, 0, 0, 0))  # 结转 1 自然人
    good = balanced3(carried=(1, 0, 0, 0, 0, 0))
    run, _ = site_with(
        make_run, [(2022, last, balanced4(), PROSE), (2023, good, balanced4(), PROSE)]
    )
    assert of(run.check(), RULE) == []

    bad = balanced3(new=(4, 1, 0, 0, 1, 0), carried=(2, 0, 0, 0, 0, 0))
    run, urls = site_with(
        make_run, [(2022, last, balanced4(), PROSE), (2023, bad, balanced4(), PROSE)]
    )
    [f] = of(run.check(), RULE, failing=True)
    assert f["year"] == 2023 and f["url"] == urls[2023]
    fails = f["details"]["failures"]
    assert {(x["where"], x["left"], x["right"]) for x in fails} == {
        ("自然人", 2, 1),
        ("总计", 2, 1),
    }
    assert fails[0]["previous"]["url"] == urls[2022]


def test_across_years_can_be_switched_off(make_run):
    last = balanced3(new=(6, 1, 0, 0, 1, 0), carried=(0, 0, 0, 0, 0, 0))
    bad = balanced3(new=(4, 1, 0, 0, 1, 0), carried=(2, 0, 0, 0, 0, 0))
    run, _ = site_with(
        make_run, [(2022, last, balanced4(), PROSE), (2023, bad, balanced4(), PROSE)]
    )
    res = run.check(profile={"annual_report": {"tables": {"across_years": False}}})
    assert of(res, RULE) == []


def test_text_figure_disagreeing_fires(make_run):
    t3 = balanced3()  # 本年新收 7, 上年结转 1
    ok = PROSE + "本年度共收到政府信息公开申请7件，办结7件。"
    also_ok = PROSE + "全年共受理政府信息公开申请8件（含上年结转1件）。"
    bad = PROSE + "本年度共收到政府信息公开申请9件。信息公开类行政复议共收到申请3件。"
    for prose, fires in ((ok, False), (also_ok, False), (bad, True)):
        run, _ = site_with(make_run, [(2023, t3, balanced4(), prose)])
        found = of(run.check(), RULE, failing=True)
        assert bool(found) == fires, prose
    [x] = found[0]["details"]["failures"]
    assert (x["left"], x["right"]) == (9, 7) and "9件" in x["quote"]


def test_reports_before_2019_have_no_standard_tables(make_run):
    t3 = balanced3()
    t3[OUT][0] += 1
    run, _ = site_with(make_run, [(2018, t3, balanced4(), PROSE)])
    assert of(run.check(), RULE) == []


def _real_report(make_run, html):
    run = make_run()
    cid = run.column("政府信息公开年报", "annual_report")
    url = f"{SITE}nb/2019.html"
    title = "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    run.entry(cid, title, "2020-01-31", url=url)
    root = etree.fromstring(html.encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
    text = " ".join(root.itertext())
    run.page(
        url,
        "article",
        title=title,
        published="2020-01-31",
        text=text,
        tables=storage.dumps(grids(root)),
    )
    return run


def test_real_report_balances_and_its_blank_totals_are_cannot_tell(make_run):
    """A real 2019 report (tests/rules/fixtures/shanghai_2019_report_tables.html): every
    identity holds; its 办理结果 rows leave 总计 blank, which is not judged."""
    html = (FIXTURES / "shanghai_2019_report_tables.html").read_text(encoding="utf-8")
    res = _real_report(make_run, html).check()
    assert of(res, RULE, failing=True) == []
    [f] = of(res, RULE, failing=False)
    unjudged = f["details"]["reports"][0]["unjudged"]
    assert "表三 总计：办理结果（一）至（六）之和 = （七）总计" in unjudged
    assert not any("自然人" in u or "复议" in u for u in unjudged)

    broken = html.replace('<p align="center">767</p>', '<p align="center">766</p>')
    [f] = of(_real_report(make_run, broken).check(), RULE, failing=True)
    assert {(x["identity"][:4], x["where"]) for x in f["details"]["failures"]} == {
        ("本年新收", "自然人"),
        ("办理结果", "自然人"),
        ("各类申请", "三、本年度办理结果 (七)总计"),
    }


def test_real_report_prose_figures_are_checked(make_run):
    html = (FIXTURES / "shanghai_2019_report_tables.html").read_text(encoding="utf-8")
    res = _real_report(
        make_run, html.replace("共受理政府信息公开申请859件", "共受理政府信息公开申请869件")
    )
    [f] = of(res.check(), RULE, failing=True)
    [x] = f["details"]["failures"]
    assert (x["left"], x["right"]) == (869, 859) and "共受理政府信息公开申请869件" in x["quote"]


def test_table_four_with_groups_as_row_labels():
    grid = [
        ["", "", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
        ["行政复议", "行政复议", "1", "0", "0", "1", "2"],
        ["行政诉讼", "未经复议直接起诉", "２", "", "", "", "2"],
        ["行政诉讼", "复议后起诉", "0", "0", "1", "0", "3"],
    ]
    checks = parse_table4(grid)
    assert {c.where: c.sums() for c in checks} == {
        "行政复议": (2, 2),
        "未经复议直接起诉": (2, 2),
        "复议后起诉": (1, 3),
    }


def test_blank_block_heading_row_is_not_a_zero_subtotal():
    """Some reports give （三）不予公开 a row of its own, left blank, above its items."""
    grid = grids(etree.fromstring(report_html(balanced3(), balanced4()), etree.HTMLParser()))[1]
    at = next(i for i, row in enumerate(grid) if "1.属于国家秘密" in row)
    grid.insert(at, ["三、本年度办理结果", "（三）不予公开", "（三）不予公开"] + [""] * 7)
    table = parse_table3(grid)
    assert all(c.sums() and c.sums()[0] == c.sums()[1] for c in checks3(table))
    grid[at][3] = "1"  # now it is a subtotal, and its items do not add up to it
    bad = [c for c in checks3(parse_table3(grid)) if c.sums() and c.sums()[0] != c.sums()[1]]
    assert {c.identity for c in bad} >= {"(三)不予公开各项之和 = (三)不予公开"}


def test_switched_off_and_inferred_years_are_not_compared(make_run):
    last = balanced3(new=(6, 1, 0, 0, 1, 0), carried=(0, 0, 0, 0, 0, 0))
    bad = balanced3(new=(4, 1, 0, 0, 1, 0), carried=(2, 0, 0, 0, 0, 0))
    broken = balanced3()
    broken[OUT][0] += 1
    run, _ = site_with(
        make_run, [(2022, last, balanced4(), PROSE), (2023, broken, balanced4(), PROSE)]
    )
    assert of(run.check(profile={"annual_report": {"tables": {"check": False}}}), RULE) == []

    run, urls = site_with(make_run, [(2022, last, balanced4(), PROSE)])
    # a column the crawler could place nowhere: no path, no state
    cid = factory.column(run.db, run.id, "其他", path=None, state=None)
    url = f"{SITE}nb/untitled.html"
    run.entry(cid, "政府信息公开工作年度报告", "2024-01-15", url=url)  # year 2023, inferred
    run.page(
        url,
        "article",
        title="政府信息公开工作年度报告",
        published="2024-01-15",
        text=PROSE,
        tables=stored_grids(report_html(bad, balanced4())),
    )
    assert of(run.check(), RULE) == []


def test_labels_followed_by_blank_cells_instead_of_spanning():
    grid = grids(etree.fromstring(report_html(balanced3(), balanced4()), etree.HTMLParser()))[1]
    for row in grid:
        if any(k in row[0] for k in ("本年新收", "上年结转", "结转下年度")):
            row[1] = row[2] = ""
    table = parse_table3(grid)
    assert not isinstance(table, str), table
    assert all(c.sums() and c.sums()[0] == c.sums()[1] for c in checks3(table))
