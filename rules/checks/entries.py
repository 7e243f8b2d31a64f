"""Entry-level rules: dates in the future, documents posted in several columns."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from rules.facts import Context, RunFacts, title_key, to_date
from rules.helpers import clip, column_label, entry_evidence
from rules.registry import Finding, rule
from xxgk.urls import url_key


@rule("entry.future_date")
def future_date(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """信息标注的发布日期晚于检查日期（及抓取日期）。

    依据：国办秘函〔2019〕19号 单项否决「严重错误」所列伪造发稿日期（仅在查实时；未来日期
    本身是警示）；《政府信息公开条例》(2019) 第十二条（目录应含生成日期）。参照日取
    as-of 与抓取日中较晚者（按较早日期重判旧数据时，抓取时已真实存在的信息不算未来），
    再加 profile entries.future_grace_days（默认1天，时区）。
    """
    grace = ctx.profile.entries.future_grace_days
    crawl = facts.crawl_date or ctx.as_of
    reference = max(ctx.as_of, crawl)
    limit = reference + timedelta(days=grace)
    for e in facts.entries_after(limit):
        d = to_date(e.get("published"))
        if d is None or d <= limit:
            continue
        column = (
            facts.columns_by_id.get(int(e["column_id"])) if e.get("column_id") is not None else None
        )
        yield Finding(
            f"信息“{clip(e.get('title') or e.get('url') or '', 40)}”标注的发布日期"
            f"{d.isoformat()}晚于检查日期{reference.isoformat()}",
            url=e.get("url"),
            column_id=e.get("column_id"),
            details={
                **entry_evidence(e),
                "as_of": ctx.as_of.isoformat(),
                "crawl_date": crawl.isoformat(),
                "grace_days": grace,
                "column": column_label(column),
            },
        )


@rule("content.duplicate_across_columns")
def duplicate_across_columns(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """同一文件在多个栏目重复发布（不同URL、相同标题、发布日期相近）。

    依据：政务公开实施方案要求「不在不同栏目重复发布同一信息」（seed 001 第6项，嘉峪关市
    2017年实施方案）；地方政务公开考评「重复发布」扣分。同一URL出现在多个栏目（目录的交叉
    分类、上级栏目汇总）不算；上下级栏目之间不算；标题过短或日期相差超过 profile
    duplicates.max_days_apart 的不算（年年重复的通知）。
    """
    min_chars = ctx.profile.duplicates.min_title_chars
    window = ctx.profile.duplicates.max_days_apart
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in facts.repeated_titles(min_chars):  # same title in ≥ 2 columns, found by the database
        groups[title_key(e.get("title"))].append(e)
    for key, rows in groups.items():
        if len(rows) < 2 or len({e["column_id"] for e in rows}) < 2 or len(rows) > 200:
            continue
        hits: dict[int, dict[str, Any]] = {}
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                if a["column_id"] == b["column_id"] or url_key(a["url"]) == url_key(b["url"]):
                    continue
                ca, cb = (
                    facts.columns_by_id.get(a["column_id"]),
                    facts.columns_by_id.get(b["column_id"]),
                )
                if ca is None or cb is None or facts.related(ca, cb):
                    continue
                da, db_ = to_date(a["published"]), to_date(b["published"])
                if da is None or db_ is None or abs((da - db_).days) > window:
                    continue
                hits[int(a["id"])], hits[int(b["id"])] = a, b
        if not hits:
            continue
        # by date, then by column and URL, not by row id: the order rows were stored in
        # is the crawl's, which differs run to run
        found = sorted(
            hits.values(),
            key=lambda e: (
                e.get("published") or "",
                column_label(facts.columns_by_id.get(e["column_id"])),
                e.get("url") or "",
            ),
        )
        cols = list(
            dict.fromkeys(column_label(facts.columns_by_id.get(e["column_id"])) for e in found)
        )
        title = found[0].get("title") or ""
        yield Finding(
            f"“{clip(title, 40)}”在{len(cols)}个栏目重复发布：{'、'.join(cols[:5])}",
            url=found[0].get("url"),
            key=key,
            details={
                "title": title,
                "urls": [e["url"] for e in found],
                "entries": [
                    {
                        **entry_evidence(e),
                        "column": column_label(facts.columns_by_id.get(e["column_id"])),
                        "column_url": (facts.columns_by_id.get(e["column_id"]) or {}).get("url"),
                    }
                    for e in found
                ],
                "max_days_apart": window,
            },
        )
