"""The read queries the rules run on one run's big tables (entries, the fetch log).

Each is targeted and served by an index, so that checking a run of a million entries
never pulls them all into Python; `rules.facts.RunFacts` memoises the answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlite_utils

from xxgk.storage.base import chunks, marks, select_rows

# The entry columns rules read (a foreign database may hold more).
_ENTRY_FIELDS = "id, run_id, column_id, url, title, published, date_text, date_source"
# An entry `e` whose URL the previous run (the first parameter) did not list: exact URL
# match, the crawler stores URLs as it found them.
_UNSEEN = "not exists (select 1 from entries p where p.run_id = ? and p.url = e.url)"


def run_entries(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    return select_rows(
        db, f"select {_ENTRY_FIELDS} from entries where run_id = ? order by id", [run_id]
    )


def entry_scan(db: sqlite_utils.Database, run_id: int) -> list[tuple[Any, ...]]:
    """One pass over the run's entries, grouped by column: (column_id, count, oldest,
    newest, ids, titles) — ids ","-joined and titles \\x01-joined by SQLite, aligned
    because both aggregate the same rows in the same order."""
    return list(
        db.execute(
            "select column_id, count(*), min(nullif(published, '')), max(nullif(published, '')), "
            "group_concat(id, ','), group_concat(coalesce(title, ''), char(1)) "
            "from entries where run_id = ? group by column_id",
            [run_id],
        ).fetchall()
    )


def entry_titles(db: sqlite_utils.Database, run_id: int) -> list[tuple[int, str]]:
    """(id, title) of every entry of the run, \\x01 in a title replaced by a space."""
    return list(
        db.execute(
            "select id, replace(coalesce(title, ''), char(1), ' ') from entries where run_id = ?",
            [run_id],
        ).fetchall()
    )


def newest_entries(
    db: sqlite_utils.Database, run_id: int, column_id: int, until: str, limit: int
) -> list[dict[str, Any]]:
    """The `limit` newest dated entries of a column published on or before `until`."""
    return select_rows(
        db,
        f"select {_ENTRY_FIELDS} from entries where run_id = ? and column_id = ? "
        "and published is not null and published != '' and published <= ? "
        "order by published desc, id limit ?",
        [run_id, column_id, until, limit],
    )


def column_entries(
    db: sqlite_utils.Database, run_id: int, column_id: int, limit: int | None = None
) -> list[dict[str, Any]]:
    """A column's entries in crawl order, the first `limit` of them when given."""
    sql = f"select {_ENTRY_FIELDS} from entries where run_id = ? and column_id = ? order by id"
    params: list[Any] = [run_id, column_id]
    if limit is not None:
        sql += " limit ?"
        params.append(limit)
    return select_rows(db, sql, params)


def entries_by_id(db: sqlite_utils.Database, ids: Iterable[int | str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for chunk in chunks(sorted({int(i) for i in ids})):
        out += select_rows(
            db,
            f"select {_ENTRY_FIELDS} from entries where id in ({marks(chunk)}) order by id",
            chunk,
        )
    return out


def entries_after(db: sqlite_utils.Database, run_id: int, day: str) -> list[dict[str, Any]]:
    """Entries published after `day`, oldest first."""
    return select_rows(
        db,
        f"select {_ENTRY_FIELDS} from entries where run_id = ? and published > ? "
        "and published is not null order by published, id",
        [run_id, day],
    )


def old_entry_counts(
    db: sqlite_utils.Database, run_id: int, previous_run_id: int, before: str
) -> list[tuple[Any, int, int]]:
    """Per column of run `run_id`: (column_id, entries dated before `before`, how many of
    them the previous run did not list)."""
    return list(
        db.execute(
            f"select e.column_id, count(*), sum({_UNSEEN}) from entries e where e.run_id = ? "
            "and e.published is not null and e.published != '' and e.published < ? "
            "group by e.column_id",
            [previous_run_id, run_id, before],
        ).fetchall()
    )


def unseen_old_entries(
    db: sqlite_utils.Database, run_id: int, column_id: int, previous_run_id: int, before: str
) -> list[dict[str, Any]]:
    """A column's entries dated before `before` that the previous run did not list."""
    return select_rows(
        db,
        "select e.id, e.url, e.title, e.published, e.date_text, e.date_source from entries e "
        "where e.run_id = ? and e.column_id = ? and e.published is not null "
        f"and e.published != '' and e.published < ? and {_UNSEEN}",
        [run_id, column_id, before, previous_run_id],
    )


def column_history(db: sqlite_utils.Database, run_id: int) -> list[tuple[Any, ...]]:
    """(url, state, truncated, oldest entry date) of every column of run `run_id`."""
    return list(
        db.execute(
            "select c.url, c.state, c.truncated, min(e.published) from columns c "
            "left join entries e on e.column_id = c.id and e.published is not null "
            "where c.run_id = ? group by c.id",
            [run_id],
        ).fetchall()
    )


def failed_fetches(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    """Fetches that failed (an error, or HTTP ≥ 400), in fetch order."""
    return select_rows(
        db,
        "select * from fetches where run_id = ? and (error is not null and error != '' "
        "or status >= 400) order by id",
        [run_id],
    )


def fetched_ok(db: sqlite_utils.Database, run_id: int, urls: Iterable[str]) -> set[str]:
    """Those of `urls` that run `run_id` fetched successfully at least once."""
    out: set[str] = set()
    for chunk in chunks(sorted(set(urls))):
        out |= {
            r[0]
            for r in db.execute(
                f"select url from fetches where run_id = ? and url in ({marks(chunk)}) "
                "and status < 400 and status > 0 and (error is null or error = '')",
                [run_id, *chunk],
            ).fetchall()
        }
    return out
