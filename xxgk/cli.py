"""The `xxgk` command line (SPEC §2). Each command is small: it parses options and
calls the stage that does the work (crawler, rules, reports)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click
import sqlite_utils
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from xxgk import storage

out = Console()

EXIT_PASS, EXIT_FAIL, EXIT_CANNOT_RUN = 0, 1, 2


class CannotRun(click.ClickException):
    exit_code = EXIT_CANNOT_RUN


# Runs this process opened and may leave `running` if it dies: closed by the top-level
# handler, so no error ever leaves a run that looks like a crawl in progress.
_open_runs: list[tuple[str, int]] = []


def _close_open_runs(status: str, error: str) -> None:
    by_db: dict[str, list[int]] = {}
    for path, run_id in _open_runs:
        by_db.setdefault(path, []).append(run_id)
    for path, ids in by_db.items():
        try:
            db = storage.open_db(path, busy_seconds=5)
            storage.close_runs(db, ids, status, error)
            db.conn.close()
        except Exception:  # noqa: BLE001 (best effort: the error being reported matters more)
            continue


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:300]


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


class Main(click.Group):
    """Exit codes are a contract (SPEC §2): 1 only for 不合格. Every other way out —
    a fault of ours, a locked database, Ctrl-C outside the crawl — is one line on
    stderr and exit 2, with this process's runs closed."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """Click's own error output is a usage block of several lines; cron mails and
        log scrapers get one line instead."""
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
            code = result if isinstance(result, int) else EXIT_PASS
        except click.exceptions.Exit as exc:
            code = exc.exit_code
        except click.ClickException as exc:
            message = " ".join(exc.format_message().split())
            click.echo(f"Error: {message}", err=True)
            code = EXIT_CANNOT_RUN if exc.exit_code == EXIT_FAIL else exc.exit_code
        except (click.Abort, KeyboardInterrupt):
            _ignore_interrupts()
            click.echo("Error: 已中断，未完成", err=True)
            code = EXIT_CANNOT_RUN
        # The work is done and said: a Ctrl-C now must not turn the exit code into
        # death by signal.
        _ignore_interrupts()
        sys.exit(code)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, SystemExit):
            raise
        except KeyboardInterrupt:
            _ignore_interrupts()  # a second Ctrl-C must not cut the closing of the runs short
            _close_open_runs("interrupted", "抓取被中断（收到中断信号）")
            raise CannotRun("已中断，未完成") from None
        except storage.StorageError as exc:
            _close_open_runs("failed", str(exc))
            raise CannotRun(str(exc)) from None
        except sqlite3.DatabaseError as exc:  # after opening: a writer held the lock too long
            if "locked" in str(exc) or "busy" in str(exc):
                message = f"数据库被另一个进程锁定，等待 {storage.BUSY_SECONDS:g} 秒后仍未释放，请稍后重试"
            else:
                message = f"数据库出错（{_one_line(exc)}）"
            _close_open_runs("failed", message)
            raise CannotRun(message) from None
        except Exception as exc:
            message = f"内部错误（{type(exc).__name__}: {_one_line(exc)}）"
            _close_open_runs("failed", message)
            raise CannotRun(message + "；请用 --verbose 重试并报告此问题") from None


def _as_of(value: str | None) -> str:
    if not value:
        return date.today().isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date like 2026-03-31", param_hint="--as-of"
        ) from None


def _check_vocabulary(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """A broken vocabulary is a usage error now, not a crawl that dies at its first page."""
    if value:
        from xxgk import vocabulary

        try:
            vocabulary.load(value)
        except Exception as exc:  # noqa: BLE001 (YAML, missing keys, wrong types: all one message)
            raise click.BadParameter(f"{value}: {_one_line(exc)}") from None
    return value


def _check_formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    wanted = tuple(f.strip() for f in value.split(",") if f.strip())
    bad = set(wanted) - {"html", "xlsx"}
    if bad or not wanted:
        raise click.BadParameter(
            f"unknown format(s): {', '.join(sorted(bad)) or value!r} (html, xlsx)"
        )
    return wanted


def _check_out(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """The report folder must be writable before the crawl, not after it."""
    target = Path(value)
    try:
        target.mkdir(parents=True, exist_ok=True)
        probe = target / f".xxgk-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise click.BadParameter(
            f"{value} is not a writable folder ({exc.strerror or exc})"
        ) from None
    return value


def _check_profile(ctx: click.Context, param: click.Parameter | None, value: str | None) -> Any:
    if value:
        from rules.profile import ProfileError, load_profile

        try:
            load_profile(value)
        except ProfileError as exc:
            raise click.BadParameter(_one_line(exc)) from None
    return value


def _check_url(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from crawler.run import url_problem

    problem = url_problem(value)
    if problem:
        raise click.BadParameter(f"不是有效的网址 {value[:100]!r}：{problem}")
    return value


def report_options(fn):
    """Where report, audit and monitor write their reports, checked before any work."""
    fn = click.option(
        "--format",
        "formats",
        default="html,xlsx",
        show_default=True,
        callback=_check_formats,
        help="Comma-separated: html, xlsx.",
    )(fn)
    return click.option(
        "--out",
        "out_dir",
        default="reports-out",
        show_default=True,
        type=click.Path(file_okay=False),
        callback=_check_out,
    )(fn)


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
            type=click.IntRange(1),
            help="Fetch at most this many pages of a site (default 50000); a hard cap.",
        ),
        click.option(
            "--max-list-pages",
            type=click.IntRange(1),
            help="Pages read per column list (default 100).",
        ),
        click.option(
            "--max-columns", type=click.IntRange(1), help="Columns followed per site (default 400)."
        ),
        click.option(
            "--max-depth",
            type=click.IntRange(1),
            help="Column tree depth below the section (default 4).",
        ),
        click.option(
            "--articles",
            type=click.IntRange(0),
            help="Sample: open only the newest N articles per list column, for a quick look "
            "(default 0: the complete audit opens every article and checks every in-section "
            "link once; annual reports and year-less dates are always opened).",
        ),
        click.option(
            "--concurrency",
            type=click.IntRange(1, 64),
            help="Concurrent requests per host, 1–64 (default 4; AutoThrottle adapts below it).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(1, 600),
            help="Seconds before a request times out, 1–600 (default 30).",
        ),
        click.option(
            "--vocabulary",
            type=click.Path(exists=True, dir_okay=False),
            callback=_check_vocabulary,
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
        # AutoThrottle aims at this many requests in flight: never above the cap.
        "AUTOTHROTTLE_TARGET_CONCURRENCY": min(2.0, o["concurrency"])
        if o.get("concurrency")
        else None,
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
        _open_runs.append((db_path, run_id))
        storage.update_run(
            db,
            run_id,
            site_name=site.get("name"),
            level=site.get("level"),
            options={k: site[k] for k in ("tags", "profile", "exempt") if k in site} or None,
        )
        problem = crawl_run.url_problem(site["url"])
        if problem:
            storage.finish_run(
                db, run_id, "failed", error=f"不是有效的网址：{site['url'][:200]!r}（{problem}）"
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
        title=f"{escape(run.get('site_name') or run['site_url'])} — run {run['id']} ({run['status']})"
    )
    for name in ("栏目路径 path", "类别 category", "状态 state", "条目 entries", "最新 newest"):
        table.add_column(name)
    cols = storage.columns(db, run["id"])
    for c in cols:
        table.add_row(
            escape(c["path"] or ""),
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
        out.print(f"[yellow]{escape(run['error'])}[/yellow]")


@click.group(cls=Main)
@click.version_option(package_name="xxgk-audit")
def main() -> None:
    """xxgk-audit: check the 政府信息公开 section of government websites.

    \b
    xxgk audit https://www.example.gov.cn/ --out reports/
    xxgk demo
    """


@main.command()
@click.argument("url", callback=_check_url)
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
    if run["status"] != "completed":
        raise CannotRun(f"run {run['id']} {run['status']}: {run.get('error') or '抓取未完成'}")


@main.command()
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print the SPEC §2 JSON object.")
def inspect(url: str, as_json: bool) -> None:
    """Fetch one page and show what the crawler reads from it.

    \b
    xxgk inspect https://www.example.gov.cn/xxgk/tzgg/index.html --json
    """
    from crawler import run as crawl_run

    problem = crawl_run.url_problem(url)
    if problem:
        raise CannotRun(f"不是有效的网址：{url[:200]!r}（{problem}）")
    try:
        reading = crawl_run.inspect(url)
    except Exception as exc:  # network faults of every kind become one clean message
        raise CannotRun(f"无法获取 {url[:200]}：{_one_line(exc)}") from None
    if as_json:
        click.echo(json.dumps(reading, ensure_ascii=False, indent=2))
        return
    # crawled text is printed as text: a title holding "[/x]" is no rich markup
    say = out.print
    say(f"[bold]{reading['kind']}[/bold] ({reading.get('family', '')}) {escape(reading['title'])}")
    say(f"why: {escape(reading.get('why') or '—')}")
    say(f"own content: {escape(reading.get('own_content') or '—')}")
    crumb = " > ".join(reading.get("breadcrumb", []))
    say(f"published: {reading['published'] or '—'}  breadcrumb: {escape(crumb)}")
    for d in reading["dates"]:
        say(f"  {escape(d['label'])}: {d['date']}")
    if reading.get("reason"):
        say(f"[yellow]{escape(reading['reason'])}[/yellow]")
    for e in reading["entries"]:
        when = e["published"] or e.get("date_text") or "—"
        say(f"  entry {escape(when):<12} {escape(e['title'])}  {escape(e['url'])}")
    for n in reading["next"]:
        say(f"  next  {escape(n)}")
    for c in reading["columns"]:
        say(f"  link  {escape(c['path'])}  {escape(c['url'])}")


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
    "--run",
    "run_id",
    type=click.IntRange(1),
    help="Check this run only (default: the latest run of every site).",
)
@click.option("--as-of", help="Judge as of this day (default: the run's own as-of date).")
@click.option(
    "--profile",
    type=click.Path(exists=True, dir_okay=False),
    callback=_check_profile,
    help="YAML rule profile over the national defaults.",
)
def check(db_path: str, run_id: int | None, as_of: str | None, profile: str | None) -> None:
    """(Re)apply the rules to stored crawl data, offline. Exit 0 合格, 1 不合格, 2 无法判断
    (for several sites: the worst of them).

    \b
    xxgk check --db audit.db --as-of 2026-03-31
    """
    from rules import engine

    db = _existing_db(db_path)
    if run_id:
        found = db.execute("select status, pid from runs where id = ?", [run_id]).fetchone()
        if found is None:
            raise CannotRun(f"run {run_id} is not in {db_path}")
        if found[0] == "running":  # close_dead_runs left it: its crawler is alive
            raise CannotRun(f"run {run_id} 仍在抓取中（pid {found[1]}），结束后再检查")
    results = _check(db, [run_id] if run_id else None, _as_of(as_of) if as_of else None, profile)
    if not results:
        raise CannotRun("no finished runs in the database")
    click.echo(engine.summarize(results))
    sys.exit(max(_verdict_exit(r.verdict) for r in results))


@main.command()
@click.option("--db", "db_path", default="xxgk.db", show_default=True, help="SQLite database file.")
@click.option("--site", help="Only this site (its URL as crawled).")
@report_options
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False),
    help="Folder of Jinja2 templates overriding the bundled ones (an office's own style).",
)
def report(
    db_path: str, site: str | None, formats: tuple[str, ...], out_dir: str, templates: str | None
) -> None:
    """Render 监测评估反馈 reports from the database, without crawling.

    \b
    xxgk report --db audit.db --format html,xlsx --out reports/
    """
    db = _existing_db(db_path)
    runs = storage.latest_runs(db, site)
    if not runs:
        raise CannotRun("no finished runs" + (f" for {site}" if site else ""))
    # Unchecked runs, and verdicts stored before a run was known to be incomplete (an
    # older version judged killed crawls): a report never shows 合格 beside 抓取中断.
    unchecked = [
        r["id"]
        for r in runs
        if not r.get("verdict") or (r["status"] != "completed" and r["verdict"] != "无法判断")
    ]
    if unchecked:
        _check(db, unchecked, None, None)
    for path in _render(db, [r["id"] for r in runs], formats, out_dir, templates):
        out.print(str(path))


def _existing_db(db_path: str) -> sqlite_utils.Database:
    """`check` and `report` read a database; they never create an empty one by mistake.
    Runs whose crawler died are closed first, so they are never judged as complete."""
    if not Path(db_path).is_file():
        raise CannotRun(f"database {db_path} does not exist")
    db = storage.open_db(db_path)
    storage.close_dead_runs(db)
    return db


def _render(
    db: sqlite_utils.Database,
    run_ids: list[int],
    wanted: tuple[str, ...],
    out_dir: str,
    templates: str | None = None,
) -> list[Path]:
    from reports import render

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
@click.argument("url", callback=_check_url)
@click.option("--db", "db_path", default="xxgk.db", show_default=True, help="SQLite database file.")
@click.option("--as-of", help="Judge dates as of this day (YYYY-MM-DD); default today.")
@click.option(
    "--profile",
    type=click.Path(exists=True, dir_okay=False),
    callback=_check_profile,
    help="YAML rule profile.",
)
@report_options
@crawl_options
def audit(
    url: str,
    db_path: str,
    as_of: str | None,
    profile: str | None,
    out_dir: str,
    formats: tuple[str, ...],
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
    formats: tuple[str, ...],
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
@report_options
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Sites crawled at the same time (1–64).",
)
@crawl_options
def monitor(
    sites_file: str,
    db_path: str,
    as_of: str | None,
    out_dir: str,
    formats: tuple[str, ...],
    workers: int,
    **opts: Any,
) -> None:
    """Audit every site of a SITES.yaml (SPEC §2); prints 合格率 and what changed.

    \b
    xxgk monitor sites.yaml --db monitor.db --workers 4
    """
    sites = _read_sites(sites_file)
    for site in sites:
        if site.get("profile"):
            _check_profile(click.get_current_context(), None, site["profile"])
    day = _as_of(as_of)
    code = audit_sites(db_path, sites, day, None, out_dir, formats, opts, workers)
    # SPEC §2 for a round: 1 when any site is not 合格 (不合格 or 无法判断) — a dead site is
    # that site's finding, not a round that could not run; 2 is kept for the round itself.
    sys.exit(EXIT_PASS if code == EXIT_PASS else EXIT_FAIL)


def _read_sites(sites_file: str) -> list[dict[str, Any]]:
    """The sites of a SITES.yaml (SPEC §2), every problem one line; warnings on stderr."""
    from crawler.run import url_problem
    from rules.registry import all_rules, known_ids
    from xxgk import sites as sites_format

    rule_ids = tuple(sorted(set(known_ids()) | {r.id for r in all_rules()}))
    try:
        sites, warnings = sites_format.load(sites_file, url_problem, rule_ids)
    except sites_format.SitesError as exc:
        raise CannotRun(str(exc)) from None
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    return sites


@main.command()
@click.argument("sites_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", "db_path", default="xxgk.db", show_default=True, help="SQLite database file.")
@click.option(
    "--timeout",
    type=click.FloatRange(1, 120),
    help="Seconds within which the homepage must open (default: the national profile's "
    "probes.unreachable.timeout_seconds, 15 by 〔2019〕19号).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=16,
    show_default=True,
    help="Homepages visited at the same time (1–64).",
)
def probe(sites_file: str, db_path: str, timeout: float | None, workers: int) -> None:
    """Visit each homepage of a SITES.yaml once and store the visit (cron: hourly).

    A probe is not a verdict: exit 0 when the visits were made and stored, whatever
    they found; 2 when the probe could not run (bad sites file, database). The rules
    judge site.unreachable and site.homepage_stale from a week / two weeks of visits.

    \b
    xxgk probe sites.yaml --db monitor.db
    """
    from rules.profile import load_profile
    from xxgk import probe as probing

    if timeout is None:  # the threshold lives in the profile, not here
        timeout = float(load_profile(None).section("probes")["unreachable"]["timeout_seconds"])
    sites = _read_sites(sites_file)
    db = storage.open_db(db_path)  # before the visits: a bad database stops us early
    rows = probing.probe_all([s["url"] for s in sites], timeout, workers)
    storage.insert_probes(db, rows)
    failed = [r for r in rows if not r["ok"]]
    for r in rows:
        state = "[green]ok[/green]" if r["ok"] else f"[red]{escape(str(r['error']))}[/red]"
        url = escape(r["site_url"])
        out.print(f"{url}  {r['status'] or '—'}  {r['elapsed_ms']} ms  {state}")
    out.print(f"probed {len(rows)} · failed {len(failed)} · stored in {db_path}")


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
            ("html", "xlsx"),
            {},
        )
    out.print(f"database: {db_file}")
    # The sample portal is built to fail some checks: that is the demo working.
    sys.exit(EXIT_CANNOT_RUN if code == EXIT_CANNOT_RUN else EXIT_PASS)


if __name__ == "__main__":
    main()
