"""Rounds: one `xxgk monitor` over a list of sites, and what a killed round left to do."""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from xxgk.storage.base import insert, now, select_rows
from xxgk.storage.runs import dead_run_reason
from xxgk.urls import url_key

# A site of a round is done when its crawl ended on its own — completed, or failed on
# the site's side (unreachable): that is the site's finding. An interrupted crawl is
# not done and is audited again when the round is continued.
DONE_STATUSES = ("completed", "failed")


def sites_key(urls: Iterable[str]) -> str:
    """The identity of a round's list of sites, whatever the order or URL spelling."""
    keys = sorted({url_key(u) for u in urls})
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:16]


def start_round(db: sqlite_utils.Database, key: str, sites: int, as_of: str) -> int:
    stamp = now()
    return insert(
        db,
        "rounds",
        {
            "sites_key": key,
            "sites": sites,
            "as_of": as_of,
            "started_at": stamp,
            "status": "running",
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "heartbeat_at": stamp,
        },
    )


def unfinished_round(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    """The newest round of these sites, if it never finished."""
    found = select_rows(
        db, "select * from rounds where sites_key = ? order by id desc limit 1", [key]
    )
    return found[0] if found and found[0]["status"] != "completed" else None


def round_owner(db: sqlite_utils.Database, round_: dict[str, Any]) -> str | None:
    """Who is still running `round_` ("pid N on host"), or None when nobody is: its
    process is gone (same host), or none of its crawls is alive (another host)."""
    if round_["status"] != "running":
        return None
    if round_.get("host") == socket.gethostname():
        alive = dead_run_reason({**round_, "heartbeat_at": now()}) is None
    else:
        alive = any(dead_run_reason(r) is None for r in round_runs(db, round_["id"], "running"))
    return f"pid {round_.get('pid')} on {round_.get('host')}" if alive else None


def claim_round(db: sqlite_utils.Database, round_id: int) -> None:
    """This process continues the round."""
    stamp = now()
    db.table("rounds").update(
        round_id,
        {
            "status": "running",
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "heartbeat_at": stamp,
        },
    )


def finish_round(db: sqlite_utils.Database, round_id: int, status: str) -> None:
    with db.conn:
        db.execute(
            "update rounds set status = ?, finished_at = ? where id = ? and status = 'running'",
            [status, now(), round_id],
        )


def round_runs(db: sqlite_utils.Database, round_id: int, *statuses: str) -> list[dict[str, Any]]:
    """The newest run of each site in the round (of the given statuses, if any)."""
    marks = ",".join("?" * len(statuses))
    where = f" and status in ({marks})" if statuses else ""
    return select_rows(
        db,
        "select * from runs where id in (select max(id) from runs where round_id = ?"
        f"{where} group by site_url) order by id",
        [round_id, *statuses],
    )
