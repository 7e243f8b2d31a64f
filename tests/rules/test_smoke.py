from rulekit import AS_OF, of


def test_clean_site_is_compliant(make_run):
    run = make_run()
    run.required()
    run.column("工作动态", "news", entries=[("动态一", AS_OF.isoformat())])
    res = run.check()
    print(res.findings)
    assert res.verdict == "合格", res.reasons
    assert [f for f in res.findings if f["severity"] != "info"] == []
    assert of(res, "check.error") == []
