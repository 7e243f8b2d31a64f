"""link.broken, entry.future_date, content.duplicate_across_columns, security.injected_link."""

from datetime import date, timedelta

import pytest
from rulekit import AS_OF, SITE, ago, of, seed


def base(make_run, **kw):
    run = make_run(**kw)
    run.required()
    run.column("工作动态", "news", entries=[("动态", AS_OF.isoformat())])
    return run


# ---- link.broken ----


def test_broken_link_fires_with_referrer(make_run):
    run = base(make_run)
    run.page(SITE + "xxgk/list.html", "list", title="通知公告")
    run.fetch(SITE + "gone.html", status=404, found_on=SITE + "xxgk/list.html")
    [f] = of(run.check(), "link.broken")
    assert f["severity"] == "warn" and f["url"] == SITE + "gone.html"
    assert f["details"]["found_on"] == [SITE + "xxgk/list.html"] and f["details"]["status"] == 404
    assert "通知公告" in f["message"] and "HTTP 404" in f["message"]


@pytest.mark.parametrize(
    "status,error",
    [(500, None), (None, "timeout"), (None, "DNS lookup failed"), (None, "redirect loop")],
)
def test_server_errors_and_timeouts_are_broken(make_run, status, error):
    run = base(make_run)
    run.fetch(SITE + "x.html", status=status, error=error)
    assert len(of(run.check(), "link.broken", failing=True)) == 1


@pytest.mark.parametrize(
    "status,error", [(200, None), (301, None), (None, "too large"), (None, "not html")]
)
def test_working_links_and_crawler_decisions_are_not_broken(make_run, status, error):
    run = base(make_run)
    run.fetch(SITE + "x.html", status=status, error=error)
    assert of(run.check(), "link.broken") == []


def test_retry_that_succeeded_is_not_broken(make_run):
    run = base(make_run)
    run.fetch(SITE + "x.html", status=503)
    run.fetch(SITE + "x.html", status=200)
    assert of(run.check(), "link.broken") == []


def test_head_refused_then_get_answered_is_judged_on_the_get(make_run):
    # link checks ask HEAD first; a 405 is the server refusing HEAD, the GET decides
    run = base(make_run)
    run.fetch(SITE + "files/form.doc", status=405, found_on=SITE + "xxgk/a.html")
    run.fetch(SITE + "files/form.doc", status=200, found_on=SITE + "xxgk/a.html")
    run.fetch(SITE + "files/gone.xls", status=405, found_on=SITE + "xxgk/a.html")
    run.fetch(SITE + "files/gone.xls", status=404, found_on=SITE + "xxgk/a.html")
    [f] = of(run.check(), "link.broken")
    assert f["url"] == SITE + "files/gone.xls" and f["details"]["status"] == 404


def test_links_to_other_sites_are_not_this_sites_broken_links(make_run):
    run = base(make_run)
    run.fetch("http://www.example-province.gov.cn/x.html", error="DNS lookup failed")
    assert of(run.check(), "link.broken") == []


def test_anti_bot_statuses_are_one_cannot_tell(make_run):
    run = base(make_run)
    for i in range(3):
        run.fetch(f"{SITE}p{i}.html", status=412)
    [f] = of(run.check(), "link.broken")
    assert f["severity"] == "info" and f["details"]["count"] == 3


def test_homepage_failure_is_not_a_broken_link(make_run):
    run = make_run(status="failed", homepage=False, section=False)
    run.fetch(SITE, status=500)
    assert of(run.check(), "link.broken") == []


# ---- entry.future_date ----


@pytest.mark.parametrize("ahead,fires", [(0, False), (1, False), (2, True), (30, True)])
def test_future_date_boundaries(make_run, ahead, fires):
    run = base(make_run)
    cid = run.column("通知公告", "notice")
    run.entry(cid, "未来的通知", ago(-ahead), url=SITE + "future.html")
    found = of(run.check(), "entry.future_date")
    assert bool(found) is fires  # grace of one day (profile entries.future_grace_days)
    if fires:
        [f] = found
        assert f["url"] == SITE + "future.html" and f["severity"] == "warn"
        assert f["details"]["published"] == ago(-ahead)


def test_future_date_without_grace(make_run):
    run = base(make_run)
    cid = run.column("通知公告", "notice")
    run.entry(cid, "明天的通知", ago(-1))
    res = run.check(profile={"entries": {"future_grace_days": 0}})
    assert len(of(res, "entry.future_date")) == 1


def test_judging_old_data_as_of_an_earlier_day(make_run):
    # Crawled on AS_OF; judged as of 10 days earlier: entries real at crawl time are not "future".
    run = base(make_run)
    cid = run.column("通知公告", "notice")
    run.entry(cid, "上周的通知", ago(3))
    assert of(run.check(as_of=AS_OF - timedelta(days=10)), "entry.future_date") == []


# ---- content.duplicate_across_columns ----


def test_same_document_in_two_columns(make_run):
    run = base(make_run)
    a = run.column("通知公告", "notice")
    b = run.column("政策文件", "policy")
    run.entry(a, "关于做好2026年防汛抗旱工作的通知", ago(3), url=SITE + "a/1.html")
    run.entry(b, "关于做好2026年防汛抗旱工作的通知", ago(2), url=SITE + "b/9.html")
    [f] = of(run.check(), "content.duplicate_across_columns")
    assert f["severity"] == "warn"
    assert sorted(f["details"]["urls"]) == [SITE + "a/1.html", SITE + "b/9.html"]
    assert "2个栏目重复发布" in f["message"]


@pytest.mark.parametrize(
    "case", ["same_url", "parent_child", "short_title", "far_apart", "same_column"]
)
def test_not_duplicates(make_run, case):
    run = base(make_run)
    title = "通知" if case == "short_title" else "关于做好2026年防汛抗旱工作的通知"
    parent_url = SITE + "col/p.html"
    a = run.column("通知公告", "notice", url=parent_url, path="信息公开 > 通知公告")
    b = (
        a
        if case == "same_column"
        else run.column("防汛", "notice", path="信息公开 > 通知公告 > 防汛")
        if case == "parent_child"
        else run.column("政策文件", "policy")
    )
    run.entry(a, title, ago(3), url=SITE + "a/1.html")
    run.entry(
        b,
        title,
        ago(60 if case == "far_apart" else 3),
        url=SITE + ("a/1.html" if case == "same_url" else "b/9.html"),
    )
    assert of(run.check(), "content.duplicate_across_columns") == []


# ---- security.injected_link ----


def test_hidden_gambling_link_is_a_veto(make_run):
    run = base(make_run)
    run.page(
        SITE + "art/1.html",
        title="通知",
        hidden_links=[
            {"href": "http://www.321365.com/", "text": "澳门葡京", "why": "display:none"}
        ],
    )
    res = run.check()
    [f] = of(res, "security.injected_link")
    assert f["severity"] == "veto" and f["url"] == SITE + "art/1.html"
    assert f["details"]["hidden_links"][0]["href"] == "http://www.321365.com/"
    assert res.verdict == "不合格"


def test_legitimate_hidden_links_are_not_flagged(make_run):
    run = base(make_run)
    run.page(
        SITE + "art/1.html",
        title="通知",
        hidden_links=[
            {"href": "https://beian.miit.gov.cn/", "text": "京ICP备", "why": "display:none"},
            {"href": "http://www.gov.cn/", "text": "中国政府网", "why": "visibility:hidden"},
            {"href": "https://xxgk.example.gov.cn/a.html", "text": "本站", "why": "display:none"},
            {"href": "javascript:void(0)", "text": "", "why": "display:none"},
        ],
    )
    assert of(run.check(), "security.injected_link") == []


def test_hidden_link_without_spam_is_a_warning(make_run):
    run = base(make_run)
    run.page(
        SITE + "art/1.html",
        title="通知",
        hidden_links=[{"href": "https://shop.example.com/", "text": "商城", "why": "off-screen"}],
    )
    [f] = of(run.check(), "security.injected_link")
    assert f["severity"] == "warn"


def test_seed_003_injected_spam_text(make_run):
    run = base(make_run)
    run.page(SITE + "art/2016.html", title="盤錦市2016年度政府信息公開工作報告", text=seed("003"))
    [f] = of(run.check(), "security.injected_link")
    words = {w["word"] for w in f["details"]["spam_words"]}
    assert {"色香蕉", "影音先锋", "久久精品"} <= words and f["severity"] == "veto"


def test_seed_004_polluted_title(make_run):
    run = base(make_run)
    title = [ln for ln in seed("004").splitlines() if "年度报告" in ln][0].strip()
    cid = run.column("政府信息公开年报", "annual_report")
    run.entry(cid, title, "2014-04-03", url=SITE + "nb/2013.html")
    [f] = of(run.check(), "security.injected_link")
    assert f["details"]["spam_domains"] == ["www.321365.com"] and f["url"] == SITE + "nb/2013.html"


def test_crawler_spam_words_in_a_law_enforcement_article_are_ignored(make_run):
    run = base(make_run)
    run.page(
        SITE + "art/3.html",
        title="严厉打击网络赌博",
        text="公安机关依法严厉打击百家乐等网络赌博违法犯罪活动。",
        spam_words=[{"word": "百家乐", "context": "严厉打击百家乐等网络赌博"}],
    )
    assert of(run.check(), "security.injected_link") == []


def test_keywords_are_profile_data(make_run):
    run = base(make_run)
    run.page(SITE + "art/4.html", title="通知", text="欢迎访问幸运飞艇官方平台，注册即送。")
    assert of(run.check(), "security.injected_link") == []
    res = run.check(profile={"security": {"spam_keywords+": ["幸运飞艇"]}})
    assert len(of(res, "security.injected_link")) == 1


def test_clean_pages_are_not_flagged(make_run):
    run = base(make_run)
    run.page(
        SITE + "art/5.html",
        title="关于开展消防检查的通知",
        text="各单位：请于6月底前完成自查。" * 20,
    )
    assert of(run.check(), "security.injected_link") == []


def test_future_dates_use_the_crawl_date_not_today(make_run):
    run = make_run(as_of=date(2020, 1, 10))
    cid = run.column("通知公告", "notice")
    run.entry(cid, "通知", "2020-01-20", url=SITE + "n.html")
    run.entry(cid, "通知", "2020-01-09")
    assert [f["url"] for f in of(run.check(), "entry.future_date")] == [SITE + "n.html"]


def test_title_scan_survives_separator_characters(make_run):
    run = base(make_run)
    cid = run.column("通知公告", "notice")
    run.entry(cid, "奇怪\x01的标题", ago(1), url=SITE + "odd.html")
    run.entry(cid, "www.888365.com关于开展检查的通知", ago(1), url=SITE + "spam.html")
    [f] = of(run.check(), "security.injected_link")
    assert f["url"] == SITE + "spam.html"


@pytest.mark.parametrize("apart,fires", [(6, True), (7, True), (8, False)])
def test_duplicate_window_boundary(make_run, apart, fires):
    run = base(make_run)
    a = run.column("通知公告", "notice")
    b = run.column("政策文件", "policy")
    run.entry(a, "关于做好2026年防汛抗旱工作的通知", ago(20), url=SITE + "a/1.html")
    run.entry(b, "关于做好2026年防汛抗旱工作的通知", ago(20 - apart), url=SITE + "b/9.html")
    assert bool(of(run.check(), "content.duplicate_across_columns")) is fires
