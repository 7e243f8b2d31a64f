"""Scores: each checked run's score (rules/score.py) — `runs.score` (a number, NULL
when the run was not scored: a veto, an incomplete crawl, 无法判断) and
`runs.score_details` (the breakdown by indicator, JSON) — and a site's scores over time."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from xxgk.storage.base import dumps, loads, select_rows


def set_score(
    db: sqlite_utils.Database, run_id: int, total: float | None, details: dict[str, Any]
) -> None:
    """Replace run `run_id`'s score: re-checking a run re-scores it."""
    db.execute(
        "update runs set score = ?, score_details = ? where id = ?",
        [total, dumps(details), run_id],
    )


def run_score(db: sqlite_utils.Database, run_id: int) -> dict[str, Any] | None:
    """The stored breakdown of run `run_id` (`total` None: not scored, `reason` says
    why), or None when the run was never scored (not checked, or checked before scores)."""
    rows = select_rows(db, "select score_details from runs where id = ?", [run_id])
    details = loads(rows[0]["score_details"], None) if rows else None
    return details if isinstance(details, dict) else None


def score_history(
    db: sqlite_utils.Database, site_url: str, limit: int = 12
) -> list[dict[str, Any]]:
    """The site's last `limit` checked runs, oldest first: run_id, as_of, verdict, score
    (None: not scored)."""
    rows = select_rows(
        db,
        "select id as run_id, as_of, verdict, score from runs "
        "where site_url = ? and checked_at is not null order by id desc limit ?",
        [site_url, limit],
    )
    return rows[::-1]
