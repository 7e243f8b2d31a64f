"""Benchmark of the rules engine (issue #4): `xxgk check` on a generated database of
≥ 1,000,000 entries across ≥ 1,000 sites; target < 10 s.

    python -m rules.bench                      # 1000 sites × 1000 entries, temp file
    python -m rules.bench --sites 50 --entries 200 --db /tmp/small.db

Not a test (`make bench` times bench/checkdb.py's database the same way). The generated sites look like real crawls — the four
platform columns, news/notice/policy/personnel/plan columns, an annual-report column
with report pages (text included), a homepage with dates, a fetch log with a few
errors — with some sites stale, some empty columns, some missing reports, so that
every rule does real work.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from xxgk import storage

AS_OF = date(2026, 6, 30)
_CLASSES = [
    ("工作动态", "news", "news"),
    ("通知公告", "notice", "notice"),
    ("政策文件", "policy", "policy"),
    ("人事信息", "personnel", "personnel"),
    ("规划计划", "plan", "plan"),
    ("财政预决算", "other", "budget"),
    ("政府采购", "other", "procurement"),
    ("部门动态", "news", "news"),
    ("公示公告", "notice", "notice"),
    ("规范性文件", "policy", "policy"),
]
_REPORT = (
    "一、总体情况\n{p}\n二、主动公开政府信息情况\n{p}\n三、收到和处理政府信息公开申请情况\n{p}\n"
    "四、政府信息公开行政复议、行政诉讼情况\n{p}\n五、存在的主要问题及改进情况\n{p}\n六、其他需要报告的事项\n{p}\n"
)


def generate(path: str, sites: int = 1000, entries_per_site: int = 1000, seed: int = 7) -> None:
    rnd = random.Random(seed)
    db = storage.open_db(path)
    for s in range(sites):
        url = f"https://site{s}.example.gov.cn/"
        name = f"某某市第{s}局" if s % 3 else f"某某县{s}人民政府"
        run_id = storage.start_run(db, url, AS_OF.isoformat())
        storage.finish_run(
            db,
            run_id,
            "completed",
            site_name=name,
            section_url=url + "xxgk/",
            stats={"pages": 1200, "capped": []},
        )
        stale = s % 7 == 0
        cols: list[tuple[int, str]] = []
        for title, cat, cls in (
            ("政府信息公开指南", "other", "guide"),
            ("政府信息公开制度", "other", "system"),
            ("法定主动公开内容", "other", "statutory"),
        ):
            storage.insert_column(
                db,
                {
                    "run_id": run_id,
                    "url": f"{url}xxgk/{cls}/",
                    "title": title,
                    "path": f"政府信息公开 > {title}",
                    "kind": "page",
                    "category": cat,
                    "class": cls,
                    "state": "ok",
                    "entry_count": 0,
                },
            )
        for i, (title, cat, cls) in enumerate(_CLASSES):
            state = (
                "empty"
                if (s % 11 == 0 and i >= 8)
                else ("unreadable" if s % 13 == 0 and i == 7 else "ok")
            )
            cid = storage.insert_column(
                db,
                {
                    "run_id": run_id,
                    "url": f"{url}xxgk/c{i}/",
                    "title": title,
                    "path": f"政府信息公开 > 法定主动公开内容 > {title}",
                    "kind": "list",
                    "category": cat,
                    "class": cls,
                    "state": state,
                    "entry_count": 0,
                },
            )
            if state == "ok":
                cols.append((cid, cls))
        annual_id = storage.insert_column(
            db,
            {
                "run_id": run_id,
                "url": f"{url}xxgk/nb/",
                "title": "政府信息公开年报",
                "path": "政府信息公开 > 政府信息公开年报",
                "kind": "list",
                "category": "annual_report",
                "class": "annual_report",
                "state": "ok",
                "entry_count": 7,
            },
        )
        rows: list[dict[str, Any]] = []
        pages: list[dict[str, Any]] = [
            {
                "run_id": run_id,
                "url": url,
                "kind": "home",
                "title": name,
                "dates": storage.dumps(
                    [
                        {
                            "label": "list",
                            "date": (AS_OF - timedelta(days=30 if stale else 2)).isoformat(),
                        }
                    ]
                ),
            }
        ]
        prose = (
            f"{name}坚持以公开为常态、不公开为例外，全年主动公开政府信息{rnd.randint(100, 999)}条。"
            * 20
        )
        for y in range(2019, 2026):
            if s % 17 == 0 and y == 2022:
                continue
            rurl = f"{url}xxgk/nb/{y}.html"
            pub = date(y + 1, 1, 20 if s % 5 else 25) + timedelta(days=20 if s % 19 == 0 else 0)
            title = f"{name}{y}年政府信息公开工作年度报告"
            rows.append(
                {
                    "run_id": run_id,
                    "column_id": annual_id,
                    "url": rurl,
                    "title": title,
                    "published": pub.isoformat(),
                    "date_text": pub.isoformat(),
                    "date_source": "list",
                }
            )
            pages.append(
                {
                    "run_id": run_id,
                    "url": rurl,
                    "kind": "article",
                    "title": title,
                    "published": pub.isoformat(),
                    "text": _REPORT.format(p=prose + str(y)),
                }
            )
        per_col = max((entries_per_site - len(rows)) // max(len(cols), 1), 1)
        n = 0
        for cid, _cls in cols:
            newest = rnd.randint(30, 400) if stale else rnd.randint(0, 10)
            for k in range(per_col):
                n += 1
                d = AS_OF - timedelta(days=newest + k * 3)
                rows.append(
                    {
                        "run_id": run_id,
                        "column_id": cid,
                        "url": f"{url}art/{cid}/{k}.html",
                        "title": f"关于开展第{n}项重点工作的通知（{name}）",
                        "published": d.isoformat(),
                        "date_text": d.isoformat(),
                        "date_source": "list",
                    }
                )
        storage.insert_many(db, "entries", rows)
        storage.insert_many(db, "pages", pages)
        fetches = [
            {
                "run_id": run_id,
                "url": f"{url}xxgk/c{i % 10}/index_{i}.html",
                "status": 200,
                "elapsed_ms": 40,
                "found_on": f"{url}xxgk/",
            }
            for i in range(100)
        ]
        if s % 4 == 0:
            fetches.append(
                {
                    "run_id": run_id,
                    "url": f"{url}missing.html",
                    "status": 404,
                    "elapsed_ms": 10,
                    "found_on": f"{url}xxgk/c1/",
                }
            )
        storage.insert_many(db, "fetches", fetches)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=1000)
    ap.add_argument("--entries", type=int, default=1000, help="entries per site")
    ap.add_argument("--db", help="database file (default: a temporary file)")
    args = ap.parse_args(argv)
    from rules.engine import check_latest

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or str(Path(tmp) / "bench.db")
        if not Path(path).exists():
            t0 = time.perf_counter()
            generate(path, args.sites, args.entries)
            print(f"generated {path} in {time.perf_counter() - t0:.1f} s")
        db = storage.open_db(path)
        n_entries = db.execute("select count(*) from entries").fetchone()[0]
        n_sites = db.execute("select count(distinct site_url) from runs").fetchone()[0]
        t0 = time.perf_counter()
        results = check_latest(db, as_of=AS_OF)
        elapsed = time.perf_counter() - t0
        findings = sum(len(r.findings) for r in results)
        verdicts = {
            v: sum(1 for r in results if r.verdict == v) for v in ("合格", "不合格", "无法判断")
        }
        print(
            f"xxgk check: {n_sites} sites, {n_entries} entries → {findings} findings, {verdicts} "
            f"in {elapsed:.2f} s (target < 10 s)"
        )


if __name__ == "__main__":
    main()
