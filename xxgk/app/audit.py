"""Crawl → check → report, for one site or a round of many, and the exit code of each.

Exit codes are a contract (SPEC §2): 0 合格, 1 不合格 (for a round: any site not 合格),
2 could not run. Everything that cannot run raises `CannotRun` with one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from xxgk import storage
from xxgk.app.inputs import CrawlOptions, SiteSpec, Webhook, one_line
from xxgk.urls import url_key

if TYPE_CHECKING:
    from crawler.run import Target
    from rules.engine import CheckResult

EXIT_PASS, EXIT_FAIL, EXIT_CANNOT_RUN = 0, 1, 2


class CannotRun(Exception):
    """The work could not be done (exit 2); the message is one line."""


# Runs this process opened and may leave `running` if it dies: closed by the caller's
# top-level handler, so no error ever leaves a run that looks like a crawl in progress.
_open_runs: list[tuple[str, int]] = []
_open_rounds: list[tuple[str, int]] = []


def close_open_runs(status: str, error: str) -> None:
    by_db: dict[str, list[int]] = {}
    for path, run_id in _open_runs:
        by_db.setdefault(path, []).append(run_id)
    for path, _round in _open_rounds:
        by_db.setdefault(path, [])
    for path, ids in by_db.items():
        try:
            db = storage.open_db(path, busy_seconds=5)
            storage.close_runs(db, ids, status, error)
            for p, round_id in _open_rounds:
                if p == path:
                    storage.finish_round(db, round_id, "interrupted")
            db.conn.close()
        except Exception:  # noqa: BLE001 (best effort: the error being reported matters more)
            continue


def verdict_exit(verdict: str | None) -> int:
    """0 合格, 1 不合格, 2 could not run — which includes 无法判断: a crawl that could not
    see enough to judge is not a pass."""
    if verdict == "合格":
        return EXIT_PASS
    if verdict == "不合格":
        return EXIT_FAIL
    return EXIT_CANNOT_RUN


@dataclass
class AuditResult:
    """What an audit (one site or a round) produced."""

    runs: list[dict[str, Any]]
    checks: list[CheckResult] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        """The worst verdict's code (`xxgk audit`, `xxgk check`)."""
        return max((verdict_exit(c.verdict) for c in self.checks), default=EXIT_CANNOT_RUN)

    @property
    def round_exit_code(self) -> int:
        """A round (`xxgk monitor`): 1 when any site is not 合格 — a dead site is that
        site's finding, not a round that could not run; 2 is kept for the round itself
        (including a round cut short)."""
        if self.interrupted:
            return EXIT_CANNOT_RUN
        return EXIT_PASS if self.exit_code == EXIT_PASS else EXIT_FAIL


def start_runs(
    db_path: str,
    sites: list[SiteSpec],
    as_of: str,
    round_id: int | None = None,
    options: CrawlOptions | None = None,
) -> tuple[list[int], list[Target]]:
    """A run per site, owned by this process (a URL the crawler cannot take is a
    recorded failed run): every run id, and the targets left to crawl — incremental on
    the site's last run unless `options.full`."""
    from crawler import run as crawl_run

    db = storage.open_db(db_path)
    storage.close_dead_runs(db)
    options = options or CrawlOptions()
    every = crawl_run.settings(options.settings()).getint("XXGK_FULL_EVERY_DAYS")
    targets, run_ids = [], []
    for site in sites:
        run_id = storage.start_run(db, site.url, as_of, round_id)
        run_ids.append(run_id)
        _open_runs.append((db_path, run_id))
        storage.update_run(
            db, run_id, site_name=site.name, level=site.level, options=site.run_options()
        )
        problem = crawl_run.url_problem(site.url)
        if problem:
            storage.finish_run(
                db, run_id, "failed", error=f"不是有效的网址：{site.url[:200]!r}（{problem}）"
            )
            continue
        prior = None if options.full else _incremental_base(db, site.url, every)
        targets.append(crawl_run.Target(site.url, as_of, run_id, site.name, site.level, prior))
    db.conn.close()
    return run_ids, targets


def run_crawls(
    db_path: str,
    sites: list[SiteSpec],
    as_of: str,
    options: CrawlOptions,
    workers: int = 1,
    round_id: int | None = None,
) -> tuple[sqlite_utils.Database, list[dict[str, Any]]]:
    """Create a run per site, crawl them, and return the database and each run row."""
    from crawler import run as crawl_run

    run_ids, targets = start_runs(db_path, sites, as_of, round_id, options)
    if targets:
        crawl_run.crawl(targets, db_path, dict(options.settings(), XXGK_PROGRESS=True), workers)
    db = storage.open_db(db_path)
    return db, [storage.get_run(db, r) for r in run_ids]


def _incremental_base(db: sqlite_utils.Database, site_url: str, every: int) -> int | None:
    """The run an incremental crawl of the site builds on: its last completed, uncapped
    run, while its last full crawl started less than `every` days ago (wall-clock days:
    the as-of date says how to judge, not how old the crawl is)."""
    last, full_started = storage.baseline(db, site_url)
    if last is None or full_started is None or every <= 0:
        return None
    age = date.today() - date.fromisoformat(full_started[:10])
    return int(last["id"]) if age.days < every else None


def crawl_problem(run: dict[str, Any]) -> str | None:
    """Why a crawl-only run (`xxgk crawl`) did not complete, or None."""
    if run["status"] == "failed":
        return str(run.get("error") or "crawl failed")
    if run["status"] != "completed":
        return f"run {run['id']} {run['status']}: {run.get('error') or '抓取未完成'}"
    return None


def check(
    db: sqlite_utils.Database,
    run_ids: list[int] | None,
    as_of: str | None = None,
    profile: str | None = None,
) -> list[CheckResult]:
    """Apply the rules to the given runs (None: the latest run of every site)."""
    from rules import engine
    from rules.profile import ProfileError

    day = date.fromisoformat(as_of) if as_of else None
    try:
        if run_ids:
            return [engine.check_run(db, r, as_of=day, profile=profile) for r in run_ids]
        return engine.check_latest(db, as_of=day, profile=profile)
    except ProfileError as exc:
        raise CannotRun(f"profile: {exc}") from None


def existing_db(db_path: str) -> sqlite_utils.Database:
    """`check` and `report` read a database; they never create an empty one by mistake.
    Runs whose crawler died are closed first, so they are never judged as complete."""
    if not Path(db_path).is_file():
        raise CannotRun(f"database {db_path} does not exist")
    db = storage.open_db(db_path)
    storage.close_dead_runs(db)
    return db


def check_stored(
    db_path: str, run_id: int | None, as_of: str | None, profile: str | None
) -> AuditResult:
    """`xxgk check`: re-judge stored runs offline."""
    db = existing_db(db_path)
    if run_id:
        try:
            run = storage.get_run(db, run_id)
        except sqlite_utils.db.NotFoundError:
            raise CannotRun(f"run {run_id} is not in {db_path}") from None
        if run["status"] == "running":  # close_dead_runs left it: its crawler is alive
            raise CannotRun(f"run {run_id} 仍在抓取中（pid {run.get('pid')}），结束后再检查")
    checks = check(db, [run_id] if run_id else None, as_of, profile)
    if not checks:
        raise CannotRun("no finished runs in the database")
    return AuditResult(runs=[], checks=checks)


def render(
    db: sqlite_utils.Database,
    run_ids: list[int],
    formats: tuple[str, ...],
    out_dir: str,
    templates: str | None = None,
) -> list[Path]:
    """A report per run, and an index of them when there are several."""
    from reports import render as renderer

    target = Path(out_dir)
    paths: list[Path] = []
    site_reports: dict[int, Path] = {}
    for run_id in run_ids:
        written = renderer.render_site(db, run_id, target, formats, templates=templates)
        paths += written
        site_reports[run_id] = next((p for p in written if p.suffix == ".html"), written[0])
    if len(run_ids) > 1 and "html" in formats:
        paths.append(renderer.render_index(db, target, run_ids, site_reports, templates=templates))
    return paths


def audit(
    db_path: str,
    sites: list[SiteSpec],
    as_of: str,
    out_dir: str,
    formats: tuple[str, ...],
    options: CrawlOptions | None = None,
    profile: str | None = None,
    workers: int = 1,
) -> AuditResult:
    """Crawl, check and report every site; the inputs are already validated."""
    db, runs = run_crawls(db_path, sites, as_of, options or CrawlOptions(), workers)
    run_ids = [r["id"] for r in runs]
    checks = check(db, run_ids, None, profile)
    return AuditResult(runs, checks, render(db, run_ids, formats, out_dir))


def monitor(
    db_path: str,
    sites: list[SiteSpec],
    as_of: str,
    out_dir: str,
    formats: tuple[str, ...],
    options: CrawlOptions | None = None,
    workers: int = 4,
    webhook: Webhook | None = None,
    new_round: bool = False,
    redis: str | None = None,
) -> AuditResult:
    """A monitoring round: audit every site, then alert on what got worse.

    A round of the same sites that was killed is continued, not restarted: its sites
    whose crawl ended are not audited again, the others are, and the round keeps its
    as-of day. A webhook that fails is a warning: an alert never changes a verdict.
    With `redis`, `xxgk worker` processes crawl the sites (xxgk/app/distributed.py) and
    this process is the round database's only writer."""
    if redis:
        from xxgk.app import distributed

        distributed.connect(redis)  # before the round exists: no Redis, no round
    db = storage.open_db(db_path)
    storage.close_dead_runs(db)
    key = storage.sites_key(s.url for s in sites)
    unfinished = None if new_round else storage.unfinished_round(db, key)
    if unfinished:
        owner = storage.round_owner(db, unfinished)
        if owner:
            raise CannotRun(f"第 {unfinished['id']} 轮监测仍在进行（{owner}），结束后再运行")
        round_id, as_of = unfinished["id"], unfinished["as_of"]
        storage.claim_round(db, round_id)
    else:
        round_id = storage.start_round(db, key, len(sites), as_of)
    _open_rounds.append((db_path, round_id))
    done = {
        url_key(r["site_url"]) for r in storage.round_runs(db, round_id, *storage.DONE_STATUSES)
    }
    todo = [s for s in sites if url_key(s.url) not in done]
    db.conn.close()
    if redis:
        distributed.run_crawls(redis, db_path, todo, as_of, options or CrawlOptions(), round_id)
    else:
        run_crawls(db_path, todo, as_of, options or CrawlOptions(), workers, round_id)
    db = storage.open_db(db_path)
    runs = storage.round_runs(db, round_id)
    # Every run of the round is (re)judged: one killed between crawl and check has no
    # verdict yet, and the round's summary and exit code cover all its sites.
    run_ids = [r["id"] for r in runs]
    result = AuditResult(runs, check(db, run_ids), render(db, run_ids, formats, out_dir))
    if unfinished:
        result.warnings.append(
            f"继续第 {round_id} 轮监测（截至 {as_of}）：{len(done)} 个站点此前已完成，"
            f"本次检查 {len(todo)} 个"
        )
    # A crawl stopped by Ctrl-C ends `interrupted`: the round is then unfinished too,
    # and the next `xxgk monitor` of these sites continues it.
    cut = [r for r in runs if r["status"] not in storage.DONE_STATUSES]
    storage.finish_round(db, round_id, "interrupted" if cut else "completed")
    if cut:
        result.interrupted = True
        result.warnings.append(
            f"第 {round_id} 轮监测未完成：{len(cut)} 个站点的抓取被中断；再次运行同一命令即继续"
        )
    if webhook:
        from xxgk.app import alerts

        result.warnings += alerts.alert_round(db, run_ids, webhook.url, webhook.secret)
    return result


def report(
    db_path: str,
    site: str | None,
    formats: tuple[str, ...],
    out_dir: str,
    templates: str | None = None,
) -> list[Path]:
    """`xxgk report`: render the latest run of each site without crawling."""
    db = existing_db(db_path)
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
        check(db, unchecked)
    return render(db, [r["id"] for r in runs], formats, out_dir, templates)


def inspect(url: str) -> dict[str, Any]:
    """`xxgk inspect`: what the crawler reads from one page (SPEC §2 JSON object)."""
    from crawler import run as crawl_run

    problem = crawl_run.url_problem(url)
    if problem:
        raise CannotRun(f"不是有效的网址：{url[:200]!r}（{problem}）")
    try:
        return crawl_run.inspect(url)
    except Exception as exc:  # network faults of every kind become one clean message
        raise CannotRun(f"无法获取 {url[:200]}：{one_line(exc)}") from None


@dataclass
class DemoResult:
    audit: AuditResult
    portal_url: str
    as_of: str
    db_file: Path

    @property
    def exit_code(self) -> int:
        # The sample portal is built to fail some checks: that is the demo working.
        return EXIT_CANNOT_RUN if self.audit.exit_code == EXIT_CANNOT_RUN else EXIT_PASS


def demo(out_dir: str, db_path: str | None = None) -> DemoResult:
    """Serve the bundled sample portal on 127.0.0.1 and audit it end to end."""
    import yaml

    from xxgk import demo as demo_portal

    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    db_file = Path(db_path) if db_path else target / "demo.db"
    if not db_path:  # the default database is the demo's own: recreated each time
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    expected = yaml.safe_load((demo_portal.PORTAL / "expected.yaml").read_text(encoding="utf-8"))
    as_of = str(expected["as_of"])
    with demo_portal.serve() as server:
        result = audit(str(db_file), [SiteSpec(server.url)], as_of, str(target), ("html", "xlsx"))
        return DemoResult(result, server.url, as_of, db_file)
