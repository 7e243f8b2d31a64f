"""What every rule id means: one declaration per id (label, report section, default
severity, 依据) and the Chinese names of the evidence keys rules write into `details`.

It lives in the shared core, not in `rules/`, because `reports/` needs the same labels
and may not import the rules stage (SPEC §6: stages import only from `xxgk`). The
rule functions register against these declarations (`rules.registry.rule`), which
refuses an id declared nowhere, so a rule's label, section and default severity cannot
drift from its function. Adding a rule: its `RuleSpec` here, its function in
`rules/checks/`, its severity in the profile, its tests.
"""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("veto", "fail", "warn", "info")  # gravest first: reports sort findings by it

# SPEC §4: the rule ids the product promises (stable; reports and diffs key on them),
# in the SPEC's order, which the engine's summary follows.
SPEC_IDS = (
    "site.unreachable",
    "site.homepage_stale",
    "column.missing",
    "column.empty",
    "column.stale",
    "annual_report.missing",
    "annual_report.late",
    "annual_report.incomplete",
    "annual_report.copied",
    "link.broken",
    "entry.future_date",
    "security.injected_link",
    "content.duplicate_across_columns",
    "site.redirected_offsite",
    "annual_report.inconsistent",
    "entry.late_publication",
    "policy.interpretation_late",
)
# Documented extra ids (rules/README.md): "cannot tell" states of a column, and the
# engine's own record of a rule that raised.
EXTRA_IDS = ("column.unreadable", "column.undated")
ENGINE_IDS = ("check.error",)


@dataclass(frozen=True)
class RuleSpec:
    """`section` is the feedback report's problem class (reports.labels.SECTIONS)."""

    id: str
    label: str
    severity: str
    regulation: str
    section: str = "other"


# In the order the reports list rules (index columns, 问题汇总).
SPECS: tuple[RuleSpec, ...] = (
    RuleSpec(
        "site.unreachable",
        "站点无法访问",
        "fail",
        "国办秘函〔2019〕19号 单项否决「站点无法访问」(监测1周、每天≥20次、15秒、≥5%); 2015 普查",
    ),
    RuleSpec(
        "site.homepage_stale",
        "首页不更新",
        "veto",
        "〔2019〕19号 单项否决「首页不更新」(监测2周); 2015 普查",
        "stale",
    ),
    RuleSpec(
        "column.missing",
        "栏目缺失",
        "fail",
        "国办公开办函〔2019〕61号; 条例(2019) 第十二、二十四条",
    ),
    RuleSpec("column.empty", "空白栏目", "fail", "〔2019〕19号 ③ 空白栏目; 2015 普查 Q&A", "empty"),
    RuleSpec(
        "column.stale",
        "栏目更新不及时",
        "fail",
        "〔2019〕19号 ①②; 2015 普查; 条例(2019) 第五十三条; personnel/plan 365 d unverified",
        "stale",
    ),
    RuleSpec(
        "column.unreadable",
        "栏目无法读取",
        "info",
        'SPEC §3 states; STYLE "no evidence, no failure"',
        "cannot_tell",
    ),
    RuleSpec(
        "column.undated",
        "未标注发布日期",
        "fail",
        "2015 普查评分表「未注明信息发布时间的视为不更新」; 条例(2019) 第十二条",
        "stale",  # 未注明信息发布时间的视为不更新 (2015 普查)
    ),
    RuleSpec(
        "annual_report.missing",
        "年度报告缺失",
        "fail",
        "条例(2019) 第四十九、五十条; 〔2019〕61号",
        "annual",
    ),
    RuleSpec(
        "annual_report.late",
        "年度报告逾期发布",
        "fail",
        "条例(2019) 第四十九条; 条例(2008) (琼府办〔2011〕214号); 〔2019〕60号",
        "annual",
    ),
    RuleSpec(
        "annual_report.incomplete",
        "年度报告内容不完整",
        "fail",
        "条例(2019) 第五十条; 国办公开办函〔2021〕30号",
        "annual",
    ),
    RuleSpec(
        "annual_report.copied",
        "年度报告与上年雷同",
        "warn",
        "regional 考评 「与上年度重复率 > 50%」 (SPEC §4); 条例(2019) 第五十条",
        "annual",
    ),
    RuleSpec(
        "annual_report.inconsistent",
        "年度报告数据不一致",
        "warn",
        "国办公开办函〔2021〕30号 (表三「勾稽关系」); 〔2019〕60号 试行格式; 条例(2019) 第五十条",
        "annual",
    ),
    RuleSpec(
        "link.broken",
        "链接不可用",
        "warn",
        "2015 普查 「链接不可用」 扣分 (vendor scoring); 〔2019〕19号",
        "links",
    ),
    RuleSpec(
        "entry.future_date",
        "发布日期晚于监测日",
        "warn",
        "〔2019〕19号 严重错误 (伪造发稿日期); 条例(2019) 第十二条",
    ),
    RuleSpec(
        "security.injected_link",
        "暗链/内容被篡改",
        "veto",
        "〔2019〕19号 单项否决「严重错误」(链接色情等内容, 内容被篡改) — our interpretation",
        "security",
    ),
    RuleSpec(
        "content.duplicate_across_columns",
        "同一信息多栏目重复发布",
        "warn",
        "seed 001 (实施方案 item 6: 不在不同栏目重复发布); regional 扣分",
    ),
    RuleSpec(
        "entry.late_publication",
        "信息逾期公开",
        "warn",
        "条例(2019) 第二十六条 (2007 text 第十八条)",
    ),
    RuleSpec(
        "policy.interpretation_late",
        "政策解读未同步发布",
        "warn",
        "国办发〔2016〕80号 (同步组织、同步审签、同步部署); 郑州 2016 3 个工作日",
    ),
    RuleSpec(
        "site.redirected_offsite",
        "重定向到其他网站",
        "fail",
        "SPEC §4; 国办发〔2017〕47号《政府网站发展指引》 domain rules (text unverified)",
    ),
    RuleSpec("check.error", "检查出错", "info", "STYLE §3", "cannot_tell"),
)
SPEC_BY_ID: dict[str, RuleSpec] = {s.id: s for s in SPECS}


@dataclass(frozen=True)
class EvidenceField:
    """One row of a finding's evidence: the `details` keys that mean the same thing
    (rules spelled them differently; the first present wins), its label, and how the
    report formats the value (days, threshold, percent, level, reason, exempt, inert
    — a URL shown but never linked — or text)."""

    keys: tuple[str, ...]
    label: str
    kind: str = "text"


# Shared by all rules (`url`, `title`, `reason` … mean the same in every rule), in the
# order the report prints them.
EVIDENCE: tuple[EvidenceField, ...] = (
    EvidenceField(("latest_date", "latest", "newest_date"), "最新发布日期"),
    EvidenceField(("threshold_days", "threshold", "max_age_days"), "更新期限", "threshold"),
    EvidenceField(("days", "age_days"), "未更新天数", "days"),
    EvidenceField(("overdue_days", "days_overdue"), "超期", "days"),
    EvidenceField(("published",), "发布日期"),
    EvidenceField(("date_text",), "日期原文"),
    EvidenceField(("deadline",), "规定期限"),
    EvidenceField(("days_late",), "逾期天数", "days"),
    EvidenceField(("regime",), "适用规定"),
    EvidenceField(("level",), "机构层级", "level"),
    EvidenceField(("title",), "标题"),
    EvidenceField(("agency",), "发布机关"),
    EvidenceField(("expected",), "应有栏目"),
    EvidenceField(("missing",), "缺少的部分"),
    EvidenceField(("similarity",), "与上年度重复率", "percent"),
    EvidenceField(("previous",), "上年度报告"),
    EvidenceField(("status",), "HTTP 状态"),
    EvidenceField(("error", "run_error"), "错误信息"),
    EvidenceField(("found_on",), "所在页面"),
    EvidenceField(("url",), "链接"),
    EvidenceField(("urls",), "相关链接"),
    EvidenceField(("entries",), "相关信息"),
    EvidenceField(("entry_count",), "信息条数"),
    EvidenceField(("newest_entries",), "最新信息"),
    EvidenceField(("dates_seen",), "识别到的日期"),
    EvidenceField(("dated_items",), "带日期的信息"),
    EvidenceField(("possibly_backdated",), "疑似补发倒签"),
    EvidenceField(("hidden_links", "hrefs"), "隐藏链接", "inert"),
    EvidenceField(("spam_domains",), "可疑域名", "inert"),
    EvidenceField(("spam_words", "words"), "可疑关键词"),
    EvidenceField(("date_texts",), "未能识别的日期文字"),
    EvidenceField(("reports",), "相关报告"),
    EvidenceField(("other_reports",), "其他机关的报告"),
    EvidenceField(("reports_found",), "已找到的年度报告"),
    EvidenceField(("due_years",), "应公开年度"),
    EvidenceField(("years",), "涉及年度"),
    EvidenceField(("section_url",), "信息公开栏目"),
    EvidenceField(("columns_seen",), "已发现的栏目"),
    EvidenceField(("fetches",), "被拒绝访问的链接"),
    EvidenceField(("count",), "数量"),
    EvidenceField(("rule",), "出错规则"),
    EvidenceField(("exempt",), "报备豁免", "exempt"),
    EvidenceField(("crawl_date",), "抓取日期"),
    EvidenceField(("grace_days",), "容差", "days"),
    EvidenceField(("previous_as_of",), "上次数据截至"),
    EvidenceField(("basis",), "依据"),
    EvidenceField(("note",), "说明"),
    EvidenceField(("reason",), "原因", "reason"),
    EvidenceField(("as_of",), "数据截至"),
    EvidenceField(("dates",), "日期"),
    EvidenceField(("workdays", "lag_workdays"), "相隔工作日数"),
    EvidenceField(("limit_workdays", "allowed_workdays"), "允许工作日数"),
    EvidenceField(("mode",), "解读时限口径"),
    EvidenceField(("calendar",), "工作日历"),
    EvidenceField(("document",), "政策文件"),
    EvidenceField(("interpretation",), "政策解读"),
    EvidenceField(("inconsistencies",), "不一致之处"),
)
# Bookkeeping for machines and developers, not evidence for the reader: the column is
# the finding's location, `fetch` repeats status/error/url, the rest are internals.
INTERNAL_DETAILS = frozenset(
    "cannot_tell severity message column_id run_id year column class list_pages truncated "
    "method year_source own date_source text_chars level_source attempts fetch traceback "
    "backdated_excluded required template max_days_apart key fingerprint previous_run spam "
    "inferred variants column_url failures cells".split()
)
