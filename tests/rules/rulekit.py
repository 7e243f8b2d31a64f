"""Builders for small rule-test databases (imported by the tests as `rulekit`): a run of a site with columns, entries,
pages and fetches, written through the row factory (tests/factory.py)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rules import check_run
from tests import factory
from xxgk import storage
from xxgk.urls import url_key

FIXTURES = Path(__file__).with_name("fixtures")
AS_OF = date(2026, 6, 30)
SITE = factory.SITE


def ago(days: int, as_of: date = AS_OF) -> str:
    return (as_of - timedelta(days=days)).isoformat()


class Run:
    """One crawl run; methods add facts (`column` returns its id)."""

    def __init__(
        self,
        db: Any,
        url: str = SITE,
        name: str = "某某市文化广电旅游局",
        as_of: date = AS_OF,
        status: str = "completed",
        level: str | None = None,
        options: dict[str, Any] | None = None,
        section: bool = True,
        stats: dict[str, Any] | None = None,
        error: str | None = None,
        homepage: bool = True,
    ) -> None:
        self.db, self.url, self.as_of = db, url, as_of
        self.id = factory.run(
            db,
            url,
            as_of.isoformat(),
            status,
            error=error,
            site_name=name,
            level=level,
            options=options or {},
            section_url=(url + "xxgk/") if section else None,
            stats=stats or {"pages": 10, "capped": []},
        )
        self._n = 0
        if homepage:
            self.page(url, "home", title=name, dates=[{"label": "list", "date": as_of.isoformat()}])

    def _url(self, prefix: str) -> str:
        self._n += 1
        return f"{self.url}{prefix}/{self._n}.html"

    def column(
        self,
        title: str,
        cls: str = "news",
        *,
        state: str = "ok",
        kind: str = "list",
        entries: list[Any] = (),
        path: str | None = None,
        url: str | None = None,
        date_texts: list[str] | None = None,
        truncated: int = 0,
        reason: str | None = None,
        parent_url: str | None = None,
        category: str | None = None,
    ) -> int:
        url = url or self._url("col")
        cat = category or (
            cls
            if cls in ("news", "notice", "policy", "personnel", "plan", "annual_report")
            else "other"
        )
        row = {
            "url": url,
            "kind": kind,
            "category": cat,
            "class": cls,
            "state": state,
            "entry_count": len(entries),
            "date_texts": storage.dumps(date_texts) if date_texts is not None else None,
            "truncated": truncated,
            "reason": reason,
            "parent_url": parent_url,
        }
        if path:
            row["path"] = path
        cid = factory.column(self.db, self.id, title, **row)
        dates = []
        for e in entries:
            if isinstance(e, tuple):
                e = {"title": e[0], "published": e[1]}
            self.entry(cid, **e)
            if e.get("published"):
                dates.append(e["published"])
        if dates:
            storage.update_column(self.db, cid, latest_date=max(dates))
        return cid

    def entry(
        self,
        column_id: int,
        title: str,
        published: str | None = None,
        url: str | None = None,
        date_text: str | None = None,
    ) -> None:
        factory.rows(
            self.db,
            "entries",
            self.id,
            {
                "column_id": column_id,
                "url": url or self._url("art"),
                "title": title,
                "published": published,
                "date_text": date_text or published,
                "date_source": "list",
            },
        )

    def page(self, url: str, kind: str = "article", **fields: Any) -> None:
        factory.rows(self.db, "pages", self.id, {"url": url, "kind": kind, **fields})

    def fetch(
        self,
        url: str,
        status: int | None = 200,
        error: str | None = None,
        found_on: str | None = None,
    ) -> None:
        factory.rows(
            self.db,
            "fetches",
            self.id,
            {"url": url, "status": status, "error": error, "found_on": found_on, "elapsed_ms": 120},
        )

    def required(self) -> None:
        """The four platform parts of a complete catalogue (column.missing stays quiet)."""
        self.column("政府信息公开指南", "guide", kind="page", state="ok")
        self.column("政府信息公开制度", "system", kind="page", state="ok")
        self.column("法定主动公开内容", "statutory", kind="page", state="ok")
        self.column(
            "政府信息公开年报",
            "annual_report",
            entries=[
                (f"{y}年政府信息公开工作年度报告", f"{y + 1}-01-15") for y in range(2019, 2026)
            ],
        )

    def check(self, as_of: date | None = None, profile: Any = None) -> Any:
        return check_run(self.db, self.id, as_of=as_of or self.as_of, profile=profile)


def of(result: Any, rule_id: str, *, failing: bool | None = None) -> list[dict[str, Any]]:
    """Findings of one rule; failing=True → not info, failing=False → info only."""
    out = []
    for f in result.findings:
        if f["rule"] != rule_id:
            continue
        if failing is True and f["severity"] == "info":
            continue
        if failing is False and f["severity"] != "info":
            continue
        f = dict(f)
        f["details"] = (
            storage.loads(f["details"], {}) if isinstance(f["details"], str) else f["details"]
        )
        out.append(f)
    return out


def seed(prefix: str) -> str:
    return next(FIXTURES.glob(prefix + "_*.txt")).read_bytes().decode("utf-8")


def probe(
    at: str,
    *,
    ok: bool = True,
    site: str = SITE,
    elapsed_ms: int = 300,
    content_hash: str | None = "home-v1",
    newest_date: str | None = None,
) -> dict[str, Any]:
    """One `xxgk probe` visit of the homepage at `at` (ISO time), as the probe stores it."""
    return {
        "site_url": site,
        "site_key": url_key(site),
        "probed_at": at,
        "status": 200 if ok else None,
        "elapsed_ms": elapsed_ms,
        "ok": int(ok),
        "error": None if ok else "首页超过 15 秒未打开",
        "content_hash": content_hash if ok else None,
        "newest_date": newest_date if ok else None,
    }


def probe_week(
    db: Any, per_day: int | list[int], failures: int = 0, days: int = 7, as_of: date = AS_OF
) -> None:
    """`per_day` visits (or one count per day, newest day first) on each of the `days`
    days ending on `as_of`, spread over the day; the first `failures` visits failed."""
    counts = per_day if isinstance(per_day, list) else [per_day] * days
    rows, n = [], 0
    for back, count in enumerate(counts):
        day = as_of - timedelta(days=back)
        for i in range(count):
            minute = i * (24 * 60 // count)
            at = f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}:00+00:00"
            rows.append(probe(at, ok=n >= failures))
            n += 1
    storage.insert_probes(db, rows)


def observe_homepage(db: Any, days: int, as_of: date = AS_OF, **fields: Any) -> None:
    """One successful visit a day at noon, `days` days ago through `as_of`, all showing
    the same homepage (`fields` as in `probe`)."""
    storage.insert_probes(
        db, [probe(f"{ago(d, as_of)}T12:00:00+00:00", **fields) for d in range(days, -1, -1)]
    )
