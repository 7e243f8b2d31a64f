"""The `xxgk` command line (SPEC §2). Each command parses its options, calls the
application layer (`xxgk.app`), prints what came back and exits with its code."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
from collections.abc import Callable
from typing import Any

import click
import sqlite_utils
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from xxgk import storage
from xxgk.app import audit, inputs
from xxgk.app.audit import EXIT_CANNOT_RUN, EXIT_FAIL, EXIT_PASS

out = Console()


class CannotRun(click.ClickException):
    exit_code = EXIT_CANNOT_RUN


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
        except audit.CannotRun as exc:
            raise CannotRun(str(exc)) from None
        except KeyboardInterrupt:
            _ignore_interrupts()  # a second Ctrl-C must not cut the closing of the runs short
            audit.close_open_runs("interrupted", "抓取被中断（收到中断信号）")
            raise CannotRun("已中断，未完成") from None
        except storage.StorageError as exc:
            audit.close_open_runs("failed", str(exc))
            raise CannotRun(str(exc)) from None
        except sqlite3.DatabaseError as exc:  # after opening: a writer held the lock too long
            if "locked" in str(exc) or "busy" in str(exc):
                message = f"数据库被另一个进程锁定，等待 {storage.BUSY_SECONDS:g} 秒后仍未释放，请稍后重试"
            else:
                message = f"数据库出错（{inputs.one_line(exc)}）"
            audit.close_open_runs("failed", message)
            raise CannotRun(message) from None
        except Exception as exc:
            message = f"内部错误（{type(exc).__name__}: {inputs.one_line(exc)}）"
            audit.close_open_runs("failed", message)
            raise CannotRun(message + "；请用 --verbose 重试并报告此问题") from None


def _checked(check: Callable[[Any], Any]) -> Callable[[click.Context, Any, Any], Any]:
    """A click callback running one of the application layer's input checks."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        try:
            return check(value)
        except inputs.InputError as exc:
            raise click.BadParameter(str(exc)) from None

    return callback


def report_options(fn):
    """Where report, audit and monitor write their reports, checked before any work."""
    fn = click.option(
        "--format",
        "formats",
        default="html,xlsx",
        show_default=True,
        callback=_checked(inputs.formats),
        help="Comma-separated: " + ", ".join(inputs.FORMATS) + ".",
    )(fn)
    return click.option(
        "--out",
        "out_dir",
        default="reports-out",
        show_default=True,
        type=click.Path(file_okay=False),
        callback=_checked(inputs.out_dir),
    )(fn)


def crawl_options(fn):
    """Crawl knobs shared by crawl, audit and monitor (`inputs.CrawlOptions`)."""
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
            callback=_checked(inputs.vocabulary),
            help="Column vocabulary YAML (title keywords → category) instead of the bundled one.",
        ),
        click.option(
            "--full",
            is_flag=True,
            help="A full crawl even when the site was crawled before (default: incremental "
            "on top of its last completed run, full every XXGK_FULL_EVERY_DAYS=7 days).",
        ),
        click.option("--verbose", is_flag=True, help="Show Scrapy's log."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _db_option(fn):
    return click.option(
        "--db", "db_path", default="xxgk.db", show_default=True, help="SQLite database file."
    )(fn)


def _as_of_option(fn):
    return click.option(
        "--as-of",
        callback=_checked(inputs.as_of),
        help="Judge dates as of this day (YYYY-MM-DD); default today.",
    )(fn)


def _profile_option(fn):
    return click.option(
        "--profile",
        type=click.Path(exists=True, dir_okay=False),
        callback=_checked(inputs.profile),
        help="YAML rule profile over the national defaults.",
    )(fn)


def _sites(sites_file: str) -> list[inputs.SiteSpec]:
    sites, warnings = inputs.sites(sites_file)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    return sites


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


def _print_audit(db_path: str, result: audit.AuditResult) -> None:
    db = storage.open_db(db_path)
    for run in result.runs:
        print_crawl(db, run)
    click.echo(_summary(result))
    for path in result.reports:
        out.print(f"report: {path}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)


def _summary(result: audit.AuditResult) -> str:
    from rules import engine

    return engine.summarize(result.checks)


@click.group(cls=Main)
@click.version_option(package_name="xxgk-audit")
def main() -> None:
    """xxgk-audit: check the 政府信息公开 section of government websites.

    \b
    xxgk audit https://www.example.gov.cn/ --out reports/
    xxgk demo
    """


@main.command()
@click.argument("url", callback=_checked(inputs.url))
@_db_option
@_as_of_option
@crawl_options
def crawl(url: str, db_path: str, as_of: str, **opts: Any) -> None:
    """Crawl one site's 信息公开 section into the database (no rules).

    \b
    xxgk crawl https://www.example.gov.cn/ --db audit.db
    """
    db, [run] = audit.run_crawls(
        db_path, [inputs.SiteSpec(url)], as_of, inputs.CrawlOptions(**opts)
    )
    print_crawl(db, run)
    problem = audit.crawl_problem(run)
    if problem:
        raise CannotRun(problem)


@main.command()
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print the SPEC §2 JSON object.")
def inspect(url: str, as_json: bool) -> None:
    """Fetch one page and show what the crawler reads from it.

    \b
    xxgk inspect https://www.example.gov.cn/xxgk/tzgg/index.html --json
    """
    reading = audit.inspect(url)
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


@main.command()
@_db_option
@click.option(
    "--run",
    "run_id",
    type=click.IntRange(1),
    help="Check this run only (default: the latest run of every site).",
)
@click.option(
    "--as-of",
    callback=_checked(lambda v: v and inputs.as_of(v)),
    help="Judge as of this day (default: the run's own as-of date).",
)
@_profile_option
def check(db_path: str, run_id: int | None, as_of: str | None, profile: str | None) -> int:
    """(Re)apply the rules to stored crawl data, offline. Exit 0 合格, 1 不合格, 2 无法判断
    (for several sites: the worst of them).

    \b
    xxgk check --db audit.db --as-of 2026-03-31
    """
    result = audit.check_stored(db_path, run_id, as_of, profile)
    click.echo(_summary(result))
    return result.exit_code


@main.command()
@_db_option
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
    for path in audit.report(db_path, site, formats, out_dir, templates):
        out.print(str(path))


@main.command("audit")
@click.argument("url", callback=_checked(inputs.url))
@_db_option
@_as_of_option
@_profile_option
@report_options
@crawl_options
def audit_command(
    url: str,
    db_path: str,
    as_of: str,
    profile: str | None,
    out_dir: str,
    formats: tuple[str, ...],
    **opts: Any,
) -> int:
    """Crawl, check and report one site. Exit 0 合格, 1 不合格, 2 could not run.

    \b
    xxgk audit https://www.example.gov.cn/ --out reports/
    """
    options = inputs.CrawlOptions(**opts)
    result = audit.audit(db_path, [inputs.SiteSpec(url)], as_of, out_dir, formats, options, profile)
    _print_audit(db_path, result)
    return result.exit_code


@main.command()
@click.argument("sites_file", type=click.Path(exists=True, dir_okay=False))
@_db_option
@_as_of_option
@report_options
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Sites crawled at the same time (1–64).",
)
@click.option(
    "--webhook",
    metavar="URL",
    help="POST a signed JSON alert here when a site turns 不合格, a veto finding appears or "
    "a site stops answering (HMAC secret: environment variable XXGK_WEBHOOK_SECRET).",
)
@click.option(
    "--new-round",
    is_flag=True,
    help="Start a new round even when the last round of these sites was cut short "
    "(default: continue it with the sites not yet done).",
)
@click.option(
    "--redis",
    metavar="URL",
    callback=_checked(inputs.redis_url),
    help="Share the round with `xxgk worker --redis URL` processes (any machine): they "
    "crawl the sites, this process alone writes the database (--workers is unused).",
)
@crawl_options
def monitor(
    sites_file: str,
    db_path: str,
    as_of: str,
    out_dir: str,
    formats: tuple[str, ...],
    workers: int,
    webhook: str | None,
    new_round: bool,
    redis: str | None,
    **opts: Any,
) -> int:
    """Audit every site of a SITES.yaml (SPEC §2); prints 合格率 and what changed.
    Exit 0 every site 合格, 1 any site not 合格, 2 the round could not run.

    \b
    xxgk monitor sites.yaml --db monitor.db --workers 4
    xxgk monitor sites.yaml --db monitor.db --redis redis://queue.example:6379/0
    """
    try:
        hook = inputs.webhook(webhook, os.environ.get("XXGK_WEBHOOK_SECRET"))
    except inputs.InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--webhook") from None
    sites = _sites(sites_file)
    options = inputs.CrawlOptions(**opts)
    result = audit.monitor(
        db_path, sites, as_of, out_dir, formats, options, workers, hook, new_round, redis
    )
    _print_audit(db_path, result)
    return result.round_exit_code


@main.command()
@click.option(
    "--redis",
    metavar="URL",
    required=True,
    callback=_checked(inputs.redis_url),
    help="The Redis of `xxgk monitor --redis URL`.",
)
@click.option("--burst", is_flag=True, help="Exit once the queue is empty.")
@click.option(
    "--heartbeat",
    type=click.IntRange(1, 3600),
    default=30,
    show_default=True,
    help="Seconds between heartbeats; a site whose worker is silent for 3 heartbeats goes "
    "back to the queue for another worker.",
)
def worker(redis: str, burst: bool, heartbeat: int) -> None:
    """Crawl whole sites of the rounds shared on Redis (`xxgk monitor --redis`), one at
    a time, each in a fresh process; the results go back to the round's collector.

    \b
    xxgk worker --redis redis://queue.example:6379/0
    """
    from xxgk.app import distributed

    distributed.work(redis, burst, heartbeat)


@main.command()
@click.argument("sites_file", type=click.Path(exists=True, dir_okay=False))
@_db_option
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
    from xxgk.app.probe import probe_sites

    rows = probe_sites(db_path, _sites(sites_file), timeout, workers)
    for r in rows:
        state = "[green]ok[/green]" if r["ok"] else f"[red]{escape(str(r['error']))}[/red]"
        url = escape(r["site_url"])
        out.print(f"{url}  {r['status'] or '—'}  {r['elapsed_ms']} ms  {state}")
    failed = sum(1 for r in rows if not r["ok"])
    out.print(f"probed {len(rows)} · failed {failed} · stored in {db_path}")


@main.command("review")
@click.argument("fingerprint", required=False)
@_db_option
@click.option("--confirm", is_flag=True, help="The finding stands (marked 已复核确认).")
@click.option(
    "--dismiss",
    metavar="REASON",
    help="Not a problem, for this reason: drops out of the verdict and the score while its "
    "evidence is unchanged, listed under 已复核排除.",
)
@click.option("--reason", help="A note with --confirm.")
@click.option("--reviewer", help="Who decides (default: $XXGK_REVIEWER, else $USER).")
@click.option("--site", help="The site, when the fingerprint occurs at several.")
@click.option(
    "--import",
    "import_file",
    type=click.Path(dir_okay=False),
    help="Read the 复核 / 复核理由 / 复核人 columns of a site report's XLSX (all rows or none).",
)
@click.option("--list", "listing", is_flag=True, help="Show the reviews in force.")
def review_command(
    fingerprint: str | None,
    db_path: str,
    confirm: bool,
    dismiss: str | None,
    reason: str | None,
    reviewer: str | None,
    site: str | None,
    import_file: str | None,
    listing: bool,
) -> None:
    """Confirm or dismiss a finding by its fingerprint (问题编号 in the XLSX). Decisions
    apply from the next `xxgk check` while the finding's evidence is unchanged.

    \b
    xxgk review 'column.empty|example.gov.cn/xxgk/tzgg/|' --dismiss 栏目已撤并 --reviewer 张三
    xxgk review 'link.broken|example.gov.cn/a.pdf|' --confirm
    xxgk review --import reports/example.gov.cn.xlsx --reviewer 张三
    xxgk review --list
    """
    from xxgk.app import review as reviews

    modes = [bool(fingerprint), bool(import_file), listing]
    if sum(modes) != 1:
        raise click.UsageError("give one of: FINGERPRINT, --import FILE, --list")
    if fingerprint and confirm == (dismiss is not None):
        raise click.UsageError("with a FINGERPRINT give one of --confirm, --dismiss REASON")
    if not fingerprint and (confirm or dismiss is not None or reason):
        raise click.UsageError("--confirm, --dismiss and --reason need a FINGERPRINT")
    if import_file:
        done = reviews.import_reviews(db_path, import_file, reviewer)
        click.echo(
            f"imported {import_file}: 确认 {done.confirmed} · 排除 {done.dismissed} · "
            f"unchanged {done.unchanged} · no decision {done.blank}; "
            "applies from the next `xxgk check`"
        )
    elif listing:
        for r in reviews.list_reviews(db_path, site):
            label = "确认" if r["decision"] == "confirmed" else "排除"
            click.echo(
                f"{r['reviewed_at'][:10]}  {label}  {r['site_key']}  {r['fingerprint']}  "
                f"{r['reviewer']}" + (f"：{r['reason']}" if r["reason"] else "")
            )
    else:
        assert fingerprint is not None
        decision = "confirmed" if confirm else "dismissed"
        note = reason if confirm else dismiss
        row = reviews.review(db_path, fingerprint, decision, note, reviewer, site)
        click.echo(
            f"{'确认' if confirm else '排除'} {row['fingerprint']} ({row['site_url']}) by "
            f"{row['reviewer']}; applies from the next `xxgk check`"
        )


@main.command()
@click.option(
    "--out", "out_dir", default="build/demo", show_default=True, type=click.Path(file_okay=False)
)
@click.option("--db", "db_path", help="Database file (default: OUT/demo.db, recreated each time).")
def demo(out_dir: str, db_path: str | None) -> int:
    """Serve the bundled sample portal on 127.0.0.1 and audit it end to end.

    \b
    xxgk demo --out build/demo
    """
    result = audit.demo(out_dir, db_path)
    out.print(f"sample portal served at {result.portal_url} (as-of {result.as_of})")
    _print_audit(str(result.db_file), result.audit)
    out.print(f"database: {result.db_file}")
    return result.exit_code


if __name__ == "__main__":
    main()
