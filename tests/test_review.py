"""Review of findings (`xxgk review`): a dismissal leaves the verdict while the evidence
is unchanged and lapses when it changes; a confirmation keeps the finding counted; the
report lists 已复核排除; the XLSX review columns round-trip through `--import`."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from reports import render
from reports.model import index_rows, site_report
from reports.xlsx import DECISION, FINDING_HEADERS, FINDINGS_SHEET, FINGERPRINT, REASON, REVIEWER
from rules.engine import counted_findings, details_of
from rules.review import evidence_hash
from tests.rules.rulekit import AS_OF, SITE, Run, ago
from xxgk import storage
from xxgk.app import review as reviews
from xxgk.app.audit import CannotRun
from xxgk.cli import main

STALE = "site.homepage_stale"


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "audit.db")


def _stale_homepage(db_path: str, homepage_date: str, as_of: date = AS_OF) -> Run:
    """A site whose only problem is a homepage not updated for weeks: a veto, 不合格."""
    run = Run(storage.open_db(db_path), as_of=as_of, homepage=False)
    run.required()
    run.page(SITE, "home", dates=[{"label": "list", "date": homepage_date}])
    return run


def _fingerprint(result, rule: str = STALE) -> str:
    [finding] = [f for f in result.findings if f["rule"] == rule]
    return str(finding["fingerprint"])


def _finding(result, rule: str = STALE) -> dict:
    [finding] = [f for f in result.findings if f["rule"] == rule]
    return finding


def test_a_dismissed_veto_leaves_the_verdict_and_stays_stored(db_path):
    run = _stale_homepage(db_path, ago(60))
    first = run.check()
    assert first.verdict == "不合格"
    reviews.review(
        db_path, _fingerprint(first), "dismissed", "首页为导航页，按规定检查二级页面", "张三"
    )
    db = storage.open_db(db_path)
    assert storage.get_run(db, run.id)["verdict"] == "不合格"  # until it is checked again
    res = run.check()
    assert res.verdict == "合格"
    found = _finding(res)
    assert found["severity"] == "info" and found not in counted_findings(res.findings)
    mark = details_of(found)["review"]
    assert mark["decision"] == "dismissed" and mark["severity"] == "veto"
    assert mark["reviewer"] == "张三" and "lapsed" not in mark
    stored = [f for f in storage.findings(db, run.id) if f["rule"] == STALE]
    assert len(stored) == 1  # kept, flagged, for the report
    assert "已复核排除" in _summary(res)


def _summary(result) -> str:
    from rules import summarize

    return summarize([result])


def _without_guide(db_path: str, url: str) -> Run:
    run = Run(storage.open_db(db_path), url=url)
    run.column("政府信息公开制度", "system", kind="page", state="ok")
    run.column("法定主动公开内容", "statutory", kind="page", state="ok")
    return run


def test_a_fingerprint_at_two_sites_needs_the_site_and_reviews_only_it(db_path):
    run, other = _without_guide(db_path, SITE), _without_guide(db_path, "https://other.gov.cn/")
    missing = "column.missing"
    fp = [f["fingerprint"] for f in run.check().findings if f["rule"] == missing][0]
    # a missing column's fingerprint is its expected title: the same at every site
    assert fp in [f["fingerprint"] for f in other.check().findings]
    with pytest.raises(CannotRun, match="2 sites"):
        reviews.review(db_path, fp, "dismissed", "误报", "张三")
    reviews.review(db_path, fp, "dismissed", "误报", "张三", site="http://example.gov.cn")
    mine = [f for f in run.check().findings if f["fingerprint"] == fp]
    theirs = [f for f in other.check().findings if f["fingerprint"] == fp]
    assert [details_of(f)["review"]["decision"] for f in mine] == ["dismissed"]
    assert [details_of(f).get("review") for f in theirs] == [None]


def test_dismissal_persists_while_the_evidence_is_unchanged(db_path):
    run = _stale_homepage(db_path, ago(60))
    reviews.review(db_path, _fingerprint(run.check()), "dismissed", "导航页", "张三")
    # a month later the homepage still shows the same date: more days, same evidence
    later = AS_OF + timedelta(days=30)
    nxt = _stale_homepage(db_path, ago(60), as_of=later)
    res = nxt.check()
    found = _finding(res)
    assert found["change"] == "persisting" and res.verdict == "合格"
    assert details_of(found)["review"]["decision"] == "dismissed"


def test_dismissal_lapses_when_the_evidence_changes(db_path):
    run = _stale_homepage(db_path, ago(60))
    reviews.review(db_path, _fingerprint(run.check()), "dismissed", "导航页", "张三")
    nxt = _stale_homepage(db_path, ago(40), as_of=AS_OF + timedelta(days=1))
    res = nxt.check()
    found = _finding(res)
    assert res.verdict == "不合格" and found["severity"] == "veto"
    assert details_of(found)["review"]["lapsed"] is True
    html = render.render_site(nxt.db, nxt.id, Path(db_path).parent / "out", formats=("html",))
    text = html[0].read_text(encoding="utf-8")
    assert "已复核排除已失效" in text and 'id="sec-dismissed"' not in text


def test_evidence_hash_ignores_day_counters_and_marks_but_not_the_evidence():
    row = {
        "rule": "column.stale",
        "url": "http://www.example.gov.cn/a/",
        "year": None,
        "details": {"latest_date": "2026-01-01", "days": 40, "as_of": "2026-02-10"},
    }
    same = {
        **row,
        "url": "https://example.gov.cn/a/",
        "details": {
            "latest_date": "2026-01-01",
            "days": 41,
            "as_of": "2026-02-11",
            "exempt": {"reason": "x"},
            "review": {"decision": "dismissed"},
        },
    }
    moved = {**row, "details": {**row["details"], "latest_date": "2026-01-02"}}
    stored = {**row, "details": storage.dumps(row["details"])}
    assert evidence_hash(row) == evidence_hash(same) == evidence_hash(stored)
    assert evidence_hash(row) != evidence_hash(moved)


def test_a_confirmed_finding_keeps_counting_and_is_marked(db_path):
    run = _stale_homepage(db_path, ago(60))
    reviews.review(db_path, _fingerprint(run.check()), "confirmed", "", "李四")
    res = run.check()
    found = _finding(res)
    assert res.verdict == "不合格" and found in counted_findings(res.findings)
    report = site_report(run.db, run.id)
    [shown] = [f for f in report.findings if f.rule == STALE]
    assert shown.review and shown.review.confirmed and not report.dismissed
    assert report.summary["veto"] == 1
    [path] = render.render_site(run.db, run.id, Path(db_path).parent / "out", formats=("html",))
    assert 'class="mark mark-confirmed">已复核确认</span> 李四' in path.read_text(encoding="utf-8")


def test_a_later_decision_replaces_the_earlier_one(db_path):
    run = _stale_homepage(db_path, ago(60))
    fp = _fingerprint(run.check())
    reviews.review(db_path, fp, "dismissed", "导航页", "张三")
    reviews.review(db_path, fp, "confirmed", "复查后确认", "李四")
    assert run.check().verdict == "不合格"
    [current] = reviews.list_reviews(db_path)
    assert current["decision"] == "confirmed" and current["reviewer"] == "李四"


def test_dismissing_one_of_five_stale_columns_drops_below_the_threshold(db_path):
    run = Run(storage.open_db(db_path))
    run.required()
    for i in range(5):
        run.column(f"动态{i}", "news", entries=[("旧", ago(30 + i))])
    res = run.check()
    assert res.verdict == "不合格"
    fp = [f["fingerprint"] for f in res.findings if f["rule"] == "column.stale"][0]
    reviews.review(db_path, fp, "dismissed", "栏目已停用并报备", "张三")
    res = run.check()
    assert res.verdict == "合格" and any("4个（未达5个）" in r for r in res.reasons)


def test_report_lists_dismissed_findings_escaped(db_path, tmp_path):
    run = _stale_homepage(db_path, ago(60))
    fp = _fingerprint(run.check())
    reviews.review(db_path, fp, "dismissed", "<script>alert(1)</script>导航页", "王<b>五</b>")
    run.check()
    report = site_report(run.db, run.id)
    assert [f.rule for f in report.dismissed] == [STALE]
    assert report.summary["problems"] == 0 and report.summary["dismissed"] == 1
    assert all(STALE not in [f.rule for f in s.findings] for s in report.sections)
    [path] = render.render_site(run.db, run.id, tmp_path / "out", formats=("html",))
    html = path.read_text(encoding="utf-8")
    assert 'id="sec-dismissed"' in html and "已复核排除" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;导航页" in html and "<script>alert" not in html
    assert "王&lt;b&gt;五&lt;/b&gt;" in html


def test_the_index_does_not_count_a_dismissed_finding(db_path):
    run = _stale_homepage(db_path, ago(60))
    [row], _ = index_rows(run.db, [run.check().run_id])
    assert row.counts == {STALE: 1}
    reviews.review(db_path, _fingerprint(run.check()), "dismissed", "导航页", "张三")
    run.check()
    [row], _ = index_rows(run.db, [run.id])
    assert row.counts == {} and row.verdict == "合格"


def test_a_confirmation_on_changed_evidence_asks_for_a_new_review(db_path, tmp_path):
    run = _stale_homepage(db_path, ago(60))
    reviews.review(db_path, _fingerprint(run.check()), "confirmed", "", "李四")
    nxt = _stale_homepage(db_path, ago(40), as_of=AS_OF + timedelta(days=1))
    assert nxt.check().verdict == "不合格"
    [path] = render.render_site(nxt.db, nxt.id, tmp_path / "out", formats=("html",))
    html = path.read_text(encoding="utf-8")
    assert (
        "原已复核确认已失效：证据已变化，需重新复核" in html
        and 'class="mark mark-confirmed"' not in html
    )


# ---- the XLSX round trip --------------------------------------------------------------


def _xlsx(run: Run, out: Path) -> Path:
    [path] = render.render_site(run.db, run.id, out, formats=("xlsx",))
    return path


def _edit(path: Path, edits: dict[str, tuple[str, str, str]]) -> None:
    """Write 复核 / 复核理由 / 复核人 into the rows of the given fingerprints, as a
    reviewer does in Excel."""
    book = load_workbook(path)
    ws = book[FINDINGS_SHEET]
    col = {h: FINDING_HEADERS.index(h) + 1 for h in (FINGERPRINT, DECISION, REASON, REVIEWER)}
    for row in range(2, ws.max_row + 1):
        fp = ws.cell(row, col[FINGERPRINT]).value
        if fp in edits:
            for header, value in zip((DECISION, REASON, REVIEWER), edits[fp], strict=True):
                ws.cell(row, col[header]).value = value
    book.save(path)


def _multi(db_path: str) -> tuple[Run, dict[str, str]]:
    run = _stale_homepage(db_path, ago(60))
    run.column("空栏目", "other", state="empty")
    res = run.check()
    return run, {f["rule"]: f["fingerprint"] for f in res.findings if f["severity"] != "info"}


def test_xlsx_round_trip(db_path, tmp_path):
    run, fps = _multi(db_path)
    path = _xlsx(run, tmp_path / "out")
    _edit(path, {fps[STALE]: ("排除", "导航页", "张三"), fps["column.empty"]: ("确认", "", "")})
    result = CliRunner().invoke(
        main, ["review", "--import", str(path), "--db", db_path, "--reviewer", "审核员"]
    )
    assert result.exit_code == 0, result.output
    assert "确认 1 · 排除 1" in result.output
    assert CliRunner().invoke(main, ["check", "--db", db_path]).exit_code == 0  # 合格 now
    report = site_report(run.db, run.id)
    assert [f.rule for f in report.dismissed] == [STALE]
    overview = dict(load_workbook(_xlsx(run, tmp_path / "o")).worksheets[0].values)
    assert overview["已复核排除"] == 1 and overview["评估结论"] == "合格"
    [empty] = [f for f in report.findings if f.rule == "column.empty"]
    assert empty.review and empty.review.confirmed and empty.review.reviewer == "审核员"
    # the next export shows the decisions; importing it again changes nothing
    again = _xlsx(run, tmp_path / "again")
    ws = load_workbook(again)[FINDINGS_SHEET]
    rows = {r[FINDING_HEADERS.index(FINGERPRINT)]: r for r in ws.iter_rows(values_only=True)}
    at = FINDING_HEADERS.index
    assert rows[fps[STALE]][at(DECISION)] == "排除" and rows[fps[STALE]][at(REASON)] == "导航页"
    done = reviews.import_reviews(db_path, str(again))
    assert (done.confirmed, done.dismissed, done.unchanged) == (0, 0, 2)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("删除", "x", "张三"), "row 2: 复核 must be 确认 or 排除"),
        (("排除", "", "张三"), "row 2: a dismissal needs a reason"),
    ],
)
def test_xlsx_import_refuses_a_bad_row_and_stores_nothing(db_path, tmp_path, edit, message):
    run, fps = _multi(db_path)
    path = _xlsx(run, tmp_path / "out")
    _edit(path, {fps["column.empty"]: ("确认", "", "张三"), fps[STALE]: edit})
    # the bad row must come after a good one: nothing of the file is stored
    result = CliRunner().invoke(main, ["review", "--import", str(path), "--db", db_path])
    assert result.exit_code == 2 and "问题清单" in result.output and message[7:] in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert reviews.list_reviews(db_path) == []


def test_xlsx_import_refuses_a_finding_decided_twice(db_path, tmp_path):
    run, fps = _multi(db_path)
    path = _xlsx(run, tmp_path / "out")
    book = load_workbook(path)
    ws = book[FINDINGS_SHEET]
    at = {h: FINDING_HEADERS.index(h) + 1 for h in (FINGERPRINT, DECISION)}
    for row in (2, 3):
        ws.cell(row, at[FINGERPRINT]).value = fps[STALE]
        ws.cell(row, at[DECISION]).value = "确认"
    book.save(path)
    with pytest.raises(CannotRun, match="row 3: 问题编号 also decided on row 2"):
        reviews.import_reviews(db_path, str(path), "张三")
    assert reviews.list_reviews(db_path) == []


def test_xlsx_import_refuses_a_workbook_of_another_database(db_path, tmp_path):
    run, fps = _multi(db_path)
    path = _xlsx(run, tmp_path / "out")
    other_db = str(tmp_path / "other.db")
    Run(storage.open_db(other_db), url="https://other.gov.cn/").check()  # its run 1
    _edit(path, {fps[STALE]: ("确认", "", "张三")})
    with pytest.raises(CannotRun, match="row 7: run 1 of this database is https://other.gov.cn/"):
        reviews.import_reviews(other_db, str(path))


def test_xlsx_import_refuses_an_unknown_fingerprint(db_path, tmp_path):
    run, fps = _multi(db_path)
    path = _xlsx(run, tmp_path / "out")
    book = load_workbook(path)
    ws = book[FINDINGS_SHEET]
    ws.cell(2, FINDING_HEADERS.index(FINGERPRINT) + 1).value = "no.such|rule|"
    ws.cell(2, FINDING_HEADERS.index(DECISION) + 1).value = "确认"
    book.save(path)
    result = CliRunner().invoke(main, ["review", "--import", str(path), "--db", db_path])
    assert result.exit_code == 2
    assert "sheet 问题清单, row 2: no finding 'no.such|rule|'" in result.output


# ---- the command line -----------------------------------------------------------------


def test_cli_dismiss_confirm_and_list(db_path):
    run = _stale_homepage(db_path, ago(60))
    fp = _fingerprint(run.check())
    cli = CliRunner()
    result = cli.invoke(
        main, ["review", fp, "--dismiss", "导航页", "--reviewer", "张三", "--db", db_path]
    )
    assert result.exit_code == 0, result.output
    assert cli.invoke(main, ["check", "--db", db_path]).exit_code == 0
    listed = cli.invoke(main, ["review", "--list", "--db", db_path])
    assert listed.exit_code == 0 and fp in listed.output and "排除" in listed.output
    assert "张三：导航页" in listed.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give one of"),
        (["{fp}"], "--confirm, --dismiss"),
        (["{fp}", "--confirm", "--dismiss", "x"], "--confirm, --dismiss"),
        (["{fp}", "--dismiss", "  "], "needs a reason"),
        (["no.such|x|", "--confirm"], "no finding has fingerprint"),
        (["--list", "--import", "x.xlsx"], "give one of"),
        (["--import", "{missing}"], "does not exist"),
        (["--import", "{notxlsx}"], "is not an XLSX workbook"),
        (["{fp}", "--confirm", "--reviewer", ""], "no reviewer"),
    ],
)
def test_cli_bad_inputs_are_one_line_exit_2(db_path, tmp_path, monkeypatch, args, message):
    monkeypatch.setenv("XXGK_REVIEWER", "值班员")
    if message == "no reviewer":
        monkeypatch.delenv("XXGK_REVIEWER")
        monkeypatch.delenv("USER", raising=False)
    run = _stale_homepage(db_path, ago(60))
    fp = _fingerprint(run.check())
    notxlsx = tmp_path / "bad.xlsx"
    notxlsx.write_text("not a workbook", encoding="utf-8")
    fill = {"fp": fp, "missing": str(tmp_path / "none.xlsx"), "notxlsx": str(notxlsx)}
    argv = ["review", *(a.format(**fill) for a in args), "--db", db_path]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 2, result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert reviews.list_reviews(db_path) == []


def test_cli_review_on_a_missing_database_exit_2(tmp_path):
    result = CliRunner().invoke(
        main, ["review", "a|b|", "--confirm", "--reviewer", "x", "--db", str(tmp_path / "n.db")]
    )
    assert result.exit_code == 2 and "does not exist" in result.output
    assert not (tmp_path / "n.db").exists()
