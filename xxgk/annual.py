"""Recognise 政府信息公开工作年度报告 titles and their report year.

Rule of thumb from shared/reference/rules.md §2.2–2.3: the normalised title must name
政府信息公开/政务信息公开/信息公开/政务公开 and 年度报告/年报/工作报告, and must not be a
lookalike (制度, 格式, 通知, 要点, 方案, 细则, 自查, 总结, 解读, 图解, 考评, 通报, 报表).
"""

from __future__ import annotations

import re

from xxgk.text import normalize

_SUBJECT = re.compile(r"(?:政府|政务)?信息公开|政务公开")
_KIND = re.compile(r"年度报告|年报|工作报告")
_LOOKALIKE = re.compile(r"制度|格式|通知|要点|方案|细则|自查|总结|解读|图解|考评|通报|报表|编制|发布工作")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")


def is_annual_report(title: str | None) -> bool:
    t = normalize(title)
    return bool(_SUBJECT.search(t) and _KIND.search(t) and not _LOOKALIKE.search(t))


def report_year(title: str | None) -> int | None:
    """The year reported on, from the title (not from the publication date)."""
    if not is_annual_report(title):
        return None
    m = _YEAR.search(normalize(title))
    return int(m.group(1)) if m else None
