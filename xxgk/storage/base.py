"""What every storage module shares: timestamps, JSON columns, row helpers."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

# SQLite caps the number of bound parameters of one statement (999 in old builds):
# id and URL lists are sent in chunks of this size.
CHUNK = 500


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


def select_rows(
    db: sqlite_utils.Database, sql: str, params: Iterable[Any] = ()
) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(sql, list(params))]


def insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    pk = db.table(table).insert(row).last_pk
    assert pk is not None
    return int(pk)


def marks(values: list[Any]) -> str:
    """Placeholders for an `in (…)` list of `values`."""
    return ", ".join("?" for _ in values)


def chunks(values: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]
