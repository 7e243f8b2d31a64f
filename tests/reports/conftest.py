"""A fixture database for the report tests, written through the row factory
(tests/factory.py) and xxgk.storage.

Site A has two runs (so 新发现 / 仍存在 / 已整改 show) and hostile titles and URLs;
site B is 合格 with a hostile URL that must not steer file names; site C could not be
judged (无法判断). Every message is unique so tests can look for each one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from tests import factory
from xxgk import storage

A_URL = "https://www.hostile.gov.cn/"
A_NAME = "某某市<b>测试</b>局"
XSS_TITLE = "<script>alert(1)</script>"
XSS_PATH = '信息公开 > <img src=x onerror="alert(2)">'
JS_URL = "javascript:alert(3)"
FORMULA_TITLES = ['=HYPERLINK("http://evil.example/","点我")', "+1+1", "-2+3", "@SUM(A1)"]
B_URL = "http://../../etc/passwd/"
C_URL = "https://down.example.gov.cn/"


@dataclass
class Fixture:
    # the hostile values, for the tests (conftest is not importable as a module)
    A_NAME = A_NAME
    XSS_TITLE = XSS_TITLE
    XSS_PATH = XSS_PATH
    JS_URL = JS_URL
    FORMULA_TITLES = FORMULA_TITLES

    db: Any
    a1: int
    a2: int
    b: int
    c: int
    columns: dict[str, int] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)  # findings of run a2
    resolved_messages: list[str] = field(default_factory=list)


def _f(rule: str, severity: str, message: str, fp: str, **kw: Any) -> dict[str, Any]:
    return {
        "rule": rule,
        "severity": severity,
        "message": message,
        "fingerprint": fp,
        "details": kw.pop("details", {}),
        **kw,
    }


def _columns(db: Any, run_id: int) -> dict[str, int]:
    rows = [
        (
            "news",
            "工作动态",
            "信息公开 > 工作动态",
            "news",
            "ok",
            "https://www.hostile.gov.cn/gzdt/",
        ),
        (
            "notice",
            "通知公告",
            "信息公开 > 通知公告",
            "notice",
            "ok",
            "https://www.hostile.gov.cn/tzgg/",
        ),
        (
            "empty",
            "专项规划",
            "信息公开 > 专项规划",
            "plan",
            "empty",
            "https://www.hostile.gov.cn/zxgh/",
        ),
        (
            "unreadable",
            "政策解读",
            "信息公开 > 政策解读",
            "policy",
            "unreadable",
            "https://www.hostile.gov.cn/zcjd/",
        ),
        ("xss", XSS_TITLE, XSS_PATH, "other", "ok", JS_URL),
        (
            "annual",
            "政府信息公开年报",
            "信息公开 > 政府信息公开年报",
            "annual_report",
            "ok",
            "https://www.hostile.gov.cn/ndbg/",
        ),
    ]
    ids = {}
    for key, title, path, category, state, url in rows:
        ids[key] = factory.column(
            db,
            run_id,
            title,
            path=path,
            category=category,
            state=state,
            url=url,
            reason="列表由脚本动态加载，未能读取" if state == "unreadable" else None,
        )
    for i, title in enumerate(FORMULA_TITLES):
        ids[f"formula{i}"] = factory.column(
            db, run_id, title, category="other", url=f"https://www.hostile.gov.cn/f{i}/"
        )
    return ids


def _entries(db: Any, run_id: int, ids: dict[str, int]) -> None:
    rows = []
    # 工作动态: 3 entries in 2025-10, 1 in 2025-08, one too old for the chart, one in the future.
    for day in ["2025-10-03", "2025-10-12", "2025-10-20", "2025-08-01", "2023-01-01", "2026-02-01"]:
        rows.append(
            {
                "column_id": ids["news"],
                "published": day,
                "title": f"动态 {day}",
                "url": f"https://www.hostile.gov.cn/gzdt/{day}.html",
            }
        )
    rows.append(
        {
            "column_id": ids["notice"],
            "published": "2025-11-02",
            "title": "通知",
            "url": "https://www.hostile.gov.cn/tzgg/1.html",
        }
    )
    rows.append(
        {"column_id": ids["xss"], "published": "2025-06-15", "title": XSS_TITLE, "url": JS_URL}
    )
    rows.append(
        {
            "column_id": ids["annual"],
            "published": "2025-02-20",
            "title": "2024年政府信息公开工作年度报告",
            "url": "https://www.hostile.gov.cn/ndbg/2024.html",
        }
    )
    factory.rows(db, "entries", run_id, *rows)
    counts: dict[int, list[str]] = {}
    for r in rows:
        counts.setdefault(r["column_id"], []).append(r["published"])
    for cid, dates in counts.items():
        storage.update_column(
            db, cid, entry_count=len(dates), latest_date=max(d for d in dates if d <= "2025-11-30")
        )
    storage.update_column(db, ids["empty"], entry_count=0)


@pytest.fixture
def fx(db: Any) -> Fixture:
    # ---- site A, first run --------------------------------------------------------
    a1 = factory.run(db, A_URL, "2025-10-31", site_name=A_NAME)
    ids1 = _columns(db, a1)
    first = [
        _f(
            "column.empty",
            "fail",
            "「专项规划」为空白栏目（持续问题）。",
            "empty-zxgh",
            column_id=ids1["empty"],
            details={"as_of": "2025-10-31"},
        ),
        _f(
            "link.broken",
            "warn",
            "旧链接无法访问（HTTP 404，已修复）。",
            "broken-old",
            url="https://www.hostile.gov.cn/old.html",
            details={"status": 404, "found_on": "https://www.hostile.gov.cn/tzgg/"},
        ),
        _f(
            "column.stale",
            "fail",
            "「工作动态」更新不及时（上次）。",
            "stale-gzdt",
            column_id=ids1["news"],
            details={"latest_date": "2025-08-01", "threshold": 14, "days": 91},
        ),
    ]
    storage.replace_findings(db, a1, first)
    storage.update_run(db, a1, verdict="不合格", verdict_details={"reasons": ["上次的理由"]})

    # ---- site A, second run -------------------------------------------------------
    a2 = factory.run(
        db,
        A_URL,
        "2025-11-28",
        site_name=A_NAME,
        section_url="https://www.hostile.gov.cn/xxgk/",
        stats={"pages": 40, "columns": 10, "entries": 9, "errors": 1},
    )
    ids = _columns(db, a2)
    _entries(db, a2, ids)
    second = [
        _f(
            "column.empty",
            "fail",
            "「专项规划」为空白栏目，未发布任何信息。",
            "empty-zxgh",
            column_id=ids["empty"],
            change="persisting",
        ),
        _f(
            "column.stale",
            "fail",
            "「工作动态」最新信息发布于 2025-10-20，已 39 天未更新。",
            "stale-gzdt",
            column_id=ids["news"],
            change="persisting",
            details={
                "latest_date": "2025-10-20",
                "threshold": 14,
                "days": 39,
                "as_of": "2025-11-28",
            },
        ),
        _f(
            "site.homepage_stale",
            "veto",
            "首页 14 天以上无新信息。",
            "home",
            change="new",
            url=A_URL,
            details={"latest_date": "2025-11-01", "threshold": 14, "days": 27},
        ),
        _f(
            "security.injected_link",
            "veto",
            "页面存在隐藏外链（暗链）。",
            "dark",
            change="new",
            url="https://www.hostile.gov.cn/gzdt/2025-10-03.html",
            details={
                "hrefs": ["http://www.365bet.example/", JS_URL, "data:text/html,<b>x</b>"],
                "words": ["博彩"],
            },
        ),
        _f(
            "annual_report.late",
            "fail",
            "2024 年度报告逾期发布（2025-02-20）。",
            "late-2024",
            change="new",
            year=2024,
            url="https://www.hostile.gov.cn/ndbg/2024.html",
            details={"published": "2025-02-20", "deadline": "2025-01-31"},
        ),
        _f(
            "annual_report.missing",
            "fail",
            "未找到 2023 年度政府信息公开工作年度报告。",
            "missing-2023",
            change="new",
            year=2023,
        ),
        _f(
            "link.broken",
            "warn",
            "脚本链接无法访问。",
            "broken-js",
            change="new",
            url=JS_URL,
            details={"found_on": "https://www.hostile.gov.cn/tzgg/"},
        ),
        _f(
            "column.unreadable",
            "info",
            "「政策解读」无法读取，需人工核查。",
            "unreadable-zcjd",
            change="new",
            column_id=ids["unreadable"],
            details={"cannot_tell": True, "reason": "列表由脚本动态加载"},
        ),
        _f(
            "check.error",
            "info",
            "规则 annual_report.copied 运行出错。",
            "error-copied",
            change="new",
            details={"cannot_tell": True, "error": "ValueError: boom"},
        ),
        _f(
            "column.missing",
            "fail",
            "目录缺少「政府信息公开制度」栏目。",
            "missing-system",
            change="new",
            details={"expected": "政府信息公开制度"},
        ),
        _f(
            "entry.future_date",
            "warn",
            "信息发布日期 2026-02-01 晚于监测日期。",
            "future",
            change="new",
            url="https://www.hostile.gov.cn/gzdt/2026-02-01.html",
            details={"published": "2026-02-01"},
        ),
        _f(
            "content.duplicate_across_columns",
            "info",
            f"同一文件重复发布：{XSS_TITLE}",
            "dup",
            change="new",
            details={
                "urls": [
                    "https://www.hostile.gov.cn/gzdt/2025-10-03.html",
                    "https://www.hostile.gov.cn/tzgg/1.html",
                ]
            },
        ),
    ]
    storage.replace_findings(db, a2, second)
    storage.update_run(
        db,
        a2,
        verdict="不合格",
        verdict_details={
            "reasons": ["空白栏目 1 个", "单项否决：首页不更新", "单项否决：存在暗链"],
            "counts": {"column.empty": 1},
            "cannot_tell": 2,
            "as_of": "2025-11-28",
            "profile": "national",
            # the engine's judgement of what was fixed: the old broken link
            "resolved_ids": [
                f["id"] for f in storage.findings(db, a1) if f["fingerprint"] == "broken-old"
            ],
        },
    )

    # ---- site B: 合格, hostile URL ---------------------------------------------------
    b = factory.run(db, B_URL, "2025-11-28")
    factory.column(
        db,
        b,
        "工作动态",
        path="工作动态",
        category="news",
        url=B_URL + "gzdt/",
        entry_count=1,
        latest_date="2025-11-27",
    )
    storage.replace_findings(
        db, b, [_f("link.broken", "warn", "B 站一个链接不可用。", "b-broken", url=B_URL + "x.html")]
    )
    storage.update_run(db, b, verdict="合格", verdict_details={"reasons": []})

    # ---- site C: could not be judged ----------------------------------------------
    c = factory.run(db, C_URL, "2025-11-28", "failed", error="连接超时", site_name="某某县人民政府")
    storage.replace_findings(
        db,
        c,
        [
            _f(
                "site.unreachable",
                "info",
                "站点无法访问，无法判断。",
                "c-down",
                url=C_URL,
                details={"cannot_tell": True, "error": "timeout"},
            )
        ],
    )
    storage.update_run(
        db, c, verdict="无法判断", verdict_details={"reasons": ["站点无法访问，无法判断"]}
    )

    return Fixture(
        db=db,
        a1=a1,
        a2=a2,
        b=b,
        c=c,
        columns=ids,
        messages=[r["message"] for r in second],
        resolved_messages=["旧链接无法访问（HTTP 404，已修复）。"],
    )
