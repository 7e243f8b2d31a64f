"""xxgk/data/datasette.yaml, the Datasette metadata of a monitoring database: every
table and column of the real schema is labelled, and every canned query runs against a
database written with the row factory and returns the expected rows (plain sqlite3,
no Datasette needed)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import factory
from tests.conftest import ROOT
from xxgk import storage

METADATA = ROOT / "xxgk" / "data" / "datasette.yaml"
A = "https://a.example.gov.cn/"
B = "https://b.example.gov.cn/"
C = "https://c.example.gov.cn/"
# The database names the metadata answers to: Datasette names a database by its file's
# stem (monitor.db in the README, xxgk.db the CLI's default).
NAMES = ("monitor", "xxgk")


@pytest.fixture(scope="module")
def metadata() -> dict[str, Any]:
    data = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _finding(rule: str, severity: str, message: str, **kw: Any) -> dict[str, Any]:
    return {"rule": rule, "severity": severity, "message": message, "fingerprint": message, **kw}


def _stale(column_id: int, days: int, limit: int) -> dict[str, Any]:
    # the details keys rules/checks/columns.py:stale writes
    return _finding(
        "column.stale",
        "fail",
        f"stale {column_id}",
        column_id=column_id,
        details={"latest_date": "2026-05-01", "days": days, "threshold_days": limit},
    )


@pytest.fixture
def monitor(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Two rounds of sites A, B, C; A's second round has findings new and persisting."""
    db = storage.open_db(str(tmp_path / "monitor.db"))
    ids: dict[str, Any] = {}
    for n, (as_of, verdicts) in enumerate(
        [
            ("2026-05-31", {A: "合格", B: "不合格", C: "合格"}),
            ("2026-06-30", {A: "不合格", B: "合格", C: "无法判断"}),
        ],
        1,
    ):
        round_id = storage.start_round(db, storage.sites_key(verdicts), 3, as_of)
        for url, verdict in verdicts.items():
            ids[(url, n)] = factory.run(
                db, url, as_of, round_id=round_id, verdict=verdict, site_name=f"站点{url[8]}"
            )
        storage.finish_round(db, round_id, "completed")
    factory.run(db, A, "2026-07-01", status=None)  # a crawl still running: not "latest"
    old = ids[(A, 1)]
    storage.replace_findings(
        db, old, [_stale(factory.column(db, old, "旧栏目", category="news"), 99, 14)]
    )
    a2 = ids[(A, 2)]
    news = factory.column(db, a2, "工作动态", category="news", url=A + "gzdt/")
    notice = factory.column(db, a2, "通知公告", category="notice", url=A + "tzgg/")
    storage.replace_findings(
        db,
        a2,
        [
            {**_stale(news, 30, 14), "change": "persisting"},
            {**_stale(notice, 200, 183), "change": "new"},
            _finding("site.homepage_stale", "veto", "首页不更新", change="new", url=A),
            _finding("link.broken", "warn", "链接失效", change="new", url=A + "x.html"),
            _finding("column.empty", "fail", "空白栏目", change="persisting"),
        ],
    )
    storage.replace_findings(
        db, ids[(B, 2)], [_finding("link.broken", "warn", "B 的旧问题", change="persisting")]
    )
    db.conn.commit()
    conn = sqlite3.connect(str(tmp_path / "monitor.db"))
    yield {"conn": conn, "db": db, "ids": ids, "news": news, "notice": notice}
    conn.close()


def _query(metadata: dict[str, Any], conn: sqlite3.Connection, name: str, **params: str) -> list:
    sql = metadata["databases"]["monitor"]["queries"][name]["sql"]
    wanted = set(re.findall(r"(?<!:):(\w+)", sql))
    assert wanted == set(params), f"{name} takes {wanted}"
    return conn.execute(sql, params).fetchall()


def test_every_table_and_column_is_labelled(metadata: dict[str, Any], tmp_path: Path) -> None:
    db = storage.open_db(str(tmp_path / "schema.db"))
    tables = [t for t in db.table_names() if not t.startswith("sqlite_")]
    assert "runs" in tables and "findings" in tables
    for name in NAMES:
        labels = metadata["databases"][name]["tables"]
        for table in tables:
            assert labels.get(table, {}).get("title"), f"label table {table} in {METADATA}"
            assert labels[table].get("description"), table
            cols = labels[table].get("columns") or {}
            for col in db.table(table).columns_dict:
                # Chinese and English: "中文 · English"
                assert "·" in (cols.get(col) or ""), f"label {table}.{col} in {METADATA}"
    # the two names carry the same labels and queries
    assert metadata["databases"]["monitor"] == metadata["databases"]["xxgk"]


def test_sites_by_verdict(metadata: dict[str, Any], monitor: dict[str, Any]) -> None:
    conn, ids = monitor["conn"], monitor["ids"]
    rows = _query(metadata, conn, "sites_by_verdict", verdict="")
    # each site's latest finished run (A's running crawl is not one), 不合格 first
    assert [(r[0], r[1], r[3], r[5], r[6], r[7]) for r in rows] == [
        ("不合格", "站点a", "2026-06-30", 1, 3, ids[(A, 2)]),
        ("无法判断", "站点c", "2026-06-30", 0, 0, ids[(C, 2)]),
        ("合格", "站点b", "2026-06-30", 0, 0, ids[(B, 2)]),
    ]
    only = _query(metadata, conn, "sites_by_verdict", verdict="合格")
    assert [r[2] for r in only] == [B]


def test_stale_columns_by_days_overdue(metadata: dict[str, Any], monitor: dict[str, Any]) -> None:
    rows = _query(metadata, monitor["conn"], "stale_columns")
    # the latest run's two stale columns, most overdue first; run 1's column is history
    assert [(r[0], r[1], r[3], r[4], r[5], r[6]) for r in rows] == [
        ("站点a", "信息公开 > 通知公告", "2026-05-01", 200, 183, 17),
        ("站点a", "信息公开 > 工作动态", "2026-05-01", 30, 14, 16),
    ]
    assert [r[8] for r in rows] == [A + "tzgg/", A + "gzdt/"]


def test_new_findings_since_the_last_round(
    metadata: dict[str, Any], monitor: dict[str, Any]
) -> None:
    rows = _query(metadata, monitor["conn"], "new_findings")
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("站点a", "veto", "site.homepage_stale", "首页不更新"),
        ("站点a", "fail", "column.stale", "stale " + str(monitor["notice"])),
        ("站点a", "warn", "link.broken", "链接失效"),
    ]


def test_pass_rate_by_round_is_the_index_trend(
    metadata: dict[str, Any], monitor: dict[str, Any]
) -> None:
    # a run outside any round that was never judged: a round of one site, counted 0 / 0
    factory.run(monitor["db"], "https://d.example.gov.cn/", "2026-07-02", "interrupted")
    monitor["db"].conn.commit()
    rows = _query(metadata, monitor["conn"], "pass_rate_by_round")
    trend = storage.round_verdicts(monitor["db"])[::-1]
    assert [r[0] for r in rows] == [t["round_key"] for t in trend]
    assert [r[2:8] for r in rows] == [
        (
            t["sites"],
            t["passed"],
            t["failed"],
            t["unknown"],
            t["unchecked"],
            None if t["pass_rate"] is None else round(t["pass_rate"], 1),
        )
        for t in trend
    ]
    assert [r[2:8] for r in rows][0] == (1, 0, 0, 0, 1, None)
    assert [r[7] for r in rows] == [None, 50.0, 66.7]


def test_readme_shows_how_to_open_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "datasette monitor.db -m xxgk/data/datasette.yaml" in readme
    for name in ("sites_by_verdict", "stale_columns", "new_findings", "pass_rate_by_round"):
        assert name in readme
