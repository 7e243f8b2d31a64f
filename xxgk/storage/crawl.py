"""What a crawl stores: columns, entries, pages, the fetch log, redirect chains."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlite_utils

from xxgk.storage.base import chunks, dumps, insert, marks, select_rows


def insert_column(db: sqlite_utils.Database, row: dict[str, Any]) -> int:
    return insert(db, "columns", row)


def update_column(db: sqlite_utils.Database, column_id: int, **fields: Any) -> None:
    if "date_texts" in fields and not isinstance(fields["date_texts"], str | None):
        fields["date_texts"] = dumps(fields["date_texts"])
    db.table("columns").update(column_id, fields)


def insert_many(db: sqlite_utils.Database, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Batched insert: one transaction per batch (per-row commits cap near 7k rows/s)."""
    db.table(table).insert_all(rows, batch_size=500, alter=False)


def columns(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    return select_rows(db, "select * from columns where run_id = ? order by path, id", [run_id])


def columns_by_id(db: sqlite_utils.Database, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {
        r["id"]: r
        for chunk in chunks(wanted)
        for r in select_rows(db, f"select * from columns where id in ({marks(chunk)})", chunk)
    }


def column_urls(db: sqlite_utils.Database, run_id: int) -> dict[int, str]:
    """{column id: its URL} of one run."""
    return {
        int(r["id"]): r["url"]
        for r in select_rows(db, "select id, url from columns where run_id = ?", [run_id])
    }


def columns_listing(db: sqlite_utils.Database, run_id: int, urls: Iterable[str]) -> dict[str, int]:
    """{url: column id} for those of `urls` that are a column's list page or one of its
    entries in run `run_id` (the first match of each URL)."""
    out: dict[str, int] = {}
    for chunk in chunks(sorted(set(urls))):
        sql = (
            f"select url, id as column_id from columns where run_id = ? and url in ({marks(chunk)}) "
            f"union all select url, column_id from entries where run_id = ? and url in ({marks(chunk)})"
        )
        for r in select_rows(db, sql, [run_id, *chunk, run_id, *chunk]):
            if r["column_id"] is not None:
                out.setdefault(r["url"], r["column_id"])
    return out


def monthly_counts(
    db: sqlite_utils.Database, run_id: int, start: str, end: str
) -> list[dict[str, Any]]:
    """Entries published `start` … `end` per column category and month (YYYY-MM):
    rows {category, month, n}."""
    sql = (
        "select c.category as category, substr(e.published, 1, 7) as month, count(*) as n "
        "from entries e join columns c on c.id = e.column_id "
        "where e.run_id = ? and e.published >= ? and e.published <= ? "
        "group by c.category, month"
    )
    return select_rows(db, sql, [run_id, start, end])


def entries(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    return select_rows(db, "select * from entries where run_id = ? order by id", [run_id])


def pages(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    return select_rows(db, "select * from pages where run_id = ? order by id", [run_id])


def articles_labelled(db: sqlite_utils.Database, run_id: int, label: str) -> list[dict[str, Any]]:
    """Article pages whose labelled dates (`pages.dates`) include `label` (成文日期 …),
    texts left out, each with the first entry listing it (`entry_id`, `column_id`,
    `entry_title`, `entry_published`; NULL when no list led to the page)."""
    sql = (
        "select p.id, p.url, p.title, p.published, p.dates, e.id as entry_id, e.column_id, "
        "e.title as entry_title, e.published as entry_published from pages p "
        "left join entries e on e.id = "
        "(select min(x.id) from entries x where x.run_id = p.run_id and x.url = p.url) "
        "where p.run_id = ? and p.kind = 'article' and p.dates like ? order by p.id"
    )
    return select_rows(db, sql, [run_id, f"%{label}%"])


def fetches(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    return select_rows(db, "select * from fetches where run_id = ? order by id", [run_id])


def redirects(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    if not db.table("redirects").exists():
        return []
    return select_rows(db, "select * from redirects where run_id = ? order by id", [run_id])
