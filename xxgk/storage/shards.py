"""Shards: one site's crawl written by a worker into a database of its own, then merged
into the round's database by its single writer (`xxgk monitor --redis`).

A shard holds the run the collector created, under the same id (and, for an
incremental crawl, the site's last run it builds on); what travels back is that run
and its crawl rows alone (`extract_run`). Merging is keyed by the run: a run is merged only while the collector's copy is still
`running`, in one transaction, so a result that arrives twice is merged once and a
merge cut short leaves nothing behind.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlite_utils

from xxgk.storage.base import marks
from xxgk.storage.schema import open_db

# What a crawl writes for its run, parents first: entries point at their column.
CRAWL_TABLES = ("columns", "entries", "pages", "fetches", "redirects")


def seed_run(db: sqlite_utils.Database, run: dict[str, Any]) -> None:
    """The collector's run, in the shard under the same id: the crawler fills it in."""
    cols = list(run)
    with db.conn:
        db.conn.execute(
            f"insert into runs ({', '.join(cols)}) values ({marks(cols)})",
            [run[c] for c in cols],
        )


def extract_run(db: sqlite_utils.Database, run_id: int) -> bytes:
    """Run `run_id` and its crawl rows, ids kept, as the image of a database of its own:
    a worker's crawl for the collector (its shard may hold the run it built on too), or
    what an incremental crawl builds on, for a worker that has no copy of `db`. Read
    through a connection of its own, so it works while the crawler's are still open."""
    out = open_db(":memory:")
    try:
        for table in ("runs", *CRAWL_TABLES):
            key = "id" if table == "runs" else "run_id"
            found = db.conn.execute(f"select * from {table} where {key} = ?", [run_id])
            have = set(out.table(table).columns_dict)
            cols = [d[0] for d in found.description if d[0] in have]
            picks = [i for i, d in enumerate(found.description) if d[0] in have]
            out.conn.executemany(
                f"insert into {table} ({', '.join(cols)}) values ({marks(cols)})",
                ([row[i] for i in picks] for row in found),
            )
        out.conn.commit()
        return bytes(out.conn.serialize())
    finally:
        out.conn.close()


def merge_run(db: sqlite_utils.Database, data: bytes, run_id: int) -> bool:
    """Copy run `run_id` and its crawl rows from a shard image into `db`. False (and
    nothing written) when `db`'s run is no longer `running`: merged already, or closed
    by the collector meanwhile."""
    shard = sqlite3.connect(":memory:")
    try:
        shard.deserialize(data)
        shard.row_factory = sqlite3.Row
        return _merge(db, shard, run_id)
    finally:
        shard.close()


def _merge(db: sqlite_utils.Database, shard: sqlite3.Connection, run_id: int) -> bool:
    found = [dict(r) for r in shard.execute("select * from runs where id = ?", [run_id])]
    if not found:
        raise ValueError(f"the shard holds no run {run_id}")
    have = {name: set(db.table(name).columns_dict) for name in ("runs", *CRAWL_TABLES)}
    # Which process crawled it, and when, come from the shard; the round is the collector's.
    run = {k: v for k, v in found[0].items() if k in have["runs"] and k not in ("id", "round_id")}
    with db.conn:
        cur = db.conn.execute(
            f"update runs set {', '.join(f'{k} = ?' for k in run)} "
            "where id = ? and status = 'running'",
            [*run.values(), run_id],
        )
        if cur.rowcount == 0:
            return False
        column_ids: dict[int, int] = {}
        for table in CRAWL_TABLES:
            rows = [
                dict(r) for r in shard.execute(f"select * from {table} where run_id = ?", [run_id])
            ]
            if not rows:
                continue
            cols = [c for c in rows[0] if c != "id" and c in have[table]]
            sql = f"insert into {table} ({', '.join(cols)}) values ({marks(cols)})"
            if table == "columns":
                for row in rows:
                    column_ids[row["id"]] = int(
                        db.conn.execute(sql, [row[c] for c in cols]).lastrowid or 0
                    )
                continue
            if table == "entries":
                for row in rows:
                    row["column_id"] = column_ids.get(row["column_id"])
            db.conn.executemany(sql, [[row[c] for c in cols] for row in rows])
    return True
