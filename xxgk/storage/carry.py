"""What an incremental crawl takes over from the site's last completed run: each
column's entries, the articles already read with their page facts, and the link checks
made from those articles."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlite_utils

from xxgk.storage.base import chunks, marks, select_rows

_PAGE_COLUMNS = "url, kind, title, published, dates, hidden_links, spam_words, text, tables"
_FETCH_COLUMNS = "url, status, elapsed_ms, error, found_on, size, fetched_at"


def baseline(db: sqlite_utils.Database, site_url: str) -> tuple[dict[str, Any] | None, str | None]:
    """The site's newest completed run, and the day its newest full (not incremental)
    crawl started — an incremental crawl builds on the one and is bounded by the other."""
    # A capped crawl missed part of the site: nothing can be taken over from it.
    whole = (
        "site_url = ? and status = 'completed' "
        "and coalesce(json_array_length(stats, '$.capped'), 0) = 0"
    )
    last = select_rows(db, f"select * from runs where {whole} order by id desc limit 1", [site_url])
    full = select_rows(
        db,
        f"select started_at from runs where {whole} "
        "and json_extract(stats, '$.incremental_from') is null order by id desc limit 1",
        [site_url],
    )
    return (last[0] if last else None), (full[0]["started_at"] if full else None)


def prior_entries(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    """Every entry of the run with its column's URL, list pages and truncation."""
    return select_rows(
        db,
        "select c.url as column_url, c.list_pages, c.truncated, c.reason, "
        "e.url, e.title, e.published, e.date_text, e.date_source "
        "from entries e join columns c on c.id = e.column_id where e.run_id = ? order by e.id",
        [run_id],
    )


def read_articles(db: sqlite_utils.Database, run_id: int) -> set[str]:
    rows = select_rows(db, "select url from pages where run_id = ? and kind = 'article'", [run_id])
    return {r["url"] for r in rows}


def carry_pages(db: sqlite_utils.Database, from_run: int, to_run: int, urls: Iterable[str]) -> None:
    """Copy the page facts of `urls` and the fetches made of or from them (their link
    checks) into `to_run`, except fetches `to_run` made itself."""
    with db.conn:
        for part in chunks(sorted(set(urls))):
            m = marks(part)
            db.execute(
                f"insert into pages (run_id, {_PAGE_COLUMNS}) select ?, {_PAGE_COLUMNS} "
                f"from pages where run_id = ? and url in ({m})",
                [to_run, from_run, *part],
            )
            db.execute(
                f"insert into fetches (run_id, {_FETCH_COLUMNS}) select ?, {_FETCH_COLUMNS} "
                f"from fetches f where run_id = ? and (url in ({m}) or found_on in ({m})) "
                "and not exists (select 1 from fetches g where g.run_id = ? and g.url = f.url)",
                [to_run, from_run, *part, *part, to_run],
            )
