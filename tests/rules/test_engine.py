"""The runner: storage, idempotency, verdict, diff across runs, failure isolation,
exemptions, summaries, foreign databases."""

import sqlite3
from datetime import date, timedelta

import pytest
from rulekit import AS_OF, SITE, ago, of

from reports.model import site_report
from rules import check_latest, check_run, load_profile, summarize
from rules.engine import details_of
from rules.registry import REGISTRY, Finding, Rule
from tests.conftest import SPEC_TABLES
from xxgk import storage


def stored(db, run_id):
    return storage.findings(db, run_id)


# ---- storage and idempotency ----


def test_findings_and_verdict_are_stored(make_run, db):
    run = make_run()
    run.required()
    run.column("工作动态", "news", entries=[("旧", ago(30))])
    res = run.check()
    rows = stored(db, run.id)
    assert [r["rule"] for r in rows] == [f["rule"] for f in res.findings]
    stale = [r for r in rows if r["rule"] == "column.stale"][0]
    assert stale["fingerprint"].startswith("column.stale|") and stale["change"] == "new"
    r = storage.get_run(db, run.id)
    assert r["verdict"] == res.verdict == "合格" and r["checked_at"]
    vd = storage.loads(r["verdict_details"])
    assert vd["as_of"] == AS_OF.isoformat() and vd["profile"] == "national"
    assert vd["counts"]["column.stale"] == 1 and vd["cannot_tell"] == res.cannot_tell
    assert vd["reasons"] == res.reasons


def test_recheck_replaces_never_duplicates_and_leaves_other_runs(make_run, db):
    other = make_run(url="https://other.gov.cn/")
    other.column("空", "other", state="empty")
    other.check()
    before_other = stored(db, other.id)
    run = make_run()
    run.column("空栏目", "other", state="empty")
    first = [(r["rule"], r["fingerprint"]) for r in stored(db, run.check().run_id)]
    second = [(r["rule"], r["fingerprint"]) for r in stored(db, run.check().run_id)]
    assert first == second and len(first) == len(set(first))
    assert stored(db, other.id) == before_other


def test_as_of_defaults_to_the_runs_as_of(make_run, db):
    run = make_run(as_of=date(2025, 3, 1))
    run.required()
    res = check_run(db, run.id)
    assert res.as_of == "2025-03-01"


def test_as_of_string_is_accepted(make_run, db):
    run = make_run()
    assert check_run(db, run.id, as_of="2026-01-02").as_of == "2026-01-02"


# ---- verdict ----


def test_veto_reasons_come_first(make_run):
    run = make_run(homepage=False)
    run.required()
    run.page(SITE, "home", dates=[{"label": "list", "date": ago(60)}])
    for i in range(5):
        run.column(f"动态{i}", "news", entries=[("旧", ago(30))])
    res = run.check()
    assert res.verdict == "不合格"
    assert res.reasons[0].startswith("单项否决：首页")
    assert any("共5个（达到5个）" in r for r in res.reasons)


def test_exempt_findings_do_not_count(make_run):
    run = make_run(options={"exempt": ["column.empty"]})
    run.required()
    for i in range(6):
        run.column(f"空{i}", "other", state="empty")
    res = run.check()
    assert res.verdict == "合格"
    assert all(f["severity"] == "info" and details_of(f)["exempt"] for f in of(res, "column.empty"))


def test_profile_exemption_with_period_and_column(make_run):
    run = make_run()
    run.required()
    run.column("人事信息", "personnel", state="empty")
    run.column("规划计划", "plan", state="empty")
    prof = {
        "exemptions": [
            {
                "rules": ["column.*"],
                "site": SITE,
                "column": "人事信息",
                "from": "2026-01-01",
                "until": "2026-12-31",
                "reason": "报备：本单位无人事权",
            }
        ]
    }
    found = of(run.check(profile=prof), "column.empty")
    assert {f["details"]["column"]["title"]: f["severity"] for f in found} == {
        "人事信息": "info",
        "规划计划": "fail",
    }
    expired = {"exemptions": [{**prof["exemptions"][0], "until": "2026-01-31"}]}
    assert {f["severity"] for f in of(run.check(profile=expired), "column.empty")} == {"fail"}


def test_site_excluded_for_a_period_cannot_be_judged(make_run):
    run = make_run()
    run.required()
    res = run.check(
        profile={
            "exemptions": [{"rules": ["*"], "site": SITE, "until": "2026-12-31", "reason": "改版"}]
        }
    )
    assert res.verdict == "无法判断" and "报备豁免" in res.reasons[0]


def test_interrupted_run_cannot_be_judged_as_compliant(make_run):
    run = make_run(status="interrupted")
    run.required()
    run.column("工作动态", "news", entries=[("新", AS_OF.isoformat())])
    res = run.check()
    assert res.verdict == "无法判断" and any("中断" in r for r in res.reasons)


# ---- a rule that raises ----


def test_a_raising_rule_is_recorded_and_the_others_run(make_run, monkeypatch):
    def broken(facts, ctx):
        """依据：测试。"""
        raise RuntimeError("boom")
        yield Finding("never")

    monkeypatch.setitem(REGISTRY, "test.broken", Rule("test.broken", "fail", broken))
    run = make_run()
    run.required()
    run.column("工作动态", "news", entries=[("旧", ago(30))])
    res = run.check()
    [err] = of(res, "check.error")
    assert err["severity"] == "info" and err["details"]["rule"] == "test.broken"
    assert "RuntimeError: boom" in err["details"]["error"] and err["details"]["traceback"]
    assert len(of(res, "column.stale")) == 1  # the other rules still ran
    assert res.verdict == "无法判断"  # 合格 would be a claim we cannot make


def test_a_raising_rule_does_not_hide_a_failure(make_run, monkeypatch):
    def broken(facts, ctx):
        """依据：测试。"""
        raise ValueError("bad data")

    monkeypatch.setitem(REGISTRY, "test.broken", Rule("test.broken", "fail", broken))
    run = make_run()
    run.required()
    for i in range(5):
        run.column(f"空{i}", "other", state="empty")
    assert run.check().verdict == "不合格"


# ---- new / persisting / resolved ----


def _site_runs(make_run):
    r1 = make_run(as_of=AS_OF - timedelta(days=30))
    r1.required()
    r1.column(
        "工作动态",
        "news",
        url=SITE + "c/news.html",
        entries=[("旧", (AS_OF - timedelta(days=60)).isoformat())],
    )
    r1.column("人事信息", "personnel", url=SITE + "c/hr.html", state="empty")
    r1.column("规划计划", "plan", url=SITE + "c/plan.html", state="empty")
    r2 = make_run()
    r2.required()
    r2.column("工作动态", "news", url=SITE + "c/news.html", entries=[("新", AS_OF.isoformat())])
    r2.column("人事信息", "personnel", url=SITE + "c/hr.html", state="empty")
    r2.column("规划计划", "plan", url=SITE + "c/plan.html", state="unreadable")
    r2.column("财政预决算", "budget", url=SITE + "c/budget.html", state="empty")
    return r1, r2


def test_new_persisting_resolved(make_run):
    r1, r2 = _site_runs(make_run)
    r1.check()
    res = r2.check()
    changes = {
        (f["rule"], f["details"]["column"]["title"]): f["change"]
        for f in res.findings
        if f["rule"] == "column.empty"
    }
    assert changes == {
        ("column.empty", "人事信息"): "persisting",
        ("column.empty", "财政预决算"): "new",
    }
    assert [(f["rule"], f["url"]) for f in res.resolved] == [("column.stale", SITE + "c/news.html")]
    # the 规划计划 column is unreadable now: its blankness is not "resolved", only unconfirmed
    assert [f["url"] for f in res.unconfirmed] == [SITE + "c/plan.html"]
    assert res.previous_run_id == r1.id
    vd = storage.loads(storage.get_run(r2.db, r2.id)["verdict_details"])
    assert (vd["new"], vd["resolved"]) == (
        len([f for f in res.findings if f["change"] == "new"]),
        1,
    )
    # reports read the engine's judgement: the unreadable column is not shown as 已整改
    shown = [(f["rule"], f["url"]) for f in storage.resolved_findings(r2.db, r2.id)]
    assert shown == [("column.stale", SITE + "c/news.html")]
    # the other one that disappeared is kept as not re-checked, not dropped
    unseen = storage.not_rechecked_findings(r2.db, r2.id)
    assert [(f["rule"], f["url"], f["change"]) for f in unseen] == [
        ("column.empty", SITE + "c/plan.html", "not_rechecked")
    ]


def test_each_change_is_stored_once_and_reports_read_it(make_run):
    r1, r2 = _site_runs(make_run)
    r1.check()
    r2.check()
    db = r2.db
    by_column = {
        (f["rule"], storage.loads(f["details"])["column"]["title"]): f["change"]
        for f in storage.findings(db, r2.id)
        if f["rule"] == "column.empty"
    }
    assert by_column == {
        ("column.empty", "人事信息"): "persisting",
        ("column.empty", "财政预决算"): "new",
    }
    gone = storage.resolved_findings(db, r2.id) + storage.not_rechecked_findings(db, r2.id)
    assert {(f["url"], f["change"]) for f in gone} == {
        (SITE + "c/news.html", "resolved"),
        (SITE + "c/plan.html", "not_rechecked"),
    }
    assert {f["run_id"] for f in gone} == {r1.id}
    vd = storage.loads(storage.get_run(db, r2.id)["verdict_details"])
    assert (vd["resolved"], vd["not_rechecked"]) == (1, 1)
    # the previous run's own rows keep the change they had against the run before them
    assert {f["change"] for f in storage.findings(db, r1.id)} == {"new"}

    report = site_report(db, r2.id)
    assert [(f.rule, f.change, f.change_label) for f in report.resolved] == [
        ("column.stale", "resolved", "已整改")
    ]
    shown = {f.change_label for f in report.findings if f.rule == "column.empty"}
    assert shown == {"新发现", "仍存在"}
    assert report.summary["resolved"] == 1


def test_unchecked_previous_run_is_compared_in_memory_and_left_alone(make_run, db):
    r1, r2 = _site_runs(make_run)
    res = r2.check()
    assert {f["details"]["column"]["title"]: f["change"] for f in of(res, "column.empty")} == {
        "人事信息": "persisting",
        "财政预决算": "new",
    }
    assert [f["rule"] for f in res.resolved] == ["column.stale"]
    assert stored(db, r1.id) == [] and storage.get_run(db, r1.id)["checked_at"] is None


def test_first_run_is_all_new(make_run):
    run = make_run()
    run.column("空", "other", state="empty")
    res = run.check()
    assert {f["change"] for f in res.findings} == {"new"} and res.resolved == []


def test_check_latest_checks_the_newest_finished_run_of_every_site(make_run, db):
    make_run(url="https://a.gov.cn/")
    a2 = make_run(url="https://a.gov.cn/")
    b = make_run(url="https://b.gov.cn/")
    storage.start_run(db, "https://b.gov.cn/", AS_OF.isoformat())  # still running: skipped
    results = check_latest(db, as_of=AS_OF)
    assert sorted(r.run_id for r in results) == [a2.id, b.id]


def test_summary_text(make_run, db):
    r1, r2 = _site_runs(make_run)
    r1.check()
    res = r2.check()
    text = summarize([res, res])
    assert "结论 verdict: 合格" in text
    assert "column.empty (fail) ×2" in text and "column.unreadable" in text
    assert "新发现 new" in text and "已整改 resolved 1" in text and "✓ column.stale" in text
    assert "合格率" in text


def test_profile_object_is_reused(make_run, db):
    prof = load_profile({"freshness": {"news": 100}})
    run = make_run()
    run.required()
    run.column("工作动态", "news", entries=[("旧", ago(30))])
    res = check_latest(db, profile=prof)[0]
    assert of(res, "column.stale") == [] and res.profile == "national"


# ---- a database written by another crawler ----


def test_foreign_database_with_only_spec_tables(tmp_path):
    path = tmp_path / "foreign.db"
    con = sqlite3.connect(path)
    con.executescript(SPEC_TABLES)
    con.executescript("""
        insert into runs values (1, 'https://x.gov.cn/', '2026-06-30', '2026-06-30', 'completed', '2026-06-30');
        insert into columns values (1, 1, 'https://x.gov.cn/c1/', '工作动态', '信息公开 > 工作动态', 'list',
                                    'news', 'ok', 1, '2026-05-01');
        insert into columns values (2, 1, 'https://x.gov.cn/c2/', '通知公告', '信息公开 > 通知公告', 'list',
                                    'notice', 'empty', 0, null);
        insert into entries values (1, 1, 1, 'https://x.gov.cn/a/1.html', '某某工作', '2026-05-01');
    """)
    con.commit()
    con.close()
    db = storage.open_db(str(path))
    [res] = check_latest(db)
    rules = {f["rule"] for f in res.findings}
    assert {"column.stale", "column.empty", "column.missing"} <= rules
    assert "site.unreachable" not in rules


@pytest.mark.parametrize("rule_id", ["site.homepage_stale", "annual_report.copied"])
def test_severity_override_from_profile(make_run, rule_id):
    assert load_profile({"severities": {rule_id: "info"}}).severity(rule_id, "veto") == "info"


def test_parallel_check_matches_serial(tmp_path):
    from rulekit import Run

    path = str(tmp_path / "many.db")
    db = storage.open_db(path)
    for s in range(6):
        run = Run(db, url=f"https://s{s}.gov.cn/")
        run.required()
        run.column("工作动态", "news", entries=[("动态", ago(3 + 10 * s))])
        if s % 2:
            run.column("空", "other", state="empty")
    parallel = check_latest(db, as_of=AS_OF, workers=2)
    stored_parallel = [
        [(r["rule"], r["fingerprint"]) for r in stored(db, res.run_id)] for res in parallel
    ]
    serial = check_latest(db, as_of=AS_OF, workers=1)
    assert [r.run_id for r in parallel] == [r.run_id for r in serial]
    assert [r.verdict for r in parallel] == [r.verdict for r in serial]
    assert stored_parallel == [
        [(r["rule"], r["fingerprint"]) for r in stored(db, res.run_id)] for res in serial
    ]
    assert [len(of(r, "column.stale")) for r in parallel] == [0, 0, 1, 1, 1, 1]
