"""xxgk/annual.py: which titles are genuine 政府信息公开工作年度报告, and for which year."""

import re

import pytest
from rulekit import seed

from xxgk.annual import is_annual_report, report_agency, report_year, title_year


def seed_title(prefix: str) -> str:
    text = seed(prefix)
    if prefix == "003":  # the 索引号 table row 標題
        return re.search(r"  題:\s*(\S+)", text).group(1)  # "標(biāo)  題:"
    if prefix == "004":  # the heading line under the breadcrumb
        return [line for line in text.splitlines() if "年度报告" in line][0].strip()
    return text.splitlines()[0].strip()


def test_seed_003_traditional_title_is_a_2016_report():
    title = seed_title("003")
    assert title == "盤錦市2016年度政府信息公開工作報告"
    assert is_annual_report(title)
    assert report_year(title) == 2016
    assert report_agency(title) == "盘锦市"


def test_seed_004_gambling_domain_in_title_is_removed():
    title = seed_title("004")
    assert title.startswith("www.321365.com2013年")
    assert is_annual_report(title)
    assert report_year(title) == 2013  # not 3213 or 365, and not the publication year
    assert report_agency(title) == ""


def test_seed_000_pinyin_glossed_traditional_title():
    # Seed 000 is the body of a 文广局 report as a mirror served it (繁体 + pinyin glosses);
    # its list title in the same style:
    title = "盤錦市文廣局2016年政務(wù)信息公開工作年度報(bào)告"
    assert is_annual_report(title)
    assert report_year(title) == 2016
    assert "政務(wù)公開" in seed("000")


def test_seed_001_implementation_plan_is_a_lookalike():
    title = seed_title("001")
    assert title == "嘉峪关市文广新局2017年政务公开工作实施方案"
    assert not is_annual_report(title)
    assert report_year(title) is None


@pytest.mark.parametrize(
    "title,year",
    [
        ("阿城区机关后勤服务中心2021年政府信息公开工作年度报告", 2021),
        ("2022年上海市政府信息公开工作年度报告", 2022),
        ("2021年区集体经济发展服务署政府信息公开工作年度报告", 2021),
        ("信访局2021年度政府信息公开工作报告", 2021),
        ("2021年度政府信息公开工作年度报告", 2021),
        ("舒兰市市场监督管理局2016年政务信息公开年度报告", 2016),
        ("某某县2018年政务公开年度报告", 2018),
        ("某某局2020年信息公开年报", 2020),
        ("二〇二一年度政府信息公开工作年度报告", 2021),
        ("某某市人民政府2023年政府信息公开工作年度报告（修订版）", 2023),
        ("某某局 2024 年 政府信息公开 工作 年度报告", 2024),
    ],
)
def test_genuine_titles(title, year):
    assert is_annual_report(title)
    assert report_year(title) == year


@pytest.mark.parametrize(
    "title",
    [
        "固东镇人民政府信息公开工作年度报告制度",
        "山西省政府信息公开工作年度报告制度(试行)",
        "国务院办公厅政府信息公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知",
        "关于做好2021年度政府信息公开工作年度报告编制发布工作的通知",
        "2020年政务公开工作要点",
        "2017年政务公开工作实施方案",
        "2017年第四季度政府网站自查情况报告",
        "2020年政府信息公开工作自查报告",
        "2020年政府信息第一季度公开工作自总结",
        "2020年政务公开工作考评方案",
        "关于2021年度政府信息公开工作年度报告的解读",
        "图解：2022年政府信息公开工作年度报告",
        "2022年政府网站工作年度报表",
        "2022年政府信息公开工作年度报告统计表",
        "2023年政府工作报告",  # a government work report, not about 信息公开
        "某某公司2023年企业年报公示",
        "关于开展政府信息公开工作年度报告培训的通知",
        "",
        None,
    ],
)
def test_lookalikes_are_rejected(title):
    assert not is_annual_report(title)
    assert report_year(title) is None


def test_title_without_a_year():
    assert is_annual_report("政府信息公开工作年度报告")
    assert report_year("政府信息公开工作年度报告") is None
    assert title_year("2016年") == 2016
    assert title_year("二〇一九年") == 2019
    assert title_year("工作动态") is None


@pytest.mark.parametrize(
    "title,agency",
    [
        ("市教育局2023年政府信息公开工作年度报告", "市教育局"),
        ("固东镇人民政府2022年政府信息公开工作年度报告", "固东镇人民政府"),
        ("固东镇人民政府信息公开工作年度报告", "固东镇人民政府"),
        ("2023年政府信息公开工作年度报告", ""),
    ],
)
def test_report_agency(title, agency):
    assert report_agency(title) == agency
