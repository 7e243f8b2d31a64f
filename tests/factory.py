"""The one row factory of the hand-made test databases (rulekit's runs, the report
fixture, the fault suite's earlier run, the alert tests' runs).

Every row goes through xxgk.storage's public functions, the way the crawler and the
engine write it, so a schema change reaches these databases too. What a test leaves out
gets a plausible default."""

from __future__ import annotations

from typing import Any

from xxgk import storage

SITE = "https://www.example.gov.cn/"
AS_OF = "2026-06-30"


def run(
    db: Any,
    site_url: str = SITE,
    as_of: str = AS_OF,
    status: str | None = "completed",
    **fields: Any,
) -> int:
    """A run of `site_url`, finished with `status` and the run `fields` (site_name,
    section_url, stats, error, verdict …); left running when `status` is None."""
    run_id = storage.start_run(db, site_url, as_of)
    if status is not None:
        storage.finish_run(db, run_id, status, **fields)
    return run_id


def column(db: Any, run_id: int, title: str = "通知公告", **fields: Any) -> int:
    """A column of the run: a list under 信息公开 whose state is ok, unless `fields` say
    otherwise."""
    row = {
        "run_id": run_id,
        "title": title,
        "path": f"信息公开 > {title}",
        "kind": "list",
        "state": "ok",
    }
    return storage.insert_column(db, {**row, **fields})


def rows(db: Any, table: str, run_id: int, *items: dict[str, Any]) -> None:
    """Rows of the run in `table` (entries, pages, fetches, redirects); list and dict
    values are stored as JSON text, as the crawler stores them."""
    storage.insert_many(
        db,
        table,
        [
            {
                "run_id": run_id,
                **{
                    k: storage.dumps(v) if isinstance(v, list | dict | tuple) else v
                    for k, v in item.items()
                },
            }
            for item in items
        ],
    )
