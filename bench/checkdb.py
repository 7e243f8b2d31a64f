"""A crawl database of many sites for timing `xxgk check` (`rules.engine.check_latest`).

`build(path, sites=1000, entries=1000)` writes one completed run per site through
`xxgk.storage.open_db` (so the schema and indexes are the real ones), then fills the
tables with `executemany` in large batches inside one transaction per site group:
~20 columns a site (指南/制度/机构职能 pages, news/notice/policy/personnel/plan/budget
lists, a 年报 column), ~1,000 entries a site, page facts for the homepage, the
columns and the newest articles, annual-report pages with the six-heading text, and a
fetch log with a few broken links. Sites vary: stale news, empty and unreadable
columns, undated lists, missing, late or copied annual reports, a future date, a
hidden gambling link.
"""

from __future__ import annotations

import json
import random
import time
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from xxgk import storage

AS_OF = date(2025, 6, 30)
# (title, category, class) of the list columns every site has, then optional ones.
LISTS = [
    ("工作动态", "news", "news"),
    ("通知公告", "notice", "notice"),
    ("政策文件", "policy", "policy"),
    ("政策解读", "policy", "policy"),
    ("规范性文件", "policy", "policy"),
    ("人事信息", "personnel", "personnel"),
    ("规划计划", "plan", "plan"),
    ("财政预决算", "other", "budget"),
    ("政府采购", "other", "procurement"),
    ("部门动态", "news", "news"),
    ("公示公告", "notice", "notice"),
    ("招考录用", "personnel", "personnel"),
    ("工作计划", "plan", "plan"),
    ("行政执法", "other", "other"),
    ("建议提案办理", "other", "other"),
    ("统计信息", "other", "other"),
]
PAGES = [
    ("政府信息公开指南", "other", "guide"),
    ("政府信息公开制度", "other", "system"),
    ("机构职能", "other", "organisation"),
]
HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
_PHRASES = [
    "坚持以公开为常态、不公开为例外",
    "全面推进决策、执行、管理、服务、结果公开",
    "持续深化政务公开标准化规范化建设",
    "围绕中心工作加大政策解读力度",
    "规范依申请公开办理流程",
    "加强政府网站和政务新媒体管理",
    "进一步完善信息发布审核机制",
    "及时回应社会关切",
    "推动基层政务公开向村居延伸",
    "强化公开工作培训和考核",
]

_COLS = {t: list(cols) for t, cols in storage.TABLES.items()}


_ENTRY_COLUMNS = ("run_id", "column_id", "url", "title", "published", "date_text", "date_source")


@cache
def _day(days_before: int) -> tuple[str, str, str, int]:
    d = AS_OF - timedelta(days=days_before)
    return d.isoformat(), f"{d:%Y%m}", f"{d:%Y%m%d}", d.year


def _insert(db, table: str, rows: list) -> None:
    if not rows:
        return
    if table == "entries":  # the bulk: tuples in _ENTRY_COLUMNS order
        db.conn.executemany(
            f"insert into entries ({', '.join(_ENTRY_COLUMNS)}) values "
            f"({', '.join('?' * len(_ENTRY_COLUMNS))})",
            rows,
        )
        return
    names = [c for c in _COLS[table] if c != "id"]
    sql = f"insert into [{table}] ({', '.join(names)}) values ({', '.join('?' * len(names))})"
    db.conn.executemany(sql, [tuple(r.get(c) for c in names) for r in rows])


def _report_text(rng: random.Random, name: str, year: int, missing: set[int]) -> str:
    parts = [
        f"{name}{year}年政府信息公开工作年度报告",
        "本报告根据《中华人民共和国政府信息公开条例》要求编制。",
    ]
    for i, h in enumerate(HEADINGS):
        if i in missing:
            continue
        parts.append(h)
        parts += [
            "，".join(rng.sample(_PHRASES, 4))
            + f"，全年主动公开政府信息{rng.randint(50, 3000)}条。"
            for _ in range(rng.randint(3, 6))
        ]
        parts.append(f"{rng.randint(1, 99)}　{rng.randint(1, 99)}　{rng.randint(1, 99)}")
    return "\n".join(parts)


# Entry titles: unique within a site (a document number or a sequence in each), except
# the ~2% cross-posted to a second column, as sites do with 通知 that are also 政策文件.
_TEMPLATES = [
    "关于印发《示例市{t}实施方案》的通知（示政办发〔{y}〕{n}号）",
    "关于做好{y}年{t}工作的通知（第{n}号）",
    "市{o}召开第{n}次{t}工作推进会",
    "关于{y}年第{n}批{t}项目的公示",
    "《关于推进{t}的若干意见》政策解读（{y}-{n}）",
    "{o}赴基层调研{t}工作（{y}年第{n}期）",
    "关于征求《示例市{t}管理办法》意见的公告（{y}第{n}号）",
]
_TOPICS = [
    "优化营商环境",
    "重点项目建设",
    "粮食安全",
    "节能降碳",
    "数字经济",
    "乡村振兴",
    "物价监测",
    "信用体系建设",
    "以工代赈",
    "新型基础设施",
    "能源保供",
    "安全生产",
    "防汛防台",
    "固定资产投资",
]
_ORGS = ["发展改革委", "财政局", "自然资源局", "生态环境局", "商务局", "住建局", "交通运输局"]


def _title(rng: random.Random, year: int, seq: int, earlier: list[tuple], column: int) -> str:
    if column > 0 and seq % 50 == 7 and earlier:
        return str(earlier[rng.randrange(len(earlier))][3])  # cross-posted from another column
    return rng.choice(_TEMPLATES).format(
        t=rng.choice(_TOPICS), o=rng.choice(_ORGS), y=year, n=seq + 1
    )


def _state(s: int, i: int, n: int) -> str:
    if s % 11 == 0 and i >= n - 2:
        return "empty"
    if s % 13 == 0 and i == 5:
        return "unreadable"
    if s % 29 == 0 and i == 6:
        return "unreachable"
    if s % 17 == 0 and i == 4:
        return "undated"
    return "ok"


def build(
    path: str | Path, sites: int = 1000, entries: int = 1000, seed: int = 11, batch_sites: int = 50
) -> dict:
    """Create `path` afresh; return row counts and the build time."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    t0 = time.perf_counter()
    db = storage.open_db(str(path))
    db.execute("PRAGMA synchronous = OFF")
    rng = random.Random(seed)
    run_id = column_id = 0
    counts = {"runs": 0, "columns": 0, "entries": 0, "pages": 0, "fetches": 0}
    pending: dict[str, list] = {k: [] for k in counts}

    def flush() -> None:
        with db.conn:
            for table, rows in pending.items():
                _insert(db, table, rows)
                counts[table] += len(rows)
                rows.clear()

    for s in range(sites):
        run_id += 1
        dept = s % 4 != 0
        name = f"示例市第{s}局" if dept else f"示例县第{s}镇人民政府"
        url = f"https://site{s:04d}.example.gov.cn/"
        stale, copied, late = s % 7 == 0, s % 9 == 0, s % 10 == 0
        started = f"{AS_OF}T02:00:00+00:00"
        cols: list[dict] = []
        for title, cat, cls in PAGES:
            column_id += 1
            cols.append(
                {
                    "id": column_id,
                    "run_id": run_id,
                    "url": f"{url}xxgk/{cls}/",
                    "title": title,
                    "path": f"政府信息公开 > {title}",
                    "kind": "page",
                    "category": cat,
                    "class": cls,
                    "state": "ok",
                    "entry_count": 0,
                    "latest_date": None,
                    "family": "trs",
                    "list_pages": 1,
                    "truncated": 0,
                }
            )
        lists = LISTS[: 13 + s % 4]
        states = [_state(s, i, len(lists)) for i in range(len(lists))]
        years = [y for y in range(2016, 2025) if not (s % 5 == 0 and y == 2022)]  # 2022 missing
        readable = sum(1 for st in states if st in ("ok", "undated")) or 1
        per_col, extra = divmod(max(0, entries - len(years)), readable)
        site_entries: list[tuple] = []
        pages: list[dict] = []
        fetches: list[dict] = []
        home_dates = []
        for i, (title, cat, cls) in enumerate(lists):
            column_id += 1
            curl = f"{url}xxgk/fdzdgknr/c{i:02d}/index.html"
            state = states[i]
            n = 0
            if state in ("ok", "undated"):
                n, extra = per_col + (1 if extra > 0 else 0), extra - 1
            age = (
                rng.randint(200, 700)
                if (stale and cat == "news")
                else rng.randint(0, 40 if cat == "news" else 150)
            )
            newest = AS_OF - timedelta(days=age)
            day = (AS_OF - newest).days
            base = f"{url}xxgk/fdzdgknr/c{i:02d}/"
            for k in range(n):
                if k:
                    day += int(rng.expovariate(1 / 3))
                iso, ym, ymd, year = _day(day)
                published = None if state == "undated" else iso
                if s % 31 == 0 and i == 1 and k == 0:
                    published = (AS_OF + timedelta(days=40)).isoformat()  # entry.future_date
                entry = (
                    run_id,
                    column_id,
                    f"{base}{ym}/t{ymd}_{run_id * 10000 + len(site_entries)}.html",
                    _title(rng, year, len(site_entries), site_entries, i),
                    published,
                    iso if published else None,
                    "list" if published else None,
                )
                site_entries.append(entry)
                if k < 5:
                    pages.append(
                        {
                            "run_id": run_id,
                            "url": entry[2],
                            "kind": "article",
                            "title": entry[3],
                            "published": published,
                            "dates": json.dumps([{"label": "发布日期", "date": iso}]),
                            "hidden_links": "[]",
                            "spam_words": "[]",
                            "text": None,
                            "fetched_at": started,
                        }
                    )
            if n and cat in ("news", "notice"):
                home_dates.append(newest.isoformat())
            latest = max((e[4] for e in site_entries[-n:] if e[4]), default=None) if n else None
            cols.append(
                {
                    "id": column_id,
                    "run_id": run_id,
                    "url": curl,
                    "title": title,
                    "path": f"政府信息公开 > 法定主动公开内容 > {title}",
                    "kind": "list",
                    "category": cat,
                    "class": cls,
                    "state": state,
                    "entry_count": n,
                    "latest_date": latest,
                    "family": "trs",
                    "list_pages": max(1, -(-n // 20)),
                    "truncated": 0,
                    "reason": "列表由浏览器端脚本渲染" if state == "unreadable" else None,
                    "date_texts": None,
                }
            )
            pages.append(
                {
                    "run_id": run_id,
                    "url": curl,
                    "kind": "list",
                    "title": title,
                    "published": None,
                    "dates": "[]",
                    "hidden_links": "[]",
                    "spam_words": "[]",
                    "text": None,
                    "fetched_at": started,
                }
            )
            fetches += [
                {
                    "run_id": run_id,
                    "url": curl.replace("index.html", f"index_{p}.html") if p else curl,
                    "status": 200,
                    "elapsed_ms": rng.randint(20, 300),
                    "found_on": f"{url}xxgk/",
                    "size": 18000,
                    "fetched_at": started,
                }
                for p in range(max(1, -(-n // 20)))
            ]
        # 政府信息公开年报: a report a year, some missing, late or copied from the year before.
        column_id += 1
        aurl = f"{url}xxgk/ndbg/index.html"
        reports = []
        prev_text = None
        for year in years:
            day = date(year + 1, 1, 5) + timedelta(days=rng.randint(0, 22))
            if late and year == 2023:
                day = date(year + 1, 3, 20) if dept else date(year + 1, 6, 1)
            text = (
                prev_text
                if (copied and year == 2024 and prev_text)
                else _report_text(rng, name, year, {4} if s % 8 == 0 and year >= 2021 else set())
            )
            prev_text = text
            rurl = f"{url}xxgk/ndbg/{day:%Y%m}/t{day:%Y%m%d}_{run_id * 10000 + 9000 + year}.html"
            title = f"{name}{year}年政府信息公开工作年度报告"
            reports.append(
                (run_id, column_id, rurl, title, day.isoformat(), day.isoformat(), "list")
            )
            pages.append(
                {
                    "run_id": run_id,
                    "url": rurl,
                    "kind": "article",
                    "title": title,
                    "published": day.isoformat(),
                    "dates": json.dumps([{"label": "发布日期", "date": day.isoformat()}]),
                    "hidden_links": "[]",
                    "spam_words": "[]",
                    "text": text,
                    "fetched_at": started,
                }
            )
        cols.append(
            {
                "id": column_id,
                "run_id": run_id,
                "url": aurl,
                "title": "政府信息公开年报",
                "path": "政府信息公开 > 政府信息公开年报",
                "kind": "list",
                "category": "annual_report",
                "class": "annual_report",
                "state": "ok",
                "entry_count": len(reports),
                "latest_date": max(r[4] for r in reports),
                "family": "trs",
                "list_pages": 1,
                "truncated": 0,
            }
        )
        site_entries += reports
        hidden = (
            json.dumps(
                [
                    {
                        "href": "http://www.365bet-example.com/",
                        "text": "澳门葡京娱乐城",
                        "why": "display:none",
                    }
                ],
                ensure_ascii=False,
            )
            if s % 23 == 0
            else "[]"
        )
        pages.insert(
            0,
            {
                "run_id": run_id,
                "url": url,
                "kind": "home",
                "title": name,
                "published": None,
                "dates": json.dumps(
                    [{"label": "list", "date": d} for d in sorted(home_dates)[-8:]]
                ),
                "hidden_links": hidden,
                "spam_words": "[]",
                "text": None,
                "fetched_at": started,
            },
        )
        pages.insert(
            1,
            {
                "run_id": run_id,
                "url": f"{url}xxgk/index.html",
                "kind": "section",
                "title": "政府信息公开",
                "published": None,
                "dates": "[]",
                "hidden_links": "[]",
                "spam_words": "[]",
                "text": None,
                "fetched_at": started,
            },
        )
        fetches += [
            {
                "run_id": run_id,
                "url": p["url"],
                "status": 200,
                "elapsed_ms": rng.randint(20, 300),
                "found_on": url,
                "size": 16000,
                "fetched_at": started,
            }
            for p in pages
            if p["kind"] != "list"
        ]
        for b in range(s % 4):
            fetches.append(
                {
                    "run_id": run_id,
                    "url": f"{url}xxgk/missing_{b}.html",
                    "status": 404,
                    "elapsed_ms": 12,
                    "found_on": f"{url}xxgk/fdzdgknr/c01/index.html",
                    "size": 600,
                    "fetched_at": started,
                }
            )
        stats = {
            "pages": len(fetches),
            "columns": len(cols),
            "entries": len(site_entries),
            "errors": s % 4,
            "capped": [],
            "finish_reason": "finished",
        }
        pending["runs"].append(
            {
                "id": run_id,
                "site_url": url,
                "started_at": started,
                "finished_at": f"{AS_OF}T02:05:00+00:00",
                "status": "completed",
                "as_of": AS_OF.isoformat(),
                "site_name": name,
                "section_url": f"{url}xxgk/index.html",
                "stats": json.dumps(stats),
            }
        )
        pending["columns"] += cols
        pending["entries"] += site_entries
        pending["pages"] += pages
        pending["fetches"] += fetches
        if (s + 1) % batch_sites == 0:
            flush()
    flush()
    db.execute("PRAGMA synchronous = NORMAL")
    db.conn.close()
    counts["sites"] = sites
    counts["seconds"] = time.perf_counter() - t0
    counts["rows"] = sum(
        v for k, v in counts.items() if k in ("runs", "columns", "entries", "pages", "fetches")
    )
    return counts


def time_check(path: str | Path) -> dict:
    """Run `rules.engine.check_latest` on the database; {"available": False} without the engine."""
    try:
        from rules import engine
    except ImportError as exc:
        return {"available": False, "error": str(exc)}
    if not hasattr(engine, "check_latest"):
        return {"available": False, "error": "rules.engine has no check_latest"}
    db = storage.open_db(str(path))
    t0 = time.perf_counter()
    results = engine.check_latest(db)
    seconds = time.perf_counter() - t0
    verdicts: dict[str, int] = {}
    findings = 0
    for r in results:
        verdicts[str(getattr(r, "verdict", "?"))] = (
            verdicts.get(str(getattr(r, "verdict", "?")), 0) + 1
        )
        findings += len(getattr(r, "findings", []) or [])
    return {
        "available": True,
        "seconds": seconds,
        "runs": len(results),
        "findings": findings,
        "verdicts": verdicts,
    }
