"""What a rule sees: the stored facts of one run (`RunFacts`) and the judging context
(`Context`: as-of date, profile, the site's level).

`RunFacts` is a read-only view of one run in the database. Small tables (the run, its
columns) are read once; the big ones (entries, page texts, the fetch log) are read
through targeted, indexed queries — "the newest entries of each column", "entries whose
title contains 报", "fetches that failed" — so that a check of a million entries never
pulls them all into Python. Every answer is memoised on the facts object; rules never
write.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

import sqlite_utils

from rules.profile import Profile
from xxgk import storage
from xxgk import vocabulary as vocab
from xxgk.text import normalize
from xxgk.urls import url_key

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


def title_key(title: str | None) -> str:
    """Whitespace-free, lower-cased title: copies of one document carry the same title
    (no OpenCC, no regex: cheap enough for a million titles joined by \x01)."""
    return "".join((title or "").split()).lower()


class RunFacts:
    """The facts of run `run` in `db`, read lazily and memoised."""

    def __init__(self, db: sqlite_utils.Database, run: dict[str, Any]) -> None:
        self.db = db
        self.run = run
        self._memo: dict[str, Any] = {}

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
        # A foreign database leaves section_url empty: its columns are the proof.
        return bool(self.run.get("section_url")) or bool(self.columns)

    @property
    def capped(self) -> list[str]:
        """Why the crawl may have missed things: page caps, an interrupted run."""
        out = [str(c) for c in (self.stats.get("capped") or [])]
        if self.status == "interrupted":
            out.append("interrupted")
        return out

    @cached_property
    def previous(self) -> PreviousRun | None:
        prev = storage.previous_run(self.db, self.run)
        return PreviousRun(self.db, prev) if prev is not None else None

    # ---- columns ----
    @cached_property
    def columns(self) -> list[dict[str, Any]]:
        return storage.columns(self.db, self.run_id)

    @cached_property
    def columns_by_id(self) -> dict[int, dict[str, Any]]:
        return {int(c["id"]): c for c in self.columns}

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
        return bool(
            (a.get("parent_url") and url_key(a["parent_url"]) == ub)
            or (b.get("parent_url") and url_key(b["parent_url"]) == ua)
        )

    # ---- entries (targeted queries) ----
    @cached_property
    def entries(self) -> list[dict[str, Any]]:
        """Every entry of the run. Costly on big runs: rules use the queries below."""
        return storage.run_entries(self.db, self.run_id)

    @cached_property
    def _scan(self) -> list[tuple[Any, ...]]:
        """One pass over the run's entries, grouped by column: (column_id, count, oldest,
        newest, ids, titles) — ids ","-joined and titles \x01-joined by SQLite, aligned
        because both aggregate the same rows in the same order."""
        return storage.entry_scan(self.db, self.run_id)

    @cached_property
    def column_stats(self) -> dict[int, dict[str, Any]]:
        """{column id: {count, oldest, newest}} over the stored entries (dates as text)."""
        return {
            int(c): {"count": int(n), "oldest": lo, "newest": hi}
            for c, n, lo, hi, _ids, _titles in self._scan
            if c is not None
        }

    def entry_count(self, column_id: int) -> int:
        return int(self.column_stats.get(column_id, {}).get("count", 0))

    def top_entries(self, column_id: int, until: date, n: int) -> list[dict[str, Any]]:
        """The `n` newest dated entries (published ≤ `until`) of a column."""
        return self.memo(
            f"top:{column_id}:{until}:{n}",
            lambda: storage.newest_entries(self.db, self.run_id, column_id, until.isoformat(), n),
        )

    def entries_of(self, column_id: int, limit: int | None = None) -> list[dict[str, Any]]:
        return self.memo(
            f"entries_of:{column_id}:{limit}",
            lambda: storage.column_entries(self.db, self.run_id, column_id, limit),
        )

    @cached_property
    def _titles(self) -> tuple[list[str], str, str]:
        """Every entry id, and every title in one \x01-separated string, with its
        lower-cased twin: rules search titles with a few C-level `find` passes instead of
        a Python call per title, then fetch full rows for the hits by primary key."""
        ids: list[str] = []
        for *_, id_list, _titles in self._scan:
            ids += str(id_list).split(",")
        joined = "\x01".join(str(t) for *_, t in self._scan)
        if joined.count("\x01") != len(ids) - 1:  # a title holding \x01 itself: realign
            rows = storage.entry_titles(self.db, self.run_id)
            ids, joined = [str(i) for i, _ in rows], "\x01".join(t for _, t in rows)
        if not ids:
            return [], "", ""
        low = joined.lower()
        return ids, joined, low if len(low) == len(joined) else joined

    def entries_by_id(self, ids: Iterable[int | str]) -> list[dict[str, Any]]:
        return storage.entries_by_id(self.db, ids)

    def entries_titled(self, needles: Iterable[str]) -> list[dict[str, Any]]:
        """Entries whose title contains any of `needles` (case-insensitive)."""
        words = sorted({w.lower() for w in needles if w})
        if not words:
            return []

        def load() -> list[dict[str, Any]]:
            ids, joined, low = self._titles
            hit: set[str] = set()
            for w in words:
                at = low.find(w)
                while at >= 0:
                    hit.add(ids[low.count("\x01", 0, at)])
                    end = low.find("\x01", at)
                    at = low.find(w, end) if end >= 0 else -1
            return self.entries_by_id(hit)

        return self.memo("titled:" + "\x1f".join(words), load)

    def entries_after(self, day: date) -> list[dict[str, Any]]:
        """Entries published after `day` (future dates)."""
        return self.memo(
            f"after:{day}",
            lambda: storage.entries_after(self.db, self.run_id, day.isoformat()),
        )

    def repeated_titles(self, min_chars: int) -> list[dict[str, Any]]:
        """Dated entries whose title (whitespace removed, case- and width-folded) appears
        in at least two columns: the candidates for duplicate publication."""

        def load() -> list[dict[str, Any]]:
            ids, _, low = self._titles
            keys = title_key(low).split("\x01")  # one pass over all titles
            repeated = {k for k, n in Counter(keys).items() if n > 1 and len(k) >= min_chars}
            if not repeated:
                return []
            rows = [
                e
                for e in self.entries_by_id(
                    i for i, k in zip(ids, keys, strict=True) if k in repeated
                )
                if e["column_id"] is not None and e["published"]
            ]
            groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for e in rows:
                groups[title_key(e["title"])].append(e)
            return [e for g in groups.values() if len({x["column_id"] for x in g}) > 1 for e in g]

        return self.memo(f"repeated:{min_chars}", load)

    # ---- pages ----
    @cached_property
    def homepage(self) -> dict[str, Any] | None:
        return next((p for p in self.pages if p.get("kind") == "home"), None)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @cached_property
    def pages(self) -> list[dict[str, Any]]:
        """Every stored page of the run, texts included (security scans them all)."""
        return storage.pages(self.db, self.run_id)

    @cached_property
    def _pages_by_url(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for p in self.pages:
            if p.get("url"):
                out.setdefault(p["url"], p)
        return out

    @cached_property
    def _pages_by_key(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for p in self.pages:
            if p.get("url"):
                out.setdefault(url_key(p["url"]), p)
        return out

    def page(self, url: str | None) -> dict[str, Any] | None:
        """The stored page for `url` (or another spelling of it), text included."""
        if not url:
            return None
        # Exact first; the url_key index is built only when a spelling differs.
        return self._pages_by_url.get(url) or self._pages_by_key.get(url_key(url))

    def page_title(self, url: str | None) -> str | None:
        page = self.page(url)
        return str(page["title"]) if page and page.get("title") else None

    def page_titles(self, kinds: Iterable[str]) -> list[dict[str, Any]]:
        kinds = set(kinds)
        return [p for p in self.pages if p.get("kind") in kinds]

    def articles_labelled(self, label: str) -> list[dict[str, Any]]:
        """Article pages showing a date labelled `label` (成文日期 …) with the entry that
        lists them; `labelled` holds the page's (label, date) pairs in page order."""

        def load() -> list[dict[str, Any]]:
            out = []
            for row in storage.articles_labelled(self.db, self.run_id, label):
                seen = storage.loads(row.pop("dates"), [])
                row["labelled"] = [
                    (str(d.get("label")), day)
                    for d in (seen if isinstance(seen, list) else [])
                    if isinstance(d, dict) and (day := to_date(d.get("date")))
                ]
                out.append(row)
            return out

        return self.memo(f"labelled:{label}", load)

    # ---- availability probes (`xxgk probe`) ----
    def probes(self, since: date, until: date) -> list[dict[str, Any]]:
        """The site's homepage visits on the days `since` … `until`, oldest first. Rules
        pass their as-of date as `until`, so a re-check `--as-of` a past day sees only the
        history there was then."""
        return self.memo(
            f"probes:{since}:{until}",
            lambda: storage.probe_history(
                self.db, url_key(self.site_url), since.isoformat(), until.isoformat()
            ),
        )

    # ---- fetch log ----
    @cached_property
    def failed_fetches(self) -> dict[str, list[dict[str, Any]]]:
        """Fetches that failed (HTTP ≥ 400 or an error) for URLs never fetched
        successfully in this run, grouped by `url_key`."""
        failed = storage.failed_fetches(self.db, self.run_id)
        if not failed:
            return {}
        urls = {f["url"] for f in failed if f.get("url")}
        ok = {url_key(u) for u in storage.fetched_ok(self.db, self.run_id, urls)}
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for f in failed:
            key = url_key(f.get("url"))
            if key and key not in ok:
                out[key].append(f)
        return dict(out)


class PreviousRun:
    """The site's previous run, as backdating needs it."""

    def __init__(self, db: sqlite_utils.Database, run: dict[str, Any]) -> None:
        self.db = db
        self.run = run
        self.as_of = to_date(run.get("as_of")) or to_date(run.get("started_at"))

    @cached_property
    def columns(self) -> dict[str, dict[str, Any]]:
        """url_key(column url) → {state, truncated, oldest (date seen last time)}."""
        rows = storage.column_history(self.db, int(self.run["id"]))
        return {
            url_key(url): {"state": state, "truncated": bool(trunc), "oldest": oldest}
            for url, state, trunc, oldest in rows
        }


@dataclass(frozen=True)
class Context:
    as_of: date
    profile: Profile
    level: str | None = None  # department | government | None (unknown)
    level_source: str = "unknown"  # profile | options | run | name | unknown
    _classes: dict[int, str] = field(default_factory=dict, compare=False, repr=False)

    def column_class(self, column: dict[str, Any]) -> str:
        """The column's class: profile `classes` keywords, then the crawler's class,
        then its category, then the shared vocabulary."""
        cid = int(column.get("id") or 0)
        if cid and cid in self._classes:
            return self._classes[cid]
        cls = self._classify(column)
        if cid:
            self._classes[cid] = cls
        return cls

    def _classify(self, column: dict[str, Any]) -> str:
        overrides = self.profile.data["classes"]
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
    if any(text.endswith(s) for s in profile.level.department_suffixes):
        return "department"
    if any(text.endswith(s) for s in profile.level.government_markers):
        return "government"
    return None


def resolve_level(
    run: dict[str, Any], options: dict[str, Any], profile: Profile
) -> tuple[str | None, str]:
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
    return RunFacts(db, run)
