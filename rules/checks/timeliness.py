"""Publication timeliness in working days: documents published late after they were
written (条例 第二十六条), policy interpretations (解读) published late or not at all."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from rules.facts import UNREADABLE_STATES, Context, RunFacts, to_date
from rules.helpers import clip, column_label, entry_evidence
from rules.registry import Finding, rule
from rules.workdays import OutsideCalendar, package_version, workdays_between
from xxgk.text import has_traditional, normalize
from xxgk.urls import url_key

WRITTEN = "成文日期"
# Labels that state the publication day itself, preferred in this order (发文日期 and the
# bare 日期/时间 may be the writing or signing day: not evidence of lateness).
PUBLISHED = ("发布日期", "发布时间", "公开日期")

# A 解读 names its document: 《…》解读, 关于《…》的政策解读, 图解：…, 一图读懂《…》.
_INTERPRETATION = re.compile(r"解读|图解|一图(?:读懂|看懂|了解)")
_INTERPRETATION_WORDS = ["解读", "图解", "一图", "解讀", "圖解", "一圖"]  # raw titles, before 繁→简
_QUOTED = re.compile(r"《(.+)》")  # greedy: 《关于印发《X》的通知》 keeps the inner quotes
_PREFIX = re.compile(r"^(?:图解|一图(?:读懂|看懂|了解))\s*[:：|丨]?\s*")
_SUFFIX = re.compile(r"的?(?:政策)?(?:解读|图解)(?:材料|稿)?$")
# Titles about 规范性文件 that are not one: catalogues, clean-ups, repeals.
_NOT_NORMATIVE = re.compile(r"规范性文件(?:目录|清单|清理|备案)|废止|失效")
_LISTED = 50  # documents listed in a finding's evidence; `count` says how many in all
_COMPAT = re.compile(r"[A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_NON_WORD = re.compile(r"[\W_]+")  # as rules.helpers.match_key, on text already normalised
# A 文号 in brackets after a title: （X府办发〔2024〕3号）.
_DOC_NUMBER = re.compile(
    r"[（(][^（）()]*(?:〔\d{4}〕|\[\d{4}\]|\d{4}年)[^（）()]*号[^（）()]*[)）]"
)


def _first(labelled: list[tuple[str, date]], labels: tuple[str, ...]) -> tuple[str, date] | None:
    for wanted in labels:
        for label, day in labelled:
            if label == wanted:
                return label, day
    return None


@rule("entry.late_publication")
def late_publication(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """页面同时标注成文日期与发布日期、且发布晚于成文超过20个工作日的信息。

    依据：《政府信息公开条例》(2019) 第二十六条「属于主动公开范围的政府信息，应当自该政府
    信息形成或者变更之日起20个工作日内及时公开」。工作日按国务院公布的节假日与调休（上班
    的周末）计，取自 chinesecalendar 包；计数自成文日次日起、至发布日（含）止：第20个
    工作日发布为按时，第21个为逾期。限值取 profile entries.publication_limit_workdays。
    相隔不超过限值个自然日的必然按时（不需日历）；其余日期超出日历包覆盖年份的 → 无法判断。
    发布标签只认 发布日期/发布时间/公开日期（发文日期可能是签发日）。
    """
    limit = ctx.profile.entries.publication_limit_workdays
    for page in facts.articles_labelled(WRITTEN):
        written = _first(page["labelled"], (WRITTEN,))
        published = _first(page["labelled"], PUBLISHED)
        if written is None or published is None:
            continue
        w, p = written[1], published[1]
        # At most one working day per calendar day: a short gap is on time for certain.
        if (p - w).days <= limit:
            continue
        title = page.get("entry_title") or page.get("title") or page["url"]
        evidence = {
            "dates": {WRITTEN: w.isoformat(), published[0]: p.isoformat()},
            "title": title,
            "limit_workdays": limit,
            "calendar": package_version(),
            "column": column_label(facts.columns_by_id.get(page.get("column_id") or -1)),
        }
        try:
            n = workdays_between(w, p)
        except OutsideCalendar as exc:
            yield Finding(
                f"“{clip(title, 40)}”成文{w.isoformat()}、发布{p.isoformat()}，"
                "工作日历未覆盖该年份，无法判断是否逾期公开",
                url=page["url"],
                column_id=page.get("column_id"),
                key=url_key(page["url"]),
                details=evidence,
                cannot_tell=True,
                reason=str(exc),
            )
            continue
        if n <= limit:
            continue
        yield Finding(
            f"“{clip(title, 40)}”成文日期{w.isoformat()}，{published[0]}{p.isoformat()}，"
            f"相隔{n}个工作日，超过{limit}个工作日",
            url=page["url"],
            column_id=page.get("column_id"),
            key=url_key(page["url"]),
            details={**evidence, "workdays": n},
        )


def _normalize(title: str | None) -> str:
    """`normalize` for matching keys, skipped where it cannot change the key: a title
    without traditional characters, ASCII letters (pinyin glosses, spam domains) or
    full-width letters and digits differs from its normal form only in punctuation and
    spaces, which `_key` removes anyway (normalising every title was the rule's main cost)."""
    title = title or ""
    if has_traditional(title) or _COMPAT.search(title):
        return normalize(title)
    return title


def _key(normalized: str) -> str:
    return _NON_WORD.sub("", _DOC_NUMBER.sub("", normalized))


def interpreted_title(title: str | None) -> str | None:
    """The title of the document a 解读 explains, or None when the title names none."""
    text = _normalize(title).strip()
    if not _INTERPRETATION.search(text):
        return None
    if m := _QUOTED.search(text):
        return m.group(1)
    for pattern in (_PREFIX, _SUFFIX):
        stripped = pattern.sub("", text)
        if stripped != text:
            return stripped.removeprefix("关于") or None
    return None


def doc_keys(title: str | None) -> set[str]:
    """A policy document is named by its full title and, for 关于印发《X》的通知, by X."""
    text = _normalize(title)
    keys = {_key(text)}
    if m := _QUOTED.search(text):
        keys.add(_key(m.group(1)))
    return {k for k in keys if len(k) >= 4}


@rule("policy.interpretation_late")
def interpretation_late(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """政策解读晚于所解读的政策文件发布，或规范性文件没有任何解读。

    依据：国办发〔2016〕80号（《关于全面推进政务公开工作的意见》实施细则）政策文件与解读方案
    「同步组织、同步审签、同步部署」，国家层面要求同步；地方规定不一（郑州2016「最迟应在政策
    文件公开发布后3个工作日内」，广州、广东、安顺「同步」），故由 profile
    interpretation.mode strict（0个工作日）/ lenient（3个工作日，默认）。解读按标题所引
    文件名（《…》解读、关于《…》的政策解读、图解：…）与政策文件类栏目的条目标题（规范化、
    去文号后）配对；配不上的解读不判。滞后按工作日（节假日与调休，chinesecalendar）自文件
    发布日次日起算至解读发布日（含）。规范性文件（栏目或标题含「规范性文件」）未见解读的，
    严重程度取 profile interpretation.missing_severity（默认 info，不计入判定）。
    """
    cfg = ctx.profile.interpretation
    mode = cfg.mode
    allowed = cfg.lag_workdays.strict if mode == "strict" else cfg.lag_workdays.lenient
    missing_severity = cfg.missing_severity

    policy = {int(c["id"]): c for c in facts.list_columns if ctx.column_class(c) == "policy"}
    unread = list(facts.capped) + [  # where a 解读 may hide from us
        column_label(c)
        for c in policy.values()
        if c.get("state") in UNREADABLE_STATES or c.get("truncated")
    ]
    # Titles are found in the run's one title string first: documents are normalised only
    # on sites that publish 解读 at all, and only candidates for 规范性文件 (seconds saved
    # over a thousand sites).
    interps = [
        (e, target)
        for e in facts.entries_titled(_INTERPRETATION_WORDS)
        if (target := interpreted_title(e.get("title")))
    ]
    interp_ids = {int(e["id"]) for e, _ in interps}
    docs: dict[str, list[tuple[date, dict[str, Any]]]] = defaultdict(list)
    for cid in policy if interps else ():
        for e in facts.entries_of(cid):
            if int(e["id"]) not in interp_ids and (d := to_date(e.get("published"))):
                for key in doc_keys(e.get("title")):
                    docs[key].append((d, e))
    named = facts.entries_titled(["规范性文件", "規範性文件"])
    normative: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for cid, column in policy.items():
        whole = "规范性文件" in normalize(f"{column.get('title') or ''} {column.get('path') or ''}")
        rows = facts.entries_of(cid) if whole else [e for e in named if e.get("column_id") == cid]
        normative += [(column, e) for e in rows if int(e["id"]) not in interp_ids]

    explained: set[int] = set()
    for interp, target in interps:
        candidates = docs.get(_key(target))  # target is normalised already
        day = to_date(interp.get("published"))
        if not candidates:
            continue  # cannot pair is not a failure
        explained |= {int(e["id"]) for _, e in candidates}
        if day is None:
            continue
        # Several documents of one title (a yearly notice): the latest one out before the
        # 解读 is the one it explains; one published only afterwards makes no lag.
        before = [c for c in candidates if c[0] <= day]
        if not before:
            continue
        doc_day, doc = max(before, key=lambda c: (c[0], c[1]["id"]))
        if (day - doc_day).days <= allowed:
            continue
        evidence = {
            "interpretation": entry_evidence(interp),
            "document": entry_evidence(doc),
            "dates": {"文件发布": doc_day.isoformat(), "解读发布": day.isoformat()},
            "mode": mode,
            "allowed_workdays": allowed,
            "calendar": package_version(),
        }
        try:
            lag = workdays_between(doc_day, day)
        except OutsideCalendar as exc:
            yield Finding(
                f"解读“{clip(interp.get('title') or '', 40)}”与文件发布相隔的工作日无法计算，"
                "无法判断是否同步发布",
                url=interp.get("url"),
                column_id=interp.get("column_id"),
                key=url_key(interp.get("url")),
                details=evidence,
                cannot_tell=True,
                reason=str(exc),
            )
            continue
        if lag <= allowed:
            continue
        yield Finding(
            f"解读“{clip(interp.get('title') or '', 40)}”晚于文件“{clip(doc.get('title') or '', 30)}”"
            f"{lag}个工作日发布（允许{allowed}个工作日）",
            url=interp.get("url"),
            column_id=interp.get("column_id"),
            key=url_key(interp.get("url")),
            details={**evidence, "lag_workdays": lag},
        )

    lacking: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for column, e in normative:
        title = e.get("title") or ""
        if int(e["id"]) in explained:
            continue
        # the raw title first: normalising every document costs more than the rest
        if _NOT_NORMATIVE.search(title) or (
            has_traditional(title) and _NOT_NORMATIVE.search(normalize(title))
        ):
            continue
        lacking[int(column["id"])].append(e)
    if lacking and unread:
        # A policy column we could not read in full may hold the 解读: no evidence, no finding.
        docs_lacking = [e for rows in lacking.values() for e in rows]
        yield Finding(
            f"{len(docs_lacking)}件规范性文件未见政策解读，但政策类栏目未能完整读取，无法判断",
            key="missing|unread",
            cannot_tell=True,
            reason="未能完整读取：" + "、".join(unread[:5]),
            details={
                "entries": [entry_evidence(e) for e in docs_lacking[:_LISTED]],
                "count": len(docs_lacking),
            },
        )
        return
    # One finding per column: a column of 500 documents without 解读 is one matter to fix,
    # and the report stays readable; the documents are listed in the evidence.
    for cid, rows in lacking.items():
        yield Finding(
            f"栏目“{column_label(policy[cid])}”中{len(rows)}件规范性文件未见政策解读"
            f"（如“{clip(rows[0].get('title') or '', 30)}”）",
            column_id=cid,
            severity=missing_severity,
            key="missing|" + url_key(policy[cid].get("url")),
            details={
                "missing": "政策解读",
                "count": len(rows),
                "entries": [entry_evidence(e) for e in rows[:_LISTED]],
            },
        )
