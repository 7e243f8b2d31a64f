"""`xxgk monitor`: many sites in one run, one bad site never stops the others, and the
second run reports what persists."""

import os
import signal
import subprocess
import sys
import time

from tests.conftest import xxgk
from tests.test_alerts import SECRET, receiver  # noqa: F401 (a fixture)
from xxgk import storage
from xxgk.app import alerts


def monitor(sites_file, db_path, out, as_of, *extra, env=None):
    return xxgk(
        "monitor",
        str(sites_file),
        "--db",
        str(db_path),
        "--out",
        str(out),
        "--as-of",
        as_of,
        "--timeout",
        "5",
        *extra,
        env=env,
    )


def test_monitor_two_sites_twice(demo_server, expected, tmp_path, receiver):  # noqa: F811
    sites = tmp_path / "sites.yaml"
    sites.write_text(
        "sites:\n"
        f"  - url: {demo_server.url}\n    name: 示例市文化广电旅游局\n    tags: {{region: 示例市}}\n"
        "  - url: http://127.0.0.1:9/\n    name: 停机测试局\n",
        encoding="utf-8",
    )
    db_path, out, as_of = tmp_path / "m.db", tmp_path / "out", str(expected["as_of"])
    hook = receiver()
    signed = ("--webhook", hook.url)
    first = monitor(sites, db_path, out, as_of, *signed, env={"XXGK_WEBHOOK_SECRET": SECRET})
    # one site is 不合格, one could not be crawled (无法判断): that site's finding, so the
    # round says "not every site 合格" (1), not "the round could not run" (2)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "Traceback" not in first.stderr
    assert (out / "index.html").exists()
    # a site watched for the first time and already failing is news; so is a dead one
    assert {(p["event"], p["site_url"]) for p in hook.payloads()} >= {
        ("verdict_failed", demo_server.url),
        ("site_unreachable", "http://127.0.0.1:9/"),
    }
    assert all(alerts.verify(SECRET, body, headers) for headers, body in hook.got)
    sent = len(hook.got)
    second = monitor(sites, db_path, out, as_of, *signed, env={"XXGK_WEBHOOK_SECRET": SECRET})
    assert second.returncode == 1
    assert len(hook.got) == sent, "nothing got worse: no alert on the second round"
    db = storage.open_db(str(db_path))
    runs = list(db.query("select * from runs order by id"))
    assert [r["status"] for r in runs] == ["completed", "failed", "completed", "failed"]
    assert storage.loads(runs[0]["options"]) == {"tags": {"region": "示例市"}}
    changes = {f["change"] for f in storage.findings(db, runs[2]["id"]) if f["severity"] != "info"}
    assert changes == {"persisting"}
    assert "合格率" in second.stdout


def test_a_webhook_without_its_secret_stops_the_round_before_any_crawl(tmp_path):
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites: [http://127.0.0.1:9/]\n", encoding="utf-8")
    db_path = tmp_path / "m.db"
    done = monitor(
        sites,
        db_path,
        tmp_path,
        "2026-01-01",
        "--webhook",
        "http://127.0.0.1:9/h",
        env={"XXGK_WEBHOOK_SECRET": ""},
    )
    assert done.returncode == 2 and "XXGK_WEBHOOK_SECRET" in done.stderr
    assert not db_path.exists()


def test_sites_on_one_server_take_turns(demo_server, tmp_path):
    """127.0.0.1 and localhost are one server: with 2 workers their crawls still never
    overlap (XXGK_SITES_PER_SERVER=1), so a shared server sees one site's requests."""
    port = demo_server.url.split(":")[2].rstrip("/")
    sites = tmp_path / "sites.yaml"
    sites.write_text(
        f"sites: [http://127.0.0.1:{port}/, http://localhost:{port}/]\n", encoding="utf-8"
    )
    db_path = tmp_path / "m.db"
    done = monitor(sites, db_path, tmp_path, "2026-01-01", "--workers", "2", "--max-pages", "40")
    assert "Traceback" not in done.stderr
    db = storage.open_db(str(db_path))
    spans = []
    for run in storage.latest_runs(db):
        stamps = sorted(f["fetched_at"] for f in storage.fetches(db, run["id"]))
        assert len(stamps) > 5
        spans.append((stamps[0], stamps[-1]))
    (a_start, a_end), (b_start, b_end) = sorted(spans)
    assert a_end <= b_start, spans


def test_servers_key_hosts_by_address():
    from crawler.run import servers

    found = servers(["http://127.0.0.1:8/", "http://localhost:9/x", "http://no-such.invalid/"])
    assert found == {
        "http://127.0.0.1:8/": "127.0.0.1",
        "http://localhost:9/x": "127.0.0.1",
        "http://no-such.invalid/": "no-such.invalid",
    }


def _killed_round(db_path, done_url, cut_url, owner_pid):
    """A round of two sites as a killed `xxgk monitor` leaves it: one site done, the
    other's crawl cut mid-way, both owned by `owner_pid`."""
    db = storage.open_db(str(db_path))
    key = storage.sites_key([done_url, cut_url])
    round_id = storage.start_round(db, key, 2, "2026-06-30")
    db.table("rounds").update(round_id, {"pid": owner_pid})
    done = storage.start_run(db, done_url, "2026-06-30", round_id)
    storage.finish_run(db, done, "failed", error="无法连接")
    cut = storage.start_run(db, cut_url, "2026-06-30", round_id)
    db.table("runs").update(cut, {"pid": owner_pid})  # left `running`, as kill -9 leaves it
    return round_id


def test_a_killed_round_is_continued_with_the_sites_not_done(demo_server, tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    db_path, dead_url = tmp_path / "m.db", "http://127.0.0.1:9/"
    round_id = _killed_round(db_path, dead_url, demo_server.url, dead.pid)
    sites = tmp_path / "sites.yaml"
    sites.write_text(f"sites: [{demo_server.url}, {dead_url}]\n", encoding="utf-8")
    done = monitor(sites, db_path, tmp_path / "out", "2026-12-01", "--articles", "1")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"继续第 {round_id} 轮" in done.stderr
    db = storage.open_db(str(db_path))
    runs = list(db.query("select * from runs order by id"))
    # the done site is not audited again; the cut one is, in the same round and as of
    # the round's own day
    assert [(r["site_url"], r["status"]) for r in runs] == [
        (dead_url, "failed"),
        (demo_server.url, "interrupted"),
        (demo_server.url, "completed"),
    ]
    assert {r["round_id"] for r in runs} == {round_id}
    assert runs[2]["as_of"] == "2026-06-30" and runs[2]["verdict"]
    assert runs[0]["verdict"], "a run done before the kill is judged with the round"
    assert list(db.query("select status from rounds")) == [{"status": "completed"}]
    # the round is over: the next monitor starts a new one
    again = monitor(sites, db_path, tmp_path / "out", "2026-12-01", "--articles", "1")
    assert again.returncode == 1 and "继续" not in again.stderr
    assert [r["id"] for r in db.query("select id from rounds")] == [round_id, round_id + 1]


def test_a_round_still_running_elsewhere_is_not_run_twice(tmp_path):
    db_path, a, b = tmp_path / "m.db", "http://127.0.0.1:9/", "http://127.0.0.1:10/"
    _killed_round(db_path, a, b, os.getpid())  # this test process: alive
    sites = tmp_path / "sites.yaml"
    sites.write_text(f"sites: [{a}, {b}]\n", encoding="utf-8")
    done = monitor(sites, db_path, tmp_path / "out", "2026-12-01")
    assert done.returncode == 2 and "仍在进行" in done.stderr
    forced = monitor(sites, db_path, tmp_path / "out", "2026-12-01", "--new-round")
    assert forced.returncode == 1, forced.stdout + forced.stderr


def test_ctrl_c_cuts_the_round_and_the_same_command_continues_it(demo_server, tmp_path):
    sites = tmp_path / "sites.yaml"
    sites.write_text(f"sites: [{demo_server.url}, http://127.0.0.1:9/]\n", encoding="utf-8")
    args = [sys.executable, "-m", "xxgk.cli", "monitor", str(sites), "--db", str(tmp_path / "m.db")]
    args += ["--out", str(tmp_path / "out"), "--concurrency", "1", "--workers", "1"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "Traceback" not in err, err
    db = storage.open_db(str(tmp_path / "m.db"))
    assert [r["status"] for r in db.query("select status from rounds")] == ["interrupted"]
    again = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert again.returncode == 1 and "继续第 1 轮" in again.stderr, again.stderr
    runs = list(db.query("select site_url, status from runs where status != 'interrupted'"))
    assert sorted(r["site_url"] for r in runs) == sorted([demo_server.url, "http://127.0.0.1:9/"])
    assert [r["status"] for r in db.query("select status from rounds")] == ["completed"]
