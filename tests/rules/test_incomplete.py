"""A run that did not complete is never judged 合格 (nor 不合格): SPEC §2."""

import pytest
from rulekit import AS_OF, ago

from xxgk import storage


@pytest.mark.parametrize(
    ("status", "says"),
    [("running", "尚未结束"), ("interrupted", "中断"), ("failed", "未完成"), ("", "状态未知")],
)
def test_incomplete_run_with_clean_content_is_cannot_tell(make_run, status, says):
    run = make_run(status=status or "completed")
    if not status:
        storage.update_run(run.db, run.id, status=None)
    run.required()
    run.column("工作动态", "news", entries=[("新", AS_OF.isoformat())])
    res = run.check()
    assert res.verdict == "无法判断" and says in res.reasons[0]


def test_veto_found_before_an_interruption_is_listed_not_judged(make_run):
    run = make_run(
        status="interrupted", error="抓取进程（pid 1234）已不存在，抓取未正常结束", homepage=False
    )
    run.required()
    run.page(run.url, "home", dates=[{"label": "list", "date": ago(60)}])
    res = run.check()
    assert res.verdict == "无法判断"
    assert "pid 1234" in res.reasons[0]
    assert any(r.startswith("仅供参考——单项否决") for r in res.reasons)


def test_a_section_with_no_readable_column_is_cannot_tell(make_run):
    """Nothing read is no evidence of compliance: no column, or only columns we could not
    read, is never 合格."""
    run = make_run()
    assert run.check().verdict == "无法判断"
    run.column("通知公告", "notice", state="unreachable")
    res = run.check()
    assert res.verdict == "无法判断" and any("没有读到任何栏目" in r for r in res.reasons)
