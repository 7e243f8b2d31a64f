"""CLI invariants and clean errors (click's CliRunner, no network)."""

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from xxgk import storage
from xxgk.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example_and_a_readme_entry(name):
    command = main.commands[name]
    assert command.help and f"xxgk {name}" in command.help
    assert f"xxgk {name}" in README
    assert CliRunner().invoke(main, [name, "--help"]).exit_code == 0


def test_check_and_report_on_a_missing_database_exit_2(tmp_path):
    for args in (
        ["check", "--db", str(tmp_path / "none.db")],
        ["report", "--db", str(tmp_path / "none.db")],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and "does not exist" in result.output


def test_bad_as_of_and_bad_format_are_clean_errors(tmp_path):
    db_path = tmp_path / "a.db"
    db = storage.open_db(str(db_path))
    run_id = storage.start_run(db, "http://a.gov.cn/", "2026-01-01")
    storage.finish_run(db, run_id, "completed")
    result = CliRunner().invoke(main, ["check", "--db", str(db_path), "--as-of", "2026-13-01"])
    assert result.exit_code == 2 and "--as-of" in result.output
    result = CliRunner().invoke(
        main, ["report", "--db", str(db_path), "--format", "pdf", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2 and "pdf" in result.output


def test_check_on_an_empty_database_says_so(tmp_path):
    db_path = tmp_path / "a.db"
    storage.open_db(str(db_path))
    result = CliRunner().invoke(main, ["check", "--db", str(db_path)])
    assert result.exit_code == 2 and "no finished runs" in result.output


def test_monitor_rejects_a_malformed_sites_file(tmp_path):
    bad = tmp_path / "sites.yaml"
    bad.write_text("sites: [{name: 无网址}]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["monitor", str(bad), "--db", str(tmp_path / "m.db")])
    assert result.exit_code == 2 and "url" in result.output


def test_crawled_text_is_printed_as_text_not_as_rich_markup(tmp_path, capsys):
    """A column titled "[/x]" or "[bold]" must neither break the column table nor style it."""
    from xxgk.cli import print_crawl

    db = storage.open_db(str(tmp_path / "h.db"))
    run_id = storage.start_run(db, "http://a.gov.cn/", "2026-06-30")
    storage.insert_column(
        db, {"run_id": run_id, "title": "[/x]", "path": "信息公开 > [/x][bold]通知", "state": "ok"}
    )
    storage.update_run(db, run_id, site_name="[/red]示例局", error="[/]出错")
    print_crawl(db, storage.get_run(db, run_id))
    printed = capsys.readouterr().out
    assert "[/x][bold]通知" in printed and "[/red]示例局" in printed and "[/]出错" in printed
