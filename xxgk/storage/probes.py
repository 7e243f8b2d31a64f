"""Availability probes (`xxgk probe`): one row per homepage visit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlite_utils

from xxgk.storage.base import select_rows


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
    return select_rows(
        db,
        # "~" sorts after every character of an ISO timestamp: the whole `until` day,
        # and the (site_key, probed_at) index still serves the range.
        "select * from probes where site_key = ? and probed_at >= ? and probed_at < ? "
        "order by probed_at, id",
        [site_key, since, until + "~"],
    )
