"""site.redirected_offsite: the registrable domain (eTLD+1) decides, and the verdict
waits when the audited content belongs to another site."""

import pytest
from rulekit import AS_OF, of

from tests import factory
from xxgk import storage
from xxgk.urls import registrable_domain


def redirected(make_run, chain, role="home", url=None):
    run = make_run(url=url or chain[0])
    run.required()
    run.column("工作动态", "news", entries=[("动态", AS_OF.isoformat())])
    factory.rows(
        run.db,
        "redirects",
        run.id,
        {"role": role, "url": chain[0], "chain": chain, "final_url": chain[-1]},
    )
    return run


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("http://www.a.gov.cn/", "a.gov.cn"),
        ("http://b.a.gov.cn/x", "a.gov.cn"),  # gov.cn is a public suffix
        ("https://www.beijing.gov.cn/", "beijing.gov.cn"),
        ("http://evil.com/", "evil.com"),
        ("http://127.0.0.1:8000/", "127.0.0.1"),
        ("http://[::1/", ""),
    ],
)
def test_registrable_domain(host, domain):
    assert registrable_domain(host) == domain


def test_offsite_redirect_of_the_homepage_fires_and_the_verdict_waits(make_run):
    chain = ["http://www.a.gov.cn/", "http://www.a.gov.cn/index.html", "http://evil.com/"]
    res = redirected(make_run, chain).check()
    [f] = of(res, "site.redirected_offsite")
    assert f["severity"] == "fail"
    assert f["details"]["chain"] == chain and f["details"]["offsite_domain"] == "evil.com"
    assert res.verdict == "无法判断" and "evil.com" in res.reasons[0]


def test_offsite_redirect_of_the_section_fires(make_run):
    chain = ["http://www.a.gov.cn/xxgk/", "http://xxgk.b.gov.cn/"]
    res = redirected(make_run, chain, role="section", url="http://www.a.gov.cn/").check()
    [f] = of(res, "site.redirected_offsite")
    assert "信息公开栏目" in f["message"] and f["details"]["role"] == "section"


@pytest.mark.parametrize(
    "chain",
    [
        ["http://www.a.gov.cn/", "http://b.a.gov.cn/"],  # same registrable domain
        ["http://a.gov.cn/", "https://www.a.gov.cn/index.html"],  # scheme and www only
    ],
)
def test_redirect_within_the_site_does_not_fire(make_run, chain):
    res = redirected(make_run, chain).check()
    assert of(res, "site.redirected_offsite") == []
    assert res.verdict == "合格"


def test_no_redirects_table_rows_no_finding(make_run):
    run = make_run()
    run.required()
    run.column("工作动态", "news", entries=[("动态", AS_OF.isoformat())])
    assert of(run.check(), "site.redirected_offsite") == []


def test_exempt_written_as_a_string_is_one_rule(make_run):
    """`exempt: site.redirected_offsite` (a string) exempts that rule, not its letters."""
    chain = ["http://www.a.gov.cn/", "http://evil.com/"]
    run = redirected(make_run, chain)
    storage.update_run(run.db, run.id, options={"exempt": "site.redirected_offsite"})
    res = run.check()
    [f] = of(res, "site.redirected_offsite")
    assert f["severity"] == "info" and f["details"]["exempt"]
    assert res.verdict == "合格"
