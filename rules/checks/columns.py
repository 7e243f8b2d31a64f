"""Column rules: the catalogue is complete, lists are not blank, not stale, dated —
and columns we could not read are said to be unreadable, never empty or stale."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from rules.facts import READABLE_STATES, Context, RunFacts, to_date
from rules.helpers import clip, column_evidence, column_label, dated, entry_evidence, match_key
from rules.registry import Finding, rule
from xxgk import storage
from xxgk.urls import url_key


def _present(facts: RunFacts, ctx: Context, required: dict[str, Any]) -> dict[str, Any] | None:
    """The column (or breadcrumb segment) standing for a required column, if any."""
    variants = ctx.profile.cached(
        "required:" + required["title"],
        lambda: [
            k
            for k in (match_key(v) for v in [required["title"], *required.get("variants", [])])
            if k
        ],
    )
    classes = set(required.get("classes", []))
    for c in facts.columns:
        if classes and ctx.column_class(c) in classes:
            return c
        texts = [c.get("title") or ""] + (c.get("path") or "").split(" > ")
        for text in texts:
            key = match_key(text)
            if key and any(v in key for v in variants):
                return c
    return None


@rule("column.missing")
def missing(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """目录不完整：缺少规定的政府信息公开平台栏目（国家默认：政府信息公开指南、政府信息公开
    制度、法定主动公开内容、政府信息公开年报；可在 profile required_columns 增减）。

    依据：国办公开办函〔2019〕61号《关于规范政府信息公开平台有关事项的通知》；《政府信息
    公开条例》(2019) 第十二条（指南、目录）、第二十四条（统一平台）。未找到信息公开栏目、
    抓取被截断或中断时只记“无法判断”（缺少的栏目可能在未抓取的部分）。
    """
    required = ctx.profile.data["required_columns"]
    if not facts.section_found:
        yield Finding(
            "未找到政府信息公开栏目，无法判断目录是否完整",
            url=facts.site_url,
            cannot_tell=True,
            key="section",
            reason=str(facts.run.get("error") or "section not found"),
            details={"expected": [r["title"] for r in required]},
        )
        return
    seen = sorted({c.get("title") or "" for c in facts.columns})
    for req in required:
        if _present(facts, ctx, req) is not None:
            continue
        details = {
            "expected": req["title"],
            "variants": req.get("variants", []),
            "section_url": facts.run.get("section_url"),
            "columns_seen": seen[:80],
            "as_of": ctx.as_of.isoformat(),
        }
        if facts.capped:
            yield Finding(
                f"未找到“{req['title']}”栏目，但抓取未完整（{'、'.join(facts.capped)}），无法判断",
                key=req["title"],
                cannot_tell=True,
                reason="crawl capped or interrupted: the column may lie beyond the cap",
                details=details,
            )
        else:
            yield Finding(
                f"政府信息公开目录缺少“{req['title']}”栏目", key=req["title"], details=details
            )


@rule("column.empty")
def empty(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """空白栏目：列表栏目读取成功，但没有任何信息。

    依据：国办秘函〔2019〕19号 单项否决「栏目不更新」③ 空白栏目≥5个（2015年普查同）；
    空白栏目指开设以来从未发布信息的栏目，也计入「应更新但长期未更新」。只认 state=empty：
    无法读取/无法访问的栏目从不算空白；有下级栏目的导航节点不算空白。
    """
    parents = facts.parent_columns
    for c in facts.list_columns:
        if c.get("state") != "empty" or int(c["id"]) in parents:
            continue
        if facts.entry_count(int(c["id"])):
            continue  # the stored entries contradict the state: no evidence of blankness
        yield Finding(
            f"栏目“{column_label(c)}”为空白栏目，未发布任何信息",
            column_id=int(c["id"]),
            url=c.get("url"),
            details={
                "column": column_evidence(c),
                "class": ctx.column_class(c),
                "list_pages": c.get("list_pages"),
                "as_of": ctx.as_of.isoformat(),
            },
        )


@rule("column.unreadable")
def unreadable(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """无法读取或无法访问的栏目（列表由脚本生成、解析失败、HTTP 错误、超时）：记为“无法
    判断”，从不报空白或不更新，供人工核查。

    依据：SPEC §3 栏目状态 unreadable/unreachable 的定义；STYLE「No evidence, no failure」；
    国办秘函〔2019〕19号 栏目检查以可见内容为准，看不到内容不等于没有内容。
    """
    for c in facts.columns:
        state = c.get("state")
        if state not in ("unreadable", "unreachable"):
            continue
        what = "无法访问" if state == "unreachable" else "无法读取"
        reason = str(c.get("reason") or state)
        yield Finding(
            f"栏目“{column_label(c)}”{what}（{clip(reason, 40)}），未判断是否空白或更新",
            column_id=int(c["id"]),
            url=c.get("url"),
            cannot_tell=True,
            reason=reason,
            details={"column": column_evidence(c)},
        )


@rule("column.undated")
def undated(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """栏目信息未注明发布时间。列表上完全没有日期文字：视为不更新（站点的问题，严重性按
    profile）；有日期文字但未能解析：我们的问题，记“无法判断”并引用原文。

    依据：2015年《全国政府网站普查评分表》说明「未注明信息发布时间的视为不更新」；
    国办秘函〔2019〕19号 栏目不更新各项；《政府信息公开条例》(2019) 第十二条（目录应含
    信息的生成日期）。
    """
    for c in facts.list_columns:
        if c.get("state") != "undated":
            continue
        rows = facts.entries_of(int(c["id"]), limit=200)
        texts = [t for t in (storage.loads(c.get("date_texts"), []) or []) if str(t).strip()]
        texts += [e["date_text"] for e in rows if e.get("date_text") and not e.get("published")]
        sample = [entry_evidence(e) for e in rows[:5]]
        if texts:
            uniq = list(dict.fromkeys(str(t) for t in texts))
            yield Finding(
                f"栏目“{column_label(c)}”的日期文字无法识别（如“{clip(uniq[0], 20)}”），"
                "无法判断是否更新",
                column_id=int(c["id"]),
                url=c.get("url"),
                cannot_tell=True,
                reason="date text present but not parsed",
                details={"column": column_evidence(c), "date_texts": uniq[:10], "entries": sample},
            )
        else:
            n = c.get("entry_count") or facts.entry_count(int(c["id"])) or len(rows)
            yield Finding(
                f"栏目“{column_label(c)}”的{n}条信息均未注明发布时间，按规定视为不更新",
                column_id=int(c["id"]),
                url=c.get("url"),
                details={
                    "column": column_evidence(c),
                    "class": ctx.column_class(c),
                    "entries": sample,
                    "entry_count": n,
                    "basis": "未注明信息发布时间的视为不更新（2015年普查评分表）",
                    "as_of": ctx.as_of.isoformat(),
                },
            )


def backdated(facts: RunFacts, ctx: Context) -> dict[int, dict[str, Any]]:
    """Entries first seen in this run whose date lies well before the previous run:
    {entry id: evidence}. See profile `backdating` (issue #4 item 8)."""
    return facts.memo("backdated", lambda: _backdated(facts, ctx))


def _backdated(facts: RunFacts, ctx: Context) -> dict[int, dict[str, Any]]:
    prev = facts.previous
    if prev is None or prev.as_of is None:
        return {}
    cfg = ctx.profile.backdating
    cutoff = (prev.as_of - timedelta(days=cfg.grace_days)).isoformat()
    max_share = cfg.max_new_share
    prev_id = int(prev.run["id"])
    # Per column: entries dated before the cut-off, and how many of them are new URLs.
    counts = storage.old_entry_counts(facts.db, facts.run_id, prev_id, cutoff)
    candidates = []
    for cid, old, new in counts:
        column = facts.columns_by_id.get(cid) if cid is not None else None
        before = prev.columns.get(url_key(column.get("url"))) if column else None
        if not before or before.get("state") not in READABLE_STATES:
            continue  # the previous run could not have seen this column's items
        if not new or new / old > max_share:
            continue  # nothing new, or new URLs everywhere: the site was rebuilt, not backdated
        candidates.append((cid, before))
    out: dict[int, dict[str, Any]] = {}
    for cid, before in candidates:
        rows = storage.unseen_old_entries(facts.db, facts.run_id, cid, prev_id, cutoff)
        floor = to_date(before.get("oldest")) if before.get("truncated") else None
        for e in rows:
            d = to_date(e["published"])
            if d is None or (before.get("truncated") and (floor is None or d < floor)):
                continue  # older than what the capped previous crawl could reach
            out[int(e["id"])] = {
                **entry_evidence(e),
                "column_id": cid,
                "previous_run": prev.run["id"],
                "previous_as_of": prev.as_of.isoformat(),
            }
    return out


def _newest(facts: RunFacts, column: dict[str, Any], as_of: date) -> date | None:
    """The column's newest entry date on or before `as_of` (its stored latest_date when
    the database holds no entries for it)."""
    cid = int(column["id"])
    stats = facts.column_stats.get(cid)
    if stats is None:
        latest = to_date(column.get("latest_date"))
        return latest if latest is not None and latest <= as_of else None
    newest = to_date(stats.get("newest"))
    if newest is not None and newest <= as_of:
        return newest
    top = dated(facts.top_entries(cid, as_of, 1), until=as_of)  # judged as of an earlier day
    return top[0][0] if top else None


@rule("column.stale")
def stale(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """栏目不更新：最新信息早于该类栏目允许的期限（默认动态要闻类14天，通知公告/政策文件类
    183天，人事/规划计划类365天；超过天数才触发，恰为期限当天不触发）。

    依据：国办秘函〔2019〕19号 单项否决「栏目不更新」①②（动态要闻2周、通知公告/政策文件
    6个月）；2015年普查评分表同；人事、规划计划类365天未经核实（rules.md §3.2）；《政府
    信息公开条例》(2019) 第五十三条（不及时更新公开的政府信息）。只判读取成功且有日期的
    列表栏目；补发倒签的信息（上次检查后才出现、日期却早于上次检查）列入证据，按 profile
    backdating.exclude_from_freshness 不计入最新日期。
    """
    limits = ctx.profile.freshness
    exclude = ctx.profile.backdating.exclude_from_freshness
    back = backdated(facts, ctx)
    for c in facts.list_columns:
        if c.get("state") != "ok":
            continue
        cls = ctx.column_class(c)
        limit = limits.get(cls)
        if limit is None:
            continue
        cid = int(c["id"])
        flagged_here = [i for i, ev in back.items() if ev.get("column_id") == cid]
        newest = _newest(facts, c, ctx.as_of)
        if newest is None:
            continue  # no dated entry by the as-of date: nothing to judge
        rows: list[tuple[date, dict[str, Any]]] = []
        if flagged_here and exclude:
            # The newest non-backdated entry decides (issue #4 item 8).
            rows = dated(facts.top_entries(cid, ctx.as_of, len(flagged_here) + 3), until=ctx.as_of)
            genuine = [(d, e) for d, e in rows if int(e["id"]) not in back]
            if genuine:
                newest = genuine[0][0]
        age = (ctx.as_of - newest).days
        if age <= limit:
            continue
        rows = rows or dated(
            facts.top_entries(cid, ctx.as_of, 3 + len(flagged_here)), until=ctx.as_of
        )
        counted = [(d, e) for d, e in rows if int(e["id"]) not in back] if exclude else rows
        flagged = [back[i] for i in flagged_here]
        message = (
            f"栏目“{column_label(c)}”最新信息发布于{newest.isoformat()}，"
            f"已{age}天未更新（要求{limit}天内）"
        )
        if flagged:
            message += f"；另有{len(flagged)}条疑似补发倒签的信息"
        yield Finding(
            message,
            column_id=int(c["id"]),
            url=c.get("url"),
            details={
                "column": column_evidence(c),
                "class": cls,
                "latest_date": newest.isoformat(),
                "days": age,
                "threshold_days": limit,
                "as_of": ctx.as_of.isoformat(),
                "newest_entries": [entry_evidence(e) for _, e in counted[:3]],
                "possibly_backdated": flagged[:20],
                "backdated_excluded": exclude and bool(flagged),
                "truncated": bool(c.get("truncated")),
            },
        )
