"""Runs one fault case and checks the invariants every case must hold."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.faults.cases import Case

ROOT = Path(__file__).resolve().parents[2]
MAX_RSS_MB = 600
TABLES = ("runs", "columns", "entries", "findings", "pages", "fetches")


@dataclass
class Outcome:
    case: Case
    code: int
    stdout: str
    stderr: str
    seconds: float
    rss_mb: float
    problems: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return not self.problems


# ---- set-ups: bad files -------------------------------------------------------------


def _sites(tmp: Path, text: str) -> None:
    (tmp / "sites.yaml").write_text(text, encoding="utf-8")


SETUPS = {
    "a_file": lambda tmp, url: (tmp / "file").write_text("not a folder"),
    "junk_db": lambda tmp, url: (tmp / "junk.db").write_bytes(os.urandom(4096)),
    "bad_vocabulary": lambda tmp, url: (tmp / "vocab.yaml").write_text("classes: [: oops"),
    "bad_profile": lambda tmp, url: (tmp / "profile.yaml").write_text(
        "freshness: {news: abc}\nseverities: [1, 2]\n"
    ),
    "sites_ok": lambda tmp, url: _sites(tmp, f"sites:\n  - url: {url}site/\n"),
    "sites_url_number": lambda tmp, url: _sites(
        tmp, f"sites:\n  - url: {url}site/\n  - url: 12345\n"
    ),
    "sites_bad_level": lambda tmp, url: _sites(tmp, f"sites:\n  - url: {url}\n    level: city\n"),
    "sites_bad_exempt": lambda tmp, url: _sites(
        tmp, f"sites:\n  - url: {url}\n    exempt: site.unreachble\n"
    ),
    "sites_not_yaml": lambda tmp, url: _sites(tmp, "sites: [url: {\n"),
    "sites_empty": lambda tmp, url: _sites(tmp, "site: []\n"),
    "sites_duplicate": lambda tmp, url: _sites(
        tmp,
        f"sites:\n  - url: {url}site/\n    exempt: site.unreachable\n  - {url}site/index.html\n",
    ),
}


def _spec_only_db(tmp: Path, url: str) -> None:
    """Another crawler's database: the SPEC §3 tables and nothing else."""
    con = sqlite3.connect(tmp / "spec.db")
    con.executescript(
        "create table runs (id integer primary key, site_url, started_at, finished_at, status,"
        " as_of);"
        "create table columns (id integer primary key, run_id, url, title, path, kind,"
        " category, state, entry_count, latest_date);"
        "create table entries (id integer primary key, run_id, column_id, url, title, published);"
        "create table findings (id integer primary key, run_id, rule, severity, column_id, url,"
        " year, message, details);"
        "insert into runs values (1, 'http://a.gov.cn/', '2026-06-30', '2026-06-30',"
        " 'completed', '2026-06-30');"
        "insert into columns values (1, 1, 'http://a.gov.cn/xxgk/tzgg/', '通知公告',"
        " '政府信息公开 > 通知公告', 'list', 'notice', 'ok', 1, '2026-06-01');"
        "insert into entries values (1, 1, 1, 'http://a.gov.cn/xxgk/tzgg/1.html', '通知',"
        " '2026-06-01');"
    )
    con.commit()
    con.close()


SETUPS["spec_only_db"] = _spec_only_db
SETUPS["locked_db"] = lambda tmp, url: None  # the lock is taken around the run
SETUPS["huge_robots"] = lambda tmp, url: None  # the case runs against robots_server


class _Locker:
    """Another process holding the write lock of the case's database."""

    def __init__(self, db: Path) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sqlite3, sys, time\n"
                "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                "c.execute('begin exclusive')\nprint('locked', flush=True)\ntime.sleep(60)\n",
                str(db),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        self.proc.stdout.readline()

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


# ---- the earlier run every database starts with -----------------------------------


def seed_database(path: Path) -> None:
    """A database holding one earlier, completed and checked run: it must come out of
    every case byte-identical."""
    from rules.engine import check_run
    from tests import factory
    from xxgk import storage

    db = storage.open_db(str(path))
    run_id = factory.run(
        db, "http://earlier.gov.cn/", "2026-06-30", section_url="http://earlier.gov.cn/xxgk/"
    )
    col = factory.column(
        db,
        run_id,
        "通知公告",
        url="http://earlier.gov.cn/xxgk/tzgg/",
        path="政府信息公开 > 通知公告",
        category="notice",
        entry_count=1,
        latest_date="2026-06-01",
    )
    factory.rows(
        db,
        "entries",
        run_id,
        {
            "column_id": col,
            "url": "http://earlier.gov.cn/1.html",
            "title": "通知",
            "published": "2026-06-01",
        },
    )
    check_run(db, run_id)
    db.conn.close()


def dump_earlier(path: Path, run_ids: list[int]) -> str:
    con = sqlite3.connect(path)
    out = {}
    marks = ",".join("?" * len(run_ids))
    for table in TABLES:
        key = "id" if table == "runs" else "run_id"
        rows = con.execute(f"select * from {table} where {key} in ({marks}) order by id", run_ids)
        out[table] = [list(r) for r in rows]
    con.close()
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


# ---- running a case ----------------------------------------------------------------


def _format(args: tuple[str, ...], values: dict[str, str]) -> list[str]:
    out = []
    for a in args:
        for k, v in values.items():
            a = a.replace("{" + k + "}", v)
        out.append(a)
    return out


def _status(db: Path, run_id: int) -> str | None:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("select status from runs where id = ?", (run_id,)).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def _run(argv: list[str], env: dict[str, str], signals=(), limit: float = 90):
    """(exit code, stdout, stderr, seconds, peak RSS in MB) of one xxgk process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "xxgk.cli", *argv], stdout=out, stderr=err, cwd=ROOT, env=env
        )
        ended: list = []

        def done(block: bool = False) -> bool:
            # wait4, not poll(): it reaps the child and reports its peak memory.
            if not ended:
                pid, status, usage = os.wait4(proc.pid, 0 if block else os.WNOHANG)
                if pid:
                    ended.append((os.waitstatus_to_exitcode(status), usage))
            return bool(ended)

        for at, name in signals:
            time.sleep(max(0.0, at - (time.monotonic() - start)))
            if not done():
                proc.send_signal(getattr(signal, name))
        while not done() and time.monotonic() - start < limit:
            time.sleep(0.05)
        if not done():
            proc.kill()
            done(block=True)
        proc.returncode = ended[0][0]
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
        return ended[0][0], stdout, stderr, seconds, ended[0][1].ru_maxrss / 1024


def run_case(case: Case, tmp: Path, url: str, demo_url: str, template_db: Path) -> Outcome:
    db = tmp / "audit.db"
    shutil.copy(template_db, db)
    earlier = dump_earlier(db, [1])
    values = {"url": url, "demo": demo_url, "db": str(db), "out": str(tmp / "out"), "tmp": str(tmp)}
    if case.setup:
        SETUPS[case.setup](tmp, url)
    env = dict(os.environ, **case.env)
    locker = _Locker(db) if case.setup == "locked_db" else None
    try:
        code, stdout, stderr, seconds, rss = _run(
            _format(case.args, values), env, case.signals, case.seconds
        )
    finally:
        if locker:
            locker.stop()
    outcome = Outcome(case, code, stdout, stderr, seconds, rss)
    check_invariants(outcome, db, earlier, env)
    return outcome


def check_invariants(o: Outcome, db: Path, earlier: str, env: dict[str, str]) -> None:
    p = o.problems
    killed = any(name == "SIGKILL" for _, name in o.case.signals) and o.code == -9
    if o.code not in o.case.exit:
        p.append(f"exit {o.code}, expected one of {sorted(o.case.exit)}")
    # exit 1 is a verdict: 不合格, or for a monitor round a site that is not 合格
    round_not_all_pass = o.case.args[0] == "monitor" and "结论 verdict: 无法判断" in o.stdout
    if o.code == 1 and "结论 verdict: 不合格" not in o.stdout and not round_not_all_pass:
        p.append("exit 1 without a 不合格 verdict")
    for stream, text in (("stderr", o.stderr), ("stdout", o.stdout)):
        if "Traceback" in text:
            p.append(f"traceback on {stream}")
    errors = [line for line in o.stderr.splitlines() if line.startswith("Error:")]
    # exit 2 is either an error (one line on stderr) or the verdict 无法判断 (printed).
    if o.code == 2 and len(errors) != 1 and "结论 verdict: 无法判断" not in o.stdout:
        p.append(f"exit 2 with {len(errors)} 'Error:' lines on stderr and no 无法判断")
    if len(errors) > 1 or any(len(line) > 400 for line in errors):
        p.append("the error is not one short line")
    if o.case.says and o.case.says not in o.stderr + o.stdout:
        p.append(f"does not say {o.case.says!r}")
    if o.seconds > o.case.seconds:
        p.append(f"took {o.seconds:.0f} s")
    if o.rss_mb > MAX_RSS_MB:
        p.append(f"peak memory {o.rss_mb:.0f} MB")
    if killed and _status(db, 2) != "completed":
        # The killed process could not close its run: the very next command must see
        # at once that its crawler is gone, and never judge it. (A kill that came after
        # the crawl had completed leaves a run that is judged like any other.)
        code, out, err, *_ = _run(["check", "--db", str(db), "--run", "2"], env)
        if code != 2 or "无法判断" not in out:
            p.append(f"check after SIGKILL: exit {code}, {(out + err)[-200:]!r}")
    if db.exists():
        con = sqlite3.connect(db)
        try:
            if con.execute("pragma integrity_check").fetchone()[0] != "ok":
                p.append("integrity_check failed")
            running = con.execute("select id from runs where status = 'running'").fetchall()
            if running:
                p.append(f"runs left running: {running}")
        finally:
            con.close()
        if dump_earlier(db, [1]) != earlier:
            p.append("the earlier run's rows changed")
