"""`make bench-monitor`: a monitoring round over many generated sites on loopback, each
its own slow server (200 ms before every answer, on its own 127.x address, as sites of
different servers), run twice — a full round, then an incremental one — and, with
`--redis`, the same round shared by two `xxgk worker` processes through a real
redis-server. Prints sites/hour, pages/s, peak RSS, the second round's fetches and the
projection for a national round; writes build/bench-monitor.json and .md. Like the other
benchmarks it fails only when it could not run.

    python -m bench.monitor                       # 200 sites, 16 workers (~10 minutes)
    python -m bench.monitor --sites 40 --redis
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.server import free_port
from tools.portalgen import TRUTH_FILE, generate
from tools.portalgen.server import serve
from xxgk import storage

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
SEEDS = 7000  # first seed: generated portals no test or fix ever looked at
NATIONAL_SITES = 14_500  # CNNIC, end of 2019: 14,474 government websites
# Assumed size of a real 信息公开 section, in pages a complete audit fetches (a city
# bureau: ~40 columns, ~2,500 documents); the generated portals are much smaller.
REAL_PAGES = 3_000
# What an incremental crawl of an unchanged site of that size fetches: the second crawl
# of the 21,017-entry benchmark portal (52 columns) fetched 66 pages (README).
REAL_INCREMENTAL_PAGES = 66
NIGHT_HOURS = 8


def _sites(n: int) -> list[Path]:
    out = []
    for i in range(n):
        folder = BUILD / "bench-monitor" / "sites" / str(SEEDS + i)
        if not (folder / TRUTH_FILE).exists():
            generate(SEEDS + i, folder)
        out.append(folder)
    return out


def _host(i: int) -> str:
    return f"127.0.{1 + i // 250}.{1 + i % 250}"


class PeakRss:
    """Peak resident memory of processes and of their children (an RQ worker's forked
    work-horse crawls the site), polled from /proc (VmHWM) until they end."""

    def __init__(self, pids: list[int]) -> None:
        self.peaks = dict.fromkeys(pids, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    @staticmethod
    def _hwm(pid: int | str) -> int:
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
        return 0

    def _poll(self) -> None:
        while not self._stop.wait(0.5):
            for pid in self.peaks:
                children: list[str] = []
                with contextlib.suppress(OSError):
                    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
                now = max([self._hwm(pid), *(self._hwm(c) for c in children)])
                self.peaks[pid] = max(self.peaks[pid], now)

    def stop(self) -> dict[int, int]:
        self._stop.set()
        self._thread.join()
        return self.peaks


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "xxgk.cli", *args]


def _round_figures(db_path: Path, seconds: float, rss: list[int]) -> dict[str, Any]:
    db = storage.open_db(str(db_path))
    last = max(r["id"] for r in db.query("select id from rounds"))
    runs = storage.round_runs(db, last)
    stats = [storage.loads(r["stats"], {}) for r in runs]
    pages = sum(st.get("pages", 0) for st in stats)
    not_modified = sum(st.get("not_modified", 0) for st in stats)
    done = sum(r["status"] == "completed" for r in runs)
    db.conn.close()
    return {
        "sites": len(runs),
        "completed": done,
        "seconds": round(seconds, 1),
        "pages": pages,
        "not_modified": not_modified,  # requests answered 304: nothing downloaded
        "pages_per_s": round(pages / seconds, 1),
        "sites_per_hour": round(len(runs) / seconds * 3600),
        "peak_rss_mb": rss,
    }


def _local_round(sites_file: Path, db_path: Path, workers: int) -> dict[str, Any]:
    args = _cli("monitor", str(sites_file), "--db", str(db_path), "--workers", str(workers))
    args += ["--out", str(BUILD / "bench-monitor" / "reports"), "--format", "xlsx"]
    started = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rss = PeakRss([proc.pid])
    _, err = proc.communicate()
    peaks = rss.stop()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"monitor exited {proc.returncode}: {err.strip()[-300:]}")
    return _round_figures(db_path, time.monotonic() - started, list(peaks.values()))


def _redis_round(sites_file: Path, db_path: Path, workers: int) -> dict[str, Any] | None:
    server = shutil.which("redis-server")
    if server is None:
        print("redis-server not installed: the Redis round is skipped", file=sys.stderr)
        return None
    port = free_port()
    redis = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        time.sleep(0.5)
        started = time.monotonic()
        collector = subprocess.Popen(
            _cli(
                "monitor", str(sites_file), "--db", str(db_path), "--redis", url, "--format", "xlsx"
            )
            + ["--out", str(BUILD / "bench-monitor" / "reports")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Not --burst: a worker started before the collector has queued the sites
        # would find the queue empty and leave.
        hands = [
            subprocess.Popen(_cli("worker", "--redis", url), stdout=subprocess.DEVNULL)
            for _ in range(workers)
        ]
        rss = PeakRss([p.pid for p in hands])
        _, err = collector.communicate()
        seconds = time.monotonic() - started
        for p in hands:
            p.terminate()
            p.wait(timeout=60)
        peaks = rss.stop()
        if collector.returncode not in (0, 1):
            raise RuntimeError(f"monitor --redis exited {collector.returncode}: {err[-300:]}")
        return _round_figures(db_path, seconds, list(peaks.values()))
    finally:
        redis.terminate()
        redis.wait()


def _projection(full: dict[str, Any], incremental: dict[str, Any]) -> dict[str, Any]:
    per_site = full["pages"] / full["sites"]
    hours_full = NATIONAL_SITES * REAL_PAGES / full["pages_per_s"] / 3600
    hours_incremental = NATIONAL_SITES * REAL_INCREMENTAL_PAGES / incremental["pages_per_s"] / 3600
    return {
        "assumptions": (
            f"{NATIONAL_SITES} sites; a full audit fetches {REAL_PAGES} pages a site "
            f"(generated here: {per_site:.0f}), an incremental one {REAL_INCREMENTAL_PAGES} "
            "(measured on the 52-column benchmark portal: homepage, section, column pages, "
            "new entries); pages/s as measured in each round on this machine"
        ),
        "full_round_hours": round(hours_full, 1),
        "incremental_round_hours": round(hours_incremental, 1),
        "incremental_fits_one_night": hours_incremental <= NIGHT_HOURS,
    }


def _markdown(result: dict[str, Any]) -> str:
    rows = [
        "| round | sites | seconds | requests | of them 304 | pages/s | sites/hour | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in ("full", "incremental", "redis"):
        r = result.get(name)
        if r:
            rss = ", ".join(str(x) for x in r["peak_rss_mb"])
            rows.append(
                f"| {name} | {r['sites']} | {r['seconds']} | {r['pages']} | {r['not_modified']} "
                f"| {r['pages_per_s']} "
                f"| {r['sites_per_hour']} | {rss} |"
            )
    p = result["projection"]
    rows.append("")
    rows.append(
        f"Second round: {result['incremental_share']:.1%} of the first round's requests, "
        f"{result['incremental_download_share']:.1%} of its downloads (304 answers aside). "
        f"National round: full {p['full_round_hours']} h, incremental "
        f"{p['incremental_round_hours']} h ({p['assumptions']})."
    )
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.monitor", description=__doc__)
    ap.add_argument("--sites", type=int, default=200)
    ap.add_argument("--latency", type=float, default=0.2, help="seconds before each answer")
    ap.add_argument("--workers", type=int, default=16, help="sites crawled at once (local)")
    ap.add_argument("--redis", action="store_true", help="also run the round on 2 Redis workers")
    args = ap.parse_args(argv)
    folders = _sites(args.sites)
    with contextlib.ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        servers = [
            stack.enter_context(serve(f, host=_host(i), latency=args.latency))
            for i, f in enumerate(folders)
        ]
        sites_file = Path(tmp) / "sites.yaml"
        sites_file.write_text(
            "sites:\n" + "".join(f"  - {s.url}\n" for s in servers), encoding="utf-8"
        )
        db_path = Path(tmp) / "monitor.db"
        result: dict[str, Any] = {"sites": args.sites, "latency_s": args.latency}
        result["workers"] = args.workers
        result["full"] = _local_round(sites_file, db_path, args.workers)
        result["incremental"] = _local_round(sites_file, db_path, args.workers)
        if args.redis:
            result["redis"] = _redis_round(sites_file, Path(tmp) / "redis.db", 2)
    full, again = result["full"], result["incremental"]
    result["incremental_share"] = again["pages"] / full["pages"]
    result["incremental_download_share"] = (again["pages"] - again["not_modified"]) / (
        full["pages"] - full["not_modified"]
    )
    result["projection"] = _projection(result["full"], result["incremental"])
    BUILD.mkdir(exist_ok=True)
    (BUILD / "bench-monitor.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    text = _markdown(result)
    (BUILD / "bench-monitor.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("XXGK_DB_BUSY_SECONDS", "60")
    raise SystemExit(main())
