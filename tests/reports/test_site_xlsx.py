"""The XLSX report, opened again with openpyxl."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports import render
from reports.xlsx import COLUMN_HEADERS, FINDING_HEADERS, RESOLVED_HEADERS
from xxgk import storage


@pytest.fixture
def book(fx, tmp_path: Path):
    path = render.render_site(fx.db, fx.a2, tmp_path, formats=("xlsx",))[0]
    assert path.suffix == ".xlsx"
    return load_workbook(path)


def values(ws, col: int) -> list[object]:
    return [row[col - 1] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_sheets_and_headers(book) -> None:
    assert book.sheetnames == ["概况", "问题清单", "栏目", "已整改"]
    assert [c.value for c in book["问题清单"][1]] == FINDING_HEADERS
    assert [c.value for c in book["栏目"][1]] == COLUMN_HEADERS
    assert [c.value for c in book["已整改"][1]] == RESOLVED_HEADERS
    assert [c.value for c in book["概况"][1]] == ["项目", "内容"]


def test_row_counts(fx, book) -> None:
    assert book["问题清单"].max_row == 1 + len(storage.findings(fx.db, fx.a2))
    assert book["栏目"].max_row == 1 + len(storage.columns(fx.db, fx.a2))
    assert book["已整改"].max_row == 1 + 1


def test_frozen_headers_filters_widths(book) -> None:
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert ws.auto_filter.ref.endswith(str(ws.max_row)), ws.title
        widths = [ws.column_dimensions[c].width for c in "ABC"]
        assert all(6 <= w <= 60 for w in widths), (ws.title, widths)
    # long text columns are wider than the serial number
    ws = book["问题清单"]
    assert ws.column_dimensions["F"].width > ws.column_dimensions["A"].width


def test_content(fx, book) -> None:
    overview = {r[0]: r[1] for r in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert overview["评估结论"] == "不合格"
    assert overview["数据截至"] == "2025-11-28"
    assert overview["网站名称"] == fx.A_NAME  # raw text: a spreadsheet is not HTML
    reasons = [
        r[1] for r in book["概况"].iter_rows(min_row=2, values_only=True) if r[0] == "判定理由"
    ]
    assert reasons[0].startswith("单项否决")
    sheet = book["问题清单"]
    assert set(values(sheet, 6)) == set(fx.messages)
    changes = dict(zip(values(sheet, 6), values(sheet, 9), strict=True))
    assert changes["「专项规划」为空白栏目，未发布任何信息。"] == "仍存在"
    assert changes["页面存在隐藏外链（暗链）。"] == "新发现"
    assert values(book["已整改"], 5) == fx.resolved_messages
    states = dict(zip(values(book["栏目"], 3), values(book["栏目"], 5), strict=True))
    assert states["政策解读"] == "无法判断" and states["专项规划"] == "空白"


def test_no_formulas(fx, book) -> None:
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    titles = values(book["栏目"], 3)
    for hostile in fx.FORMULA_TITLES:
        assert "'" + hostile in titles


def test_hyperlinks_only_http(fx, book) -> None:
    targets = [
        c.hyperlink.target
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.hyperlink
    ]
    assert targets
    assert all(t.startswith(("http://", "https://")) for t in targets), targets
    # the javascript: URL is kept as text, without a link
    ws = book["问题清单"]
    for row in ws.iter_rows(min_row=2):
        if row[6].value == fx.JS_URL:
            assert row[6].hyperlink is None
            break
    else:
        pytest.fail("javascript: URL not listed")
