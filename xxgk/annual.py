"""Recognise 政府信息公开工作年度报告 titles, their report year and agency.

Rule of thumb from shared/reference/rules.md §2.2–2.3: the normalised title (繁→简,
pinyin glosses and spam domains removed — `xxgk.text.normalize`) must name
政府信息公开/政务信息公开/信息公开/政务公开 and 年度报告/年报/工作报告, and must not be a
lookalike: 制度, 格式, 通知, 要点, 方案, 细则, 自查, 总结, 解读, 图解, 考评, 通报, 报表 (§2.3),
plus the compiling/training/statistics documents that travel with reports (编制,
统计表, 附表, 培训, 季度 reports …).
"""

from __future__ import annotations

import re
from functools import lru_cache

from xxgk.text import normalize as _normalize

# Report titles repeat across runs (and are read by three functions here): normalise once.
normalize = lru_cache(maxsize=1 << 14)(_normalize)

_SUBJECT = re.compile(r"(?:政府|政务)?信息公开|政务公开")
_KIND = re.compile(r"年度报告|年报|工作报告")
_LOOKALIKE = re.compile(
    r"制度|格式|通知|要点|方案|细则|自查|总结|解读|图解|考评|通报|报表|编制|发布工作"
    r"|统计表|附表|培训|季度|半年|月度|目录|指南|督查|考核|评估|评议|征求意见|整改|办法|规定"
    r"|说明|更正|报告会|模板|范本|样本"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_BARE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})\s*年")
_CN_DIGIT = {
    "〇": "0",
    "零": "0",
    "○": "0",
    "一": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}
# What is left of a title once the year and the report name are cut out is the agency.
_REPORT_NAME = re.compile(
    r"(?:关于)?(?:(?:政府|政务)?信息公开|政务公开)(?:工作)?(?:年度报告|年报|工作报告|工作年度报告|年度工作报告)"
)
_AGENCY_NOISE = re.compile(r"[\s()（）《》〈〉<>“”\"'【】\[\]、,，.。:：\-—_]+")
_AGENCY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*年?度?|[〇零○一二三四五六七八九]{4}\s*年度?")


def _quick_reject(title: str) -> bool:
    # Most titles name no 报告 (报/報 have no compatibility forms): skip the costly
    # OpenCC normalisation for them — a check reads a million titles.
    return "报" not in title and "報" not in title


def is_annual_report(title: str | None) -> bool:
    """True for a genuine 政府信息公开工作年度报告 title (any agency, any year)."""
    if not title or _quick_reject(title):
        return False
    t = normalize(title)
    return bool(_SUBJECT.search(t) and _KIND.search(t) and not _LOOKALIKE.search(t))


def title_year(text: str | None) -> int | None:
    """The first year named in a (normalised) text: 2016年, 二〇一六年, or a bare 2016."""
    if not text:
        return None
    t = normalize(text)
    m = _YEAR.search(t)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(t)
    if m:
        return int("".join(_CN_DIGIT[c] for c in m.group(1)))
    m = _BARE_YEAR.search(t)
    return int(m.group(1)) if m else None


def report_year(title: str | None) -> int | None:
    """The year reported on, from the title (not from the publication date)."""
    if not is_annual_report(title):
        return None
    return title_year(title)


def report_agency(title: str | None) -> str:
    """The agency a report title names ("" when it names none): 盘锦市, 市教育局 …"""
    t = normalize(title)
    t = _AGENCY_YEAR.sub("", t)
    t = _REPORT_NAME.sub("", t)
    t = _AGENCY_NOISE.sub("", t)
    # "某某镇人民政府信息公开…": the 政府 of 人民政府 was read as part of 政府信息公开.
    return t + "政府" if t.endswith("人民") else t
