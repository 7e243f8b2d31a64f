"""The score (rules/score.py) and what it does to the verdict (SPEC §4, 〔2019〕19号):
a veto means no score; deductions per indicator are capped; < 60 is 不合格 (exactly 60
passes); > 80 adds the 加分 part (exactly 80 does not); a department without public
services is scored out of 75 and scaled by 4/3; cannot-tell findings deduct nothing."""

import pytest
from rulekit import AS_OF, SITE, ago

from rules import load_profile, summarize
from rules.profile import ProfileError
from rules.score import score as score_of
from xxgk import storage

NATIONAL = load_profile().score
HOME = SITE


def finding(rule, n=0, severity="warn", column_id=None, **details):
    return {
        "rule": rule,
        "severity": severity,
        "column_id": column_id,
        "message": f"{rule} #{n}",
        "details": details,
        "fingerprint": f"{rule}|{n}|{column_id}",
    }


def links(n, on=HOME):
    return [finding("link.broken", i, found_on=[on]) for i in range(n)]


def score(rows, cfg, **kw):
    return score_of(rows, cfg, **{"homepage": HOME, **kw})


def indicator(result, key):
    return next(i for i in result.indicators if i.key == key)


# A two-indicator pack: 1 point per broken link (50), 0.1 per future date (50).
TENTHS = load_profile(
    {
        "score": {
            "indicators": [
                {
                    "key": "a",
                    "name": "甲",
                    "points": 50,
                    "deduct": [{"rules": ["link.broken"], "per": "finding", "points": 1}],
                },
                {
                    "key": "b",
                    "name": "乙",
                    "points": 50,
                    "deduct": [{"rules": ["entry.future_date"], "per": "finding", "points": 0.1}],
                },
            ],
            "bonus": [],
        }
    }
).score


def tenths(points_a, tenths_b):
    return links(points_a) + [finding("entry.future_date", i) for i in range(tenths_b)]


# ---- the pure function ----


def test_no_findings_full_marks_and_what_is_not_assessed():
    s = score([], NATIONAL)
    assert s.total == 100 and s.passed and not s.scaled and not s.vetoed
    assert s.bonus == 0  # above 80, but no 加分 indicator can be measured
    assert [b.assessed for b in s.bonus_indicators] == [False]
    assert "办事服务" in s.unassessed and "互动回应" in s.unassessed
    assert "加分指标（创新发展等）" in s.unassessed


def test_a_veto_finding_means_no_score():
    s = score([finding("site.homepage_stale", severity="veto"), *links(3)], NATIONAL)
    assert s.total is None and s.vetoed and s.passed is None and "单项否决" in s.reason


def test_a_veto_count_from_the_engine_means_no_score():
    s = score(links(1), NATIONAL, vetoes=["单项否决：空白栏目共5个"])
    assert s.total is None and s.vetoed


def test_cannot_tell_and_info_findings_deduct_nothing():
    s = score(
        [
            finding("column.missing", 1, severity="info", expected="政府信息公开指南"),
            finding("link.broken", 2, cannot_tell=True, found_on=[HOME]),
        ],
        NATIONAL,
    )
    assert s.total == 100 and all(not i.findings for i in s.indicators)


def test_homepage_links_one_point_elsewhere_a_tenth():
    s = score(links(2) + links(3, on=HOME + "xxgk/a.html"), NATIONAL)
    availability = indicator(s, "availability")
    assert availability.deduction == 2.3 and [d.points for d in availability.findings] == [
        1,
        1,
        0.1,
        0.1,
        0.1,
    ]
    assert s.total == 97.7


def test_an_indicators_deduction_never_exceeds_its_points():
    at_cap = indicator(score(links(15), NATIONAL), "availability")
    assert at_cap.deduction == 15 and not at_cap.capped
    over = score(links(40), NATIONAL)
    availability = indicator(over, "availability")
    assert availability.raw_deduction == 40 and availability.deduction == 15
    assert availability.capped and over.total == 85


def test_stale_columns_by_class_and_each_finding_once():
    classes = {1: "news", 2: "policy", 3: "personnel", 4: "other"}
    rows = [finding("column.stale", c, severity="fail", column_id=c) for c in classes]
    s = score(rows, NATIONAL, classes=classes)
    updates = indicator(s, "updates")
    assert [d.points for d in updates.findings] == [3, 4, 5, 3]
    assert updates.deduction == 15
    assert sum(len(i.findings) for i in s.indicators) == 4


def test_percent_of_failed_visits_and_no_measure_no_deduction():
    with_probes = finding("site.unreachable", 1, severity="fail", probes={"failure_share": 0.02})
    s = score([with_probes], NATIONAL)
    assert indicator(s, "availability").deduction == 10  # 2 % × 5 points
    bare = score([finding("site.unreachable", 2, severity="fail")], NATIONAL)
    (behind,) = indicator(bare, "availability").findings
    assert behind.points == 0 and behind.note and bare.total == 100


def test_exactly_the_pass_mark_passes_a_tenth_below_fails():
    at = score(tenths(40, 0), TENTHS)
    assert at.total == 60 and at.passed
    below = score(tenths(39, 11), TENTHS)
    assert below.deduction_part == 59.9 and below.passed is False


def test_bonus_only_above_the_threshold():
    at = score(tenths(20, 0), TENTHS)
    assert at.deduction_part == 80 and at.bonus is None and at.total == 80
    above = score(tenths(19, 9), TENTHS)
    assert above.deduction_part == 80.1 and above.bonus == 0 and above.total == 80.1


def test_without_public_services_out_of_75_scaled_by_four_thirds():
    full = score(links(15), NATIONAL)
    dept = score(links(15), NATIONAL, public_services=False)
    assert full.total == 85 and not full.scaled
    assert dept.scaled and dept.base == 75 and dept.total == 80  # (75 − 15) × 4/3
    services = indicator(dept, "services")
    assert not services.scored and services.deduction == 0
    assert "办事服务" not in dept.unassessed


def test_findings_of_an_unscored_services_indicator_deduct_nothing():
    pack = load_profile(
        {
            "score": {
                "indicators": [
                    {"key": "a", "name": "甲", "points": 75, "deduct": []},
                    {
                        "key": "s",
                        "name": "办事",
                        "points": 25,
                        "public_services": True,
                        "deduct": [{"rules": ["link.broken"], "per": "finding", "points": 5}],
                    },
                ]
            }
        }
    ).score
    assert score(links(2), pack).total == 90
    assert score(links(2), pack, public_services=False).total == 100


@pytest.mark.parametrize(
    "over, message",
    [
        ({"indicators+": [{"key": "x", "name": "x", "points": 1, "deduct": []}]}, "add up to 101"),
        (
            {
                "indicators": [
                    {
                        "key": "a",
                        "name": "a",
                        "points": 100,
                        "deduct": [{"rules": ["site.unreachable"], "per": "percent", "points": 5}],
                    }
                ]
            },
            "`measure` goes with `per: percent`",
        ),
        ({"pass_mark": "sixty"}, "score.pass_mark: expected a number"),
    ],
)
def test_a_bad_score_section_is_a_profile_error(over, message):
    with pytest.raises(ProfileError, match=message.replace("(", r"\(")):
        load_profile({"score": over})


# ---- through the engine: verdict, storage, run over run ----


def test_a_site_missing_the_platform_and_every_annual_report_is_not_合格(make_run, db):
    """Issue 11: column.missing counted toward nothing, so this site came out 合格."""
    run = make_run()
    run.column("工作动态", "news", entries=[("新", ago(1))])
    res = run.check()
    assert len([f for f in res.findings if f["rule"] == "column.missing"]) == 4
    assert [f for f in res.findings if f["rule"] == "annual_report.missing"]
    assert res.verdict == "不合格"
    assert res.reasons[0].startswith("不合格：政府信息公开平台栏目缺失")
    assert res.score.total == 75 and indicator(res.score, "disclosure").capped


def test_three_of_four_platform_columns_missing_is_scored_not_failed(make_run):
    run = make_run()
    run.required()
    run.db.execute("delete from columns where title != '政府信息公开年报' and run_id = ?", [run.id])
    run.column("工作动态", "news", entries=[("新", ago(1))])
    res = run.check()
    assert res.verdict == "合格" and res.score.total == 85
    assert res.reasons[-1].startswith("评分85分")


def test_below_the_pass_mark_is_不合格_with_the_reason(make_run):
    run = make_run()
    run.required()
    run.column("工作动态", "news", entries=[("旧", ago(30))])  # 3 points
    failed = run.check(profile={"score": {"pass_mark": 97.1}})
    assert failed.verdict == "不合格" and failed.reasons[0].startswith(
        "不合格：评分97分，低于97.1分"
    )
    passed = run.check(profile={"score": {"pass_mark": 97}})
    assert passed.verdict == "合格" and passed.score.total == 97


def test_score_stored_per_run_and_compared_with_the_previous(make_run, db):
    first = make_run(as_of=AS_OF)
    first.required()
    first.column("工作动态", "news", entries=[("新", ago(1))])
    assert first.check().score.total == 100
    second = make_run(as_of=AS_OF)
    second.required()
    second.column("工作动态", "news", entries=[("旧", ago(30))])
    res = second.check()
    assert res.score.total == 97 and res.previous_score == 100
    assert storage.get_run(db, second.id)["score"] == 97
    stored = storage.run_score(db, second.id)
    (behind,) = next(i for i in stored["indicators"] if i["key"] == "updates")["findings"]
    assert behind["rule"] == "column.stale" and behind["points"] == 3
    assert [h["score"] for h in storage.score_history(db, SITE)] == [100, 97]
    assert "评分 score: 97 分；信息更新扣3分" in summarize([res])
    assert "上次 100 分（-3.0）" in summarize([res])


def test_a_veto_is_stored_as_not_scored(make_run, db):
    run = make_run()
    run.required()
    for i in range(5):
        run.column(f"空白{i}", "other", state="empty")
    res = run.check()
    assert res.verdict == "不合格" and res.score.total is None and res.score.vetoed
    assert storage.get_run(db, run.id)["score"] is None
    assert storage.run_score(db, run.id)["vetoed"] is True
    assert "评分 score: 不评分（存在单项否决项" in summarize([res])


def test_an_incomplete_run_is_not_scored(make_run):
    run = make_run(status="interrupted")
    run.required()
    res = run.check()
    assert res.verdict == "无法判断" and res.score.total is None and not res.score.vetoed


def test_exempt_findings_deduct_nothing(make_run):
    run = make_run()
    run.required()
    run.column("工作动态", "news", entries=[("旧", ago(30))])
    res = run.check(profile={"exemptions": [{"rules": ["column.stale"], "reason": "报备"}]})
    assert res.score.total == 100


def test_a_department_declared_without_public_services_is_scaled(make_run):
    run = make_run()
    run.required()
    run.column("工作动态", "news", entries=[("旧", ago(30))])
    res = run.check(profile={"sites": {SITE: {"public_services": False}}})
    assert res.score.scaled and res.score.total == 96  # (75 − 3) × 4/3


def test_sites_yaml_public_services_false_reaches_the_score(make_run, tmp_path):
    from xxgk.app import inputs

    sites_file = tmp_path / "sites.yaml"
    sites_file.write_text(f"sites:\n  - {{url: '{SITE}', public_services: false}}\n", "utf-8")
    (spec,), warnings = inputs.sites(str(sites_file))
    assert not warnings and spec.run_options() == {"public_services": False}
    run = make_run(options=spec.run_options())
    run.required()
    assert run.check().score.scaled
    sites_file.write_text(f"sites:\n  - {{url: '{SITE}', public_services: 否}}\n", "utf-8")
    with pytest.raises(inputs.InputError, match="public_services 应是 true 或 false"):
        inputs.sites(str(sites_file))
