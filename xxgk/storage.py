"""The database: the seam between crawl, check and report (SPEC §3, §6).

All schema knowledge lives here. Tables named in SPEC §3 keep their names and
meanings; the extra tables and columns hold evidence (fetch log, page facts) and
verdicts. `open_db` applies any missing migration, so `check` and `report` also work
on a database written by another crawler that holds only the SPEC tables.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

RUN_STATUSES = ("running", "completed", "failed", "interrupted")
COLUMN_STATES = ("ok", "empty", "undated", "unreadable", "unreachable")
# How the states read in Chinese: `unreadable` is "we could not tell", never "empty".
STATE_LABELS: dict[str, str] = {
    "ok": "正常",
    "empty": "空白",
    "undated": "未标注日期",
    "unreadable": "无法判断",
    "unreachable": "无法访问",
}
SEVERITIES = ("veto", "fail", "warn", "info")

_COLUMNS: dict[str, dict[str, Any]] = {
    "runs": {
        "id": int,
        "site_url": str,
        "started_at": str,
        "finished_at": str,
        "status": str,
        "as_of": str,
        "site_name": str,
        "level": str,
        "options": str,
        "section_url": str,
        "error": str,
        "stats": str,
        "verdict": str,
        "verdict_details": str,
        "checked_at": str,
    },
    "columns": {
        "id": int,
        "run_id": int,
        "url": str,
        "title": str,
        "path": str,
        "kind": str,
        "category": str,
        "state": str,
        "entry_count": int,
        "latest_date": str,
        "class": str,
        "family": str,
        "parent_url": str,
        "list_pages": int,
        "reason": str,
        "date_texts": str,
        "truncated": int,
    },
    "entries": {
        "id": int,
        "run_id": int,
        "column_id": int,
        "url": str,
        "title": str,
        "published": str,
        "date_text": str,
        "date_source": str,
    },
    "findings": {
        "id": int,
        "run_id": int,
        "rule": str,
        "severity": str,
        "column_id": int,
        "url": str,
        "year": int,
        "message": str,
        "details": str,
        "change": str,
        "fingerprint": str,
    },
    "pages": {
        "id": int,
        "run_id": int,
        "url": str,
        "kind": str,
        "title": str,
        "published": str,
        "dates": str,
        "hidden_links": str,
        "spam_words": str,
        "text": str,
        "fetched_at": str,
    },
    "fetches": {
        "id": int,
        "run_id": int,
        "url": str,
        "status": int,
        "elapsed_ms": int,
        "error": str,
        "found_on": str,
        "size": int,
        "fetched_at": str,
    },
}
_INDEXES = {
    "columns": [["run_id"]],
    "entries": [["run_id", "column_id"], ["url"]],
    "findings": [["run_id", "rule"]],
    "pages": [["run_id", "url"]],
    "fetches": [["run_id", "url"]],
    "runs": [["site_url", "id"]],
}


def _m001_base(db: sqlite_utils.Database) -> None:
    for name, cols in _COLUMNS.items():
        table = db.table(name)
        if not table.exists():
            db.create_table(name, cols, pk="id")
        else:  # a foreign database: add what it lacks, keep what it has
            missing = {c: t for c, t in cols.items() if c not in table.columns_dict}
            for col, typ in missing.items():
                table.add_column(col, typ)
        for idx in _INDEXES.get(name, []):
            table.create_index(idx, if_not_exists=True)


# One function per schema change, applied in order and recorded in `_migrations`.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_m001_base]


def open_db(path: str = ":memory:") -> sqlite_utils.Database:
    db = sqlite_utils.Database(path) if path != ":memory:" else sqlite_utils.Database(memory=True)
    if path != ":memory:":
        db.enable_wal()
        # In WAL mode NORMAL loses no committed data on a crash of the process, and it
        # saves an fsync per transaction (several per checked run).
        db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA busy_timeout = 10000")
    db.table("_migrations").create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    done = {r["name"] for r in db.table("_migrations").rows}
    for fn in MIGRATIONS:
        if fn.__name__ not in done:
            with db.conn:
                fn(db)
                db.table("_migrations").insert({"name": fn.__name__, "applied_at": now()})
    return db


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def loads(value: str | None, default: Any = None) -> Any:
    if not value:
        return default
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return default


# ---- runs ---------------------------------------------------------------------------


def _insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    pk = db.table(table).insert(row).last_pk
    assert pk is not None
    return int(pk)


def start_run(db: sqlite_utils.Database, site_url: str, as_of: str) -> int:
    return _insert(
        db, "runs", {"site_url": site_url, "started_at": now(), "status": "running", "as_of": as_of}
    )


def update_run(db: sqlite_utils.Database, run_id: int, **fields: Any) -> None:
    for key in ("stats", "verdict_details", "options"):
        if key in fields and not isinstance(fields[key], str | None):
            fields[key] = dumps(fields[key])
    db.table("runs").update(run_id, fields)


def finish_run(
    db: sqlite_utils.Database, run_id: int, status: str, error: str | None = None, **fields: Any
) -> None:
    if status not in RUN_STATUSES:
        raise ValueError(status)
    update_run(db, run_id, status=status, finished_at=now(), error=error, **fields)


def get_run(db: sqlite_utils.Database, run_id: int) -> dict[str, Any]:
    return dict(db.table("runs").get(run_id))


def latest_runs(db: sqlite_utils.Database, site_url: str | None = None) -> list[dict[str, Any]]:
    """The newest finished run of every site (or of one site)."""
    where = "status != 'running'" + (" and site_url = ?" if site_url else "")
    params = [site_url] if site_url else []
    sql = (
        f"select * from runs where id in (select max(id) from runs where {where} "
        "group by site_url) order by site_url"
    )
    return [dict(r) for r in db.query(sql, params)]


def previous_run(db: sqlite_utils.Database, run: dict[str, Any]) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "select * from runs where site_url = ? and id < ? and status != 'running' "
            "order by id desc limit 1",
            [run["site_url"], run["id"]],
        )
    )
    return dict(rows[0]) if rows else None


def mark_stale_running(db: sqlite_utils.Database, older_than_hours: int = 12) -> int:
    """Runs left `running` by a killed process become `interrupted`, so they never look
    complete. Only old ones: another process may be crawling into the same file now."""
    cutoff = (
        (datetime.now(UTC) - timedelta(hours=older_than_hours)).replace(microsecond=0).isoformat()
    )
    cur = db.execute(
        "update runs set status = 'interrupted', finished_at = coalesce(finished_at, ?), "
        "error = coalesce(error, '抓取进程中断，未正常结束') where status = 'running' "
        "and started_at < ?",
        [now(), cutoff],
    )
    db.conn.commit()
    return cur.rowcount


# ---- crawl facts --------------------------------------------------------------------


def insert_column(db: sqlite_utils.Database, row: dict[str, Any]) -> int:
    return _insert(db, "columns", row)


def update_column(db: sqlite_utils.Database, column_id: int, **fields: Any) -> None:
    if "date_texts" in fields and not isinstance(fields["date_texts"], str | None):
        fields["date_texts"] = dumps(fields["date_texts"])
    db.table("columns").update(column_id, fields)


def insert_many(db: sqlite_utils.Database, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Batched insert: one transaction per batch (per-row commits cap near 7k rows/s)."""
    db.table(table).insert_all(rows, batch_size=500, alter=False)


def columns(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in db.query("select * from columns where run_id = ? order by path, id", [run_id])
    ]


def entries(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    return [
        dict(r) for r in db.query("select * from entries where run_id = ? order by id", [run_id])
    ]


def pages(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query("select * from pages where run_id = ? order by id", [run_id])]


def fetches(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    return [
        dict(r) for r in db.query("select * from fetches where run_id = ? order by id", [run_id])
    ]


# ---- findings -----------------------------------------------------------------------


def replace_findings(db: sqlite_utils.Database, run_id: int, rows: list[dict[str, Any]]) -> None:
    """Re-checking a run replaces its findings in one transaction; other runs are untouched."""
    for r in rows:
        if r.get("severity") not in SEVERITIES:
            raise ValueError(f"bad severity {r.get('severity')!r} in {r.get('rule')}")
        r["run_id"] = run_id
        if not isinstance(r.get("details"), str | None):
            r["details"] = dumps(r["details"])
    with db.conn:
        db.execute("delete from findings where run_id = ?", [run_id])
        if rows:
            db.table("findings").insert_all(rows, batch_size=500)


def findings(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    return [
        dict(r) for r in db.query("select * from findings where run_id = ? order by id", [run_id])
    ]


def resolved_findings(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    """Findings of the site's previous run whose fingerprint no longer appears: 已整改."""
    run = get_run(db, run_id)
    prev = previous_run(db, run)
    if prev is None:
        return []
    sql = (
        "select * from findings where run_id = ? and coalesce(fingerprint, '') not in "
        "(select coalesce(fingerprint, '') from findings where run_id = ?) order by id"
    )
    return [dict(r) for r in db.query(sql, [prev["id"], run_id])]
