"""The application layer called as a scheduler or a test would: no click, no network."""

from datetime import date

import pytest

from rules.engine import CheckResult
from xxgk import storage
from xxgk.app import audit, inputs
from xxgk.app.audit import EXIT_CANNOT_RUN, EXIT_FAIL, EXIT_PASS, AuditResult


def _checked(verdict: str) -> CheckResult:
    return CheckResult(
        run_id=1, site_url="http://a.gov.cn/", verdict=verdict, reasons=[], findings=[]
    )


@pytest.mark.parametrize(
    ("verdicts", "single", "round_"),
    [
        (["合格", "合格"], EXIT_PASS, EXIT_PASS),
        (["合格", "不合格"], EXIT_FAIL, EXIT_FAIL),
        # 无法判断 is no pass: the worst code for an audit, a site's finding for a round
        (["不合格", "无法判断"], EXIT_CANNOT_RUN, EXIT_FAIL),
        ([], EXIT_CANNOT_RUN, EXIT_FAIL),
    ],
)
def test_exit_codes_of_an_audit_and_of_a_round(verdicts, single, round_):
    result = AuditResult(runs=[], checks=[_checked(v) for v in verdicts])
    assert (result.exit_code, result.round_exit_code) == (single, round_)


def test_inputs_are_checked_into_typed_values(tmp_path):
    assert inputs.as_of("2026-03-31") == "2026-03-31"
    assert inputs.as_of(None) == date.today().isoformat()
    assert inputs.formats("xlsx, html") == ("xlsx", "html")
    assert inputs.url("https://www.example.gov.cn/") == "https://www.example.gov.cn/"
    for check, bad in (
        (inputs.as_of, "2026-13-01"),
        (inputs.formats, "html,pdf"),
        (inputs.formats, " , "),
        (inputs.url, "ftp://a.gov.cn/"),
    ):
        with pytest.raises(inputs.InputError) as caught:
            check(bad)
        assert "\n" not in str(caught.value)


def test_an_unwritable_report_folder_is_refused_before_any_work(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("", encoding="utf-8")
    with pytest.raises(inputs.InputError, match="not a writable folder"):
        inputs.out_dir(str(a_file / "reports"))
    assert inputs.out_dir(str(tmp_path / "new" / "reports")) == str(tmp_path / "new" / "reports")


def test_crawl_options_map_to_scrapy_settings():
    settings = inputs.CrawlOptions(max_pages=10, concurrency=1, ignore_robots=True).settings()
    assert settings["CLOSESPIDER_PAGECOUNT"] == 10
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1
    assert settings["AUTOTHROTTLE_TARGET_CONCURRENCY"] == 1
    assert settings["ROBOTSTXT_OBEY"] is False
    assert settings["LOG_LEVEL"] == "CRITICAL"
    defaults = inputs.CrawlOptions().settings()
    assert defaults["ROBOTSTXT_OBEY"] is None and defaults["CLOSESPIDER_PAGECOUNT"] is None


def test_a_sites_file_becomes_site_specs(tmp_path):
    (tmp_path / "p.yaml").write_text("{}\n", encoding="utf-8")
    sites_file = tmp_path / "sites.yaml"
    sites_file.write_text(
        "sites:\n"
        "  - https://a.gov.cn/\n"
        "  - {url: 'https://b.gov.cn/', name: 乙局, level: department,\n"
        "     profile: p.yaml, exempt: column.stale}\n"
        "  - https://a.gov.cn\n",
        encoding="utf-8",
    )
    specs, warnings = inputs.sites(str(sites_file))
    assert [s.url for s in specs] == ["https://a.gov.cn/", "https://b.gov.cn/"]
    assert specs[0].run_options() is None
    assert specs[1].name == "乙局" and specs[1].level == "department"
    assert specs[1].run_options() == {
        "profile": str((tmp_path / "p.yaml").resolve()),
        "exempt": ["column.stale"],
    }
    assert len(warnings) == 1 and "重复" in warnings[0]


def test_a_stored_run_that_is_missing_or_still_crawling_cannot_be_checked(tmp_path):
    path = str(tmp_path / "a.db")
    with pytest.raises(audit.CannotRun, match="does not exist"):
        audit.check_stored(path, None, None, None)
    db = storage.open_db(path)
    run_id = storage.start_run(db, "http://a.gov.cn/", "2026-01-01")
    with pytest.raises(audit.CannotRun, match="is not in"):
        audit.check_stored(path, run_id + 1, None, None)
    with pytest.raises(audit.CannotRun, match="仍在抓取中"):
        audit.check_stored(path, run_id, None, None)


def test_a_completed_run_is_checked_and_judged(tmp_path):
    path = str(tmp_path / "a.db")
    db = storage.open_db(path)
    run_id = storage.start_run(db, "http://a.gov.cn/", "2026-01-01")
    storage.finish_run(db, run_id, "completed")
    result = audit.check_stored(path, run_id, None, None)
    assert [c.run_id for c in result.checks] == [run_id]
    # nothing was crawled: no column, no entry — never a pass
    assert result.checks[0].verdict != "合格" and result.exit_code != EXIT_PASS
