"""End to end: the real spider over the sample portal served on 127.0.0.1, checked
against the portal's ground truth (xxgk/demo_portal/expected.yaml)."""

import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT
from xxgk import storage


def _path(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture(scope="module")
def crawled(demo_crawl):
    db = storage.open_db(str(demo_crawl))
    [run] = list(db["runs"].rows)
    return db, run


def test_run_is_completed_with_site_and_section(crawled, expected):
    db, run = crawled
    assert run["status"] == "completed" and run["finished_at"]
    assert run["site_name"] == expected["site_name"]
    assert _path(run["section_url"]) == expected["section_url"]
    assert run["as_of"] == str(expected["as_of"])


def test_every_column_found_with_category_state_count_and_newest_date(crawled, expected):
    db, run = crawled
    got = {_path(c["url"]): c for c in storage.columns(db, run["id"])}
    want = {c["url"]: c for c in expected["columns"]}
    assert set(got) == set(want)
    for url, w in want.items():
        g = got[url]
        assert (g["title"], g["path"], g["kind"], g["category"], g["state"]) == (
            w["title"],
            w["path"],
            w["kind"],
            w["category"],
            w["state"],
        ), url
        assert g["latest_date"] == w["latest_date"], url
        if w["kind"] == "list":  # a content page is not a list of entries
            assert g["entry_count"] == w["entry_count"], url


def test_entries_match_ground_truth_urls_titles_and_dates(crawled, expected):
    db, run = crawled
    cols = {c["id"]: _path(c["url"]) for c in storage.columns(db, run["id"])}
    got = {
        (cols[e["column_id"]], _path(e["url"])): (e["title"], e["published"])
        for e in storage.entries(db, run["id"])
    }
    want = {
        (c["url"], _path(e["url"])): (e["title"], e["published"])
        for c in expected["columns"]
        if c["kind"] == "list"
        for e in c.get("entries", [])
    }
    assert got == want


def test_year_less_list_dates_take_the_year_from_the_article(crawled):
    db, run = crawled
    rows = list(
        db.query(
            "select e.published, e.date_text, e.date_source from entries e join columns c "
            "on c.id = e.column_id where c.run_id = ? and c.title = '规划计划'",
            [run["id"]],
        )
    )
    assert len(rows) == 12
    assert all(r["date_source"] == "list+article" for r in rows)
    # the list shows only [MM-DD]; the stored date agrees with it and has the article's year
    assert all(r["published"][5:] == r["date_text"].strip("[]") for r in rows)
    assert {r["published"][:4] for r in rows} == {
        "2017",
        "2021",
        "2022",
        "2023",
        "2024",
        "2025",
        "2026",
    }


def test_unreadable_and_unreachable_columns_say_why(crawled):
    db, run = crawled
    cols = {c["title"]: c for c in storage.columns(db, run["id"])}
    assert "浏览器端脚本" in cols["政策解读"]["reason"]
    assert cols["行政执法"]["reason"] == "HTTP 404"
    assert cols["财政预决算"]["state"] == "empty"


def test_page_facts_keep_evidence(crawled, expected):
    db, run = crawled
    pages = {_path(p["url"]): p for p in storage.pages(db, run["id"])}
    hacked = pages[expected["injected_page"]]
    hrefs = [h["href"] for h in storage.loads(hacked["hidden_links"])]
    assert "http://www.365bet-example.com/" in hrefs
    assert {w["word"] for w in storage.loads(hacked["spam_words"])} >= {"博彩", "百家乐"}
    conflict = expected["date_conflict"]
    article = pages[conflict["url"]]
    labels = {d["label"]: d["date"] for d in storage.loads(article["dates"])}
    assert article["published"] == conflict["published"]
    assert labels["PubDate"] == str(conflict["pubdate_meta"])[:10]
    assert labels["成文日期"] == conflict["written"]
    home = pages["/"] if "/" in pages else pages[expected["homepage"]]
    assert max(d["date"] for d in storage.loads(home["dates"])) == expected["homepage_latest"]
    reports = [p for p in pages.values() if p["text"]]
    assert len(reports) == len(expected["annual_reports"])
    assert all("年" in p["text"] for p in reports)


def test_fetch_log_records_statuses_and_referrers(crawled):
    db, run = crawled
    broken = [
        f for f in storage.fetches(db, run["id"]) if f["status"] == 404 and "xzzf" in f["url"]
    ]
    assert broken and _path(broken[0]["found_on"]) == "/xxgk/index.html"


def test_gbk_page_keeps_characters_outside_gb2312(crawled):
    db, run = crawled
    titles = [e["title"] for e in storage.entries(db, run["id"])]
    assert any("镕" in t for t in titles)


def test_scrapy_crawl_from_the_repository_root(demo_server, expected, tmp_path):
    db_path = tmp_path / "s.db"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "portal",
            "-a",
            f"start_url={demo_server.url}",
            "-a",
            f"db={db_path}",
            "-a",
            f"as_of={expected['as_of']}",
            "-s",
            "LOG_LEVEL=ERROR",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    db = storage.open_db(str(db_path))
    [run] = list(db["runs"].rows)
    assert run["status"] == "completed"
    assert db["columns"].count == len(expected["columns"])


def test_nested_columns_name_their_parent(crawled):
    db, run = crawled
    cols = {c["title"]: c for c in storage.columns(db, run["id"])}
    assert _path(cols["通知公告"]["parent_url"]) == "/xxgk/fdzdgknr/index.html"
    assert cols["政府信息公开年报"]["parent_url"] is None
