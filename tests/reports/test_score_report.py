"""The score on the site report (issue 11 item 3): on the first screen, with the
deduction of each indicator and links to the findings behind it, compared with the
previous run; in the XLSX overview; crawled text escaped."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

from reports import render
from tests.rules.rulekit import Run, ago
from xxgk import storage


def checked_pair(db) -> tuple[Run, Run]:
    first = Run(db)
    first.required()
    first.column("工作动态", "news", entries=[("新", ago(1))])
    first.check()
    second = Run(db)
    second.required()
    second.column("工作动态", "news", entries=[("旧", ago(30))])
    second.column("通知公告", "notice", entries=[("旧通知", ago(200))])
    second.check()
    return first, second


def html(db, run_id: int, out: Path) -> str:
    return render.render_site(db, run_id, out)[0].read_text(encoding="utf-8")


def score_section(source: str) -> str:
    found = re.search(r'<section class="score" id="score">(.*?)</section>', source, re.S)
    assert found, "no score section"
    return found.group(1)


def test_first_screen_shows_score_deductions_and_links_to_findings(db, tmp_path):
    _, second = checked_pair(db)
    source = html(db, second.id, tmp_path)
    assert source.index('id="score"') < source.index('id="summary"')
    section = score_section(source)
    assert "93<small> 分</small>" in section  # 100 − 3 (news) − 4 (notice)
    assert "上次 100 分（-7.0）" in section
    assert re.search(r"<td>信息更新</td><td class=\"num\">25</td><td class=\"num\">7</td>", section)
    assert "未评估" in section and "加分：" in section
    anchors = re.findall(r'href="#(f-\d+)"', section)
    assert len(anchors) == 2
    for anchor in anchors:
        assert f'id="{anchor}"' in source


def test_a_vetoed_run_says_not_scored(db, tmp_path):
    run = Run(db)
    run.required()
    for i in range(5):
        run.column(f"空白{i}", "other", state="empty")
    run.check()
    section = score_section(html(db, run.id, tmp_path))
    assert "不评分" in section and "单项否决" in section and "<table" not in section


def test_a_run_checked_before_scores_has_no_score_section(db, tmp_path):
    run = Run(db)
    run.required()
    run.check()
    db.execute("update runs set score = null, score_details = null where id = ?", [run.id])
    assert 'id="score"' not in html(db, run.id, tmp_path)


def test_stored_text_is_escaped_and_the_xlsx_has_the_score(db, tmp_path):
    _, second = checked_pair(db)
    details = storage.run_score(db, second.id)
    hostile = '<script>alert("s")</script>'
    details["indicators"][1]["name"] = hostile
    details["indicators"][1]["findings"][0]["message"] = '=HYPERLINK("http://evil/")' + hostile
    details["indicators"][1]["findings"][0]["fingerprint"] = "nowhere"  # not linked
    storage.set_score(db, second.id, details["total"], details)
    source = html(db, second.id, tmp_path)
    assert "<script>alert" not in source and "&lt;script&gt;alert" in source
    paths = render.render_site(db, second.id, tmp_path, formats=("xlsx",))
    book = load_workbook(next(p for p in paths if p.suffix == ".xlsx"))
    overview = {r[0]: r[1] for r in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert overview["评分"] == "93 分" and overview["上次评分"] == "100（-7.0）"
    assert overview["评分：信息公开（平台与年报）"].startswith("分值 25，扣 0，得 25")
    cells = [c for row in book["概况"].iter_rows(values_only=True) for c in row if c]
    assert not any(str(c).startswith("=") for c in cells)
