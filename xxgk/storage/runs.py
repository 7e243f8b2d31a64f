"""Runs: one crawl of one site, its owner process, its verdict."""

from __future__ import annotations

import os
import socket
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from xxgk.storage.base import dumps, insert, now, select_rows
from xxgk.storage.schema import RUN_STATUSES


def start_run(
    db: sqlite_utils.Database, site_url: str, as_of: str, round_id: int | None = None
) -> int:
    """A `running` run owned by this process (pid and host), so another process can tell
    at once whether it is still being crawled."""
    stamp = now()
    return insert(
        db,
        "runs",
        {
            "site_url": site_url,
            "round_id": round_id,
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
    return select_rows(db, sql, params)


def previous_run(db: sqlite_utils.Database, run: dict[str, Any]) -> dict[str, Any] | None:
    found = select_rows(
        db,
        "select * from runs where site_url = ? and id < ? and status != 'running' "
        "order by id desc limit 1",
        [run["site_url"], run["id"]],
    )
    return found[0] if found else None


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
