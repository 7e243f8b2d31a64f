"""site.unreachable and site.homepage_stale judged from stored `xxgk probe` visits
(〔2019〕19号: a week of ≥ 20 visits a day, veto at ≥ 5 % failures; two weeks of
homepage observations)."""

import pytest
from rulekit import AS_OF, SITE, ago, observe_homepage, of, probe, probe_week

from xxgk import storage


def complete(run):
    run.required()
    run.column("工作动态", "news", entries=[("动态", AS_OF.isoformat())])
    return run


def week_findings(result):
    return [f for f in of(result, "site.unreachable") if "window" in f["details"]]


# ---- site.unreachable ----


def test_full_week_at_five_percent_or_more_is_a_veto(make_run, db):
    run = complete(make_run())
    probe_week(db, per_day=20, failures=10)  # 10 of 140 visits: 7.1 %
    res = run.check()
    [f] = week_findings(res)
    assert f["severity"] == "veto" and f["url"] == SITE
    d = f["details"]
    assert d["window"] == [ago(6), AS_OF.isoformat()]
    assert (d["visits"], d["failures"], d["days_covered"]) == (140, 10, 7)
    assert d["history_sufficient"] is True
    assert d["threshold"]["failure_share"] == 0.05 and d["threshold"]["min_visits_per_day"] == 20
    assert d["last_failure"]["error"] == "首页超过 15 秒未打开"
    assert "140次访问首页，10次失败" in f["message"]
    assert res.verdict == "不合格"


def test_the_week_veto_stands_when_this_crawl_failed(make_run, db):
    run = make_run(status="failed", error="HTTP 503", section=False, homepage=False)
    run.fetch(SITE, status=503)
    probe_week(db, per_day=20, failures=30)
    res = run.check()
    [veto] = week_findings(res)
    assert veto["details"]["independent_of_crawl"] is True
    [crawl] = [f for f in of(res, "site.unreachable") if f["severity"] == "fail"]
    assert crawl["details"]["fetch"]["status"] == 503  # what this crawl saw, still listed
    assert res.verdict == "不合格"  # an incomplete run is never 合格, but the week's veto stands
    assert res.reasons[0].startswith("单项否决：监测") and "另：站点无法访问" in res.reasons[1]


@pytest.mark.parametrize(
    "failures,fires",
    [(48, False), (49, False), (50, True)],  # of 1,000 visits: 4.8 %, 4.9 %, exactly 5 %
)
def test_failure_share_boundary(make_run, db, failures, fires):
    run = complete(make_run())
    probe_week(db, per_day=[143] * 6 + [142], failures=failures)
    found = week_findings(run.check())
    assert bool(found) is fires
    if fires:
        assert found[0]["details"]["failure_share"] == 0.05


def test_exactly_five_percent_of_the_minimum_week_fires(make_run, db):
    run = complete(make_run())
    probe_week(db, per_day=20, failures=7)  # 7 / 140
    [f] = week_findings(run.check())
    assert f["severity"] == "veto"


def test_slow_visits_count_as_failures_by_the_profile_timeout(make_run, db):
    run = complete(make_run())
    rows = [
        probe(f"{ago(d)}T{h:02d}:00:00+00:00", elapsed_ms=16000 if h < 2 else 500)
        for d in range(7)
        for h in range(20)
    ]
    storage.insert_probes(db, rows)  # 14 of 140 opened, but after 16 s
    [f] = week_findings(run.check())
    assert f["details"]["failures"] == 14


@pytest.mark.parametrize("days,per_day", [(6, 20), (7, 19)])
def test_too_little_history_is_no_veto_and_says_why(make_run, db, days, per_day):
    run = make_run(status="failed", error="HTTP 503", section=False, homepage=False)
    run.fetch(SITE, status=503)
    probe_week(db, per_day=per_day, failures=per_day * days // 2, days=days)
    res = run.check()
    assert [f for f in of(res, "site.unreachable") if f["severity"] == "veto"] == []
    [f] = of(res, "site.unreachable", failing=True)
    assert f["severity"] == "fail"  # what this crawl saw, as without probes
    probes = f["details"]["probes"]
    assert probes["history_sufficient"] is False
    assert probes["visits"] == days * per_day
    assert probes["days_covered"] == (days if per_day >= 20 else 0)
    assert probes["window"] == [ago(6), AS_OF.isoformat()]
    assert "探测记录不足" in f["details"]["note"]


def test_short_failing_history_without_a_crawl_failure_is_cannot_tell(make_run, db):
    run = complete(make_run())
    probe_week(db, per_day=20, failures=40, days=3)
    [f] = of(run.check(), "site.unreachable")
    assert f["severity"] == "info" and f["details"]["cannot_tell"]
    assert f["details"]["days_covered"] == 3


def test_healthy_week_leaves_a_single_crawl_failure_as_it_was(make_run, db):
    run = make_run(status="failed", error="HTTP 503", section=False, homepage=False)
    run.fetch(SITE, status=503)
    probe_week(db, per_day=20, failures=1)
    [f] = of(run.check(), "site.unreachable")
    assert f["severity"] == "fail"
    assert f["details"]["probes"]["history_sufficient"] is True
    assert "未达单项否决标准" in f["details"]["note"]


def test_only_visits_up_to_as_of_count(make_run, db):
    run = complete(make_run())
    probe_week(db, per_day=20, failures=0)
    # A bad day after the as-of date: a re-check as of AS_OF must not see it.
    storage.insert_probes(
        db, [probe(f"{ago(-1)}T{h:02d}:00:00+00:00", ok=False) for h in range(24)]
    )
    assert week_findings(run.check()) == []


def test_probes_of_another_site_do_not_count(make_run, db):
    run = complete(make_run())
    storage.insert_probes(
        db,
        [
            probe(f"{ago(d)}T{h:02d}:00:00+00:00", ok=False, site="https://other.gov.cn/")
            for d in range(7)
            for h in range(20)
        ],
    )
    assert of(run.check(), "site.unreachable") == []


# ---- site.homepage_stale ----


def navigation_homepage(run):
    """A homepage without dated items: one crawl cannot tell whether it is kept up."""
    complete(run)
    run.page(SITE, "home", dates=[])
    return run


def test_fifteen_unchanged_days_of_observations_fire(make_run, db):
    run = navigation_homepage(make_run(homepage=False))
    observe_homepage(db, 15)
    res = run.check()
    [f] = of(res, "site.homepage_stale")
    assert f["severity"] == "veto"
    d = f["details"]
    assert d["unchanged_since"] == ago(15) and d["history_sufficient"] is True
    assert d["days_observed"] == 15 and d["threshold_days"] == 14 and d["change_seen"] is False
    assert "15天无新信息" in f["message"]
    assert res.verdict == "不合格"


@pytest.mark.parametrize("days", [13, 14])
def test_thirteen_or_fourteen_days_do_not_fire(make_run, db, days):
    run = navigation_homepage(make_run(homepage=False))
    observe_homepage(db, days)
    [f] = of(run.check(), "site.homepage_stale")
    assert f["severity"] == "info" and f["details"]["cannot_tell"]  # today's behaviour
    assert f["details"]["probes"]["unchanged_since"] == ago(days)


def test_a_change_seen_inside_the_limit_is_fresh(make_run, db):
    run = complete(make_run(homepage=False))
    run.page(SITE, "home", dates=[{"label": "list", "date": ago(30)}])  # this crawl: stale
    observe_homepage(db, 20)
    storage.insert_probes(db, [probe(f"{ago(3)}T18:00:00+00:00", content_hash="home-v2")])
    assert of(run.check(), "site.homepage_stale") == []


def test_text_changing_under_the_same_newest_date_is_not_new(make_run, db):
    run = navigation_homepage(make_run(homepage=False))
    storage.insert_probes(
        db,
        [
            probe(f"{ago(d)}T12:00:00+00:00", content_hash=f"counter-{d}", newest_date=ago(40))
            for d in range(16, -1, -1)
        ],
    )
    [f] = of(run.check(), "site.homepage_stale")
    assert f["severity"] == "veto" and f["details"]["newest_date"] == ago(40)


def test_sparse_observations_fall_back_to_the_crawl(make_run, db):
    run = navigation_homepage(make_run(homepage=False))
    storage.insert_probes(
        db, [probe(f"{ago(d)}T12:00:00+00:00") for d in range(15, -1, -3)]
    )  # 6 days of the last 15 observed
    [f] = of(run.check(), "site.homepage_stale")
    assert f["details"]["cannot_tell"] and f["details"]["probes"]["history_sufficient"] is False
