"""The per-site HTML report, read back as text and as parsed HTML."""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reports import render
from tests import factory
from xxgk import storage


class Page(HTMLParser):
    """Collects what the safety tests look at: tags, hrefs, srcs and text per section."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        for name, value in attrs:
            if name == "href":
                self.hrefs.append(value or "")
            if name == "src":
                self.srcs.append(value or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(source: str) -> Page:
    page = Page()
    page.feed(source)
    return page


def section(source: str, ident: str) -> str:
    """The HTML of <section id=ident>, or from <h3 id=ident> to the next h3 or section end."""
    start = source.rindex("<", 0, source.index(f'id="{ident}"'))
    tag = re.match(r"<(\w+)", source[start:]).group(1)
    end = re.compile(r"</section>" if tag == "section" else r'<h3 id="|</section>')
    found = end.search(source, start + 1)
    return source[start : found.start()] if found else source[start:]


@pytest.fixture
def report(fx, tmp_path: Path) -> str:
    paths = render.render_site(fx.db, fx.a2, tmp_path, formats=("html",))
    assert [p.suffix for p in paths] == [".html"]
    return paths[0].read_text(encoding="utf-8")


def test_verdict_and_reasons_veto_first(report: str) -> None:
    verdict = section(report, "verdict")
    assert "不合格" in verdict
    reasons = re.findall(r"<li>(.*?)</li>", verdict)
    assert reasons == ["单项否决：首页不更新", "单项否决：存在暗链", "空白栏目 1 个"]


def test_site_header(fx, report: str) -> None:
    assert htmllib.escape(fx.A_NAME, quote=False) in report
    assert "<b>测试</b>" not in report
    assert "2025-11-28" in report  # as-of date
    assert 'href="https://www.hostile.gov.cn/"' in report
    assert "上次监测" in report and "2025-10-31" in report


def test_every_finding_message_is_shown(fx, report: str) -> None:
    text = "".join(parse(report).text)
    for message in fx.messages:
        assert message in text, message


def test_findings_land_in_their_sections(report: str) -> None:
    assert "「专项规划」为空白栏目" in section(report, "sec-empty")
    stale = section(report, "sec-stale")
    assert "已 39 天未更新" in stale and "首页 14 天以上无新信息" in stale
    annual = section(report, "sec-annual")
    assert "2024 年度报告逾期发布" in annual and "未找到 2023 年度" in annual
    assert "脚本链接无法访问" in section(report, "sec-links")
    assert "隐藏外链" in section(report, "sec-security")
    cannot = section(report, "sec-cannot_tell")
    assert "「政策解读」无法读取" in cannot and "运行出错" in cannot
    other = section(report, "sec-other")
    assert "目录缺少" in other and "晚于监测日期" in other and "重复发布" in other


def test_change_marks_and_resolved(report: str) -> None:
    stale = section(report, "sec-stale")
    assert "仍存在" in stale and "新发现" in stale
    resolved = section(report, "resolved")
    assert "旧链接无法访问（HTTP 404，已修复）。" in resolved
    assert "已整改" in resolved
    # the persisting problem is not listed as resolved
    assert "专项规划" not in resolved


def test_evidence_threshold_overdue_and_links(report: str) -> None:
    stale = section(report, "sec-stale")
    assert "2025-10-20" in stale and "14 天" in stale and "39 天" in stale
    assert "超期" in stale and "25 天" in stale  # 39 − 14
    links = section(report, "sec-links")
    assert 'href="https://www.hostile.gov.cn/tzgg/"' in links  # found_on as a link
    # a broken link found on 通知公告's list page is located in that column
    assert "信息公开 &gt; 通知公告" in links


def test_hostile_titles_are_text(fx, report: str) -> None:
    page = parse(report)
    assert "script" not in page.tags
    assert "img" not in page.tags
    assert "<script" not in report.lower()
    assert not any(name.startswith("on") for name, _ in page.attrs)
    text = "".join(page.text)
    assert fx.XSS_TITLE in text  # shown, as text
    assert fx.XSS_PATH.split(" > ")[1] in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report


def test_only_http_links(fx, report: str) -> None:
    page = parse(report)
    assert page.hrefs, "the report has links"
    for href in page.hrefs:
        assert href.startswith(("http://", "https://", "#")), href
    assert fx.JS_URL in "".join(page.text)  # printed, inert
    assert 'href="javascript' not in report.lower()
    assert "data:text/html" in "".join(page.text)
    assert 'href="data:' not in report


def test_self_contained(report: str) -> None:
    page = parse(report)
    assert not page.srcs
    assert "link" not in page.tags
    assert "@import" not in report and "url(" not in report
    assert "Content-Security-Policy" in report


def test_columns_table_states(fx, report: str) -> None:
    columns = section(report, "columns")
    row = re.search(r'<tr data-state="unreadable">(.*?)</tr>', columns, re.S)
    assert row and "无法判断" in row.group(1) and "空白" not in row.group(1)
    row = re.search(r'<tr data-state="empty">(.*?)</tr>', columns, re.S)
    assert row and "空白" in row.group(1)
    assert "年度报告" in columns and "动态要闻" in columns  # Chinese category labels
    assert columns.count("<tr data-state=") == len(storage.columns(fx.db, fx.a2))


def test_activity_chart(report: str) -> None:
    chart = section(report, "activity")
    assert "<svg" in chart
    assert "动态要闻 2025-10：3 条" in chart
    assert "动态要闻 2025-08：1 条" in chart
    assert "动态要闻 2025-11：0 条" in chart
    assert "2023-01" not in chart and "2026-02" not in chart  # outside the 12 months
    assert "通知公告 2025-11：1 条" in chart


def test_print_css(report: str) -> None:
    assert "@media print" in report and "size: A4" in report


def test_first_run_has_no_change_marks(fx, tmp_path: Path) -> None:
    source = render.render_site(fx.db, fx.a1, tmp_path, formats=["html"])[0].read_text("utf-8")
    assert "首次监测" in source
    assert 'class="mark mark-new"' not in source
    assert 'class="mark mark-persisting"' not in source
    assert "首次</span>" in source


def test_unchecked_and_cannot_tell_runs(fx, tmp_path: Path) -> None:
    run = factory.run(fx.db, "https://new.example.gov.cn/", "2025-11-28")
    source = render.render_site(fx.db, run, tmp_path, formats=["html"])[0].read_text("utf-8")
    assert "未评定" in source and "尚未经规则评定" in source
    source = render.render_site(fx.db, fx.c, tmp_path, formats=["html"])[0].read_text("utf-8")
    assert "无法判断" in section(source, "verdict") and "连接超时" in source
    assert "站点无法访问，无法判断。" in section(source, "sec-cannot_tell")


def test_file_names_are_safe(fx, tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = render.render_site(fx.db, fx.b, out)
    assert [p.parent for p in written] == [out, out]
    for p in written:
        assert re.fullmatch(r"[a-z0-9._-]+-run\d+\.(html|xlsx)", p.name), p.name
    assert {p.name for p in render.render_site(fx.db, fx.a2, out)} == {
        f"www.hostile.gov.cn-run{fx.a2}.html",
        f"www.hostile.gov.cn-run{fx.a2}.xlsx",
    }
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        p.name for p in out.iterdir()
    )


def test_unknown_format(fx, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="pdf"):
        render.render_site(fx.db, fx.a2, tmp_path, formats=("pdf",))


def test_custom_templates_override(fx, tmp_path: Path) -> None:
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "style.css").write_text("body { color: rebeccapurple; }", encoding="utf-8")
    out = render.render_site(fx.db, fx.a2, tmp_path / "o", ("html",), templates=custom)[0]
    source = out.read_text(encoding="utf-8")
    assert "rebeccapurple" in source and "不合格" in source


def test_autoescape_covers_custom_templates(fx, tmp_path: Path) -> None:
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "site_report.html.j2").write_text(
        '{% for c in r.columns if "script" in c.title %}<p>{{ c.title }}</p>{% endfor %}', "utf-8"
    )
    out = render.render_site(fx.db, fx.a2, tmp_path / "o", ("html",), templates=custom)[0]
    assert out.read_text("utf-8") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_as_of_of_the_check_wins(fx, tmp_path: Path) -> None:
    """`xxgk check --as-of` judges stored data as of another day: the report says so."""
    details = storage.loads(storage.get_run(fx.db, fx.a2)["verdict_details"])
    storage.update_run(fx.db, fx.a2, verdict_details={**details, "as_of": "2026-03-31"})
    source = render.render_site(fx.db, fx.a2, tmp_path, ["html"])[0].read_text("utf-8")
    assert "数据截至 2026-03-31" in source
    assert "2025-04 至 2026-03" in source  # the chart's 12 months end there too
    index = render.render_index(fx.db, tmp_path, [fx.a2]).read_text("utf-8")
    assert "2026-03-31" in index


def test_exempt_findings_are_listed_not_counted(fx, tmp_path: Path) -> None:
    storage.replace_findings(
        fx.db,
        fx.b,
        [
            {
                "rule": "column.empty",
                "severity": "info",
                "fingerprint": "x",
                "message": "栏目“工作动态”为空白栏目，未发布任何信息（已报备豁免）",
                "details": {
                    "exempt": {
                        "rules": ["column.empty"],
                        "column": "工作动态",
                        "reason": "2025年机构改革，栏目停用",
                        "until": "2026-12-31",
                        "severity": "fail",
                    }
                },
            }
        ],
    )
    source = render.render_site(fx.db, fx.b, tmp_path, ["html"])[0].read_text("utf-8")
    assert "（已报备豁免）" in section(source, "sec-empty")
    assert "2025年机构改革，栏目停用，至 2026-12-31" in source
    assert re.search(r"<b>0</b><span>发现问题</span>", source)
    index = render.render_index(fx.db, tmp_path, [fx.b]).read_text("utf-8")
    assert 'title="column.empty"' not in index  # not counted as a problem
