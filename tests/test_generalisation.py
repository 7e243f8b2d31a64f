"""The random-portal generator (tools/portalgen) and its scorer: the truth must be true
of the served files, or the figures measured on it mean nothing."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import SPEC_TABLES
from tools.portalgen import SITE_DIR, TRUTH_FILE, Truth, generate
from tools.portalgen.score import aggregate, key, parse_seeds, score
from tools.portalgen.server import serve

SEEDS = range(16)
HREF = re.compile(rb'href="([^"]+)"')


@pytest.fixture(scope="module")
def portals(tmp_path_factory) -> dict[int, tuple[Path, Truth]]:
    base = tmp_path_factory.mktemp("portals")
    return {s: (base / str(s), generate(s, base / str(s))) for s in SEEDS}


def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def hrefs(page_url: str, body: bytes) -> set[str]:
    return {key(urljoin(page_url, h.decode("ascii", "replace"))) for h in HREF.findall(body)}


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_seed_gives_the_same_bytes_and_truth_every_time(tmp_path):
    a, b = generate(7, tmp_path / "a"), generate(7, tmp_path / "b")
    assert a == b
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert tree(tmp_path / "a") != tree(generate(8, tmp_path / "c") and tmp_path / "c")


def test_templates_and_defects_vary_across_seeds(portals):
    truths = [t for _, t in portals.values()]
    cols = [c for t in truths for c in t.columns if c["kind"] == "list"]
    assert {c["pager"] for c in cols} == {"trs", "next", "query", "js", "single"}
    assert {c["markup"] for c in cols} == {"ul", "table", "div", "dl"}
    assert len({c["date_fmt"] for c in cols}) >= 6
    assert {t.template["sidebar"] for t in truths} == {True, False}
    assert {t.charset for t in truths} == {"utf-8", "gbk"}
    assert any(t.traditional for t in truths)
    assert len({t.section_url for t in truths}) >= 4
    for rule in ("column.missing", "column.empty", "column.stale", "link.broken"):
        assert any(t.expected[rule] for t in truths), rule
    assert all(8 <= len(t.columns) <= 20 or t.expected["column.missing"] for t in truths)


def test_truth_is_true_of_the_served_portal(portals):
    for seed in (0, 1, 5, 8, 11, 14):
        out, truth = portals[seed]
        with serve(out) as srv:
            for c in truth.columns:
                status, _, _ = fetch(urljoin(srv.url, c["url"]))
                assert status == 200, (seed, c["url"])
                linked: set[str] = set()
                for page in c["list_pages"]:
                    status, _, body = fetch(urljoin(srv.url, page))
                    assert status == 200, (seed, page)
                    linked |= hrefs(urljoin(srv.url, page), body)
                for e in c["entries"]:
                    assert key(e["url"]) in linked, (seed, c["url"], e["url"])
            broken = {key(b["url"]) for b in truth.expected["link.broken"]}
            for b in truth.expected["link.broken"]:
                assert fetch(urljoin(srv.url, b["url"]), "HEAD")[0] == 404, (seed, b)
                status, _, body = fetch(urljoin(srv.url, b["found_on"]))
                assert status == 200 and key(b["url"]) in hrefs(
                    urljoin(srv.url, b["found_on"]), body
                )
            for e in truth.entries:
                if key(e["url"]) not in broken:
                    assert fetch(urljoin(srv.url, e["url"]), "HEAD")[0] == 200, (seed, e)
            for year, url in truth.annual_reports.items():
                assert int(year) not in truth.expected["annual_report.missing"]
                assert fetch(urljoin(srv.url, url))[0] == 200


def test_gbk_seeds_are_gbk_bytes_and_headers_follow_the_truth(portals):
    gbk = [(o, t) for o, t in portals.values() if t.charset == "gbk"]
    assert gbk
    for out, truth in gbk:
        raw = (out / SITE_DIR / truth.section_url.lstrip("/")).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        assert truth.section_title in raw.decode("gbk")
        with serve(out) as srv:
            status, headers, _ = fetch(srv.url)
            assert status == 200 and headers["Content-Type"] == truth.content_type
    undeclared = [t for _, t in gbk if t.meta_charset is None and "charset" not in t.content_type]
    assert undeclared, "some GBK portal declares its charset nowhere (SPEC §5)"


def test_traditional_mirrors_use_traditional_text(portals):
    out, truth = next((o, t) for o, t in portals.values() if t.traditional)
    text = (out / SITE_DIR / "index.html").read_bytes().decode(truth.charset)
    assert "首頁" in text and "首页" not in text
    if truth.traditional == "s2twp":
        assert "資訊" in text or "資訊" in truth.section_title or "信息" not in text


def test_server_answers_head_404_and_query_pages(portals):
    out, truth = next(
        (o, t)
        for o, t in portals.values()
        if any(c["pager"] == "query" and len(c["list_pages"]) > 1 for c in t.columns)
    )
    col = next(c for c in truth.columns if c["pager"] == "query" and len(c["list_pages"]) > 1)
    with serve(out) as srv:
        status, headers, body = fetch(srv.url, "HEAD")
        assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
        assert fetch(urljoin(srv.url, "/no/such/page.html"))[0] == 404
        page2 = fetch(urljoin(srv.url, col["list_pages"][1]))[2]
        assert page2 != fetch(urljoin(srv.url, col["url"]))[2]
        assert fetch(urljoin(srv.url, "/index.html?from=nav"))[0] == 200
        assert urlsplit(srv.url).hostname == "127.0.0.1"
    assert (out / TRUTH_FILE).exists() and not (out / SITE_DIR / TRUTH_FILE).exists()


# ---- the scorer, on a hand-made database holding only the SPEC §3 tables ---------------


def tiny_truth() -> Truth:
    cols = [
        {
            "url": "/xxgk/tzgg/index.html",
            "entries": [
                {"url": "/xxgk/tzgg/a.html", "title": "a", "published": "2024-03-05"},
                {"url": "/xxgk/tzgg/b.html", "title": "b", "published": "2024-02-01"},
                {"url": "/xxgk/tzgg/c.html", "title": "c", "published": "2024-01-01"},
            ],
        },
        {"url": "/xxgk/gzdt/index.html", "entries": []},
        {"url": "/xxgk/gkzn/index.html", "entries": []},
    ]
    return Truth(
        seed=0,
        as_of="2024-06-30",
        site_name="s",
        charset="utf-8",
        meta_charset="utf-8",
        content_type="text/html",
        traditional=None,
        homepage="/index.html",
        section_url="/xxgk/index.html",
        section_title="政府信息公开",
        columns=cols,
        groups=[{"url": "/xxgk/fdzdgknr/index.html", "title": "法定主动公开内容"}],
        expected={
            "column.missing": ["政府信息公开年报"],
            "column.empty": ["/xxgk/gzdt/index.html"],
            "column.stale": [],
            "link.broken": [{"url": "/xxgk/tzgg/x.html", "found_on": "/xxgk/tzgg/a.html"}],
            "annual_report.missing": [2019, 2020],
        },
        annual_reports={},
        template={},
    )


def test_score_on_a_hand_made_database(tmp_path):
    db = tmp_path / "x.db"
    conn = sqlite3.connect(db)
    conn.executescript(SPEC_TABLES)
    h = "http://127.0.0.1:8000"
    conn.execute("insert into runs values (1, ?, '', '', 'completed', '2024-06-30')", (h,))
    conn.executemany(
        "insert into columns (id, run_id, url, state) values (?, 1, ?, ?)",
        [
            (1, f"{h}/xxgk/tzgg/", "ok"),  # index.html and the trailing slash do not matter
            (2, "https://127.0.0.1:8000/xxgk/gzdt/index.html", "empty"),
            (3, f"{h}/xxgk/fdzdgknr/", "ok"),  # a grouping node: neutral
            (4, f"{h}/xwzx/", "ok"),  # outside the section: spurious
        ],
    )
    conn.executemany(
        "insert into entries (run_id, column_id, url, published) values (1,1,?,?)",
        [
            (f"{h}/xxgk/tzgg/a.html", "2024-03-05"),
            (f"{h}/xxgk/tzgg/b.html", "2024-02-02"),  # wrong date
            (f"{h}/xwzx/n.html", "2024-01-01"),  # not a truth entry
        ],
    )
    conn.executemany(
        "insert into findings (run_id, rule, column_id, url, year, details) values (1,?,?,?,?,?)",
        [
            ("column.missing", None, None, None, json.dumps({"expected": "政府信息公开年报"})),
            (
                "column.missing",
                None,
                None,
                None,
                json.dumps({"expected": "政府信息公开指南", "cannot_tell": True}),
            ),  # no claim
            ("column.empty", 2, None, None, "{}"),  # url from the column
            ("column.stale", 1, f"{h}/xxgk/tzgg/", None, "{}"),  # wrong
            ("annual_report.missing", None, None, 2019, "{}"),
            ("annual_report.missing", None, None, None, json.dumps({"year": 2021})),
            ("entry.future_date", None, f"{h}/x", None, "{}"),  # not scored
        ],
    )
    conn.commit()
    conn.close()

    s = score(db, tiny_truth())
    assert s["columns"]["recall"] == pytest.approx(2 / 3)
    assert s["columns"]["precision"] == pytest.approx(2 / 3)
    assert s["columns"]["missed"] == ["/xxgk/gkzn"] and s["columns"]["spurious"] == ["/xwzx"]
    assert s["entries"]["recall"] == pytest.approx(2 / 3)
    assert s["entries"]["date_accuracy"] == pytest.approx(1 / 2)
    assert s["entries"]["extra"] == 1
    r = s["rules"]
    assert (r["column.missing"]["tp"], r["column.missing"]["fp"]) == (1, 0)
    assert r["column.empty"]["f1"] == 1.0
    assert (r["column.stale"]["fp"], r["column.stale"]["precision"]) == (1, 0.0)
    assert r["column.stale"]["recall"] == 1.0  # nothing to find
    assert (r["link.broken"]["fn"], r["link.broken"]["recall"]) == (1, 0.0)
    ar = r["annual_report.missing"]
    assert (ar["tp"], ar["fp"], ar["fn"]) == (1, 1, 1) and ar["f1"] == pytest.approx(0.5)

    total = aggregate([s, s, {"seed": 9, "error": "crawl: boom"}])
    assert total["seeds"] == 3 and total["errors"] == [{"seed": 9, "error": "crawl: boom"}]
    assert total["columns"]["found"] == 4 and total["rules"]["annual_report.missing"]["tp"] == 2


def test_seed_ranges():
    assert parse_seeds("0-3,7,10-11") == [0, 1, 2, 3, 7, 10, 11]
