"""annual_report.inconsistent: the standard tables of a 政府信息公开工作年度报告 must add up.

The crawler stores an annual report's HTML tables as grids (`pages.tables`, merged cells
repeated in every slot they cover); the reports themselves are those recognised by
rules/checks/annual_reports.py. Tables are found by their header words, never by
position. Numbers: NFKC (full-width digits), spaces removed; an empty cell is 0 (real
reports leave zeros blank) unless a whole side of an identity is empty while the other
is not — that is a total left unfilled, which we cannot judge. Any other text in a cell
makes the identities using it "cannot tell", never a failure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rules.checks.annual_reports import Report, reports
from rules.facts import Context, RunFacts
from rules.registry import Finding, rule
from xxgk import storage

# Table 三's applicant columns (2019 and 2021 formats), most specific first: 法人或其他组织
# contains 其他.
APPLICANTS = ("总计", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
TOTAL = "总计"
# Table 四: three groups of five columns each.
GROUPS = (("未经复议", "未经复议直接起诉"), ("复议后", "复议后起诉"), ("行政复议", "行政复议"))
MEASURES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

_NUMBER = re.compile(r"\d{1,7}")
_SPACES = re.compile(r"[\s,]+")
_BLOCK = re.compile(r"^[(（]([一二三四五六七八九])[)）]")
_ITEM = re.compile(r"^\d{1,2}[.、．]")


@dataclass
class Cell:
    row: str
    column: str
    text: str
    value: int | None  # None: not a number

    def __bool__(self) -> bool:
        """A count other than 0 (blank and unreadable cells are no count)."""
        return bool(self.value)

    def evidence(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "text": self.text, "value": self.value}


def number(text: str) -> int | None:
    """A cell's count: full-width digits and spaces allowed; empty is 0."""
    s = _SPACES.sub("", unicodedata.normalize("NFKC", text))
    if not s:
        return 0
    return int(s) if _NUMBER.fullmatch(s) else None


def _key(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


@dataclass
class Check:
    """One identity on one table: left cells summed = right cells summed."""

    table: str
    identity: str
    where: str
    left: list[Cell]
    right: list[Cell]

    @property
    def unreadable(self) -> list[Cell]:
        return [c for c in self.left + self.right if c.value is None]

    def sums(self) -> tuple[int, int] | None:
        """(left, right), or None when the identity cannot be judged."""
        if self.unreadable:
            return None
        left = sum(c.value or 0 for c in self.left)
        right = sum(c.value or 0 for c in self.right)
        blank = [all(not c.text.strip() for c in side) for side in (self.left, self.right)]
        if left != right and any(blank):
            return None  # a side left blank (an unfilled 总计) is not a zero
        return left, right

    def evidence(self, sums: tuple[int, int] | None) -> dict[str, Any]:
        left, right = sums if sums else (None, None)
        return {
            "summary": f"表{self.table} {self.where}：{self.identity}"
            f"（{_side(self.left)}{left} ≠ {_side(self.right)}{right}）",
            "table": self.table,
            "identity": self.identity,
            "where": self.where,
            "left": sums[0] if sums else None,
            "right": sums[1] if sums else None,
            "cells": {
                "left": [c.evidence() for c in self.left],
                "right": [c.evidence() for c in self.right],
            },
        }


def _side(cells: list[Cell]) -> str:
    """The addends of a side for the reader ("3 + 0 + 空 = "), when there are few."""
    if len(cells) < 2 or len(cells) > 6:
        return ""
    return " + ".join(str(c.value) if c.text.strip() else "空" for c in cells) + " = "


@dataclass
class Table3:
    columns: list[str]
    rows: dict[str, dict[str, Cell]] = field(default_factory=dict)  # new/carried_in/total/out
    blocks: list[tuple[str, list[dict[str, Cell]], dict[str, Cell] | None]] = field(
        default_factory=list
    )  # (block label, item rows, subtotal row or None)


def _label(cells: list[str]) -> list[str]:
    parts: list[str] = []
    for c in cells:
        c = unicodedata.normalize("NFKC", c).strip()
        if c and (not parts or parts[-1] != c):
            parts.append(c)
    return parts


def parse_table3(grid: list[list[str]]) -> Table3 | str:
    """Table 三 from a grid, or the reason it cannot be read."""
    start = next((i for i, row in enumerate(grid) if any("本年新收" in c for c in row)), None)
    if start is None:
        return "no 本年新收 row"
    first = grid[start]
    names: dict[int, str | None] = {}
    for j in range(len(first)):
        head = next((_key(grid[r][j]) for r in range(start - 1, -1, -1) if grid[r][j].strip()), "")
        names[j] = next((a for a in APPLICANTS if a in head and "法人" not in head), None) or (
            "法人或其他组织" if "法人" in head else None
        )
    # The labels end where the applicant headers begin (a label cell may be followed by
    # blank cells instead of spanning them).
    width = next((j for j, name in names.items() if name is not None), len(first))
    columns: dict[int, str] = {}
    for j in range(width, len(first)):
        name = names[j]
        if name is None:
            if any(row[j].strip() for row in grid[start:]):
                return f"number column {j + 1} without an applicant header"
            continue
        if name in columns.values():
            return f"two columns headed {name}"
        columns[j] = name
    if TOTAL not in columns.values() or len(columns) < 2:
        return "no 总计 and applicant columns"
    table = Table3(list(columns.values()))
    block: tuple[str, list[dict[str, Cell]], dict[str, Cell] | None] | None = None
    for row in grid[start:]:
        parts = _label(row[:width])
        label = " ".join(parts)
        cells = {name: Cell(label, name, row[j], number(row[j])) for j, name in columns.items()}
        total = cells.get(TOTAL)
        if total is not None and not total.text.strip() and any(cells.values()):
            total.value = None  # a row's 总计 left blank beside its counts: unfilled, not 0
        if not parts:
            if any(row[j].strip() for j in columns):
                return "numbers in a row without a label"
            continue
        role = (
            "new"
            if "本年新收" in label
            else "carried_in"
            if "上年结转" in label
            else "carried_out"
            if "结转下年度" in label or "下年度继续" in label
            else "total"
            if "总计" in parts[-1]
            else None
        )
        if role is not None:
            table.rows[role] = cells
            if role == "carried_out":
                break  # the table's last row (a note may follow)
            continue
        if "carried_in" not in table.rows or "total" in table.rows:
            return f"row {label!r} outside 办理结果"
        mark = next((p for p in parts if _BLOCK.match(p)), None)
        if mark is None:
            if any(row[j].strip() for j in columns):
                return f"办理结果 row {label!r} without a (一)…(六) label"
            continue  # the 三、本年度办理结果 heading row
        if block is None or block[0] != mark:
            block = (mark, [], None)
            table.blocks.append(block)
        if parts[-1] == mark:  # the block's own row: its count, or the subtotal of its items
            if block[2] is not None:
                return f"two rows for {mark}"
            block = (mark, block[1], cells)
            table.blocks[-1] = block
        elif _ITEM.match(parts[-1]):
            block[1].append(cells)
        else:
            return f"办理结果 row {label!r} not understood"
    # A block's own row left blank above its items is the block's heading, not a 0 subtotal.
    table.blocks = [
        (
            mark,
            items,
            None if items and own and not any(c.text.strip() for c in own.values()) else own,
        )
        for mark, items, own in table.blocks
    ]
    missing = [r for r in ("new", "carried_in", "total", "carried_out") if r not in table.rows]
    if missing or not table.blocks:
        return "rows missing: " + ", ".join(missing or ["办理结果"])
    return table


def checks3(t: Table3) -> list[Check]:
    rows, out = t.rows, []
    for col in t.columns:
        out.append(
            Check(
                "三",
                "本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理",
                col,
                [rows["new"][col], rows["carried_in"][col]],
                [rows["total"][col], rows["carried_out"][col]],
            )
        )
        results = []
        for mark, items, own in t.blocks:
            if own is not None and items:
                out.append(
                    Check(
                        "三", f"{mark}各项之和 = {mark}", col, [r[col] for r in items], [own[col]]
                    )
                )
            results += [own[col]] if own is not None else [r[col] for r in items]
        out.append(
            Check(
                "三", "办理结果（一）至（六）之和 = （七）总计", col, results, [rows["total"][col]]
            )
        )
    applicants = [c for c in t.columns if c != TOTAL]
    every = [rows["new"], rows["carried_in"]]
    for _, items, own in t.blocks:
        every += items + ([own] if own is not None else [])
    every += [rows["total"], rows["carried_out"]]
    for r in every:
        where = r[TOTAL].row
        out.append(
            Check("三", "各类申请人之和 = 总计", where, [r[c] for c in applicants], [r[TOTAL]])
        )
    return out


def parse_table4(grid: list[list[str]]) -> list[Check] | str:
    """Table 四's identities from a grid. A number is described by the headers above it
    and the labels left of it, so the template's layout (groups across the top) and a
    transposed one (groups as row labels) read alike."""
    data: list[tuple[int, int]] = []  # (row, width of its label)
    for i, row in enumerate(grid):
        width = next((j for j, c in enumerate(row) if not c.strip() or number(c) is not None), 0)
        rest = row[width:]
        if any(c.strip() for c in rest) and all(number(c) is not None for c in rest):
            data.append((i, width))
    if not data:
        return "no row of numbers"
    top = data[0][0]
    cells: dict[tuple[int, str], dict[str, Cell]] = {}
    for r, width in data:
        label = [_key(c) for c in grid[r][:width]]
        for j in range(width, len(grid[r])):
            chain = [_key(grid[h][j]) for h in range(top)]
            texts = [*reversed(chain), *label]
            group = next((name for k, name in GROUPS if any(k in t for t in texts)), None)
            measure = next((m for t in texts for m in MEASURES if t == m or t.endswith(m)), None)
            if group is None or measure is None:
                continue
            slot = cells.setdefault((r, group), {})
            if measure in slot:
                return f"two cells for {group} {measure}"
            slot[measure] = Cell(group, measure, grid[r][j], number(grid[r][j]))
    if not cells or any(len(slot) != len(MEASURES) for slot in cells.values()):
        return "行政复议/行政诉讼 headers not understood"
    return [
        Check(
            "四",
            "结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计",
            group,
            [slot[m] for m in MEASURES[:-1]],
            [slot["总计"]],
        )
        for (_, group), slot in cells.items()
    ]


def _is_table3(grid: list[list[str]]) -> bool:
    flat = "".join(c for row in grid for c in row)
    return "本年新收" in flat and "结转" in flat


def _is_table4(grid: list[list[str]]) -> bool:
    flat = "".join(c for row in grid for c in row)
    return "行政复议" in flat and "尚未审结" in flat


# Text figures: a total stated in the prose ("共收到政府信息公开申请15件"), from the
# text with the tables' own cells (no 件 after their numbers) never matching.
_STOP = r"[^。；;，,\d]"
TEXT_FIGURES = (
    (
        "new",
        re.compile(
            rf"(?:共|累计|合计|全年|本年度?){_STOP}{{0,8}}?(?:收到|新收|受理|接收)"
            rf"{_STOP}{{0,12}}?申请[^。；;\d]{{0,8}}?(\d+)\s*件"
        ),
    ),
    ("carried_in", re.compile(r"上年度?结转[^。；;，,\d]{0,12}?(\d+)\s*件")),
    ("carried_out", re.compile(r"结转(?:至|到)?下一?年度[^。；;，,\d]{0,12}?(\d+)\s*件")),
)
_FIGURE_NAMES = {"new": "本年新收", "carried_in": "上年结转", "carried_out": "结转下年度继续办理"}


def text_checks(text: str, t: Table3) -> list[dict[str, Any]]:
    """Prose figures that match neither the table's total nor (for 收到, which some
    reports count with last year's carry-over) new + carried."""
    text = unicodedata.normalize("NFKC", text)
    out = []
    for role, pattern in TEXT_FIGURES:
        cell = t.rows[role][TOTAL]
        if cell.value is None or not cell.text.strip():
            continue
        allowed = {cell.value}
        carried = t.rows["carried_in"][TOTAL].value
        if role == "new" and carried is not None:
            allowed.add(cell.value + carried)
        for m in pattern.finditer(text):
            said = int(m.group(1))
            clause = text[max(text.rfind(p, 0, m.start()) for p in "。；;，,\n") + 1 : m.end()]
            if "复议" in clause or "诉讼" in clause or said in allowed:
                continue  # 行政复议/诉讼 申请 are table 四's
            quote = text[max(m.start() - 10, 0) : m.end() + 10]
            out.append(
                {
                    "summary": f"正文“{quote}”：{said}件 ≠ 表三{_FIGURE_NAMES[role]}总计{cell.value}件",
                    "table": "三",
                    "identity": f"正文所述{_FIGURE_NAMES[role]}数 = 表三总计",
                    "where": TOTAL,
                    "left": said,
                    "right": cell.value,
                    "quote": quote,
                    "cells": {"right": [cell.evidence()]},
                }
            )
    return out


@dataclass
class Parsed:
    rep: Report
    table3: Table3 | None
    checks: list[Check]
    problems: list[str]


def _parse(facts: RunFacts, rep: Report) -> Parsed:
    page = facts.page(rep.url) or {}
    grids = storage.loads(page.get("tables"), None)
    if not isinstance(grids, list):
        return Parsed(rep, None, [], ["报告表格未获取（未抓取正文或以附件发布）"])
    t3: Table3 | None = None
    t4: list[Check] | None = None
    # A layout table whose cell holds the prose may look like a candidate too: reasons
    # count only when no grid gave the table.
    why3: list[str] = []
    why4: list[str] = []
    for grid in grids:
        if not (isinstance(grid, list) and grid and all(isinstance(r, list) for r in grid)):
            continue
        grid = [[str(c) for c in row] for row in grid]
        if t3 is None and _is_table3(grid):
            found = parse_table3(grid)
            if not isinstance(found, str):
                t3 = found
                continue
            why3.append(found)
        if t4 is None and _is_table4(grid):
            found4 = parse_table4(grid)
            if isinstance(found4, str):
                why4.append(found4)
            else:
                t4 = found4
    problems = []
    if t3 is None:
        problems.append(
            f"表三无法解析：{'；'.join(why3)}"
            if why3
            else "未找到表三（收到和处理政府信息公开申请情况）"
        )
    if t4 is None:
        problems.append(
            f"表四无法解析：{'；'.join(why4)}" if why4 else "未找到表四（行政复议、行政诉讼情况）"
        )
    checks = (checks3(t3) if t3 is not None else []) + (t4 or [])
    if t3 is not None and not any(c.text.strip() for r in t3.rows.values() for c in r.values()):
        return Parsed(rep, None, [], ["表三未填写数字"])
    return Parsed(rep, t3, checks, problems)


def _message(rep: Report, failures: list[dict[str, Any]]) -> str:
    f = failures[0]
    more = f"（另有{len(failures) - 1}处不一致）" if len(failures) > 1 else ""
    return (
        f"{rep.year}年度报告表{f['table']}数据不一致：{f['where']} {f['identity']}，"
        f"左边为{f['left']}，右边为{f['right']}{more}"
    )


@rule("annual_report.inconsistent")
def inconsistent(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """年度报告的统计表数据不一致：表三（收到和处理政府信息公开申请情况）本年新收 + 上年
    结转 = 办理结果总计 + 结转下年度继续办理（每一申请人列及总计列），办理结果各项之和 =
    总计，各类申请人之和 = 总计；表四（行政复议、行政诉讼）结果维持 + 结果纠正 + 其他结果
    + 尚未审结 = 总计；本年度上年结转 = 上一年度报告的结转下年度继续办理；正文所述收到、
    结转件数与表三一致。

    依据：国办公开办函〔2021〕30号《政府信息公开工作年度报告格式》（表三注明「本列数据的
    勾稽关系为：第一项加第二项之和，等于第三项加第四项之和」）；国办公开办函〔2019〕60号
    试行格式（2019年度起同样的表三、表四）；《政府信息公开条例》(2019) 第五十条。表格未
    抓取、无法识别或单元格不是数字时记“无法判断”，不记为问题。
    """
    cfg = ctx.profile.annual_report.tables
    if not cfg.check:
        return
    first = cfg.from_year
    parsed: dict[int, list[Parsed]] = {}
    for rep in reports(facts, ctx):
        if rep.own and rep.year >= first:
            parsed.setdefault(rep.year, []).append(_parse(facts, rep))
    unknown: list[dict[str, Any]] = []
    best: dict[int, Parsed] = {}
    for year, items in sorted(parsed.items()):
        # One copy per year is judged: the one whose tables were read best.
        p = max(items, key=lambda x: (x.table3 is not None, len(x.checks)))
        best[year] = p
        failures, unreadable = [], []
        for c in p.checks:
            sums = c.sums()
            if sums is None:
                unreadable.append(f"表{c.table} {c.where}：{c.identity}")
            elif sums[0] != sums[1]:
                failures.append(c.evidence(sums))
        if p.table3 is not None and cfg.text_figures:
            text = (facts.page(p.rep.url) or {}).get("text") or ""
            failures += text_checks(text, p.table3)
        if p.problems or unreadable:
            unknown.append({**p.rep.evidence(), "problems": p.problems, "unjudged": unreadable})
        if failures:
            yield _finding(p.rep, failures, "tables")
    if cfg.across_years:
        for year, p in sorted(best.items()):
            prev = best.get(year - 1)
            if p.table3 is None or prev is None or prev.table3 is None:
                continue
            if "published" in (p.rep.year_source, prev.rep.year_source):
                continue  # a year inferred from the publication date may be the wrong one
            failures = []
            for col in p.table3.columns:
                if col not in prev.table3.columns:
                    continue
                check = Check(
                    "三",
                    f"本年度上年结转 = {year - 1}年度结转下年度继续办理",
                    col,
                    [p.table3.rows["carried_in"][col]],
                    [prev.table3.rows["carried_out"][col]],
                )
                sums = check.sums()
                if sums is not None and sums[0] != sums[1]:
                    failures.append({**check.evidence(sums), "previous": prev.rep.evidence()})
            if failures:
                yield _finding(p.rep, failures, "across-years")
    if unknown:
        yield Finding(
            f"{'、'.join(str(u['year']) for u in unknown)}年度报告的统计表未能全部识别，"
            "部分数据关系无法判断",
            cannot_tell=True,
            key="unreadable",
            reason="report tables not stored, not found or not numbers",
            details={"reports": unknown},
        )


def _finding(rep: Report, failures: list[dict[str, Any]], key: str) -> Finding:
    return Finding(
        _message(rep, failures),
        year=rep.year,
        url=rep.url,
        key=key,
        details={
            **rep.evidence(),
            "inconsistencies": [f["summary"] for f in failures],
            "failures": failures,
            "cells": [c for f in failures for side in f["cells"].values() for c in side],
        },
    )
