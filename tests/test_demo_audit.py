"""End to end over all three stages: the sample portal crawled by the real spider,
checked by the rules, rendered — asserted against the portal's ground truth."""

from collections import defaultdict
from urllib.parse import urlsplit

import pytest

from rules import engine
from tests.conftest import xxgk
from xxgk import storage


def _path(url):
    return urlsplit(url).path if url else None


@pytest.fixture(scope="module")
def checked(demo_crawl):
    db = storage.open_db(str(demo_crawl))
    [run] = storage.latest_runs(db)
    result = engine.check_run(db, run["id"])
    by_rule = defaultdict(list)
    for f in storage.findings(db, run["id"]):
        by_rule[f["rule"]].append(f)
    return db, run, result, by_rule


def _titles(db, findings):
    ids = {f["column_id"] for f in findings}
    return {c["title"] for c in db["columns"].rows if c["id"] in ids}


def test_column_findings(checked):
    db, run, result, by_rule = checked
    assert _titles(db, by_rule["column.empty"]) == {"财政预决算"}
    assert _titles(db, by_rule["column.stale"]) == {"工作动态", "人事信息"}
    assert _titles(db, by_rule["column.undated"]) == {"重大项目"}
    # cannot tell: reported for a person to look at, never as empty or stale
    assert _titles(db, by_rule["column.unreadable"]) == {"政策解读", "行政执法"}
    assert all(f["severity"] == "info" for f in by_rule["column.unreadable"])


def test_annual_report_findings(checked, expected):
    db, run, result, by_rule = checked
    years = {
        rule: sorted(f["year"] for f in by_rule[rule])
        for rule in (
            "annual_report.missing",
            "annual_report.late",
            "annual_report.incomplete",
            "annual_report.copied",
        )
    }
    assert years == {
        "annual_report.missing": expected["missing"],
        "annual_report.late": expected["late"],
        "annual_report.incomplete": expected["incomplete"],
        "annual_report.copied": expected["copied"],
    }
    messages = " ".join(f["message"] + f["details"] for rule in years for f in by_rule[rule])
    assert not any(lookalike in messages for lookalike in expected["lookalikes"])


def test_page_and_entry_findings(checked, expected):
    db, run, result, by_rule = checked
    assert {_path(f["url"]) for f in by_rule["security.injected_link"]} == {
        expected["injected_page"],
        *expected["polluted_pages"],
    }
    assert all(f["severity"] == "veto" for f in by_rule["security.injected_link"])
    assert {_path(f["url"]) for f in by_rule["entry.future_date"]} == set(
        expected["future_entries"]
    )
    [dup] = by_rule["content.duplicate_across_columns"]
    assert {_path(u) for u in storage.loads(dup["details"])["urls"]} == set(
        expected["duplicate_urls"]
    )
    # the complete audit opens every article: the old broken one is found too
    assert {_path(f["url"]) for f in by_rule["link.broken"]} == set(expected["broken_links"])


def test_verdict_is_stored_with_the_run(checked):
    db, run, result, by_rule = checked
    stored = storage.get_run(db, run["id"])
    assert result.verdict == stored["verdict"] == "不合格"
    reasons = storage.loads(stored["verdict_details"])["reasons"]
    assert reasons[0].startswith("单项否决")


def test_audit_command_exit_code_and_reports(demo_server, expected, tmp_path):
    result = xxgk(
        "audit",
        demo_server.url,
        "--db",
        str(tmp_path / "a.db"),
        "--as-of",
        str(expected["as_of"]),
        "--out",
        str(tmp_path / "out"),
    )
    assert result.returncode == 1, result.stdout + result.stderr  # 不合格
    written = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert written == [".html", ".xlsx"]
    assert "不合格" in result.stdout
