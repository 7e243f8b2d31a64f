"""The database: the seam between crawl, check and report (SPEC §3, §6).

All schema knowledge lives here. Tables named in SPEC §3 keep their names and
meanings; the extra tables and columns hold evidence (fetch log, page facts) and
verdicts. `open_db` applies any missing migration, so `check` and `report` also work
on a database written by another crawler that holds only the SPEC tables.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
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


def _m002_run_owner(db: sqlite_utils.Database) -> None:
    """Which process crawls a run, and when it last said so: a run whose process is gone
    is recognised at once (same host: the pid is dead; any host: the heartbeat stopped),
    not after hours."""
    runs = db.table("runs")
    for col in ("pid", "host", "heartbeat_at"):
        if col not in runs.columns_dict:
            runs.add_column(col, int if col == "pid" else str)


def _m003_redirects(db: sqlite_utils.Database) -> None:
    """Redirect chains of the homepage and the section, the evidence of
    site.redirected_offsite."""
    if not db.table("redirects").exists():
        db.create_table(
            "redirects",
            {"id": int, "run_id": int, "role": str, "url": str, "chain": str, "final_url": str},
            pk="id",
        )
        db.table("redirects").create_index(["run_id"], if_not_exists=True)


def _m004_probes(db: sqlite_utils.Database) -> None:
    """Availability visits of homepages (`xxgk probe`), one row each: the history that
    site.unreachable and site.homepage_stale judge the 〔2019〕19号 week and fortnight
    from. Keyed by `url_key` of the site, so scheme and `www.` spellings meet."""
    if not db.table("probes").exists():
        db.create_table(
            "probes",
            {
                "id": int,
                "site_url": str,
                "site_key": str,
                "probed_at": str,
                "status": int,
                "elapsed_ms": int,
                "ok": int,
                "error": str,
                "content_hash": str,
                "newest_date": str,
            },
            pk="id",
        )
        db.table("probes").create_index(["site_key", "probed_at"], if_not_exists=True)


def _m005_page_tables(db: sqlite_utils.Database) -> None:
    """An annual report's HTML tables as grids of cell texts (JSON), the evidence of
    annual_report.inconsistent; NULL for every other page."""
    if "tables" not in db.table("pages").columns_dict:
        db.table("pages").add_column("tables", str)


# One function per schema change, applied in order and recorded in `_migrations`.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _m001_base,
    _m002_run_owner,
    _m003_redirects,
    _m004_probes,
    _m005_page_tables,
]

# How long a writer waits for another process's lock before giving up with a message
# (a cron job meeting a long `check` of the same file waits rather than failing).
BUSY_SECONDS = float(os.environ.get("XXGK_DB_BUSY_SECONDS") or 30)


class StorageError(Exception):
    """The database file cannot be used (not SQLite, locked, unwritable): one clear
    sentence for the user, never a traceback."""


def open_db(path: str = ":memory:", busy_seconds: float = BUSY_SECONDS) -> sqlite_utils.Database:
    try:
        return _open(path, busy_seconds)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StorageError(
                f"数据库 {path} 被另一个进程锁定，等待 {busy_seconds:g} 秒后仍未释放，请稍后重试"
            ) from None
        raise StorageError(f"无法打开数据库 {path}：{exc}") from None
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} 不是可用的 SQLite 数据库文件（{exc}）") from None


def _open(path: str, busy_seconds: float) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path) if path != ":memory:" else sqlite_utils.Database(memory=True)
    # First of all: switching to WAL and migrating both need the write lock, so another
    # writer must be waited for (bounded), not met with an immediate "database is locked".
    db.execute(f"PRAGMA busy_timeout = {int(busy_seconds * 1000)}")
    if path != ":memory:":
        db.enable_wal()
        # In WAL mode NORMAL loses no committed data on a crash of the process, and it
        # saves an fsync per transaction (several per checked run).
        db.execute("PRAGMA synchronous = NORMAL")
    db.table("_migrations").create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    done = {r["name"] for r in db.table("_migrations").rows}
    if "_m001_base" in done and _lacks_columns(db):
        done.discard("_m001_base")  # a table lost columns since (a foreign tool rewrote it)
    for fn in MIGRATIONS:
        if fn.__name__ not in done:
            with db.conn:
                fn(db)
                db.table("_migrations").upsert(
                    {"name": fn.__name__, "applied_at": now()}, pk="name"
                )
    return db


def _lacks_columns(db: sqlite_utils.Database) -> bool:
    for name, cols in _COLUMNS.items():
        have = db.table(name).columns_dict
        if not have or any(c not in have for c in cols):
            return True
    return False


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
    """A `running` run owned by this process (pid and host), so another process can tell
    at once whether it is still being crawled."""
    stamp = now()
    return _insert(
        db,
        "runs",
        {
            "site_url": site_url,
            "started_at": stamp,
            "status": "running",
            "as_of": as_of,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "heartbeat_at": stamp,
        },
    )


def heartbeat(db: sqlite_utils.Database, run_ids: Iterable[int]) -> None:
    """The owning process is alive: written every HEARTBEAT_SECONDS during a crawl."""
    ids = list(run_ids)
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    try:
        with db.conn:
            db.execute(
                f"update runs set heartbeat_at = ? where status = 'running' and id in ({marks})",
                [now(), *ids],
            )
    except sqlite3.OperationalError:
        # Another writer held the lock past the busy timeout: this beat is skipped, the
        # next one follows in HEARTBEAT_SECONDS, long before HEARTBEAT_STALE.
        return


HEARTBEAT_SECONDS = 30
# A running run whose heartbeat is older than this has no live crawler (another host,
# or a pid reused by an unrelated process).
HEARTBEAT_STALE = timedelta(minutes=5)


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


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by another user
    return True


def _age(stamp: str | None) -> timedelta | None:
    try:
        then = datetime.fromisoformat(str(stamp))
    except (TypeError, ValueError):
        return None
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    return datetime.now(UTC) - then


def dead_run_reason(run: dict[str, Any]) -> str | None:
    """Why a `running` run has no live crawler, or None while it may still be crawled."""
    pid, host = run.get("pid"), run.get("host")
    if pid and host == socket.gethostname() and int(pid) != os.getpid():
        if not _pid_alive(int(pid)):
            return f"抓取进程（pid {pid}）已不存在，抓取未正常结束"
    beat = _age(run.get("heartbeat_at") or run.get("started_at"))
    limit = HEARTBEAT_STALE if run.get("heartbeat_at") else timedelta(hours=12)
    if beat is None or beat > limit:
        return f"抓取进程已{int((beat or limit).total_seconds() // 60)}分钟无响应，抓取未正常结束"
    return None


def close_dead_runs(db: sqlite_utils.Database) -> int:
    """Runs left `running` by a killed process become `interrupted`, so they never look
    complete and are never judged. A run whose crawler is alive is left alone."""
    closed = 0
    for run in db.query("select * from runs where status = 'running'"):
        why = dead_run_reason(dict(run))
        if why is not None:
            with db.conn:
                db.execute(
                    "update runs set status = 'interrupted', finished_at = coalesce(finished_at, ?),"
                    " error = coalesce(error, ?) where id = ? and status = 'running'",
                    [now(), why, run["id"]],
                )
            closed += 1
    return closed


def close_runs(db: sqlite_utils.Database, run_ids: Iterable[int], status: str, error: str) -> None:
    """Close the given runs that are still `running` (a crawl stopped without its
    pipeline closing them: a second Ctrl-C, an unexpected error)."""
    for run_id in run_ids:
        with db.conn:
            db.execute(
                "update runs set status = ?, finished_at = ?, error = coalesce(error, ?) "
                "where id = ? and status = 'running'",
                [status, now(), error, run_id],
            )


def redirects(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    if not db.table("redirects").exists():
        return []
    return [
        dict(r) for r in db.query("select * from redirects where run_id = ? order by id", [run_id])
    ]


# ---- availability probes ------------------------------------------------------------


def insert_probes(db: sqlite_utils.Database, rows: Iterable[dict[str, Any]]) -> None:
    """Store one probe round (one row per homepage visit) in one transaction."""
    with db.conn:
        db.table("probes").insert_all(rows, batch_size=500, alter=False)


def probe_history(
    db: sqlite_utils.Database, site_key: str, since: str, until: str
) -> list[dict[str, Any]]:
    """Visits of one site (its `url_key`) on the days `since` … `until` (YYYY-MM-DD,
    both included, by the date of `probed_at`), oldest first; [] on a database that was
    never probed."""
    if not db.table("probes").exists():
        return []
    return [
        dict(r)
        for r in db.query(
            # "~" sorts after every character of an ISO timestamp: the whole `until` day,
            # and the (site_key, probed_at) index still serves the range.
            "select * from probes where site_key = ? and probed_at >= ? and probed_at < ? "
            "order by probed_at, id",
            [site_key, since, until + "~"],
        )
    ]


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
    return [dict(r) for r in db.query(sql, [run_id, f"%{label}%"])]


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


def gone_findings(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    """Findings of the site's previous run whose fingerprint no longer appears. Not all
    are fixed: a column unreadable this run was not re-checked (the engine decides)."""
    run = get_run(db, run_id)
    prev = previous_run(db, run)
    if prev is None:
        return []
    sql = (
        "select * from findings where run_id = ? and coalesce(fingerprint, '') not in "
        "(select coalesce(fingerprint, '') from findings where run_id = ?) order by id"
    )
    return [dict(r) for r in db.query(sql, [prev["id"], run_id])]


def resolved_findings(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    """已整改: the previous run's findings the rules engine judged fixed when it checked
    this run (their ids are kept with the verdict); none before the run is checked."""
    details = loads(get_run(db, run_id).get("verdict_details"), {}) or {}
    ids = [int(i) for i in details.get("resolved_ids") or []]
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    return [
        dict(r) for r in db.query(f"select * from findings where id in ({marks}) order by id", ids)
    ]
