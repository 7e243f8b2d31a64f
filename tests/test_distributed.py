"""Scale-out on Redis (issue 10, item 6): `xxgk monitor --redis` and two `xxgk worker`
processes share one round through a real redis-server on 127.0.0.1. Every site is
audited exactly once, no page is fetched more often than by a local round, the findings
are a local round's, and a worker killed mid-site leaves its site to the other."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.conftest import ROOT, xxgk
from xxgk import demo, storage
from xxgk.storage import shards

needs_redis = pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="redis-server is not installed (apt-get install redis-server; .ci/run does)",
)
AS_OF = "2026-03-31"
# Each site on a loopback address of its own: sites on one server IP take turns, and
# these are meant to be crawled side by side.
HOSTS = ("127.0.0.2", "127.0.0.3", "127.0.0.4")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_redis(work):
    """A private redis-server on a free port, answering: (process, connection, URL)."""
    from redis import Redis

    port = _free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(work)],
        stdout=subprocess.DEVNULL,
    )
    conn = Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            conn.ping()
            return proc, conn, f"redis://127.0.0.1:{port}/0"
        except Exception:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise
            time.sleep(0.1)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    proc, conn, url = _start_redis(tmp_path_factory.mktemp("redis"))
    yield conn, url
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def redis_url(redis_server):
    conn, url = redis_server
    conn.flushall()
    return url


class CountingHandler(demo.PortalHandler):
    """The demo portal, counting each request by path (and optionally slower)."""

    hits: Counter[str]
    delay = 0.0

    def do_GET(self) -> None:  # noqa: N802
        self.hits[self.path] += 1
        time.sleep(self.delay)
        super().do_GET()


def _portals(stack: ExitStack, delay: float = 0.0) -> list[demo.DemoServer]:
    servers = []
    for host in HOSTS:
        handler = type("Handler", (CountingHandler,), {"hits": Counter(), "delay": delay})
        servers.append(stack.enter_context(demo.serve(host=host, handler=handler)))
    return servers


def _sites_file(tmp_path: Path, servers: list[demo.DemoServer]) -> Path:
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites:\n" + "".join(f"  - url: {s.url}\n" for s in servers), encoding="utf-8")
    return sites


def _workers(stack: ExitStack, url: str, logs: Path, n: int = 2) -> list[subprocess.Popen]:
    """`xxgk worker` processes, registered with Redis before this returns."""
    from redis import Redis
    from rq import Worker

    procs = []
    for i in range(n):
        log = stack.enter_context((logs / f"worker{i}.log").open("w"))
        proc = subprocess.Popen(
            [sys.executable, "-m", "xxgk.cli", "worker", "--redis", url, "--heartbeat", "2"],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        stack.callback(_stop, proc)
        procs.append(proc)
    conn = Redis.from_url(url)
    deadline = time.monotonic() + 30
    while len(Worker.all(connection=conn)) < n:
        assert time.monotonic() < deadline, "workers did not start"
        time.sleep(0.2)
    return procs


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _monitor(sites: Path, db: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return xxgk("monitor", str(sites), "--db", str(db), "--out", str(out), "--as-of", AS_OF, *extra)


def _finding_key(f: dict) -> tuple:
    """What a finding says. A document published in several columns is reported at the
    copy the crawl met first, which timing decides in any two crawls: its URLs count."""
    urls = storage.loads(f["details"], {}).get("urls") if f["rule"].startswith("content.") else None
    return f["rule"], f["severity"], f["year"] or 0, tuple(sorted(urls or [f["url"] or ""]))


def _by_site(db_path: Path, round_id: int = 1) -> dict[str, dict]:
    """Per site, in one round: its runs, the URLs fetched and the findings (as a reader
    compares them)."""
    db = storage.open_db(str(db_path))
    found: dict[str, dict] = {}
    for run in db.query("select * from runs where round_id = ? order by id", [round_id]):
        site = found.setdefault(run["site_url"], {"runs": [], "fetched": Counter()})
        site["runs"].append(run)
        site["fetched"].update(f["url"] for f in storage.fetches(db, run["id"]))
        site["findings"] = sorted(_finding_key(f) for f in storage.findings(db, run["id"]))
        site["verdict"] = run["verdict"]
        site["stats"] = storage.loads(run["stats"], {})
    return found


@needs_redis
def test_two_workers_share_a_round_like_a_local_one(redis_url, tmp_path):
    with ExitStack() as stack:
        servers = _portals(stack)
        sites = _sites_file(tmp_path, servers)
        procs = _workers(stack, redis_url, tmp_path)
        shared = _monitor(sites, tmp_path / "shared.db", tmp_path / "out", "--redis", redis_url)
        hits = [Counter(s._httpd.RequestHandlerClass.hits) for s in servers]
        for counter in (s._httpd.RequestHandlerClass.hits for s in servers):
            counter.clear()
        local = _monitor(sites, tmp_path / "local.db", tmp_path / "out-local", "--workers", "2")
        local_hits = [Counter(s._httpd.RequestHandlerClass.hits) for s in servers]
        # A second round builds on the first (incremental): the site's last run goes to
        # the worker with the job.
        again = _monitor(sites, tmp_path / "shared.db", tmp_path / "out", "--redis", redis_url)
        local_again = _monitor(
            sites, tmp_path / "local.db", tmp_path / "out-local", "--workers", "2"
        )
        assert all(p.poll() is None for p in procs)
    # The demo portal is built to fail checks: 1 is every site judged, some 不合格.
    for done in (shared, local, again, local_again):
        assert done.returncode == 1, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
    mine, theirs = _by_site(tmp_path / "shared.db"), _by_site(tmp_path / "local.db")
    assert set(mine) == {s.url for s in servers}
    for url, site in mine.items():
        assert [r["status"] for r in site["runs"]] == ["completed"], url
        assert max(site["fetched"].values()) == 1, url  # no URL fetched twice in a site
        assert site["fetched"] == theirs[url]["fetched"], url
        assert site["findings"] == theirs[url]["findings"], url
        assert site["verdict"] == theirs[url]["verdict"] == "不合格"
    mine2, theirs2 = _by_site(tmp_path / "shared.db", 2), _by_site(tmp_path / "local.db", 2)
    for url, site in mine2.items():
        assert [r["status"] for r in site["runs"]] == ["completed"], url
        assert site["stats"]["incremental_from"] == mine[url]["runs"][0]["id"]
        assert site["stats"]["reused_articles"] == theirs2[url]["stats"]["reused_articles"] > 0
        assert site["fetched"] == theirs2[url]["fetched"], url
        assert site["findings"] == theirs2[url]["findings"] == mine[url]["findings"], url
    # The portals saw each page as often as from a local round: nobody re-fetched.
    assert hits == local_hits
    logs = [(tmp_path / f"worker{i}.log").read_text() for i in range(2)]
    assert all("Successfully completed" in log for log in logs), "both workers crawled"


@needs_redis
def test_a_worker_killed_mid_site_leaves_the_site_to_the_other(redis_url, tmp_path):
    from redis import Redis
    from rq import Queue, Worker
    from rq.job import Job

    conn = Redis.from_url(redis_url)
    with ExitStack() as stack:
        servers = _portals(stack, delay=0.03)[:2]
        sites = _sites_file(tmp_path, servers)
        procs = _workers(stack, redis_url, tmp_path)
        collector = subprocess.Popen(
            [sys.executable, "-m", "xxgk.cli", "monitor", str(sites), "--db"]
            + [str(tmp_path / "m.db"), "--out", str(tmp_path / "out"), "--as-of", AS_OF]
            + ["--redis", redis_url],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        stack.callback(_stop, collector)
        registry = Queue("xxgk-sites", connection=conn).started_job_registry
        deadline = time.monotonic() + 60
        while not registry.get_job_ids():
            assert time.monotonic() < deadline, "no site was started"
            time.sleep(0.1)
        job = Job.fetch(registry.get_job_ids()[0], connection=conn)
        time.sleep(1.5)  # well into the site: ~200 pages at 30 ms each
        job.refresh()  # its worker is written when the work-horse takes it up
        victim = next(w for w in Worker.all(connection=conn) if w.name == job.worker_name)
        os.kill(victim.pid, signal.SIGKILL)
        out, err = collector.communicate(timeout=240)
        survivor = next(p for p in procs if p.pid != victim.pid)
        assert survivor.poll() is None
    assert collector.returncode == 1, out + err
    db = storage.open_db(str(tmp_path / "m.db"))
    runs = list(db.query("select * from runs order by id"))
    assert sorted(r["site_url"] for r in runs) == sorted(s.url for s in servers)
    assert all(r["status"] == "completed" and r["verdict"] == "不合格" for r in runs), runs
    killed = next(r for r in runs if r["site_url"] == job.description)
    fetched = Counter(f["url"] for f in storage.fetches(db, killed["id"]))
    assert len(fetched) > 100 and max(fetched.values()) == 1
    logs = {p.pid: (tmp_path / f"worker{i}.log").read_text() for i, p in enumerate(procs)}
    assert f"Successfully completed {job.description}" in logs[survivor.pid]
    assert f"Successfully completed {job.description}" not in logs[victim.pid]


def test_a_shard_is_merged_once(tmp_path):
    """The collector's merge is keyed by run: a result that arrives twice lands once."""
    target = storage.open_db(str(tmp_path / "round.db"))
    run_id = storage.start_run(target, "http://a.example/", AS_OF, None)
    shard = storage.open_db(str(tmp_path / "shard.db"))
    shards.seed_run(shard, storage.get_run(target, run_id))
    column = storage.insert_column(shard, {"run_id": run_id, "url": "http://a.example/c/"})
    storage.insert_many(
        shard, "entries", [{"run_id": run_id, "column_id": column, "url": "http://a.example/1"}]
    )
    storage.insert_many(shard, "fetches", [{"run_id": run_id, "url": "http://a.example/"}])
    storage.finish_run(shard, run_id, "completed")
    image = shards.extract_run(shard, run_id)
    assert shards.merge_run(target, image, run_id) is True
    assert shards.merge_run(target, image, run_id) is False
    assert storage.get_run(target, run_id)["status"] == "completed"
    [col] = storage.columns(target, run_id)
    [entry] = storage.entries(target, run_id)
    assert entry["column_id"] == col["id"] and len(storage.fetches(target, run_id)) == 1


def test_redis_addresses_are_checked_before_any_work(tmp_path):
    bad = xxgk("worker", "--redis", "http://127.0.0.1:6379/")
    assert bad.returncode == 2 and "不是 Redis 地址" in bad.stderr
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites: [http://127.0.0.1:9/]\n", encoding="utf-8")
    down = _monitor(
        sites, tmp_path / "m.db", tmp_path, "--redis", f"redis://127.0.0.1:{_free_port()}/0"
    )
    assert down.returncode == 2 and "无法连接 Redis" in down.stderr
    assert len(down.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "m.db").exists()


def _collector(
    sites: Path, db: Path, out: Path, url: str, ignore_sigint: bool = False
) -> subprocess.Popen:
    # A child inherits an ignored SIGINT across exec, as from a script that ignores it.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if ignore_sigint else None
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "xxgk.cli", "monitor", str(sites), "--db", str(db)]
            + ["--out", str(out), "--as-of", AS_OF, "--redis", url],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _enqueued(conn, n: int) -> None:
    from rq import Queue

    deadline = time.monotonic() + 60
    while Queue("xxgk-sites", connection=conn).count < n:
        assert time.monotonic() < deadline, "the sites were not enqueued"
        time.sleep(0.1)


@needs_redis
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_collector_withdraws_its_sites(redis_server, tmp_path, stop):
    """Ctrl-C or SIGTERM on `xxgk monitor --redis`: no worker crawls for the cut round
    later, and the round is left to be continued."""
    from rq import Queue

    conn, url = redis_server
    conn.flushall()
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites: [http://127.0.0.2:9/, http://127.0.0.3:9/]\n", encoding="utf-8")
    collector = _collector(sites, tmp_path / "m.db", tmp_path, url, ignore_sigint=True)
    _enqueued(conn, 2)
    collector.send_signal(stop)
    out, err = collector.communicate(timeout=60)
    assert collector.returncode == 2 and "Traceback" not in err, err
    assert Queue("xxgk-sites", connection=conn).count == 0
    db = storage.open_db(str(tmp_path / "m.db"))
    assert {r["status"] for r in db.query("select status from runs")} == {"interrupted"}
    assert [r["status"] for r in db.query("select status from rounds")] == ["interrupted"]


@needs_redis
def test_a_lost_redis_leaves_the_round_to_be_continued(tmp_path):
    redis, conn, url = _start_redis(tmp_path)
    try:
        sites = tmp_path / "sites.yaml"
        sites.write_text("sites: [http://127.0.0.2:9/]\n", encoding="utf-8")
        collector = _collector(sites, tmp_path / "m.db", tmp_path, url)
        _enqueued(conn, 1)
    finally:
        redis.kill()
        redis.wait()
    out, err = collector.communicate(timeout=60)
    assert collector.returncode == 2, out + err
    assert len(err.strip().splitlines()) == 1 and "Redis" in err and "继续" in err
    db = storage.open_db(str(tmp_path / "m.db"))
    [run] = db.query("select status from runs")
    assert run["status"] == "interrupted"  # not failed: the site is audited when continued
