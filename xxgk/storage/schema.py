"""The schema: tables, indexes, migrations, and opening a database file.

Tables named in SPEC §3 keep their names and meanings; the extra tables and columns
hold evidence (fetch log, page facts) and verdicts. `open_db` applies any missing
migration, so `check` and `report` also work on a database written by another crawler
that holds only the SPEC tables.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlite_utils

from xxgk.storage.base import now

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

TABLES: dict[str, dict[str, Any]] = {
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
    for name, cols in TABLES.items():
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


def _m006_rounds(db: sqlite_utils.Database) -> None:
    """Monitoring rounds (`xxgk monitor`): a killed round is found again by its sites
    and continued with the sites not yet done; each run knows its round."""
    if not db.table("rounds").exists():
        db.create_table(
            "rounds",
            {
                "id": int,
                "sites_key": str,
                "sites": int,
                "as_of": str,
                "started_at": str,
                "finished_at": str,
                "status": str,
                "pid": int,
                "host": str,
                "heartbeat_at": str,
            },
            pk="id",
        )
        db.table("rounds").create_index(["sites_key", "id"], if_not_exists=True)
    if "round_id" not in db.table("runs").columns_dict:
        db.table("runs").add_column("round_id", int)
        db.table("runs").create_index(["round_id"], if_not_exists=True)


def _m007_reviews(db: sqlite_utils.Database) -> None:
    """Reviewers' decisions on findings (`xxgk review`), by site and fingerprint, with
    the hash of the evidence they saw (storage/reviews.py)."""
    if not db.table("reviews").exists():
        db.create_table(
            "reviews",
            {
                "id": int,
                "site_key": str,
                "site_url": str,
                "fingerprint": str,
                "decision": str,
                "reason": str,
                "reviewer": str,
                "reviewed_at": str,
                "evidence_hash": str,
                "run_id": int,
                "finding_id": int,
            },
            pk="id",
        )
        db.table("reviews").create_index(["site_key", "fingerprint"], if_not_exists=True)


def _m008_scores(db: sqlite_utils.Database) -> None:
    """Each run's score (rules/score.py): the number, queryable and comparable run over
    run, and its breakdown by indicator (storage/scores.py)."""
    runs = db.table("runs")
    if "score" not in runs.columns_dict:
        runs.add_column("score", float)
    if "score_details" not in runs.columns_dict:
        runs.add_column("score_details", str)


# One function per schema change, applied in order and recorded in `_migrations`.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _m001_base,
    _m002_run_owner,
    _m003_redirects,
    _m004_probes,
    _m005_page_tables,
    _m006_rounds,
    _m007_reviews,
    _m008_scores,
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
    for name, cols in TABLES.items():
        have = db.table(name).columns_dict
        if not have or any(c not in have for c in cols):
            return True
    return False


def db_file(db: sqlite_utils.Database) -> str | None:
    """The file behind `db`, or None for an in-memory database."""
    for _seq, name, file in db.execute("pragma database_list").fetchall():
        if name == "main":
            return str(file) if file else None
    return None


@contextmanager
def bulk_writes(db: sqlite_utils.Database) -> Iterator[None]:
    """Findings are derived data (re-running `check` rebuilds them): while checking many
    runs, a WAL database need not fsync every commit — two per run would cost more than
    the rules themselves. The connection's setting is restored afterwards."""
    row = db.execute("pragma journal_mode").fetchone()
    if not row or str(row[0]).lower() != "wal":
        yield
        return
    before = db.execute("pragma synchronous").fetchone()[0]
    db.execute("pragma synchronous = normal")
    try:
        yield
    finally:
        db.execute(f"pragma synchronous = {int(before)}")
