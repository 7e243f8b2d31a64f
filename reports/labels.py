"""Chinese labels for the stored codes (rule ids, categories, states, severities).

The report's *sentences* come from `findings.message`; these are only the short names
of codes the database stores in English, and the headings of the problem classes.
"""

from __future__ import annotations

from xxgk import rulebook, storage

# Declared with each rule id in xxgk.rulebook; in the order the reports list rules.
RULES: dict[str, str] = {spec.id: spec.label for spec in rulebook.SPECS}

SEVERITIES: dict[str, str] = {"veto": "单项否决", "fail": "问题", "warn": "提醒", "info": "提示"}
SEVERITY_ORDER = {s: i for i, s in enumerate(rulebook.SEVERITIES)}  # gravest first

CATEGORIES: dict[str, str] = {
    "news": "动态要闻",
    "notice": "通知公告",
    "policy": "政策文件",
    "personnel": "人事信息",
    "plan": "规划计划",
    "annual_report": "年度报告",
    "other": "其他",
}

# Finer classes kept inside category `other` (xxgk/data/vocabulary.yaml).
CLASSES: dict[str, str] = {
    "guide": "公开指南",
    "system": "公开制度",
    "budget": "财政预决算",
    "procurement": "政府采购",
    "statutory": "法定主动公开内容",
    "organisation": "机构职能",
}

STATES = storage.STATE_LABELS

CHANGES: dict[str, str] = {"new": "新发现", "persisting": "仍存在", "resolved": "已整改"}

# A reviewer's decision (`reviews.decision`, `details.review.decision`).
REVIEWS: dict[str, str] = {"confirmed": "已复核确认", "dismissed": "已复核排除"}

VERDICTS = ("合格", "不合格", "无法判断")
NOT_CHECKED = "未评定"

RUN_STATUSES: dict[str, str] = {
    "running": "进行中",
    "completed": "已完成",
    "failed": "失败",
    "interrupted": "已中断",
}

# Problem classes of the feedback report, in the order the report prints them.
SECTIONS: list[tuple[str, str]] = [
    ("empty", "空白栏目"),
    ("stale", "栏目更新不及时"),
    ("annual", "年度报告"),
    ("links", "链接不可用"),
    ("security", "安全隐患/暗链"),
    ("cannot_tell", "无法判断（需人工核查）"),
    ("other", "其他问题"),
]


def section_of(rule: str, cannot_tell: bool = False) -> str:
    """The report section of a finding; a "cannot tell" finding always goes to 人工核查."""
    if cannot_tell:
        return "cannot_tell"
    spec = rulebook.SPEC_BY_ID.get(rule)
    return spec.section if spec else "other"


def rule_label(rule: str | None) -> str:
    return RULES.get(rule or "", rule or "")


def category_label(category: str | None, cls: str | None = None) -> str:
    label = CATEGORIES.get(category or "", category or "—")
    if cls and cls in CLASSES and category in (None, "", "other"):
        return f"{label}（{CLASSES[cls]}）"
    return label


def state_label(state: str | None) -> str:
    return STATES.get(state or "", state or "—")


def change_label(change: str | None) -> str:
    return CHANGES.get(change or "", "")


def severity_label(severity: str | None) -> str:
    return SEVERITIES.get(severity or "", severity or "")
