"""Profiles: the national default, merging a user file, and errors that name the key."""

from datetime import date

import pytest
import yaml
from rulekit import AS_OF, of

from rules import ProfileError, load_profile
from rules.profile import NATIONAL, Profile


def test_national_defaults():
    p = load_profile()
    assert p.name == "national"
    assert p.freshness == {"news": 14, "notice": 183, "policy": 183, "personnel": 365, "plan": 365}
    assert p.homepage.max_age_days == 14
    assert [r["title"] for r in p.data["required_columns"]] == [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
    ]
    assert p.annual_report.first_due_year == 2019
    assert p.annual_report.copied.threshold == 0.5
    counts = {c.min for c in p.verdict.fail_counts}
    assert counts == {5, 10}


def test_deadlines_by_regime_and_level():
    p = load_profile()
    assert p.deadline(2013, "department") == date(2014, 3, 31)  # 2008 rule: Mar 31 for all
    assert p.deadline(2018, "department") == date(2019, 3, 31)
    assert p.deadline(2019, "department") == date(2020, 1, 31)  # 2019 rule Art. 49
    assert p.deadline(2019, "government") == date(2020, 3, 31)


def test_templates_by_year():
    p = load_profile()
    assert p.template_for(2018) is None
    assert not p.template_for(2020).check  # 试行 kept, not enforced
    t = p.template_for(2021)
    assert t.check and len(t.headings) == 6
    assert t.headings[3].title == "政府信息公开行政复议、行政诉讼情况"
    assert "因政府信息公开工作被申请行政复议和提起行政诉讼情况" in t.headings[3].variants


def test_every_national_value_cites_a_source():
    text = NATIONAL.read_text(encoding="utf-8")
    for key in (
        "news: 14",
        "notice: 183",
        "max_age_days: 14",
        "first_due_year: 2019",
        "min: 5",
        "min: 10",
        "threshold: 0.5",
    ):
        line = next(ln for ln in text.splitlines() if key in ln)
        assert "#" in line, f"{key} has no source comment"


def test_user_file_merges_over_defaults(tmp_path):
    f = tmp_path / "province.yaml"
    f.write_text(
        "freshness:\n  news: 7\nsecurity:\n  allow_domains+: [example.org]\n"
        "required_columns:\n  - title: 财政预决算\n    classes: [budget]\n",
        encoding="utf-8",
    )
    p = load_profile(f)
    assert p.name == "province"
    assert p.freshness["news"] == 7 and p.freshness["notice"] == 183  # merged key by key
    assert "example.org" in p.security.allow_domains
    assert "gov.cn" in p.security.allow_domains  # `+` appends
    assert [r["title"] for r in p.data["required_columns"]] == ["财政预决算"]  # lists replace


@pytest.mark.parametrize(
    "yaml_text,key",
    [
        ("freshness:\n  news: two weeks\n", "freshness.news"),
        ("freshness:\n  news: -1\n", "freshness.news"),
        ("homepage:\n  max_age_dayz: 3\n", "homepage.max_age_dayz"),
        ("thresholds:\n  news: 3\n", "thresholds"),
        ("severities:\n  column.stal: warn\n", "severities.column.stal"),
        ("severities:\n  column.stale: fatal\n", "severities.column.stale"),
        (
            "annual_report:\n  deadlines:\n    - department: '02-30'\n      government: '03-31'\n",
            "annual_report.deadlines[0].department",
        ),
        ("annual_report:\n  copied:\n    threshold: 1.5\n", "annual_report.copied.threshold"),
        (
            "verdict:\n  fail_counts:\n    - label: x\n      rules: [column.stale]\n",
            "verdict.fail_counts[0].min",
        ),
        ("exemptions:\n  - rules: [colum.*]\n", "exemptions[0].rules[0]"),
        ("exemptions:\n  - rules: [column.empty]\n    until: someday\n", "exemptions[0].until"),
        ("sites:\n  https://a.gov.cn/:\n    level: county\n", "sites.https://a.gov.cn/.level"),
        ("security:\n  allow_domains+: example.org\n", "security.allow_domains+"),
    ],
)
def test_bad_profile_names_the_key(tmp_path, yaml_text, key):
    f = tmp_path / "bad.yaml"
    f.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_profile(f)
    assert key in str(err.value)
    assert "bad.yaml" in str(err.value)


def test_unreadable_and_malformed_files(tmp_path):
    with pytest.raises(ProfileError, match="cannot read"):
        load_profile(tmp_path / "nope.yaml")
    f = tmp_path / "broken.yaml"
    f.write_text("freshness: [news: 1\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="not valid YAML"):
        load_profile(f)
    f.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="mapping"):
        load_profile(f)


def test_mapping_profile_and_severity_override(make_run):
    run = make_run()
    run.required()
    run.column("工作动态", "news", entries=[("旧闻", "2026-01-01")])
    res = run.check(profile=load_profile({"severities": {"column.stale": "warn"}}))
    assert [f["severity"] for f in of(res, "column.stale")] == ["warn"]


def test_site_profile_from_run_options(make_run, tmp_path):
    f = tmp_path / "site.yaml"
    f.write_text("freshness:\n  news: 400\n", encoding="utf-8")
    run = make_run(options={"profile": str(f)})
    run.required()
    run.column("工作动态", "news", entries=[("旧闻", "2026-01-01")])
    res = run.check()
    assert of(res, "column.stale") == []
    assert res.profile == "site"


def test_broken_site_profile_is_cannot_tell_not_a_crash(make_run, tmp_path):
    f = tmp_path / "site.yaml"
    f.write_text("freshness:\n  news: soon\n", encoding="utf-8")
    run = make_run(options={"profile": str(f)})
    res = run.check(as_of=AS_OF)
    assert res.verdict == "无法判断"
    assert "freshness.news" in res.reasons[0]
    assert [f["rule"] for f in res.findings] == ["check.error"]


def test_explicit_bad_profile_raises(make_run, tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("homepage:\n  max_age_days: x\n", encoding="utf-8")
    run = make_run()
    with pytest.raises(ProfileError, match="homepage.max_age_days"):
        run.check(profile=str(f))


@pytest.mark.parametrize(
    "path",
    [
        ("homepage", "max_age_days"),
        ("annual_report", "copied", "threshold"),
        ("security", "legit_context_chars"),
        ("probes", "unreachable", "failure_share"),
        ("verdict", "max_unreadable_share"),
    ],
)
def test_a_missing_threshold_is_a_profile_error_not_a_default(tmp_path, path):
    data = yaml.safe_load(NATIONAL.read_text(encoding="utf-8"))
    section = data
    for key in path[:-1]:
        section = section[key]
    del section[path[-1]]
    f = tmp_path / "national.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_profile(f, base=Profile("empty", {}))  # national itself, as written in `f`
    assert str(err.value).endswith(f"{'.'.join(path)}: required key missing")
    assert "\n" not in str(err.value)


def test_sections_are_typed():
    profile = load_profile({"security": {"legit_context_chars": 30}})
    assert profile.security.legit_context_chars == 30
    assert profile.homepage.max_age_days == 14
    assert profile.annual_report.copied.unit == "sentence"
    assert profile.verdict.fail_counts[1].rules == ("column.empty",)
    assert profile.links.blocked_status == (401, 403, 412, 429)


def test_a_site_entry_matches_every_spelling_of_the_site_url():
    profile = load_profile(
        {
            "sites": {
                "https://www.a.gov.cn/index.html": {"level": "department", "exempt": ["link.*"]}
            }
        }
    )
    for url in ("http://a.gov.cn", "https://www.a.gov.cn/", "a.gov.cn/index.htm"):
        assert profile.site(url) == {"level": "department", "exempt": ["link.*"]}
    assert profile.site("https://b.a.gov.cn/") == {}
