"""The `xxgk` command line (SPEC §2). Each command is small: it parses options and
calls the stage that does the work (crawler, rules, reports)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click
import sqlite_utils
from rich.console import Console
from rich.table import Table

from xxgk import storage

out = Console()

EXIT_PASS, EXIT_FAIL, EXIT_CANNOT_RUN = 0, 1, 2


class CannotRun(click.ClickException):
    exit_code = EXIT_CANNOT_RUN


def _as_of(value: str | None) -> str:
    if not value:
        return date.today().isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date like 2026-03-31", param_hint="--as-of"
        ) from None


def crawl_options(fn):
    """Crawl knobs shared by crawl, audit and monitor; each maps to a Scrapy setting."""
    options = [
        click.option(
            "--ignore-robots",
            is_flag=True,
            help="Ignore robots.txt (only for audits you are authorised to run).",
        ),
        click.option(
            "--max-pages",
            type=int,
            help="Stop a site's crawl after this many pages (default 5000).",
        ),
        click.option(
            "--max-list-pages", type=int, help="Pages read per column list (default 100)."
        ),
        click.option("--max-columns", type=int, help="Columns followed per site (default 400)."),
        click.option(
            "--max-depth", type=int, help="Column tree depth below the section (default 4)."
        ),
        click.option(
            "--articles",
            type=int,
            help="Newest articles opened per list column to confirm dates, check links and scan for "
            "injected links (default 10; annual reports and year-less dates are always opened).",
        ),
        click.option(
            "--concurrency",
            type=int,
            help="Concurrent requests per host (default 4; AutoThrottle adapts below it).",
        ),
        click.option(
            "--timeout", type=int, help="Seconds before a request times out (default 30)."
        ),
        click.option(
            "--vocabulary",
            type=click.Path(exists=True, dir_okay=False),
            help="Column vocabulary YAML (title keywords → category) instead of the bundled one.",
        ),
        click.option("--verbose", is_flag=True, help="Show Scrapy's log."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _overrides(o: dict[str, Any]) -> dict[str, Any]:
    return {
        "ROBOTSTXT_OBEY": False if o.get("ignore_robots") else None,
        "CLOSESPIDER_PAGECOUNT": o.get("max_pages"),
        "XXGK_MAX_LIST_PAGES": o.get("max_list_pages"),
        "XXGK_MAX_COLUMNS": o.get("max_columns"),
        "XXGK_MAX_COLUMN_DEPTH": o.get("max_depth"),
        "XXGK_ARTICLES_PER_COLUMN": o.get("articles"),
        "CONCURRENT_REQUESTS_PER_DOMAIN": o.get("concurrency"),
        "DOWNLOAD_TIMEOUT": o.get("timeout"),
        "XXGK_VOCABULARY": o.get("vocabulary"),
        # Every fault is recorded in the run and the fetch log; Scrapy's own log (with
        # tracebacks for network errors) is for --verbose.
        "LOG_LEVEL": "INFO" if o.get("verbose") else "CRITICAL",
    }


def run_crawls(
    db_path: str, sites: list[dict[str, Any]], as_of: str, opts: dict[str, Any], workers: int = 1
) -> tuple[sqlite_utils.Database, list[dict]]:
    """Create a run per site (a malformed URL is a recorded failed run, not a traceback),
    crawl the valid ones, and return the database and each run row."""
    from crawler import run as crawl_run

    db = storage.open_db(db_path)
    storage.close_dead_runs(db)
    targets, run_ids = [], []
    for site in sites:
        run_id = storage.start_run(db, site["url"], as_of)
        run_ids.append(run_id)
        storage.update_run(
            db,
            run_id,
            site_name=site.get("name"),
            level=site.get("level"),
            options={k: site[k] for k in ("tags", "profile", "exempt") if k in site} or None,
        )
        if not crawl_run.valid_url(site["url"]):
            storage.finish_run(
                db,
                run_id,
                "failed",
                error=f"不是有效的网址：{site['url']!r}（需要 http:// 或 https:// 开头的完整网址）",
            )
            continue
        targets.append(
            crawl_run.Target(site["url"], as_of, run_id, site.get("name"), site.get("level"))
        )
    db.conn.close()
    if targets:
        crawl_run.crawl(targets, db_path, dict(_overrides(opts), XXGK_PROGRESS=True), workers)
    db = storage.open_db(db_path)
    return db, [storage.get_run(db, r) for r in run_ids]


def print_crawl(db: sqlite_utils.Database, run: dict) -> None:
    stats = storage.loads(run.get("stats"), {})
    table = Table(
        title=f"{run.get('site_name') or run['site_url']} — run {run['id']} ({run['status']})"
    )
    for name in ("栏目路径 path", "类别 category", "状态 state", "条目 entries", "最新 newest"):
        table.add_column(name)
    cols = storage.columns(db, run["id"])
    for c in cols:
        table.add_row(
            c["path"],
            c["category"],
            storage.STATE_LABELS.get(c["state"], c["state"] or "—"),
            str(c["entry_count"]),
            c["latest_date"] or "—",
        )
    if cols:
        out.print(table)
    out.print(
        f"pages {stats.get('pages', 0)} · columns {stats.get('columns', 0)} · entries "
        f"{stats.get('entries', 0)} · errors {stats.get('errors', 0)}"
        + (f" · capped: {'; '.join(stats['capped'])}" if stats.get("capped") else "")
    )
    if run.get("error"):
        out.print(f"[yellow]{run['error']}[/yellow]")


@click.group()
@click.version_option(package_name="xxgk-audit")
def main() -> None:
    """xxgk-audit: check the 政府信息公开 section of government websites.

    \b
    xxgk audit https://www.example.gov.cn/ --out reports/
    xxgk demo
    """


@main.command()
@click.argument("url")
@click.option("--db", "db_path", default="xxgk.db", show_default=True, help="SQLite database file.")
@click.option("--as-of", help="Judge dates as of this day (YYYY-MM-DD); default today.")
@crawl_options
def crawl(url: str, db_path: str, as_of: str | None, **opts: Any) -> None:
    """Crawl one site's 信息公开 section into the database (no rules).

    \b
    xxgk crawl https://www.example.gov.cn/ --db audit.db
    """
    db, [run] = run_crawls(db_path, [{"url": url}], _as_of(as_of), opts)
    print_crawl(db, run)
    if run["status"] == "failed":
        raise CannotRun(run.get("error") or "crawl failed")


@main.command()
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print the SPEC §2 JSON object.")
def inspect(url: str, as_json: bool) -> None:
    """Fetch one page and show what the crawler reads from it.

    \b
    xxgk inspect https://www.example.gov.cn/xxgk/tzgg/index.html --json
    """
    from crawler import run as crawl_run

    if not crawl_run.valid_url(url):
        raise CannotRun(f"不是有效的网址：{url!r}")
    try:
        reading = crawl_run.inspect(url)
    except Exception as exc:  # network faults of every kind become one clean message
        raise CannotRun(f"无法获取 {url}：{exc}") from None
    if as_json:
        click.echo(json.dumps(reading, ensure_ascii=False, indent=2))
        return
    out.print(f"[bold]{reading['kind']}[/bold] ({reading.get('family', '')}) {reading['title']}")
    out.print(
        f"published: {reading['published'] or '—'}  breadcrumb: {' > '.join(reading.get('breadcrumb', []))}"
    )
    for d in reading["dates"]:
        out.print(f"  {d['label']}: {d['date']}")
    if reading.get("reason"):
        out.print(f"[yellow]{reading['reason']}[/yellow]")
    for e in reading["entries"]:
        out.print(
            f"  entry {e['published'] or e.get('date_text') or '—':<12} {e['title']}  {e['url']}"
        )
    for n in reading["next"]:
        out.print(f"  next  {n}")
    for c in reading["columns"]:
        out.print(f"  link  {c['path']}  {c['url']}")


def _check(
    db: sqlite_utils.Database, run_ids: list[int] | None, as_of: str | None, profile: str | None
) -> list:
    from rules import engine
    from rules.profile import ProfileError

    try:
        if run_ids:
            return [
                engine.check_run(
                    db, r, as_of=date.fromisoformat(as_of) if as_of else None, profile=profile
                )
                for r in run_ids
            ]
        return engine.check_latest(
            db, as_of=date.fromisoformat(as_of) if as_of else None, profile=profile
        )
    except ProfileError as exc:
        raise CannotRun(f"profile: {exc}") from None


@main.command()
@click.option("--db", "db_path", default="xxgk.db", show_default=True, help="SQLite database file.")
@click.option(
    "--run", "run_id", type=int, help="Check this run only (default: the latest run of every site)."
)
@click.option("--as-of", help="Judge as of this day (default: the run's own as-of date).")
@click.option(
    "--profile",
    type=click.Path(exists=True, dir_okay=False),
    help="YAML rule profile over the national defaults.",
)
def check(db_path: str, run_id: int | None, as_of: str | None, profile: str | None) -> None:
    """(Re)apply the rules to stored crawl data, offline.

    \b
    xxgk check --db audit.db --as-of 2026-03-31
    """
    from rules import engine

    if not Path(db_path).exists():
        raise CannotRun(f"database {db_path} does not exist")
    results = _check(
        storage.open_db(db_path),
        [run_id] if run_id else None,
        _as_of(as_of) if as_of else None,
        profile,
    )
    if not results:
        raise CannotRun("no finished runs in the database")
    click.echo(engine.summarize(results))


@main.command()
@click.option("--db", "db_path", default="xxgk.db", show_default=True, help="SQLite database file.")
@click.option("--site", help="Only this site (its URL as crawled).")
@click.option(
    "--format",
    "formats",
    default="html,xlsx",
    show_default=True,
    help="Comma-separated: html, xlsx.",
)
@click.option(
    "--out", "out_dir", default="reports-out", show_default=True, type=click.Path(file_okay=False)
)
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False),
    help="Folder of Jinja2 templates overriding the bundled ones (an office's own style).",
)
def report(
    db_path: str, site: str | None, formats: str, out_dir: str, templates: str | None
) -> None:
    """Render 监测评估反馈 reports from the database, without crawling.

    \b
    xxgk report --db audit.db --format html,xlsx --out reports/
    """
    if not Path(db_path).exists():
        raise CannotRun(f"database {db_path} does not exist")
    db = storage.open_db(db_path)
    runs = storage.latest_runs(db, site)
    if not runs:
        raise CannotRun("no finished runs" + (f" for {site}" if site else ""))
    unchecked = [r["id"] for r in runs if not r.get("verdict")]
    if unchecked:
        _check(db, unchecked, None, None)
    for path in _render(db, [r["id"] for r in runs], formats, out_dir, templates):
        out.print(str(path))


def _render(
    db: sqlite_utils.Database,
    run_ids: list[int],
    formats: str,
    out_dir: str,
    templates: str | None = None,
) -> list[Path]:
    from reports import render

    wanted = tuple(f.strip() for f in formats.split(",") if f.strip())
    bad = set(wanted) - {"html", "xlsx"}
    if bad:
        raise click.BadParameter(
            f"unknown format(s): {', '.join(sorted(bad))}", param_hint="--format"
        )
    target = Path(out_dir)
    paths: list[Path] = []
    site_reports: dict[int, Path] = {}
    for run_id in run_ids:
        written = render.render_site(db, run_id, target, wanted, templates=templates)
        paths += written
        site_reports[run_id] = next((p for p in written if p.suffix == ".html"), written[0])
    if len(run_ids) > 1 and "html" in wanted:
        paths.append(render.render_index(db, target, run_ids, site_reports, templates=templates))
    return paths


def _verdict_exit(verdict: str | None) -> int:
    """0 合格, 1 不合格, 2 could not run — which includes 无法判断: a crawl that could not
    see enough to judge is not a pass."""
    if verdict == "合格":
        return EXIT_PASS
    if verdict == "不合格":
        return EXIT_FAIL
    return EXIT_CANNOT_RUN


@main.command()
@click.argument("url")
@click.option("--db", "db_path", default="xxgk.db", show_default=True, help="SQLite database file.")
@click.option("--as-of", help="Judge dates as of this day (YYYY-MM-DD); default today.")
@click.option("--profile", type=click.Path(exists=True, dir_okay=False), help="YAML rule profile.")
@click.option(
    "--out", "out_dir", default="reports-out", show_default=True, type=click.Path(file_okay=False)
)
@click.option("--format", "formats", default="html,xlsx", show_default=True)
@crawl_options
def audit(
    url: str,
    db_path: str,
    as_of: str | None,
    profile: str | None,
    out_dir: str,
    formats: str,
    **opts: Any,
) -> None:
    """Crawl, check and report one site. Exit 0 合格, 1 不合格, 2 could not run.

    \b
    xxgk audit https://www.example.gov.cn/ --out reports/
    """
    sys.exit(audit_sites(db_path, [{"url": url}], _as_of(as_of), profile, out_dir, formats, opts))


def audit_sites(
    db_path: str,
    sites: list[dict[str, Any]],
    as_of: str,
    profile: str | None,
    out_dir: str,
    formats: str,
    opts: dict[str, Any],
    workers: int = 1,
) -> int:
    from rules import engine

    db, runs = run_crawls(db_path, sites, as_of, opts, workers)
    for run in runs:
        print_crawl(db, run)
    checked = [r["id"] for r in runs]
    results = _check(db, checked, None, profile)
    click.echo(engine.summarize(results))
    for path in _render(db, checked, formats, out_dir):
        out.print(f"report: {path}")
    return max(_verdict_exit(r.verdict) for r in results)


@main.command()
@click.argument("sites_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", "db_path", default="xxgk.db", show_default=True, help="SQLite database file.")
@click.option("--as-of", help="Judge dates as of this day (YYYY-MM-DD); default today.")
@click.option(
    "--out", "out_dir", default="reports-out", show_default=True, type=click.Path(file_okay=False)
)
@click.option("--format", "formats", default="html,xlsx", show_default=True)
@click.option(
    "--workers", type=int, default=4, show_default=True, help="Sites crawled at the same time."
)
@crawl_options
def monitor(
    sites_file: str,
    db_path: str,
    as_of: str | None,
    out_dir: str,
    formats: str,
    workers: int,
    **opts: Any,
) -> None:
    """Audit every site of a SITES.yaml (SPEC §2); prints 合格率 and what changed.

    \b
    xxgk monitor sites.yaml --db monitor.db --workers 4
    """
    import yaml

    try:
        data = yaml.safe_load(Path(sites_file).read_text(encoding="utf-8")) or {}
        sites = data["sites"]
        assert isinstance(sites, list) and all(isinstance(s, dict) and s.get("url") for s in sites)
    except (yaml.YAMLError, KeyError, TypeError, AssertionError):
        raise CannotRun(
            f"{sites_file}: expected `sites:` with a list of entries that each have a url"
        ) from None
    for site in sites:  # a site's rule pack is named relative to the sites file
        if site.get("profile"):
            site["profile"] = str((Path(sites_file).parent / site["profile"]).resolve())
    sys.exit(audit_sites(db_path, sites, _as_of(as_of), None, out_dir, formats, opts, workers))


@main.command()
@click.option(
    "--out", "out_dir", default="build/demo", show_default=True, type=click.Path(file_okay=False)
)
@click.option("--db", "db_path", help="Database file (default: OUT/demo.db, recreated each time).")
def demo(out_dir: str, db_path: str | None) -> None:
    """Serve the bundled sample portal on 127.0.0.1 and audit it end to end.

    \b
    xxgk demo --out build/demo
    """
    import yaml

    from xxgk import demo as demo_portal

    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    db_file = Path(db_path) if db_path else target / "demo.db"
    if not db_path:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    expected = yaml.safe_load((demo_portal.PORTAL / "expected.yaml").read_text(encoding="utf-8"))
    with demo_portal.serve() as server:
        out.print(f"sample portal at {server.url} (as-of {expected['as_of']})")
        code = audit_sites(
            str(db_file),
            [{"url": server.url}],
            str(expected["as_of"]),
            None,
            str(target),
            "html,xlsx",
            {},
        )
    out.print(f"database: {db_file}")
    # The sample portal is built to fail some checks: that is the demo working.
    sys.exit(EXIT_CANNOT_RUN if code == EXIT_CANNOT_RUN else EXIT_PASS)


if __name__ == "__main__":
    main()
