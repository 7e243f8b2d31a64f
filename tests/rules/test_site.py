"""site.unreachable and site.homepage_stale."""

import pytest
from rulekit import AS_OF, SITE, ago, of


def complete(run):
    run.required()
    run.column("工作动态", "news", entries=[("动态", AS_OF.isoformat())])
    return run


# ---- site.unreachable ----


def test_unreachable_homepage_fires_with_fetch_evidence(make_run):
    run = make_run(status="failed", error="HTTP 503", section=False, homepage=False)
    run.fetch(SITE, status=503)
    res = run.check()
    [f] = of(res, "site.unreachable")
    assert f["severity"] == "fail" and f["url"] == SITE
    assert "HTTP 503" in f["message"]
    assert f["details"]["fetch"]["status"] == 503
    assert res.verdict == "无法判断"  # one failed visit is not the 19号 veto
    assert of(res, "column.missing", failing=True) == []
    assert of(res, "annual_report.missing", failing=True) == []


def test_dns_error_in_run_without_fetch_rows(make_run):
    run = make_run(
        status="failed",
        error="DNS lookup failed for www.example.gov.cn",
        section=False,
        homepage=False,
    )
    [f] = of(run.check(), "site.unreachable")
    assert f["severity"] == "fail" and "DNS" in f["details"]["run_error"]


def test_failed_run_without_network_evidence_is_cannot_tell(make_run):
    run = make_run(status="failed", error="spider crashed: KeyError", section=False, homepage=False)
    [f] = of(run.check(), "site.unreachable")
    assert f["severity"] == "info" and f["details"]["cannot_tell"] is True


def test_anti_bot_status_is_cannot_tell(make_run):
    run = make_run(status="failed", error="HTTP 412", section=False, homepage=False)
    run.fetch(SITE, status=412)
    [f] = of(run.check(), "site.unreachable")
    assert f["severity"] == "info" and f["details"]["cannot_tell"]


def test_reachable_site_does_not_fire(make_run):
    run = complete(make_run())
    run.fetch(SITE, status=200)
    assert of(run.check(), "site.unreachable") == []


def test_retry_that_succeeded_does_not_fire(make_run):
    run = complete(make_run(homepage=False))
    run.fetch(SITE, status=None, error="timeout")
    run.fetch(SITE, status=200)
    assert of(run.check(), "site.unreachable") == []


def test_unreachable_section(make_run):
    run = complete(make_run())
    run.fetch(SITE + "xxgk/", status=404)
    [f] = of(run.check(), "site.unreachable")
    assert f["url"] == SITE + "xxgk/" and "信息公开栏目" in f["message"]


# ---- site.homepage_stale ----


@pytest.mark.parametrize("age,fires", [(13, False), (14, False), (15, True), (60, True)])
def test_homepage_stale_boundaries(make_run, age, fires):
    run = complete(make_run(homepage=False))
    run.page(
        SITE,
        "home",
        dates=[{"label": "list", "date": ago(age)}, {"label": "list", "date": ago(age + 30)}],
    )
    found = of(run.check(), "site.homepage_stale")
    assert bool(found) is fires
    if fires:
        [f] = found
        assert f["severity"] == "veto"
        assert f["details"]["days"] == age and f["details"]["threshold_days"] == 14
        assert f["details"]["latest_date"] == ago(age)
        assert f"已{age}天未更新（要求14天内）" in f["message"]


def test_homepage_stale_is_a_veto(make_run):
    run = complete(make_run(homepage=False))
    run.page(SITE, "home", dates=[{"label": "list", "date": ago(40)}])
    res = run.check()
    assert res.verdict == "不合格"
    assert res.reasons[0].startswith("单项否决：首页")


def test_future_homepage_dates_do_not_make_it_fresh(make_run):
    run = complete(make_run(homepage=False))
    run.page(
        SITE,
        "home",
        dates=[{"label": "list", "date": ago(-30)}, {"label": "发布日期", "date": ago(20)}],
    )
    [f] = of(run.check(), "site.homepage_stale")
    assert f["details"]["latest_date"] == ago(20)


def test_homepage_without_dates_is_cannot_tell(make_run):
    run = complete(make_run(homepage=False))
    run.page(SITE, "home", dates=[])
    [f] = of(run.check(), "site.homepage_stale")
    assert f["severity"] == "info" and f["details"]["cannot_tell"]


def test_homepage_threshold_from_profile(make_run):
    run = complete(make_run(homepage=False))
    run.page(SITE, "home", dates=[{"label": "list", "date": ago(20)}])
    assert of(run.check(profile={"homepage": {"max_age_days": 30}}), "site.homepage_stale") == []


def test_homepage_over_the_size_cap_is_cannot_tell_not_unreachable(make_run):
    run = make_run(
        status="failed",
        error="网站首页无法读取：页面过大，超过下载上限，未读取",
        section=False,
        homepage=False,
    )
    run.fetch(SITE, status=None, error="页面过大，超过下载上限，未读取")
    res = run.check()
    assert of(res, "site.unreachable", failing=True) == []
    [f] = of(res, "site.unreachable", failing=False)
    assert "无法读取" in f["message"]
