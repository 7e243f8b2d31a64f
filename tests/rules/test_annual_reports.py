"""annual_report.missing / .late / .incomplete / .copied, with the seeds as fixtures."""

import re
from datetime import date

import pytest
from rulekit import AS_OF, SITE, of, seed

from rules import load_profile
from rules.checks.annual_reports import boilerplate, similarity
from rules.facts import Context

HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
PROSE = (
    "本机关坚持以公开为常态、不公开为例外，围绕年度重点工作持续推进决策、执行、管理、服务、结果公开，"
    "进一步完善信息发布审核机制，及时回应社会关切，全年未发生因公开不当引发的舆情事件。"
)


def report_text(headings=HEADINGS, prose=PROSE):
    return "\n".join(f"{h}\n{prose}\n{prose}" for h in headings)


def site(make_run, **kw):
    run = make_run(**kw)
    run.column("政府信息公开指南", "guide", kind="page")
    run.column("政府信息公开制度", "system", kind="page")
    run.column("法定主动公开内容", "statutory", kind="page")
    return run


def annual_column(run, reports, **kw):
    """reports: (title, published, text or None)."""
    cid = run.column("政府信息公开年报", "annual_report", **kw)
    urls = []
    for i, (title, published, text) in enumerate(reports):
        url = f"{SITE}nb/{i}.html"
        run.entry(cid, title, published, url=url)
        if text is not None:
            run.page(url, "article", title=title, published=published, text=text)
        urls.append(url)
    return urls


def every_year(first=2019, last=2025, text=None, month_day="01-20"):
    return [
        (f"{y}年政府信息公开工作年度报告", f"{y + 1}-{month_day}", text)
        for y in range(first, last + 1)
    ]


# ---- annual_report.missing ----


def test_missing_years_fire(make_run):
    run = site(make_run, level="department")
    annual_column(run, [r for r in every_year() if "2021年" not in r[0] and "2023年" not in r[0]])
    found = of(run.check(), "annual_report.missing")
    assert [f["year"] for f in found] == [2021, 2023]
    f = found[0]
    assert f["severity"] == "fail" and f["details"]["deadline"] == "2022-01-31"
    assert f["message"] == "未找到2021年度政府信息公开工作年度报告（应于2022-01-31前公开）"


def test_all_years_present_does_not_fire(make_run):
    run = site(make_run)
    annual_column(run, every_year())
    assert of(run.check(), "annual_report.missing") == []


def test_report_found_in_any_column(make_run):
    run = site(make_run)
    annual_column(run, every_year(last=2024))
    other = run.column("通知公告", "notice")
    run.entry(other, "某某局2025年度政府信息公开工作报告", "2026-01-20")
    assert of(run.check(), "annual_report.missing") == []


@pytest.mark.parametrize(
    "level,as_of,due",
    [
        ("department", date(2026, 1, 31), False),  # deadline day: not yet due
        ("department", date(2026, 2, 1), True),
        ("government", date(2026, 3, 31), False),
        ("government", date(2026, 4, 1), True),
        (None, date(2026, 2, 1), False),  # unknown level: the later (Mar 31) deadline
        (None, date(2026, 4, 1), True),
    ],
)
def test_year_becomes_due_after_its_deadline(make_run, level, as_of, due):
    run = site(make_run, level=level, name="某某中心" if level else "某某", as_of=as_of)
    annual_column(run, every_year(last=2024))
    found = of(run.check(), "annual_report.missing")
    assert [f["year"] for f in found] == ([2025] if due else [])


def test_lookalikes_do_not_count_as_reports(make_run):
    run = site(make_run)
    annual_column(
        run,
        every_year(last=2024)
        + [
            ("关于做好2025年度政府信息公开工作年度报告编制发布工作的通知", "2025-12-01", None),
            ("2025年政府信息公开工作年度报告的解读", "2026-01-21", None),
            (seed("001").splitlines()[0], "2026-01-05", None),
        ],
    )
    assert [f["year"] for f in of(run.check(), "annual_report.missing")] == [2025]


def test_lookback_years(make_run):
    run = site(make_run)
    annual_column(run, [])
    found = of(run.check(profile={"annual_report": {"lookback_years": 2}}), "annual_report.missing")
    assert [f["year"] for f in found] == [2024, 2025]


def test_section_not_found_is_cannot_tell(make_run):
    run = make_run(section=False)
    found = of(run.check(), "annual_report.missing")
    assert len(found) == 1 and found[0]["severity"] == "info"


def test_unreadable_annual_column_is_cannot_tell(make_run):
    run = site(make_run)
    run.column("政府信息公开年报", "annual_report", state="unreadable")
    found = of(run.check(), "annual_report.missing")
    assert found and all(f["severity"] == "info" for f in found)
    assert "无法读取" in found[0]["message"]


def test_truncated_crawl_never_claims_a_report_missing(make_run):
    run = site(make_run)
    cid = run.column("政府信息公开年报", "annual_report", truncated=1)
    for y in (2023, 2024, 2025):  # the cap stopped the list at the 2023 report (published 2024)
        run.entry(cid, f"{y}年政府信息公开工作年度报告", f"{y + 1}-01-20")
    found = of(run.check(), "annual_report.missing")
    assert [f["year"] for f in found] == [2019, 2020, 2021, 2022]
    assert all(f["severity"] == "info" and f["details"]["cannot_tell"] for f in found)


def test_capped_crawl_is_cannot_tell(make_run):
    run = site(make_run, stats={"capped": ["max_pages"]})
    annual_column(run, every_year(last=2023))
    found = of(run.check(), "annual_report.missing")
    assert [f["severity"] for f in found] == ["info", "info"]


def test_truncated_news_column_does_not_hide_a_complete_annual_column(make_run):
    run = site(make_run)
    annual_column(run, every_year(last=2024))
    run.column("工作动态", "news", truncated=1, entries=[("动态", AS_OF.isoformat())])
    [f] = of(run.check(), "annual_report.missing")
    assert f["year"] == 2025 and f["severity"] == "fail"


def test_without_annual_column_a_truncated_column_may_hide_reports(make_run):
    run = site(make_run)
    run.column("工作动态", "news", truncated=1, entries=[("动态", "2025-03-01")])
    found = of(run.check(), "annual_report.missing")
    # the cut-off list reaches back to 2025-03-01: reports on 2019..2023 (published ≤ 2024) may be beyond it
    assert {f["year"]: f["severity"] for f in found} == {
        2019: "info",
        2020: "info",
        2021: "info",
        2022: "info",
        2023: "info",
        2024: "info",
        2025: "fail",
    }


def test_other_agencies_reports_on_a_government_portal(make_run):
    run = site(make_run, name="某某市人民政府")
    annual_column(
        run,
        every_year(last=2024) + [("市教育局2025年政府信息公开工作年度报告", "2026-01-20", None)],
    )
    [f] = of(run.check(), "annual_report.missing")
    assert f["year"] == 2025 and f["severity"] == "info"
    assert "其他机关" in f["message"]


def test_year_from_a_year_named_column(make_run):
    run = site(make_run)
    annual_column(run, every_year(last=2024))
    cid = run.column("2025年", "annual_report", path="信息公开 > 政府信息公开年报 > 2025年")
    run.entry(cid, "市政府信息公开工作年度报告", "2026-01-20")
    assert of(run.check(), "annual_report.missing") == []


# ---- annual_report.late ----


def test_seed_004_late_under_the_2008_rule(make_run):
    text = seed("004")
    title = [ln for ln in text.splitlines() if "年度报告" in ln][0].strip()
    published = re.search(r"发布时间:(\d{4}-\d{2}-\d{2})", text).group(1)
    assert published == "2014-04-03"
    run = site(make_run, name="南通市文广新局")
    annual_column(run, [(title, published, text)])
    [f] = of(run.check(), "annual_report.late")
    assert f["year"] == 2013 and f["severity"] == "fail"
    d = f["details"]
    assert (d["deadline"], d["days_late"], d["regime"], d["level"]) == (
        "2014-03-31",
        3,
        "2008年条例",
        "department",
    )
    assert (
        f["message"] == "2013年度政府信息公开工作年度报告于2014-04-03公开，晚于规定期限2014-03-31"
    )


def test_seed_003_on_time(make_run):
    run = site(make_run, name="盘锦市人民政府")
    annual_column(run, [("盤錦市2016年度政府信息公開工作報告", "2017-02-28", seed("003"))])
    assert of(run.check(), "annual_report.late") == []


@pytest.mark.parametrize(
    "level,published,late",
    [
        ("department", "2014-03-31", False),
        ("department", "2014-04-01", True),  # report year 2013: 2008 rule
        ("government", "2014-04-01", True),
    ],
)
def test_late_boundaries_2008_rule(make_run, level, published, late):
    run = site(make_run, level=level)
    annual_column(run, [("2013年政府信息公开工作年度报告", published, None)])
    assert bool(of(run.check(), "annual_report.late")) is late


@pytest.mark.parametrize(
    "level,published,late",
    [
        ("department", "2023-01-30", False),
        ("department", "2023-01-31", False),
        ("department", "2023-02-01", True),
        ("government", "2023-03-30", False),
        ("government", "2023-03-31", False),
        ("government", "2023-04-01", True),
        (None, "2023-03-31", False),
        (None, "2023-04-01", True),  # unknown: lenient Mar 31
    ],
)
def test_late_boundaries_2019_rule(make_run, level, published, late):
    run = site(make_run, level=level, name="某某" if level is None else "某某单位")
    annual_column(run, [("2022年政府信息公开工作年度报告", published, None)])
    found = of(run.check(), "annual_report.late")
    assert bool(found) is late
    if late:
        assert found[0]["details"]["level"] == (level or "government")


def test_level_inferred_from_the_site_name(make_run):
    run = site(make_run, name="某某市财政局")
    annual_column(run, [("2022年政府信息公开工作年度报告", "2023-02-15", None)])
    [f] = of(run.check(), "annual_report.late")
    assert (f["details"]["level"], f["details"]["level_source"]) == ("department", "name")


def test_level_from_profile_overrides_the_name(make_run):
    run = site(make_run, name="某某市财政局")
    annual_column(run, [("2022年政府信息公开工作年度报告", "2023-02-15", None)])
    prof = {"sites": {SITE: {"level": "government"}}}
    assert of(run.check(profile=prof), "annual_report.late") == []


def test_report_without_date_is_cannot_tell(make_run):
    run = site(make_run)
    annual_column(run, [("2022年政府信息公开工作年度报告", None, None)])
    [f] = of(run.check(), "annual_report.late")
    assert f["severity"] == "info"


def test_year_inferred_from_publication_is_not_judged_late(make_run):
    run = site(make_run)
    annual_column(run, [("政府信息公开工作年度报告", "2023-05-01", None)])
    assert of(run.check(), "annual_report.late") == []


def test_earliest_copy_decides(make_run):
    run = site(make_run, level="department")
    annual_column(run, [("2022年政府信息公开工作年度报告", "2023-01-20", None)])
    other = run.column("通知公告", "notice")
    run.entry(other, "2022年政府信息公开工作年度报告", "2023-03-01", url=SITE + "tz/1.html")
    assert of(run.check(), "annual_report.late") == []


# ---- annual_report.incomplete ----


def test_complete_2021_report(make_run):
    run = site(make_run)
    annual_column(run, [("2021年政府信息公开工作年度报告", "2022-01-20", report_text())])
    assert of(run.check(), "annual_report.incomplete") == []


def test_incomplete_report_lists_missing_headings(make_run):
    run = site(make_run)
    text = report_text([h for h in HEADINGS if "复议" not in h and "其他需要" not in h])
    [url] = annual_column(run, [("2022年政府信息公开工作年度报告", "2023-01-20", text)])
    [f] = of(run.check(), "annual_report.incomplete")
    assert f["severity"] == "fail" and f["year"] == 2022 and f["url"] == url
    assert f["details"]["missing"] == ["政府信息公开行政复议、行政诉讼情况", "其他需要报告的事项"]
    assert "缺少规定内容" in f["message"]


def test_heading_variants_and_traditional_text(make_run):
    run = site(make_run)
    headings = [
        "一、總體情況",
        "二、主动公开政府信息的情况",
        "三、收到和處理政府信息公開申請情況",
        "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
        "五、政府信息公开工作存在的主要问题及改进情况",
        "六、其他需要報告的事項",
    ]
    annual_column(run, [("2023年政府信息公开工作年度报告", "2024-01-20", report_text(headings))])
    assert of(run.check(), "annual_report.incomplete") == []


def test_headings_not_enforced_before_2021(make_run):
    run = site(make_run)
    annual_column(
        run, [("2020年政府信息公开工作年度报告", "2021-01-20", report_text(HEADINGS[:3]))]
    )
    assert of(run.check(), "annual_report.incomplete") == []
    res = run.check(
        profile={
            "annual_report": {
                "templates": [
                    {
                        "name": "all",
                        "from_year": 2019,
                        "headings": [{"title": h[2:]} for h in HEADINGS],
                    }
                ]
            }
        }
    )
    assert len(of(res, "annual_report.incomplete", failing=True)) == 1


def test_report_text_not_fetched_is_cannot_tell(make_run):
    run = site(make_run)
    annual_column(
        run,
        [
            ("2022年政府信息公开工作年度报告", "2023-01-20", None),
            ("2023年政府信息公开工作年度报告", "2024-01-20", "附件：年度报告.pdf"),
        ],
    )
    [f] = of(run.check(), "annual_report.incomplete")
    assert f["severity"] == "info" and f["details"]["years"] == [2022, 2023]


def test_no_heading_at_all_is_cannot_tell(make_run):
    run = site(make_run)
    annual_column(run, [("2022年政府信息公开工作年度报告", "2023-01-20", PROSE * 10)])
    [f] = of(run.check(), "annual_report.incomplete")
    assert f["severity"] == "info"


# ---- annual_report.copied ----


def _next_year_copy(text):
    """Last year's report with the years and numbers changed: still a copy."""
    return re.sub(r"\d+", lambda m: str(int(m.group(0)) + 1), text)


def test_copied_report_fires(make_run):
    run = site(make_run, name="盘锦市人民政府")
    text = seed("003")
    urls = annual_column(
        run,
        [
            ("盤錦市2016年度政府信息公開工作報告", "2017-02-28", text),
            ("盘锦市2017年度政府信息公开工作报告", "2018-02-28", _next_year_copy(text)),
        ],
    )
    [f] = of(run.check(), "annual_report.copied")
    assert f["year"] == 2017 and f["url"] == urls[1] and f["severity"] == "warn"
    assert f["details"]["similarity"] > 0.9 and f["details"]["previous"]["url"] == urls[0]
    assert "重复率" in f["message"]


def test_different_reports_do_not_fire(make_run):
    run = site(make_run)
    annual_column(
        run,
        [
            ("2016年政务信息公开工作年度报告", "2017-01-20", seed("000")),
            ("2017年政务信息公开工作年度报告", "2018-01-20", seed("003")),
        ],
    )
    assert of(run.check(), "annual_report.copied") == []
    assert similarity(seed("000"), seed("003")) < 0.1


def test_same_template_different_prose_is_not_a_copy():
    a = report_text(
        prose="今年我局重点推进了财政预决算和重大项目信息公开，新建政策解读专栏，发布解读材料二十余篇，群众满意度明显提升。"
    )
    b = report_text(
        prose="本年度围绕优化营商环境公开涉企政策清单，开展政府开放日活动三次，依申请公开答复全部在法定期限内办结。"
    )
    skip = boilerplate(Context(AS_OF, load_profile()))
    assert "政府信息公开行政复议行政诉讼情况" in skip
    assert similarity(a, b, skip=skip) < 0.1
    assert similarity(a, a, skip=skip) == 1.0


@pytest.mark.parametrize("offset,fires", [(-0.01, True), (0.0, False), (0.01, False)])
def test_copied_threshold_boundary(make_run, offset, fires):
    text = seed("003")
    half = text[: len(text) // 2] + seed("000")[: len(text) // 2]
    sim = similarity(half, text)
    run = site(make_run)
    annual_column(
        run,
        [
            ("2016年政府信息公开工作年度报告", "2017-01-20", text),
            ("2017年政府信息公开工作年度报告", "2018-01-20", half),
        ],
    )
    res = run.check(profile={"annual_report": {"copied": {"threshold": round(sim + offset, 6)}}})
    assert bool(of(res, "annual_report.copied", failing=True)) is fires


def test_copied_without_text_is_one_cannot_tell(make_run):
    run = site(make_run)
    annual_column(run, every_year())
    [f] = of(run.check(), "annual_report.copied")
    assert f["severity"] == "info" and f["details"]["years"] == list(range(2019, 2026))
