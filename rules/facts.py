"""What a rule sees: the stored facts of one run (`RunFacts`) and the judging context
(`Context`: as-of date, profile, the site's level).

Facts are read once per run through `xxgk.storage` and never written by rules. Values
derived from them that several rules need (column classes, entries per column, the
annual reports) are memoised on the facts object.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, TypeVar
from urllib.parse import urlsplit

import sqlite_utils

from rules.profile import Profile
from xxgk import storage
from xxgk import vocabulary as vocab
from xxgk.text import normalize

T = TypeVar("T")
READABLE_STATES = ("ok", "empty", "undated")
UNREADABLE_STATES = ("unreadable", "unreachable")


def to_date(value: Any) -> date | None:
    """A stored YYYY-MM-DD (or ISO timestamp) as a date; None for anything else."""
    if isinstance(value, date):
        return value
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def url_key(url: str | None) -> str:
    """URL identity across scheme, `www.`, default index pages and trailing slashes."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path or "/"
    for index in ("index.html", "index.htm", "index.shtml", "index.jsp", "index.php"):
        if path.endswith("/" + index):
            path = path[: -len(index)]
    path = path.rstrip("/") or "/"
    return host + path + ("?" + parts.query if parts.query else "")


def host_of(url: str | None) -> str:
    return urlsplit(url or "").hostname or ""


@dataclass
class PreviousRun:
    """What backdating and the diff need from the site's previous run."""

    run: dict[str, Any]
    as_of: date | None
    entry_urls: set[str]
    columns: dict[str, dict[str, Any]]  # url_key(column url) → {state, truncated, oldest}


@dataclass
class RunFacts:
    run: dict[str, Any]
    columns: list[dict[str, Any]]
    entries: list[dict[str, Any]]
    pages: list[dict[str, Any]]
    fetches: list[dict[str, Any]]
    previous: PreviousRun | None = None
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, make: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]  # type: ignore[no-any-return]

    # ---- the run ----
    @property
    def run_id(self) -> int:
        return int(self.run["id"])

    @property
    def site_url(self) -> str:
        return str(self.run.get("site_url") or "")

    @property
    def site_name(self) -> str:
        return str(self.run.get("site_name") or "")

    @cached_property
    def options(self) -> dict[str, Any]:
        opts = storage.loads(self.run.get("options"), {})
        return opts if isinstance(opts, dict) else {}

    @cached_property
    def stats(self) -> dict[str, Any]:
        st = storage.loads(self.run.get("stats"), {})
        return st if isinstance(st, dict) else {}

    @property
    def status(self) -> str:
        return str(self.run.get("status") or "")

    @property
    def crawl_date(self) -> date | None:
        """The day the facts were collected (the run's as-of, else its start)."""
        return to_date(self.run.get("as_of")) or to_date(self.run.get("started_at"))

    @property
    def section_found(self) -> bool:
        # A foreign database has no section_url column content: its columns are the proof.
        return bool(self.run.get("section_url")) or bool(self.columns)

    @property
    def capped(self) -> list[str]:
        """Why the crawl may have missed things: page caps, an interrupted run."""
        out = [str(c) for c in (self.stats.get("capped") or [])]
        if self.status == "interrupted":
            out.append("interrupted")
        return out

    # ---- columns and entries ----
    @cached_property
    def columns_by_id(self) -> dict[int, dict[str, Any]]:
        return {int(c["id"]): c for c in self.columns}

    @cached_property
    def entries_by_column(self) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for e in self.entries:
            if e.get("column_id") is not None:
                out[int(e["column_id"])].append(e)
        return out

    @cached_property
    def list_columns(self) -> list[dict[str, Any]]:
        return [c for c in self.columns if (c.get("kind") or "list") == "list"]

    @cached_property
    def parent_columns(self) -> set[int]:
        """Columns that have sub-columns (navigation nodes, aggregates)."""
        by_url = {url_key(c.get("url")): int(c["id"]) for c in self.columns if c.get("url")}
        by_path = {c.get("path"): int(c["id"]) for c in self.columns if c.get("path")}
        out: set[int] = set()
        for c in self.columns:
            parent = c.get("parent_url")
            if parent and url_key(parent) in by_url and url_key(parent) != url_key(c.get("url")):
                out.add(by_url[url_key(parent)])
            path = c.get("path") or ""
            if " > " in path:
                head = path.rsplit(" > ", 1)[0]
                if head in by_path:
                    out.add(by_path[head])
        return out

    def related(self, a: dict[str, Any], b: dict[str, Any]) -> bool:
        """True when one column is an ancestor of the other (by breadcrumb or parent URL)."""
        pa, pb = a.get("path") or "", b.get("path") or ""
        if pa and pb and (pb.startswith(pa + " > ") or pa.startswith(pb + " > ")):
            return True
        ua, ub = url_key(a.get("url")), url_key(b.get("url"))
        return bool((a.get("parent_url") and url_key(a["parent_url"]) == ub)
                    or (b.get("parent_url") and url_key(b["parent_url"]) == ua))

    @cached_property
    def homepage(self) -> dict[str, Any] | None:
        for p in self.pages:
            if p.get("kind") == "home":
                return p
        return None

    @cached_property
    def pages_by_url(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for p in self.pages:
            if p.get("url"):
                out.setdefault(p["url"], p)
                out.setdefault(url_key(p["url"]), p)
        return out

    def page(self, url: str | None) -> dict[str, Any] | None:
        if not url:
            return None
        return self.pages_by_url.get(url) or self.pages_by_url.get(url_key(url))


@dataclass(frozen=True)
class Context:
    as_of: date
    profile: Profile
    level: str | None = None          # department | government | None (unknown)
    level_source: str = "unknown"     # profile | options | run | name | unknown

    def column_class(self, column: dict[str, Any]) -> str:
        """The column's class: profile `classes` keywords, then the crawler's class,
        then its category, then the shared vocabulary."""
        overrides = self.profile.data.get("classes") or {}
        if overrides:
            title = normalize(column.get("title"))
            for word, cls in sorted(overrides.items(), key=lambda kv: -len(kv[0])):
                if normalize(word) in title:
                    return str(cls)
        cls = column.get("class") or column.get("category")
        if cls:
            return str(cls)
        return vocab.load().classify(column.get("title") or "", column.get("path") or "")[1]


def infer_level(name: str | None, profile: Profile) -> str | None:
    """department / government from an agency or site name (issue #4 item 4):
    局/委/厅/办/中心/署 … → department, 人民政府 → government; None when unclear."""
    text = normalize(name).replace(" ", "")
    for tail in ("门户网站", "政务网站", "网站", "官网", "门户", "政务网", "首页"):
        text = text.removesuffix(tail)
    if not text:
        return None
    cfg = profile.section("level")
    if any(text.endswith(s) for s in cfg.get("department_suffixes", [])):
        return "department"
    if any(text.endswith(s) for s in cfg.get("government_markers", [])):
        return "government"
    return None


def resolve_level(run: dict[str, Any], options: dict[str, Any], profile: Profile) -> tuple[str | None, str]:
    site = profile.site(str(run.get("site_url") or ""))
    if site.get("level") in ("department", "government"):
        return site["level"], "profile"
    if options.get("level") in ("department", "government"):
        return options["level"], "options"
    if run.get("level") in ("department", "government"):
        return run["level"], "run"
    inferred = infer_level(run.get("site_name"), profile)
    if inferred:
        return inferred, "name"
    return None, "unknown"


def load_facts(db: sqlite_utils.Database, run: dict[str, Any]) -> RunFacts:
    run_id = int(run["id"])
    facts = RunFacts(run=run, columns=storage.columns(db, run_id), entries=storage.entries(db, run_id),
                     pages=storage.pages(db, run_id), fetches=storage.fetches(db, run_id))
    prev = storage.previous_run(db, run)
    if prev is not None:
        facts.previous = _load_previous(db, prev)
    return facts


def _load_previous(db: sqlite_utils.Database, prev: dict[str, Any]) -> PreviousRun:
    urls: set[str] = set()
    oldest: dict[int, str] = {}
    for row in db.query("select url, column_id, published from entries where run_id = ?", [prev["id"]]):
        urls.add(url_key(row["url"]))
        pub, cid = row["published"], row["column_id"]
        if pub and cid is not None and (cid not in oldest or pub < oldest[cid]):
            oldest[cid] = pub
    cols = {}
    for c in db.query("select id, url, state, truncated from columns where run_id = ?", [prev["id"]]):
        cols[url_key(c["url"])] = {"state": c["state"], "truncated": bool(c["truncated"]),
                                   "oldest": oldest.get(c["id"])}
    return PreviousRun(prev, to_date(prev.get("as_of")) or to_date(prev.get("started_at")), urls, cols)
