"""The trend on the index: 合格率 per round and each site's verdict per round, from a
database of three monitoring rounds written with the row factory."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from reports import render
from tests import factory
from xxgk import storage

A = "https://a.example.gov.cn/"
B = "https://b.example.gov.cn/"
C = "https://c.example.gov.cn/"
OTHER = "https://other-list.example.gov.cn/"  # a site of another sites file
HOSTILE_DAY = "<script>alert(1)</script>"


def _round(db: Any, as_of: str, verdicts: dict[str, str | None]) -> list[int]:
    """One `xxgk monitor` over the sites of `verdicts` (None: the run was never judged)."""
    round_id = storage.start_round(db, storage.sites_key(verdicts), len(verdicts), as_of)
    run_ids = [
        factory.run(db, url, as_of, round_id=round_id, verdict=verdict)
        for url, verdict in verdicts.items()
    ]
    storage.finish_round(db, round_id, "completed")
    return run_ids


@pytest.fixture
def rounds(db: Any) -> dict[str, Any]:
    first = _round(db, "2026-04-30", {A: "合格", B: "不合格", C: "合格"})
    # Round 2 was killed while crawling B and continued: B's interrupted run is
    # superseded by the newer run of the same round, and counts once.
    round_id = storage.start_round(db, storage.sites_key([A, B, C]), 3, "2026-05-31")
    a2 = factory.run(db, A, "2026-05-31", round_id=round_id, verdict="合格")
    factory.run(db, B, "2026-05-31", "interrupted", round_id=round_id)
    b2 = factory.run(db, B, "2026-05-31", round_id=round_id, verdict="不合格")
    c2 = factory.run(db, C, "2026-05-31", "failed", round_id=round_id, verdict="无法判断")
    storage.finish_round(db, round_id, "completed")
    other = _round(db, "2026-06-10", {OTHER: "不合格"})
    third = _round(db, "2026-06-30", {A: "合格", B: "合格", C: None})
    return {"first": first, "second": [a2, b2, c2], "third": third, "other": other}


def test_round_verdicts_count_each_site_once_per_round(db: Any, rounds: dict[str, Any]) -> None:
    got = storage.round_verdicts(db, [A, B, C])
    assert [(r["as_of"], r["sites"], r["passed"], r["failed"], r["unknown"]) for r in got] == [
        ("2026-04-30", 3, 2, 1, 0),
        ("2026-05-31", 3, 1, 1, 1),
        ("2026-06-30", 3, 2, 0, 0),
    ]
    assert [r["unchecked"] for r in got] == [0, 0, 1]
    # 无法判断 and never-judged runs are outside the denominator, as on the index
    assert [round(r["pass_rate"], 1) for r in got] == [66.7, 50.0, 100.0]
    # without a site list, every round of the database; the newest `limit` of them
    assert [r["as_of"] for r in storage.round_verdicts(db)][2] == "2026-06-10"
    assert [r["as_of"] for r in storage.round_verdicts(db, limit=2)] == [
        "2026-06-10",
        "2026-06-30",
    ]


def test_runs_outside_rounds_are_grouped_by_their_as_of_day(db: Any) -> None:
    factory.run(db, A, "2026-03-01", verdict="合格")
    factory.run(db, B, "2026-03-01", verdict="不合格")
    factory.run(db, A, "2026-03-02", verdict="合格")
    factory.run(db, A, "2026-03-02", status=None)  # still crawling: not counted
    got = storage.round_verdicts(db, [A, B])
    assert [(r["round_key"], r["round_id"], r["sites"], r["passed"]) for r in got] == [
        ("day 2026-03-01", None, 2, 1),
        ("day 2026-03-02", None, 1, 1),
    ]
    assert storage.pass_rate(0, 0) is None


def test_a_round_never_judged_counts_zero_and_has_no_rate(db: Any, tmp_path: Path) -> None:
    """A killed round's runs before anything was judged: no 合格率, and the index says —."""
    run_ids = _round(db, "2026-07-31", {A: None, B: None})
    got = storage.round_verdicts(db, [A, B])
    assert [(r["sites"], r["passed"], r["failed"], r["unknown"], r["unchecked"]) for r in got] == [
        (2, 0, 0, 0, 2)
    ]
    assert got[0]["pass_rate"] is None
    source = _index(db, run_ids, tmp_path)
    svg = re.search(r'<svg[^>]*aria-label="历轮监测合格率".*?</svg>', source, re.S).group(0)
    assert '<rect class="bar"' not in svg and ">—</text>" in svg


def test_verdict_history_is_per_round_oldest_first(db: Any, rounds: dict[str, Any]) -> None:
    history = storage.verdict_history(db, [A, B, C, "https://never.example.gov.cn/"], limit=2)
    assert [r["verdict"] for r in history[B]] == ["不合格", "合格"]
    assert [r["as_of"] for r in history[C]] == ["2026-05-31", "2026-06-30"]
    assert history["https://never.example.gov.cn/"] == []
    full = storage.verdict_history(db, [B])
    assert [r["id"] for r in full[B]] == [
        rounds["first"][1],
        rounds["second"][1],
        rounds["third"][1],
    ]


def _index(db: Any, run_ids: list[int], out: Path) -> str:
    return render.render_index(db, out, run_ids).read_text(encoding="utf-8")


def test_index_shows_the_rate_per_round_and_each_sites_history(
    db: Any, rounds: dict[str, Any], tmp_path: Path
) -> None:
    source = _index(db, rounds["third"], tmp_path)
    assert "<script" not in source  # no JavaScript, and the report works offline
    assert not re.search(r"\bsrc=|<link\b|@import|url\(", source)  # no external asset
    # the chart: one bar per round of these sites, oldest left; the other list's round
    # is not among them
    svg = re.search(r'<svg[^>]*aria-label="历轮监测合格率".*?</svg>', source, re.S).group(0)
    bars = re.findall(r'<rect class="bar" x="([\d.]+)"[^>]*><title>([^<]*)</title>', svg)
    assert [title for _, title in bars] == [
        "2026-04-30：合格 2 ÷ 已评定 3 = 66.7%",
        "2026-05-31：合格 1 ÷ 已评定 2 = 50.0%",
        "2026-06-30：合格 2 ÷ 已评定 2 = 100.0%",
    ]
    xs = [float(x) for x, _ in bars]
    assert xs == sorted(xs)
    heights = [float(h) for h in re.findall(r'<rect class="bar"[^>]*height="([\d.]+)"', svg)]
    assert heights[2] == pytest.approx(heights[0] * 100 / 66.67, rel=0.01)
    assert "06-10" not in svg
    # the table of rounds, newest first, with its counts
    table = re.search(r'<table class="rounds">(.*?)</table>', source, re.S).group(1)
    cells = [
        re.findall(r"<td[^>]*>([^<]*)</td>", row)
        for row in re.findall(r"<tr data-round[^>]*>(.*?)</tr>", table, re.S)
    ]
    round_ids = [r["round_id"] for r in storage.round_verdicts(db, [A, B, C])]
    assert cells == [
        [f"第 {round_ids[2]} 轮", "2026-06-30", "3", "2", "0", "0", "1", "100.0%"],
        [f"第 {round_ids[1]} 轮", "2026-05-31", "3", "1", "1", "1", "0", "50.0%"],
        [f"第 {round_ids[0]} 轮", "2026-04-30", "3", "2", "1", "0", "0", "66.7%"],
    ]
    # the headline rate is the newest round's
    assert '<div class="rate">100.0%</div>' in source

    def history(run_id: int) -> list[tuple[str, str, str]]:
        row = re.search(rf'<tr data-run="{run_id}">(.*?)</tr>', source, re.S).group(1)
        cell = re.search(r'<td class="history">(.*?)</td>', row, re.S).group(1)
        return re.findall(r'<span class="hist v-(\w+)" title="([^"]*)">([^<]*)</span>', cell)

    a3, b3, c3 = rounds["third"]
    assert history(b3) == [
        ("fail", "2026-04-30：不合格", "✗"),
        ("fail", "2026-05-31：不合格", "✗"),
        ("pass", "2026-06-30：合格", "✓"),
    ]
    assert [mark for *_, mark in history(c3)] == ["✓", "?", "–"]
    assert [cls for cls, *_ in history(a3)] == ["pass"] * 3


def test_an_older_index_ends_each_history_at_its_own_run(
    db: Any, rounds: dict[str, Any], tmp_path: Path
) -> None:
    source = _index(db, rounds["second"], tmp_path)
    b2 = rounds["second"][1]
    row = re.search(rf'<tr data-run="{b2}">(.*?)</tr>', source, re.S).group(1)
    assert re.findall(r'title="([^"]*)"', row.split('class="history"')[1].split("</td>")[0]) == [
        "2026-04-30：不合格",
        "2026-05-31：不合格",
    ]


def test_hostile_as_of_is_escaped_in_the_trend(db: Any, tmp_path: Path) -> None:
    run_id = factory.run(db, A, HOSTILE_DAY, verdict="合格")
    source = _index(db, [run_id], tmp_path)
    assert HOSTILE_DAY not in source
    assert "&lt;script&gt;" in source


def test_runs_outside_rounds_trend_by_their_day(fx: Any, tmp_path: Path) -> None:
    """The report fixture's runs belong to no round: grouped by as-of day, they trend."""
    source = _index(fx.db, [fx.a2, fx.b, fx.c], tmp_path)
    assert 'aria-label="历轮监测合格率"' in source
    # A's first run (2025-10-31, 不合格) is the first point; 2025-11-28: B 合格, A 不合格
    assert "2025-10-31：合格 0 ÷ 已评定 1 = 0.0%" in source
    assert "2025-11-28：合格 1 ÷ 已评定 2 = 50.0%" in source
