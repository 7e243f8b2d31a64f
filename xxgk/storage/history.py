"""History across rounds: 合格率 per round and each site's verdict per round (the
index report's trend).

A round is one `xxgk monitor` (`runs.round_id`). Runs outside any round — `xxgk audit`,
databases written before rounds existed — are grouped by their as-of day instead, so
older history still reads as rounds. Within a round each site counts once, by its
newest finished run (a continued round re-audits the sites a killed one left).

合格率 = 合格 ÷ (合格 + 不合格): 无法判断 and runs never judged are counted apart, not
as failures — the rule the index report has always printed.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from xxgk.storage.base import select_rows

# The one definition of "which round a run belongs to"; ROUND_KEY is its SQL.
ROUND_KEY = "coalesce('round ' || round_id, 'day ' || as_of)"


def _site_filter(site_urls: list[str] | None) -> tuple[str, list[Any]]:
    # One JSON parameter, however many sites: no cap on bound parameters to chunk around.
    if site_urls is None:
        return "", []
    return " and site_url in (select value from json_each(?))", [json.dumps(list(site_urls))]


def pass_rate(passed: int, failed: int) -> float | None:
    """合格率 in percent over the sites judged 合格 or 不合格; None when none was."""
    judged = passed + failed
    return 100 * passed / judged if judged else None


def round_verdicts(
    db: sqlite_utils.Database, site_urls: list[str] | None = None, limit: int = 12
) -> list[dict[str, Any]]:
    """The last `limit` rounds (of `site_urls` only, when given), oldest first: round key
    and id, as-of day, started_at, sites, passed / failed / unknown / unchecked counts,
    judged and pass_rate."""
    where, params = _site_filter(site_urls)
    sql = (
        f"select {ROUND_KEY} as round_key, max(round_id) as round_id, max(as_of) as as_of, "
        "min(started_at) as started_at, count(*) as sites, "
        # total(), not sum(): a round whose runs were never judged sums to NULL
        "cast(total(verdict = '合格') as int) as passed, "
        "cast(total(verdict = '不合格') as int) as failed, "
        "cast(total(verdict = '无法判断') as int) as unknown "
        "from runs where id in (select max(id) from runs where status != 'running'"
        f"{where} group by {ROUND_KEY}, site_url) "
        "group by round_key order by min(id) desc limit ?"
    )
    rounds = select_rows(db, sql, [*params, limit])[::-1]
    for r in rounds:
        r["unchecked"] = r["sites"] - r["passed"] - r["failed"] - r["unknown"]
        r["judged"] = r["passed"] + r["failed"]
        r["pass_rate"] = pass_rate(r["passed"], r["failed"])
    return rounds


def verdict_history(
    db: sqlite_utils.Database, site_urls: list[str], limit: int = 12
) -> dict[str, list[dict[str, Any]]]:
    """Each site's verdicts in its last `limit` rounds, oldest first (the round's newest
    finished run: id, as_of, verdict, status, round_key)."""
    where, params = _site_filter(site_urls)
    sql = (
        "select id, site_url, as_of, verdict, status, round_key from ("
        f"select *, {ROUND_KEY} as round_key, "
        "row_number() over (partition by site_url order by id desc) as nth from runs "
        "where id in (select max(id) from runs where status != 'running'"
        f"{where} group by {ROUND_KEY}, site_url)) where nth <= ? order by site_url, id"
    )
    history: dict[str, list[dict[str, Any]]] = {url: [] for url in site_urls}
    for row in select_rows(db, sql, [*params, limit]):
        history[row["site_url"]].append(row)
    return history
