"""Findings: what the rules engine judged of a run, and what changed since the last one.

Each finding of a run carries its `change` against the site's previous run (`new` /
`persisting`). The previous run's findings that are absent now were judged by the
engine too, once, when it checked the run: `resolved` (this run could see the place
and the problem is gone) or `not_rechecked` (this run could not see it — the column was
unreadable, the section was not found). Their ids are kept with the run's verdict
(`verdict_details.resolved_ids` / `not_rechecked_ids`); reports read them here.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from xxgk.storage.base import dumps, loads, marks, select_rows
from xxgk.storage.runs import get_run
from xxgk.storage.schema import SEVERITIES


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
    return select_rows(db, "select * from findings where run_id = ? order by id", [run_id])


def resolved_findings(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    """已整改: the previous run's findings the rules engine judged fixed when it checked
    this run, `change` = "resolved"; none before the run is checked."""
    return _gone(db, run_id, "resolved")


def not_rechecked_findings(db: sqlite_utils.Database, run_id: int) -> list[dict[str, Any]]:
    """The previous run's findings absent from this run that this run could not have
    seen again (their absence proves nothing), `change` = "not_rechecked"."""
    return _gone(db, run_id, "not_rechecked")


def _gone(db: sqlite_utils.Database, run_id: int, change: str) -> list[dict[str, Any]]:
    details = loads(get_run(db, run_id).get("verdict_details"), {}) or {}
    ids = [int(i) for i in details.get(f"{change}_ids") or []]
    if not ids:
        return []
    found = select_rows(db, f"select * from findings where id in ({marks(ids)}) order by id", ids)
    # The stored `change` is the one against the run before that: here it is this one's.
    return [{**r, "change": change} for r in found]
