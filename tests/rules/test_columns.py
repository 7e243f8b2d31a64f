"""column.missing, column.empty, column.unreadable, column.undated, column.stale (+ backdating)."""

from datetime import timedelta

import pytest
from rulekit import AS_OF, SITE, ago, of

from xxgk import storage


def fresh(run):
    run.column("工作动态", "news", entries=[("动态", AS_OF.isoformat())])


# ---- column.missing ----


def test_missing_required_column_fires(make_run):
    run = make_run()
    run.column("政府信息公开指南", "guide", kind="page")
    run.column("法定主动公开内容", "statutory", kind="page")
    run.column(
        "政府信息公开年报",
        "annual_report",
        entries=[("2025年政府信息公开工作年度报告", "2026-01-10")],
    )
    found = of(run.check(), "column.missing")
    assert [f["details"]["expected"] for f in found] == ["政府信息公开制度"]
    assert found[0]["severity"] == "fail"
    assert found[0]["message"] == "政府信息公开目录缺少“政府信息公开制度”栏目"


def test_complete_catalogue_does_not_fire(make_run):
    run = make_run()
    run.required()
    assert of(run.check(), "column.missing") == []


def test_variants_classes_and_breadcrumbs_count_as_present(make_run):
    run = make_run()
    run.column("信息公开指南", "other", kind="page")  # variant title
    run.column("规章制度", "system", kind="page")  # by class
    run.column(
        "通知公告",
        "notice",
        path="信息公开 > 法定主動公開內容 > 通知公告",  # breadcrumb, 繁体
        entries=[("通知", AS_OF.isoformat())],
    )
    run.column("年度報告", "other", entries=[("2025年政府信息公开工作年度报告", "2026-01-10")])
    assert of(run.check(), "column.missing") == []


def test_section_not_found_is_cannot_tell(make_run):
    run = make_run(section=False, error="未找到信息公开栏目")
    res = run.check()
    [f] = of(res, "column.missing")
    assert f["severity"] == "info" and f["details"]["cannot_tell"]
    assert res.verdict == "无法判断"
    assert any("未找到政府信息公开栏目" in r for r in res.reasons)


def test_capped_crawl_makes_missing_cannot_tell(make_run):
    run = make_run(stats={"pages": 5000, "capped": ["max_pages"]})
    run.column("政府信息公开指南", "guide", kind="page")
    found = of(run.check(), "column.missing")
    assert len(found) == 3 and all(f["severity"] == "info" for f in found)


def test_exempt_missing_column_from_site_options(make_run):
    run = make_run(options={"exempt": ["column.missing:政府信息公开制度"]})
    run.required()
    for cid in list(
        run.db["columns"].rows_where("run_id = ? and title = ?", [run.id, "政府信息公开制度"])
    ):
        run.db["columns"].delete(cid["id"])
    [f] = of(run.check(), "column.missing")
    assert f["severity"] == "info" and f["details"]["exempt"]["column"] == "政府信息公开制度"
    assert f["message"].endswith("（已报备豁免）")


# ---- column.empty ----


def test_empty_list_column_fires(make_run):
    run = make_run()
    run.required()
    cid = run.column("人事信息", "personnel", state="empty")
    [f] = of(run.check(), "column.empty")
    assert f["column_id"] == cid and f["severity"] == "fail"
    assert "空白栏目" in f["message"]


@pytest.mark.parametrize("state", ["ok", "unreadable", "unreachable", "undated"])
def test_other_states_are_never_empty(make_run, state):
    run = make_run()
    run.required()
    run.column(
        "人事信息",
        "personnel",
        state=state,
        entries=[("任免", AS_OF.isoformat())] if state == "ok" else [],
    )
    assert of(run.check(), "column.empty") == []


def test_navigation_parent_is_not_empty(make_run):
    run = make_run()
    run.required()
    parent = SITE + "col/parent.html"
    run.column("重点领域", "other", state="empty", url=parent, path="信息公开 > 重点领域")
    run.column(
        "财政预决算",
        "budget",
        path="信息公开 > 重点领域 > 财政预决算",
        parent_url=parent,
        entries=[("2026年部门预算", AS_OF.isoformat())],
    )
    assert of(run.check(), "column.empty") == []


@pytest.mark.parametrize("n,verdict", [(4, "合格"), (5, "不合格"), (6, "不合格")])
def test_empty_column_count_threshold(make_run, n, verdict):
    run = make_run()
    run.required()
    fresh(run)
    for i in range(n):
        run.column(f"空栏目{i}", "other", state="empty")
    res = run.check()
    assert len(of(res, "column.empty")) == n
    assert res.verdict == verdict, res.reasons
    if verdict == "不合格":
        assert any("空白栏目" in r and "单项否决" in r for r in res.reasons)


# ---- column.unreadable ----


@pytest.mark.parametrize("state,word", [("unreadable", "无法读取"), ("unreachable", "无法访问")])
def test_unreadable_columns_are_cannot_tell_never_empty_or_stale(make_run, state, word):
    run = make_run()
    run.required()
    cid = run.column("工作动态", "news", state=state, reason="list rendered by JavaScript")
    res = run.check()
    [f] = of(res, "column.unreadable")
    assert f["column_id"] == cid and f["severity"] == "info" and word in f["message"]
    assert f["details"]["cannot_tell"] and f["details"]["reason"] == "list rendered by JavaScript"
    assert of(res, "column.empty") == [] and of(res, "column.stale") == []
    assert res.cannot_tell >= 1


def test_readable_column_is_not_unreadable(make_run):
    run = make_run()
    run.required()
    fresh(run)
    assert of(run.check(), "column.unreadable") == []


def test_mostly_unreadable_site_cannot_be_judged(make_run):
    run = make_run()
    run.required()
    for i in range(8):
        run.column(f"栏目{i}", "news", state="unreadable")
    res = run.check()
    assert res.verdict == "无法判断"


# ---- column.undated ----


def test_list_without_any_date_text_counts_as_not_updated(make_run):
    run = make_run()
    run.required()
    cid = run.column("工作动态", "news", state="undated", date_texts=[])
    for i in range(3):
        run.entry(cid, f"无日期信息{i}", None, date_text=None)
    [f] = of(run.check(), "column.undated")
    assert f["severity"] == "fail" and "未注明发布时间" in f["message"]
    assert "视为不更新" in f["details"]["basis"]


def test_unparsed_date_text_is_our_failure(make_run):
    run = make_run()
    run.required()
    cid = run.column("工作动态", "news", state="undated", date_texts=["廿六年六月"])
    run.entry(cid, "信息", None, date_text="廿六年六月")
    [f] = of(run.check(), "column.undated")
    assert f["severity"] == "info" and f["details"]["cannot_tell"]
    assert "廿六年六月" in f["message"] and f["details"]["date_texts"] == ["廿六年六月"]


def test_dated_column_is_not_undated(make_run):
    run = make_run()
    run.required()
    fresh(run)
    assert of(run.check(), "column.undated") == []


def test_undated_profile_severity(make_run):
    run = make_run()
    run.required()
    run.column("工作动态", "news", state="undated", date_texts=None)
    [f] = of(run.check(profile={"severities": {"column.undated": "warn"}}), "column.undated")
    assert f["severity"] == "warn"


# ---- column.stale ----


@pytest.mark.parametrize(
    "cls,limit", [("news", 14), ("notice", 183), ("policy", 183), ("personnel", 365), ("plan", 365)]
)
@pytest.mark.parametrize("delta,fires", [(-1, False), (0, False), (1, True)])
def test_stale_boundaries(make_run, cls, limit, delta, fires):
    run = make_run()
    run.required()
    age = limit + delta
    cid = run.column("栏目", cls, entries=[("最新", ago(age)), ("更早", ago(age + 100))])
    found = of(run.check(), "column.stale")
    assert bool(found) is fires
    if fires:
        [f] = found
        assert f["column_id"] == cid and f["severity"] == "fail"
        d = f["details"]
        assert (d["days"], d["threshold_days"], d["latest_date"], d["as_of"]) == (
            age,
            limit,
            ago(age),
            AS_OF.isoformat(),
        )
        assert f["message"] == (
            f"栏目“栏目”最新信息发布于{ago(age)}，已{age}天未更新（要求{limit}天内）"
        )


def test_other_classes_have_no_freshness_rule(make_run):
    run = make_run()
    run.required()
    run.column("机构职能", "organisation", entries=[("机构", "2015-01-01")])
    assert of(run.check(), "column.stale") == []


def test_entries_after_as_of_do_not_count(make_run):
    run = make_run()
    run.required()
    run.column("工作动态", "news", entries=[("明天", ago(-3)), ("旧", ago(30))])
    [f] = of(run.check(), "column.stale")
    assert f["details"]["latest_date"] == ago(30)


def test_stale_from_latest_date_when_no_entries_stored(make_run):
    run = make_run()
    run.required()
    cid = run.column("工作动态", "news")
    storage.update_column(run.db, cid, latest_date=ago(40))
    [f] = of(run.check(), "column.stale")
    assert f["details"]["days"] == 40


def test_profile_class_keywords_and_thresholds(make_run):
    run = make_run()
    run.required()
    run.column("局长信箱回复", "other", entries=[("回复", ago(10))])
    prof = {"classes": {"信箱": "mailbox"}, "freshness": {"mailbox": 7}}
    [f] = of(run.check(profile=prof), "column.stale")
    assert f["details"]["class"] == "mailbox"


@pytest.mark.parametrize("n,verdict", [(4, "合格"), (5, "不合格")])
def test_stale_key_columns_threshold(make_run, n, verdict):
    run = make_run()
    run.required()
    for i in range(n):
        run.column(f"动态{i}", "news", entries=[("旧", ago(20))])
    res = run.check()
    assert res.verdict == verdict, res.reasons


def test_ten_long_not_updated_columns(make_run):
    run = make_run()
    run.required()
    for i in range(6):
        run.column(f"人事{i}", "personnel", entries=[("旧", ago(400))])
    for i in range(4):
        run.column(f"空{i}", "other", state="empty")
    res = run.check()
    assert res.verdict == "不合格"
    assert any("应更新但长期未更新的栏目共10个" in r for r in res.reasons)


# ---- backdating (issue #4 item 8) ----


def _two_runs(make_run, late_entry_date):
    first_as_of = AS_OF - timedelta(days=10)
    r1 = make_run(as_of=first_as_of)
    r1.required()
    url = SITE + "col/news.html"
    r1.column(
        "工作动态",
        "news",
        url=url,
        entries=[
            {"title": "甲", "published": ago(20), "url": SITE + "a/1.html"},
            {"title": "乙", "published": ago(25), "url": SITE + "a/2.html"},
            {"title": "丙", "published": ago(30), "url": SITE + "a/3.html"},
        ],
    )
    r1.check()
    r2 = make_run()
    r2.required()
    r2.column(
        "工作动态",
        "news",
        url=url,
        entries=[
            {"title": "补发", "published": late_entry_date, "url": SITE + "a/99.html"},
            {"title": "甲", "published": ago(20), "url": SITE + "a/1.html"},
            {"title": "乙", "published": ago(25), "url": SITE + "a/2.html"},
            {"title": "丙", "published": ago(30), "url": SITE + "a/3.html"},
        ],
    )
    return r2


def test_backdated_entry_does_not_make_a_column_fresh(make_run):
    run = _two_runs(make_run, ago(18))  # first seen now, dated 8 days before the previous run
    [f] = of(run.check(), "column.stale")
    d = f["details"]
    assert d["latest_date"] == ago(20)
    assert [b["url"] for b in d["possibly_backdated"]] == [SITE + "a/99.html"]
    assert d["backdated_excluded"] is True
    assert "疑似补发倒签" in f["message"]


def test_backdated_entry_counts_when_profile_says_so(make_run):
    run = _two_runs(make_run, ago(12))
    res = run.check(profile={"backdating": {"exclude_from_freshness": False}})
    assert of(res, "column.stale") == []


def test_new_entry_after_previous_run_is_not_backdated(make_run):
    run = _two_runs(make_run, ago(5))
    assert of(run.check(), "column.stale") == []


def test_entry_within_grace_days_is_not_backdated(make_run):
    run = _two_runs(make_run, ago(14))  # 4 days before the previous run: within the 7-day grace
    assert of(run.check(), "column.stale") == []


@pytest.mark.parametrize("n,verdict", [(9, "合格"), (10, "不合格")])
def test_long_not_updated_boundary(make_run, n, verdict):
    run = make_run()
    run.required()
    for i in range(n):
        run.column(f"规划{i}", "plan", entries=[("旧", ago(400))])
    assert run.check().verdict == verdict


@pytest.mark.parametrize("days_before,backdated", [(6, False), (7, False), (8, True)])
def test_backdating_grace_boundary(make_run, days_before, backdated):
    # previous run 10 days ago; an entry first seen now, dated `days_before` days before it
    run = _two_runs(make_run, ago(10 + days_before))
    found = of(run.check(), "column.stale")
    assert bool(found and found[0]["details"]["possibly_backdated"]) is backdated
