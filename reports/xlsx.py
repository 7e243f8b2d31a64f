"""XLSX rendering (openpyxl): what staff paste into their 通报.

Sheets 概况, 问题清单 (with the review columns `xxgk review --import` reads back), 栏目,
已整改; Chinese headers, frozen header row, filters,
widths from the content. Every value passes `safety.xlsx_value`, so hostile text
can never become a formula.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reports import labels
from reports.model import Finding, Piece, SiteReport
from reports.safety import xlsx_value

_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="E9ECEF")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_LINK_FONT = Font(color="0B57A4", underline="single")
_MIN_WIDTH, _MAX_WIDTH = 6, 60

FINDING_HEADERS = [
    "序号",
    "问题类别",
    "问题",
    "严重程度",
    "栏目/位置",
    "问题描述",
    "链接",
    "证据",
    "变化",
    "规则编号",
    "问题编号",
    "复核",
    "复核理由",
    "复核人",
]
# The review columns of 问题清单, which `xxgk review --import` reads back: a reviewer
# writes 确认 or 排除 (with a reason) in Excel; 问题编号 is the finding's fingerprint.
FINDINGS_SHEET = "问题清单"
OVERVIEW_SHEET = "概况"
RUN_LABEL = "监测编号"
SITE_LABEL = "网站地址"
FINGERPRINT, DECISION, REASON, REVIEWER = FINDING_HEADERS[-4:]
DECISION_VALUES = {"确认": "confirmed", "排除": "dismissed"}
_DECISION_TEXT = {v: k for k, v in DECISION_VALUES.items()}
COLUMN_HEADERS = [
    "序号",
    "栏目路径",
    "栏目名称",
    "分类",
    "状态",
    "信息条数",
    "最新发布日期",
    "说明",
    "发现问题",
    "链接",
]
RESOLVED_HEADERS = ["序号", "问题类别", "问题", "栏目/位置", "问题描述", "链接", "证据", "规则编号"]
# Columns whose text is long and should wrap instead of widening the sheet.
_WRAPPED = {"问题描述", "证据", "栏目路径", "栏目/位置", "说明", "判定理由", "内容"}


def _width(value: object) -> float:
    """Display width: CJK characters are about two Latin characters wide."""
    text = "" if value is None else str(value)
    longest = max(
        (sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) for line in text.splitlines() or [""]),
        default=0,
    )
    return longest


def _pieces_text(pieces: Iterable[Piece]) -> str:
    return "；".join(p.text for p in pieces)


def _evidence_text(f: Finding) -> str:
    lines = [f"{label}：{_pieces_text(pieces)}" for label, pieces in f.evidence]
    if f.review and f.review.lapsed:
        lines.append(
            f"复核：原{f.review.label}已失效（证据已变化；原理由：{f.review.reason or '—'}，"
            f"{f.review.reviewer}，{f.review.reviewed_at}）"
        )
    return "\n".join(lines)


def _review_cells(f: Finding) -> list[object]:
    """复核, 复核理由, 复核人 as a reviewer left them; a lapsed review is not in force."""
    if f.review is None or f.review.lapsed:
        return ["", "", ""]
    return [_DECISION_TEXT[f.review.decision], f.review.reason, f.review.reviewer]


def _section_title(key: str) -> str:
    return dict(labels.SECTIONS).get(key, key)


def _table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    links: dict[tuple[int, int], str] | None = None,
) -> None:
    """Header row, data rows, frozen header, filter, widths."""
    ws.append([xlsx_value(h) for h in headers])
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = _HEAD_FONT, _HEAD_FILL, _TOP
    count = 0
    for row in rows:
        ws.append([xlsx_value(v) for v in row])
        count += 1
    for (r, c), url in (links or {}).items():
        cell = ws.cell(row=r, column=c)
        cell.hyperlink = url  # only checked http(s) URLs reach here
        cell.font = _LINK_FONT
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    for idx, header in enumerate(headers, start=1):
        letter = get_column_letter(idx)
        widest = max([_width(header) + 4] + [_width(c.value) for c in ws[letter][1:]])
        ws.column_dimensions[letter].width = max(_MIN_WIDTH, min(_MAX_WIDTH, widest + 2))
        if header in _WRAPPED:
            for cell in ws[letter][1:]:
                cell.alignment = _WRAP
        else:
            for cell in ws[letter][1:]:
                cell.alignment = _TOP


def _finding_rows(
    findings: list[Finding], resolved: bool, first_row: int = 2, link_col: int = 7
) -> tuple[list[list[object]], dict[tuple[int, int], str]]:
    rows: list[list[object]] = []
    links: dict[tuple[int, int], str] = {}
    for i, f in enumerate(findings, start=1):
        url = f.link.text if f.link else ""
        if f.link and f.link.href:
            links[(first_row + i - 1, link_col)] = f.link.href
        if resolved:
            rows.append(
                [
                    i,
                    _section_title(f.section),
                    f.rule_label,
                    f.location,
                    f.message,
                    url,
                    _evidence_text(f),
                    f.rule,
                ]
            )
        else:
            rows.append(
                [
                    i,
                    _section_title(f.section),
                    f.rule_label,
                    f.review.severity_label if f.dismissed and f.review else f.severity_label,
                    f.location,
                    f.message,
                    url,
                    _evidence_text(f),
                    f.change_label or "首次",
                    f.rule,
                    f.fingerprint,
                    *_review_cells(f),
                ]
            )
    return rows, links


def _overview(ws: Worksheet, r: SiteReport) -> None:
    rows: list[tuple[str, object]] = [
        ("网站名称", r.site_name),
        (SITE_LABEL, r.site.text),
        ("信息公开栏目", r.section.text if r.section else ""),
        ("监测时间", r.monitored_at),
        ("数据截至", r.as_of),
        (RUN_LABEL, r.run_id),
        (
            "上次监测",
            f"{r.previous['as_of']}（编号 {r.previous['id']}）" if r.previous else "无（首次监测）",
        ),
        ("评估依据", r.profile or "国家默认指标"),
        ("评估结论", r.verdict),
    ]
    rows += [("判定理由", reason) for reason in r.reasons]
    rows += _score_rows(r)
    rows += [
        ("发现问题", r.summary["problems"]),
        ("其中单项否决", r.summary["veto"]),
        ("新发现", r.summary["new"]),
        ("仍存在", r.summary["persisting"]),
        ("已整改", r.summary["resolved"]),
        ("已复核排除", r.summary["dismissed"]),
        ("需人工核查", r.summary["cannot_tell"]),
        ("监测栏目", r.summary["columns"]),
    ]
    rows += [
        (f"栏目{label}", r.state_counts[state])
        for state, label in labels.STATES.items()
        if r.state_counts.get(state)
    ]
    rows += [(f"问题：{s.title}", len(s.findings)) for s in r.sections]
    if r.error:
        rows.append(("运行错误", r.error))
    links = {}
    if r.site.href:
        links[(3, 2)] = r.site.href
    if r.section and r.section.href:
        links[(4, 2)] = r.section.href
    _table(ws, ["项目", "内容"], rows, links)
    ws.column_dimensions["B"].width = _MAX_WIDTH


def _score_rows(r: SiteReport) -> list[tuple[str, object]]:
    """The score as a block of the overview: the total, then one row per indicator with
    its deduction and the findings behind it."""
    s = r.score
    if s is None:
        return []
    rows: list[tuple[str, object]] = [
        ("评分", f"{s.total} 分" if s.scored else f"不评分（{s.reason}）"),
    ]
    if s.previous is not None:
        rows.append(("上次评分", s.previous + (f"（{s.delta}）" if s.delta else "")))
    if not s.scored:
        return rows
    notes = [f"低于 {s.pass_mark} 分为不合格", s.bonus_note]
    notes += [s.scaled_note] if s.scaled_note else []
    rows.append(("评分说明", "；".join(notes)))
    for line in s.lines + s.bonus_lines:
        text = f"分值 {line.points}，扣 {line.deduction}，得 {line.earned}"
        if line.status:
            text += f"；{line.status}"
        items = [
            f"{it.text}（−{it.points}{'，' + it.note if it.note else ''}）" for it in line.items
        ]
        if line.more:
            items.append(f"…另有 {line.more} 项")
        if items:
            text += "\n" + "\n".join(items)
        rows.append((f"评分：{line.name}", text))
    return rows


def site_workbook(r: SiteReport) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = OVERVIEW_SHEET
    _overview(ws, r)

    rows, links = _finding_rows(r.findings, resolved=False)
    sheet = wb.create_sheet(FINDINGS_SHEET)
    _table(sheet, FINDING_HEADERS, rows, links)
    if rows:
        choice = DataValidation(type="list", formula1='"确认,排除"', allow_blank=True)
        letter = get_column_letter(FINDING_HEADERS.index(DECISION) + 1)
        choice.add(f"{letter}2:{letter}{len(rows) + 1}")
        sheet.add_data_validation(choice)

    col_rows: list[list[object]] = []
    col_links: dict[tuple[int, int], str] = {}
    for i, c in enumerate(r.columns, start=1):
        col_rows.append(
            [
                i,
                c.path,
                c.title,
                c.category_label,
                c.state_label,
                c.entry_count,
                c.latest_date,
                c.reason,
                "、".join(c.problems),
                c.link.text,
            ]
        )
        if c.link.href:
            col_links[(i + 1, len(COLUMN_HEADERS))] = c.link.href
    _table(wb.create_sheet("栏目"), COLUMN_HEADERS, col_rows, col_links)

    rows, links = _finding_rows(r.resolved, resolved=True, link_col=6)
    _table(wb.create_sheet("已整改"), RESOLVED_HEADERS, rows, links)
    return wb


def write_site(r: SiteReport, path: Path) -> Path:
    site_workbook(r).save(path)
    return path
