"""Publication timeliness in working days: documents published late after they were
written (条例 第二十六条), policy interpretations (解读) published late or not at all."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from rules.facts import UNREADABLE_STATES, Context, RunFacts, to_date, url_key
from rules.helpers import clip, column_label, entry_evidence, match_key
from rules.registry import Finding, rule
from rules.workdays import OutsideCalendar, package_version, workdays_between
from xxgk.text import normalize

WRITTEN = "成文日期"
# Labels that state the publication day itself, preferred in this order (发文日期 and the
# bare 日期/时间 may be the writing or signing day: not evidence of lateness).
PUBLISHED = ("发布日期", "发布时间", "公开日期")

# A 解读 names its document: 《…》解读, 关于《…》的政策解读, 图解：…, 一图读懂《…》.
_INTERPRETATION = re.compile(r"解读|图解|一图(?:读懂|看懂|了解)")
_QUOTED = re.compile(r"《(.+)》")  # greedy: 《关于印发《X》的通知》 keeps the inner quotes
_PREFIX = re.compile(r"^(?:图解|一图(?:读懂|看懂|了解))\s*[:：|丨]?\s*")
_SUFFIX = re.compile(r"的?(?:政策)?(?:解读|图解)(?:材料|稿)?$")
# Titles about 规范性文件 that are not one: catalogues, clean-ups, repeals.
_NOT_NORMATIVE = re.compile(r"规范性文件(?:目录|清单|清理|备案)|废止|失效")
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


@rule("entry.late_publication", severity="warn")
def late_publication(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """页面同时标注成文日期与发布日期、且发布晚于成文超过20个工作日的信息。

    依据：《政府信息公开条例》(2019) 第二十六条「属于主动公开范围的政府信息，应当自该政府
    信息形成或者变更之日起20个工作日内及时公开」。工作日按国务院公布的节假日与调休（上班
    的周末）计，取自 chinesecalendar 包；计数自成文日次日起、至发布日（含）止：第20个
    工作日发布为按时，第21个为逾期。限值取 profile entries.publication_limit_workdays。
    相隔不超过限值个自然日的必然按时（不需日历）；其余日期超出日历包覆盖年份的 → 无法判断。
    发布标签只认 发布日期/发布时间/公开日期（发文日期可能是签发日）。
    """
    limit = int(ctx.profile.section("entries").get("publication_limit_workdays", 20))
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


def doc_key(title: str | None) -> str:
    """A document title as it is matched: normalised, 文号 and punctuation removed."""
    return match_key(_DOC_NUMBER.sub("", normalize(title)))


def interpreted_title(title: str | None) -> str | None:
    """The title of the document a 解读 explains, or None when the title names none."""
    text = normalize(title)
    if not _INTERPRETATION.search(text):
        return None
    if m := _QUOTED.search(text):
        return m.group(1)
    for pattern in (_PREFIX, _SUFFIX):
        stripped = pattern.sub("", text)
        if stripped != text:
            return stripped.removeprefix("关于") or None
    return None


def _keys(title: str | None) -> set[str]:
    """A policy document is named by its full title and, for 关于印发《X》的通知, by X."""
    keys = {doc_key(title)}
    if m := _QUOTED.search(normalize(title)):
        keys.add(doc_key(m.group(1)))
    return {k for k in keys if len(k) >= 4}


def _is_normative(column: dict[str, Any], entry: dict[str, Any]) -> bool:
    title = normalize(entry.get("title"))
    if _NOT_NORMATIVE.search(title):
        return False
    return "规范性文件" in normalize(
        f"{column.get('title') or ''} {column.get('path') or ''} {title}"
    )


@rule("policy.interpretation_late", severity="warn")
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
    cfg = ctx.profile.section("interpretation")
    mode = str(cfg.get("mode", "lenient"))
    allowed = int((cfg.get("lag_workdays") or {}).get(mode, 3))
    missing_severity = str(cfg.get("missing_severity", "info"))

    docs: dict[str, list[tuple[date, dict[str, Any]]]] = defaultdict(list)
    normative: list[tuple[dict[str, Any], dict[str, Any]]] = []
    unread: list[str] = list(facts.capped)  # where a 解读 may hide from us
    for column in facts.list_columns:
        if ctx.column_class(column) != "policy":
            continue
        if column.get("state") in UNREADABLE_STATES or column.get("truncated"):
            unread.append(column_label(column))
        for e in facts.entries_of(int(column["id"])):
            if interpreted_title(e.get("title")) is not None:
                continue
            if (d := to_date(e.get("published"))) is not None:
                for key in _keys(e.get("title")):
                    docs[key].append((d, e))
            if _is_normative(column, e):
                normative.append((column, e))

    explained: set[int] = set()
    for interp in facts.entries_titled(["解读", "图解", "一图"]):
        target = interpreted_title(interp.get("title"))
        candidates = docs.get(doc_key(target)) if target else None
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

    lacking = [(column, e) for column, e in normative if int(e["id"]) not in explained]
    if lacking and unread:
        # A policy column we could not read in full may hold the 解读: no evidence, no finding.
        yield Finding(
            f"{len(lacking)}件规范性文件未见政策解读，但政策类栏目未能完整读取，无法判断",
            key="missing|unread",
            cannot_tell=True,
            reason="未能完整读取：" + "、".join(unread[:5]),
            details={
                "entries": [entry_evidence(e) for _, e in lacking[:20]],
                "count": len(lacking),
            },
        )
        return
    for column, e in lacking:
        yield Finding(
            f"规范性文件“{clip(e.get('title') or '', 40)}”未见政策解读",
            url=e.get("url"),
            column_id=e.get("column_id"),
            severity=missing_severity,
            # one finding per document (the column would merge them in the fingerprint)
            key="missing|" + url_key(e.get("url")),
            details={
                "missing": "政策解读",
                "document": entry_evidence(e),
                "column": column_label(column),
            },
        )
