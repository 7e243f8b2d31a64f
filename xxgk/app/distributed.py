"""Scale-out on Redis: `xxgk monitor --redis URL` shares one round's sites with any
number of `xxgk worker --redis URL` processes, on one machine or many.

The mechanism is RQ's job queue, one job per site of a round. A worker forks a fresh
work-horse process per job (RQ's default Worker), so each site is crawled by the normal
Scrapy scheduler in a reactor of its own, into a shard database of its own; the job's
result is that shard (an incremental crawl's shard starts as a copy of the site's last
run, which travels with the job). The collector — the `xxgk monitor` process, the only
writer of the round's database — enqueues the sites, merges each shard as it arrives
(keyed by run, so twice is once) and then checks and reports like a local round.

A worker that dies mid-site stops renewing its job's heartbeat; RQ's started-job
registry then counts the job as abandoned and, the job having retries left, puts it
back in the queue for another worker. The collector runs that clean-up while it waits,
so the re-queue does not wait for some worker's maintenance pass. Sites on one server
IP take turns across all workers through RQ's concurrency limit (RateLimit) keyed by
that server, as `XXGK_SITES_PER_SERVER` makes them take turns in one process.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
import time
import uuid
import zlib
from pathlib import Path
from typing import Any

from xxgk import storage
from xxgk.app.audit import CannotRun, start_runs
from xxgk.app.inputs import CrawlOptions, SiteSpec, one_line
from xxgk.storage import shards

QUEUE = "xxgk-sites"
# A site's crawl is bounded by its page caps; this only ends one that hangs for good.
SITE_TIMEOUT = 12 * 3600
# Times a site is re-queued after its worker died or its job raised, before its run is
# closed as interrupted (and the round left for `xxgk monitor` to continue).
RETRIES = 2
# Results wait this long for a collector that is slow to take them; taken ones are deleted.
RESULT_TTL = 24 * 3600
POLL_SECONDS = 0.5
_WORKER_PID = "XXGK_WORKER_PID"


def connect(url: str) -> Any:
    """A Redis connection that answered a PING, or a one-line CannotRun."""
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        conn = Redis.from_url(url, socket_connect_timeout=10, health_check_interval=30)
        conn.ping()
    except (RedisError, ValueError) as exc:
        raise CannotRun(f"无法连接 Redis {url}：{one_line(exc)}") from None
    return conn


def run_crawls(
    redis_url: str,
    db_path: str,
    sites: list[SiteSpec],
    as_of: str,
    options: CrawlOptions,
    round_id: int | None = None,
) -> None:
    """Create a run per site in `db_path`, have the workers crawl them, and merge each
    result into `db_path` as it arrives. Returns when every run is closed."""
    from redis.exceptions import RedisError
    from rq import Queue, Retry
    from rq.rate_limit import RateLimit

    from crawler import run as crawl_run

    conn = connect(redis_url)
    run_ids, targets = start_runs(db_path, sites, as_of, round_id, options)
    if not targets:
        return
    overrides = {k: v for k, v in options.settings().items() if v is not None}
    vocabulary = Path(options.vocabulary).read_text("utf-8") if options.vocabulary else None
    server = crawl_run.servers([t.url for t in targets])
    per_server = max(1, crawl_run.settings(overrides).getint("XXGK_SITES_PER_SERVER"))
    queue = Queue(QUEUE, connection=conn)
    db = storage.open_db(db_path)
    token = uuid.uuid4().hex[:12]
    pending: dict[str, int] = {}
    _interrupt_on_signals()
    try:
        for t in targets:
            job_id = f"xxgk-{token}-{t.run_id}"
            pending[job_id] = t.run_id  # before it exists: a Ctrl-C now still withdraws it
            queue.enqueue(
                crawl_site,
                {
                    "run": storage.get_run(db, t.run_id),
                    "settings": overrides,
                    "vocabulary": vocabulary,
                    # An incremental crawl reads the site's last run: it travels along.
                    "prior": t.prior_run,
                    "base": zlib.compress(shards.extract_run(db, t.prior_run))
                    if t.prior_run
                    else None,
                },
                job_id=job_id,
                description=t.url,
                job_timeout=SITE_TIMEOUT,
                result_ttl=RESULT_TTL,
                failure_ttl=RESULT_TTL,
                retry=Retry(max=RETRIES),
                rate_limit=RateLimit(f"xxgk-server:{server[t.url]}", per_server),
            )
        _collect(conn, queue, db, pending)
    except RedisError as exc:
        # Not the sites' fault: their runs are interrupted, not failed, and the round
        # stays unfinished for the same command to continue.
        why = f"与 Redis 的连接中断（{one_line(exc)}）"
        storage.close_runs(db, run_ids, "interrupted", why)
        raise CannotRun(f"{why}；再次运行同一命令即继续") from None
    finally:
        # Ctrl-C or a fault: the round's sites are withdrawn from the workers, so none
        # crawls for a round that will be continued with new runs.
        _withdraw(conn, list(pending))
        db.conn.close()


def _interrupt_on_signals() -> None:
    """Ctrl-C and SIGTERM (systemd's stop) end the wait as an interruption, as they end
    a local round's crawl, also in a process started with SIGINT ignored."""

    def interrupt(signum: int, frame: Any) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # one is enough; a second must not
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # cut the withdrawal short
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def _collect(conn: Any, queue: Any, db: Any, pending: dict[str, int]) -> None:
    from rq.job import Job, JobStatus

    beat = 0.0
    while pending:
        queue.started_job_registry.cleanup()
        ids = list(pending)
        for job_id, job in zip(ids, Job.fetch_many(ids, connection=conn), strict=True):
            run_id = pending[job_id]
            status = job.get_status(refresh=False) if job else None
            if status == JobStatus.FINISHED:
                data = job.return_value()
                if data is None:  # the status is written before the result: next pass
                    continue
                shards.merge_run(db, zlib.decompress(data), run_id)
            elif status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED, None):
                why = _failure(job) if job else "任务已不在 Redis 中"
                storage.close_runs(db, [run_id], "interrupted", f"抓取节点未能完成该站点：{why}")
            else:
                continue
            pending.pop(job_id)
            if job:
                job.delete()
        if time.monotonic() - beat > storage.HEARTBEAT_SECONDS:
            # The runs are this process's while the workers crawl them: alive, not dead.
            storage.heartbeat(db, pending.values())
            beat = time.monotonic()
        if pending:
            time.sleep(POLL_SECONDS)


def _failure(job: Any) -> str:
    result = job.latest_result()
    text = (result.exc_string if result else None) or "重试后仍失败"
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return one_line(Exception(lines[-1] if lines else text))


def _withdraw(conn: Any, job_ids: list[str]) -> None:
    """Best effort, on the way out of an error that matters more."""
    from redis.exceptions import RedisError
    from rq.command import send_stop_job_command
    from rq.exceptions import InvalidJobOperation, NoSuchJobError
    from rq.job import Job, JobStatus

    waiting = (JobStatus.QUEUED, JobStatus.RATE_LIMITED, JobStatus.SCHEDULED)
    try:
        jobs = [j for j in Job.fetch_many(job_ids, connection=conn) if j]
    except RedisError:
        return
    for job in jobs:
        try:
            status = job.get_status(refresh=False)
            if status in waiting:
                job.cancel()
            elif status == JobStatus.STARTED:
                send_stop_job_command(conn, job.id)  # a stopped job is never retried
        except (RedisError, InvalidJobOperation, NoSuchJobError):
            continue


def crawl_site(job: dict[str, Any]) -> bytes:
    """One site of a round, in a worker's work-horse: crawl it into a shard of its own
    and return the shard, compressed."""
    _exit_with_worker()
    from crawler import run as crawl_run

    run = dict(job["run"], status="running", pid=os.getpid(), host=_host())
    run["started_at"] = run["heartbeat_at"] = storage.now()
    overrides = dict(job["settings"])
    with tempfile.TemporaryDirectory(prefix="xxgk-shard-") as tmp:
        shard = str(Path(tmp) / "shard.db")
        if job.get("base"):
            Path(shard).write_bytes(zlib.decompress(job["base"]))
        db = storage.open_db(shard)
        shards.seed_run(db, run)
        db.conn.close()
        if job.get("vocabulary") is not None:
            vocabulary = Path(tmp) / "vocabulary.yaml"
            vocabulary.write_text(job["vocabulary"], encoding="utf-8")
            overrides["XXGK_VOCABULARY"] = str(vocabulary)
        target = crawl_run.Target(
            run["site_url"],
            run["as_of"],
            run["id"],
            run.get("site_name"),
            run.get("level"),
            job.get("prior") if job.get("base") else None,
        )
        crawl_run.crawl([target], shard, overrides, workers=1)
        db = storage.open_db(shard)
        try:
            return zlib.compress(shards.extract_run(db, run["id"]))
        finally:
            db.conn.close()


def _host() -> str:
    import socket

    return socket.gethostname()


def _exit_with_worker() -> None:
    """A work-horse whose worker died has nobody renewing its job's heartbeat: the job is
    re-queued for another worker, so this crawl stops rather than fetch the site twice.
    The worker's pid comes from the worker itself: one that died before this job began
    has already handed its horse to another parent."""
    parent = int(os.environ.get(_WORKER_PID) or os.getppid())

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="xxgk-worker-watch", daemon=True).start()


def work(redis_url: str, burst: bool = False, heartbeat: int = 30) -> None:
    """`xxgk worker`: take sites from the queue until stopped (or, with `burst`, until it
    is empty). A job whose worker was silent for 3 × `heartbeat` seconds is abandoned."""
    from rq import Queue, Worker

    class SiteWorker(Worker):
        def get_heartbeat_ttl(self, job: Any, working_time: float = 0.0) -> int:
            # RQ's own TTL adds a fixed minute to the interval; the multiple keeps a
            # short heartbeat meaning a short wait before a dead worker's site moves on.
            return 3 * heartbeat

    conn = connect(redis_url)
    os.environ[_WORKER_PID] = str(os.getpid())
    worker = SiteWorker(
        [Queue(QUEUE, connection=conn)], connection=conn, job_monitoring_interval=heartbeat
    )
    worker.work(burst=burst, logging_level="INFO")
