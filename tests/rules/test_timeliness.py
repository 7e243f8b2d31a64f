"""entry.late_publication and policy.interpretation_late: working days after 成文 / after
the policy document, with 国庆 2025 (Oct 1–8 off; Sun Sep 28 and Sat Oct 11 worked)."""

from datetime import date

import pytest
from rulekit import of

from rules.checks.timeliness import doc_keys, interpreted_title
from rules.workdays import OutsideCalendar, known_years, package_version, workdays_between

AS_OF = date(2026, 6, 30)


def test_workdays_count_holidays_and_adjusted_weekends():
    assert workdays_between(date(2025, 9, 26), date(2025, 9, 28)) == 1  # Sunday worked (调休)
    assert workdays_between(date(2025, 9, 30), date(2025, 10, 8)) == 0  # 国庆 and 中秋
    assert workdays_between(date(2025, 10, 10), date(2025, 10, 11)) == 1  # Saturday worked
    assert workdays_between(date(2025, 10, 11), date(2025, 10, 12)) == 0  # an ordinary Sunday
    assert workdays_between(date(2025, 9, 26), date(2025, 9, 26)) == 0
    assert package_version().startswith("chinesecalendar ")


def test_workdays_outside_the_calendar_raise():
    first, last = known_years()
    with pytest.raises(OutsideCalendar, match=str(last + 1)):
        workdays_between(date(last, 12, 20), date(last + 1, 1, 20))
    with pytest.raises(OutsideCalendar):
        workdays_between(date(first - 1, 3, 1), date(first - 1, 6, 1))


def article(run, written, published, *, label="发布日期", title="关于做好某项工作的通知"):
    cid = run.column("通知公告", "notice")
    url = f"{run.url}xxgk/tzgg/{written}-{published}.html"
    run.entry(cid, title, published, url=url)
    run.page(
        url,
        "article",
        title=title,
        published=published,
        dates=[{"label": "成文日期", "date": written}, {"label": label, "date": published}],
    )
    return cid, url


@pytest.mark.parametrize(
    ("written", "published", "workdays"),
    [
        ("2025-09-26", "2025-10-30", 20),  # across 国庆, the 20th working day: on time
        ("2025-09-26", "2025-10-31", 21),  # the 21st: late
        ("2025-09-08", "2025-10-11", 20),  # the adjusted Saturday is the 20th working day
        ("2025-09-05", "2025-10-11", 21),  # … and the 21st when written a working day earlier
    ],
)
def test_late_publication_boundary_across_national_day(make_run, written, published, workdays):
    run = make_run(as_of=AS_OF)
    cid, url = article(run, written, published)
    found = of(run.check(), "entry.late_publication")
    if workdays <= 20:
        assert found == []
        return
    (f,) = found
    assert f["severity"] == "warn" and f["url"] == url and f["column_id"] == cid
    d = f["details"]
    assert d["dates"] == {"成文日期": written, "发布日期": published}
    assert d["workdays"] == workdays and d["limit_workdays"] == 20
    assert d["calendar"] == package_version()
    assert "21个工作日" in f["message"]


def test_late_publication_fires_and_limit_comes_from_the_profile(make_run):
    run = make_run(as_of=AS_OF)
    article(run, "2026-03-02", "2026-05-20", label="发布时间")
    assert len(of(run.check(), "entry.late_publication", failing=True)) == 1
    lenient = {"entries": {"publication_limit_workdays": 60}}
    assert of(run.check(profile=lenient), "entry.late_publication") == []


def test_late_publication_needs_both_dates(make_run):
    run = make_run(as_of=AS_OF)
    article(run, "2026-01-05", "2026-05-20", label="发文日期")  # not a publication label
    cid = run.column("政策文件", "policy")
    url = f"{run.url}xxgk/zcwj/1.html"
    run.entry(cid, "某办法", "2026-05-20", url=url)
    run.page(url, "article", dates=[{"label": "发布日期", "date": "2026-05-20"}])
    assert of(run.check(), "entry.late_publication") == []


def test_outside_the_calendar_years_is_cannot_tell(make_run):
    first, last = known_years()
    run = make_run(as_of=date(last + 1, 6, 30))
    _, url = article(run, f"{first - 1}-03-03", f"{first - 1}-06-02")
    article(run, f"{last}-12-20", f"{last + 1}-02-10")
    article(run, f"{first - 1}-03-03", f"{first - 1}-03-20")  # ≤ 20 calendar days: on time
    found = of(run.check(), "entry.late_publication")
    assert len(found) == 2
    assert all(f["severity"] == "info" and f["details"]["cannot_tell"] for f in found)
    assert str(first - 1) in next(f for f in found if f["url"] == url)["details"]["reason"]


# ---- policy.interpretation_late --------------------------------------------------------

POLICY = "关于印发《某市促进消费若干措施》的通知（某府办发〔2025〕12号）"
STRICT = {"interpretation": {"mode": "strict"}}


def policy_run(make_run, interp_title, interp_day, doc_day="2025-09-30", column="政策文件"):
    run = make_run(as_of=AS_OF)
    run.column(column, "policy", entries=[(POLICY, doc_day)])
    run.column("政策解读", "policy", entries=[(interp_title, interp_day)])
    return run


@pytest.mark.parametrize(
    ("interp_day", "lag", "lenient_fires", "strict_fires"),
    [
        ("2025-09-30", 0, False, False),  # same day: 同步
        ("2025-10-11", 3, False, True),  # 10/9, 10/10 and the adjusted Saturday 10/11
        ("2025-10-13", 4, True, True),
    ],
)
def test_interpretation_lag_lenient_and_strict(
    make_run, interp_day, lag, lenient_fires, strict_fires
):
    run = policy_run(make_run, "《某市促进消费若干措施》解读", interp_day)
    lenient = of(run.check(), "policy.interpretation_late", failing=True)
    strict = of(run.check(profile=STRICT), "policy.interpretation_late", failing=True)
    assert bool(lenient) is lenient_fires and bool(strict) is strict_fires
    for found, allowed in ((lenient, 3), (strict, 0)):
        for f in found:
            assert f["details"]["lag_workdays"] == lag
            assert f["details"]["allowed_workdays"] == allowed
            assert f["details"]["document"]["title"] == POLICY
            assert f["details"]["dates"] == {"文件发布": "2025-09-30", "解读发布": interp_day}


@pytest.mark.parametrize(
    "title",
    [
        "关于《某市促进消费若干措施》的政策解读",
        "图解：某市促进消费若干措施",
        "一图读懂《某市促进消费若干措施》",
        "《某市促進消費若干措施》解讀",  # a mirror in traditional characters
    ],
)
def test_interpretation_titles_pair(make_run, title):
    run = policy_run(make_run, title, "2025-10-20")
    (f,) = of(run.check(), "policy.interpretation_late", failing=True)
    assert f["details"]["interpretation"]["title"] == title


def test_interpretation_without_a_pair_is_not_judged(make_run):
    run = policy_run(make_run, "《另一份文件》解读", "2026-01-20")
    assert of(run.check(), "policy.interpretation_late", failing=True) == []


def test_normative_document_without_interpretation(make_run):
    run = make_run(as_of=AS_OF)
    cid = run.column(
        "规范性文件", "policy", entries=[(POLICY, "2025-09-30"), ("某某管理办法", "2025-08-01")]
    )
    run.column("政策解读", "policy", entries=[("《某市促进消费若干措施》解读", "2025-09-30")])
    run.column("政策文件", "policy", entries=[("关于某某规范性文件的通知", "2025-07-01")])
    found = of(run.check(), "policy.interpretation_late")
    assert len(found) == 2  # one per column, the documents listed in the evidence
    f = next(f for f in found if f["column_id"] == cid)
    assert f["severity"] == "info" and f["details"]["missing"] == "政策解读"
    assert [e["title"] for e in f["details"]["entries"]] == ["某某管理办法"]
    assert f["details"]["count"] == 1
    raised = {"interpretation": {"missing_severity": "warn"}}
    assert len(of(run.check(profile=raised), "policy.interpretation_late", failing=True)) == 2


def test_titles_match_without_doc_number_and_quotes():
    assert (
        doc_keys(POLICY)
        == doc_keys("关于印发《某市促进消费若干措施》的通知")
        == {
            "关于印发某市促进消费若干措施的通知",
            "某市促进消费若干措施",
        }
    )
    assert interpreted_title("《关于印发《X办法》的通知》解读") == "关于印发《X办法》的通知"
    assert interpreted_title("某市促进消费若干措施") is None


def test_catalogues_of_normative_documents_need_no_interpretation(make_run):
    run = make_run(as_of=AS_OF)
    run.column(
        "政策文件",
        "policy",
        entries=[
            ("关于公布现行有效行政规范性文件目录的通知", "2025-10-09"),
            ("关于废止部分规范性文件的决定", "2025-10-10"),
        ],
    )
    assert of(run.check(), "policy.interpretation_late") == []


def test_missing_interpretation_is_cannot_tell_when_a_policy_column_was_not_read(make_run):
    run = make_run(as_of=AS_OF)
    run.column("规范性文件", "policy", entries=[("某某管理办法", "2025-08-01")])
    run.column("政策解读", "policy", state="unreadable", reason="rendered by script")
    (f,) = of(run.check(), "policy.interpretation_late")
    assert f["severity"] == "info" and f["details"]["cannot_tell"] is True
    assert "政策解读" in f["details"]["reason"] and f["details"]["count"] == 1
