"""Reviews (`xxgk review`): a person's decision on a finding, kept across runs.

A review names a finding by its site (`url_key` of the site URL) and its stable
`fingerprint`, and keeps the `evidence_hash` of the finding it was made on: the rules
engine applies it to a later run's finding only while that hash is unchanged. Rows are
never updated: a new decision is a new row, and the newest row of a (site, fingerprint)
is the one in force, so the history of who decided what stays readable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlite_utils

from xxgk.storage.base import select_rows

DECISIONS = ("confirmed", "dismissed")


def insert_reviews(db: sqlite_utils.Database, rows: Iterable[dict[str, Any]]) -> int:
    """Store decisions in one transaction (an import applies all of its rows or none)."""
    rows = list(rows)
    for r in rows:
        if r.get("decision") not in DECISIONS:
            raise ValueError(f"bad decision {r.get('decision')!r}")
    with db.conn:
        db.table("reviews").insert_all(rows, batch_size=500, alter=False)
    return len(rows)


def current_reviews(db: sqlite_utils.Database, site_key: str) -> dict[str, dict[str, Any]]:
    """The review in force for each fingerprint of one site: its newest row."""
    found = select_rows(
        db,
        "select * from reviews where id in (select max(id) from reviews where site_key = ? "
        "group by fingerprint)",
        [site_key],
    )
    return {r["fingerprint"]: r for r in found}


def reviews(db: sqlite_utils.Database, site_key: str | None = None) -> list[dict[str, Any]]:
    """Every review in force (one site's, or all), newest first."""
    where = "where site_key = ?" if site_key else ""
    return select_rows(
        db,
        f"select * from reviews where id in (select max(id) from reviews {where} "
        "group by site_key, fingerprint) order by id desc",
        [site_key] if site_key else [],
    )


def findings_by_fingerprint(db: sqlite_utils.Database, fingerprint: str) -> list[dict[str, Any]]:
    """Every stored finding with this fingerprint, with its run's `site_url`, newest run
    first (a reviewer names a finding by its fingerprint alone)."""
    return select_rows(
        db,
        "select findings.*, runs.site_url as site_url from findings "
        "join runs on runs.id = findings.run_id where findings.fingerprint = ? "
        "order by findings.run_id desc, findings.id",
        [fingerprint],
    )
