"""A realistic sample database, for previewing templates and for the README screenshot.

    python -m tools.report_sample build/sample             # sample.db + reports + index
    python -m tools.report_sample build/sample --screenshot docs/report.png

The site, its columns and findings are invented (the host is under example.gov.cn);
the findings are written as the rules engine writes them: message + evidence, two
runs so that 新发现 / 仍存在 / 已整改 appear.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from xxgk import storage

SITE = "https://wglj.example.gov.cn/"
NAME = "某某市文化广电旅游局"
SECTION = SITE + "zwgk/"
AS_OF = date(2025, 11, 28)
PREV_AS_OF = date(2025, 10, 31)
ROOT = "政府信息公开"
LAW = ROOT + " > 法定主动公开内容"

# (path, category, class, state, per-month rate, days since the newest entry, reason)
_COLUMNS: list[tuple[str, str, str, str, float, int, str]] = [
    (ROOT + " > 政府信息公开指南", "other", "guide", "ok", 0.1, 270, ""),
    (ROOT + " > 政府信息公开制度", "other", "system", "ok", 0.15, 200, ""),
    (LAW + " > 机构职能", "other", "organisation", "ok", 0.2, 150, ""),
    (LAW + " > 工作动态", "news", "news", "ok", 9, 59, ""),
    (LAW + " > 通知公告", "notice", "notice", "ok", 3, 6, ""),
    (LAW + " > 政策文件 > 规范性文件", "policy", "policy", "ok", 0.8, 40, ""),
    (
        LAW + " > 政策文件 > 政策解读",
        "policy",
        "policy",
        "unreadable",
        0,
        0,
        "列表由脚本动态加载（jpage/dataproxy.jsp），未能读取",
    ),
    (LAW + " > 规划计划", "plan", "plan", "ok", 0.3, 120, ""),
    (LAW + " > 规划计划 > 专项规划", "plan", "plan", "empty", 0, 0, "列表页无任何信息"),
    (LAW + " > 人事信息", "personnel", "personnel", "ok", 0.6, 75, ""),
    (LAW + " > 财政预决算", "other", "budget", "ok", 0.25, 180, ""),
    (LAW + " > 政府采购", "other", "procurement", "empty", 0, 0, "列表页无任何信息"),
    (LAW + " > 行政许可", "other", "other", "undated", 1.0, 0, "列表中的信息均未标注发布日期"),
    (LAW + " > 行政处罚", "other", "other", "empty", 0, 0, "列表页无任何信息"),
    (LAW + " > 统计信息", "other", "other", "ok", 0.5, 25, ""),
    (LAW + " > 文物保护", "other", "other", "unreachable", 0, 0, "HTTP 502（3 次重试）"),
    (ROOT + " > 政府信息公开年报", "annual_report", "annual_report", "ok", 0, 0, ""),
]

_TITLES = {
    "news": [
        "市文化广电旅游局召开{q}安全生产工作会议",
        "我市举办“{n}”非遗展演活动",
        "局领导带队开展{m}文旅市场执法检查",
        "市文化广电旅游局赴基层调研公共文化服务",
        "全市A级旅游景区{m}运行平稳",
        "市图书馆“全民阅读”系列活动启动",
    ],
    "notice": [
        "关于开展{y}年度文化市场“双随机”检查的通知",
        "关于{m}旅游景区等级评定结果的公示",
        "关于征集{y}年文化惠民项目的公告",
    ],
    "policy": [
        "某某市文化广电旅游局关于印发《文旅市场信用管理办法》的通知",
        "关于促进{y}年文旅消费的若干措施",
    ],
    "personnel": ["{y}年度事业单位公开招聘拟聘用人员公示", "关于{n}等同志职务任免的通知"],
    "plan": ["某某市“十四五”文化和旅游发展规划中期评估", "{y}年文化旅游工作要点"],
    "other": [
        "{y}年部门预算公开说明",
        "{m}文化市场统计数据",
        "某某市文化广电旅游局机构职能",
        "政府信息公开指南（{y}年修订）",
    ],
}


def _title(category: str, day: date, rng: random.Random) -> str:
    pattern = rng.choice(_TITLES.get(category, _TITLES["other"]))
    return pattern.format(
        y=day.year,
        m=f"{day.month}月",
        q=f"第{(day.month - 1) // 3 + 1}季度",
        n=rng.choice(["张某某", "文化进万家", "非遗过大年"]),
    )


def _entries(
    category: str, rate: float, newest_age: int, as_of: date, rng: random.Random
) -> list[tuple[str, str]]:
    """(published, title) for about 20 months, Poisson-ish around `rate` a month."""
    newest = as_of - timedelta(days=newest_age)
    out = [(newest.isoformat(), _title(category, newest, rng))]
    day = newest - timedelta(days=1)
    horizon = as_of - timedelta(days=600)
    while day > horizon:
        if rng.random() < rate / 30:
            out.append((day.isoformat(), _title(category, day, rng)))
        day -= timedelta(days=1)
    return out


def _run(db: sqlite_utils.Database, as_of: date, seed: int) -> tuple[int, dict[str, int]]:
    rng = random.Random(seed)
    run_id = storage.start_run(db, SITE, as_of.isoformat())
    ids: dict[str, int] = {}
    total = 0
    for path, category, cls, state, rate, age, reason in _COLUMNS:
        title = path.rsplit(" > ", 1)[-1]
        slug = f"col{len(ids) + 101}"
        cid = storage.insert_column(
            db,
            {
                "run_id": run_id,
                "url": f"{SECTION}{slug}/index.html",
                "title": title,
                "path": path,
                "kind": "list",
                "category": category,
                "class": cls,
                "state": state,
                "reason": reason or None,
            },
        )
        ids[title] = cid
        rows: list[tuple[str | None, str]] = []
        if category == "annual_report":
            for year, published in [
                (2019, "2020-01-20"),
                (2020, "2021-01-28"),
                (2021, "2022-01-25"),
                (2022, "2023-01-30"),
                (2023, "2024-02-27"),
                (2024, "2025-01-24"),
            ]:
                rows.append((published, f"某某市文化广电旅游局{year}年政府信息公开工作年度报告"))
        elif state == "ok":
            rows = list(_entries(category, rate, age, as_of, rng))
        elif state == "undated":
            rows = [(None, _title("other", as_of, rng)) for _ in range(12)]
        entries = [
            {
                "run_id": run_id,
                "column_id": cid,
                "title": t,
                "published": p,
                "url": f"{SECTION}{slug}/{(p or 'nodate').replace('-', '')}_{i}.html",
            }
            for i, (p, t) in enumerate(rows)
        ]
        storage.insert_many(db, "entries", entries)
        dated = [p for p, _ in rows if p]
        storage.update_column(db, cid, entry_count=len(rows), latest_date=max(dated, default=None))
        total += len(rows)
    storage.finish_run(
        db,
        run_id,
        "completed",
        section_url=SECTION,
        site_name=NAME,
        started_at=f"{as_of.isoformat()}T01:30:00+00:00",
        stats={"pages": total + 64, "columns": len(_COLUMNS), "entries": total, "errors": 4},
    )
    storage.update_run(db, run_id, finished_at=f"{as_of.isoformat()}T01:52:00+00:00")
    return run_id, ids


def _finding(
    rule: str,
    severity: str,
    message: str,
    details: dict[str, Any],
    column_id: int | None = None,
    url: str | None = None,
    year: int | None = None,
    change: str | None = None,
) -> dict[str, Any]:
    key = details.pop("key", "")  # identifies the problem across runs; not evidence
    return {
        "rule": rule,
        "severity": severity,
        "message": message,
        "details": details,
        "column_id": column_id,
        "url": url,
        "year": year,
        "change": change,
        "fingerprint": f"{rule}|{key}|{year or ''}",
    }


def _findings(ids: dict[str, int], as_of: date, second: bool) -> list[dict[str, Any]]:
    """Findings worded and evidenced the way rules/ writes them."""
    ch = "persisting" if second else None
    new = "new" if second else None
    a = as_of.isoformat()
    dark = SECTION + "col104/20250930_0.html"
    rows = [
        _finding(
            "security.injected_link",
            "veto",
            "页面“市图书馆“全民阅读”系列活动启动”疑似被植入暗链或垃圾信息："
            "www.365bet-example.com、博彩、真人娱乐",
            {
                "key": "dark",
                "title": "市图书馆“全民阅读”系列活动启动",
                "hidden_links": [
                    {
                        "href": "http://www.365bet-example.com/",
                        "text": "真人娱乐",
                        "why": "display:none",
                    },
                    {"href": "http://vip8888.example.com/", "text": "博彩", "why": "left:-9999px"},
                ],
                "spam_words": [{"word": "博彩", "context": "…博彩 真人娱乐 官方网站…"}],
                "spam_domains": ["www.365bet-example.com"],
                "as_of": a,
            },
            url=dark,
            change=new,
        ),
        _finding(
            "column.empty",
            "fail",
            "栏目“专项规划”为空白栏目，未发布任何信息",
            {"key": "e1", "as_of": a},
            column_id=ids["专项规划"],
            change=ch,
        ),
        _finding(
            "column.empty",
            "fail",
            "栏目“政府采购”为空白栏目，未发布任何信息",
            {"key": "e2", "as_of": a},
            column_id=ids["政府采购"],
            change=ch,
        ),
        _finding(
            "column.empty",
            "fail",
            "栏目“行政处罚”为空白栏目，未发布任何信息",
            {"key": "e3", "as_of": a},
            column_id=ids["行政处罚"],
            change=new,
        ),
        _finding(
            "column.stale",
            "fail",
            "栏目“工作动态”最新信息发布于2025-09-30，已59天未更新（要求14天内）",
            {
                "key": "s1",
                "latest_date": "2025-09-30",
                "threshold_days": 14,
                "days": 59,
                "as_of": a,
            },
            column_id=ids["工作动态"],
            change=new,
        ),
        _finding(
            "column.undated",
            "fail",
            "栏目“行政许可”的12条信息均未注明发布时间，按规定视为不更新",
            {
                "key": "u1",
                "entry_count": 12,
                "basis": "未注明信息发布时间的视为不更新（2015年普查评分表）",
            },
            column_id=ids["行政许可"],
            change=ch,
        ),
        _finding(
            "annual_report.late",
            "fail",
            "2023年度政府信息公开工作年度报告于2024-02-27公开，晚于规定期限2024-01-31",
            {
                "key": "l1",
                "published": "2024-02-27",
                "deadline": "2024-01-31",
                "days_late": 27,
                "level": "department",
                "regime": "2019年条例第四十九条",
            },
            url=SECTION + "col117/20240227_4.html",
            year=2023,
            change=ch,
        ),
        _finding(
            "annual_report.incomplete",
            "fail",
            "2024年度政府信息公开工作年度报告缺少规定内容：政府信息公开行政复议、行政诉讼情况",
            {"key": "i1", "missing": ["政府信息公开行政复议、行政诉讼情况"]},
            url=SECTION + "col117/20250124_5.html",
            year=2024,
            change=new,
        ),
        _finding(
            "link.broken",
            "warn",
            "页面“通知公告”上的链接无法访问（HTTP 404）：" + SECTION + "col105/old/20230412_7.html",
            {"key": "b1", "status": 404, "found_on": [SECTION + "col105/index.html"]},
            url=SECTION + "col105/old/20230412_7.html",
            change=ch,
        ),
        _finding(
            "link.broken",
            "warn",
            "页面“人事信息”上的链接无法访问（timeout）：http://rsj.example.gov.cn/zp/2025.html",
            {"key": "b2", "error": "timeout", "found_on": [SECTION + "col110/index.html"]},
            url="http://rsj.example.gov.cn/zp/2025.html",
            change=new,
        ),
        _finding(
            "entry.future_date",
            "warn",
            "信息“2025年11月文化市场统计数据”标注的发布日期2026-01-05晚于检查日期2025-11-28",
            {"key": "f1", "published": "2026-01-05", "date_text": "2026-01-05", "as_of": a},
            url=SECTION + "col115/20260105_0.html",
            column_id=ids["统计信息"],
            change=new,
        ),
        _finding(
            "content.duplicate_across_columns",
            "warn",
            "“关于开展2025年度文化市场“双随机”检查的通知”在2个栏目重复发布：通知公告、规范性文件",
            {
                "key": "d1",
                "urls": [SECTION + "col105/20250812_3.html", SECTION + "col106/20250812_1.html"],
            },
            change=ch,
        ),
        _finding(
            "column.unreadable",
            "info",
            "栏目“政策解读”无法读取（列表由浏览器端脚本渲染），未判断是否空白或更新",
            {
                "key": "c1",
                "cannot_tell": True,
                "reason": "列表由浏览器端脚本渲染（jpage/dataproxy.jsp）",
            },
            column_id=ids["政策解读"],
            change=ch,
        ),
        _finding(
            "column.unreadable",
            "info",
            "栏目“文物保护”无法访问（HTTP 502），未判断是否空白或更新",
            {"key": "c2", "cannot_tell": True, "status": 502},
            column_id=ids["文物保护"],
            change=new,
        ),
    ]
    if not second:  # fixed before the second run: they show as 已整改
        rows = [r for r in rows if r["change"] is None]
        rows += [
            _finding(
                "column.empty",
                "fail",
                "栏目“人事信息”为空白栏目，未发布任何信息",
                {"key": "e0"},
                column_id=ids["人事信息"],
            ),
            _finding(
                "link.broken",
                "warn",
                "页面“政府信息公开指南”上的链接无法访问（HTTP 404）："
                + SECTION
                + "xxgkzn/old.html",
                {"key": "b0", "status": 404, "found_on": [SECTION + "col101/index.html"]},
                url=SECTION + "xxgkzn/old.html",
            ),
        ]
    return rows


def build(db: sqlite_utils.Database) -> list[int]:
    """Two runs of the sample site; returns their ids (older first)."""
    first, ids1 = _run(db, PREV_AS_OF, seed=1)
    storage.replace_findings(db, first, _findings(ids1, PREV_AS_OF, second=False))
    storage.update_run(
        db,
        first,
        verdict="合格",
        verdict_details={
            "reasons": ["未发现单项否决问题", "空白栏目3个（未达5个）", "另有8项问题需整改"],
            "profile": "national",
        },
    )
    second, ids2 = _run(db, AS_OF, seed=2)
    storage.replace_findings(db, second, _findings(ids2, AS_OF, second=True))
    storage.update_run(
        db,
        second,
        verdict="不合格",
        verdict_details={
            "reasons": [
                "单项否决：页面“市图书馆“全民阅读”系列活动启动”疑似被植入暗链或垃圾信息："
                "www.365bet-example.com、博彩、真人娱乐",
                "空白栏目3个（未达5个）",
                "动态要闻类栏目2周内未更新、通知公告和政策文件类栏目6个月内未更新1个（未达5个）",
            ],
            "counts": {"column.empty": 3, "column.stale": 1},
            "cannot_tell": 2,
            "as_of": AS_OF.isoformat(),
            "profile": "national（国办秘函〔2019〕19号）",
        },
    )
    return [first, second]


def main(argv: list[str] | None = None) -> None:
    from reports import render
    from tools import screenshot

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--screenshot", type=Path, help="PNG of the newest report (needs chromium)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    db_path = args.out / "sample.db"
    db_path.unlink(missing_ok=True)
    db = storage.open_db(str(db_path))
    runs = build(db)
    paths = render.render_site(db, runs[-1], args.out)
    index = render.render_index(db, args.out, [runs[-1]], {runs[-1]: paths[0]})
    for p in [*paths, index]:
        print(p)
    if args.screenshot:
        screenshot.screenshot(paths[0], args.screenshot)
        print(args.screenshot)


if __name__ == "__main__":
    main()
