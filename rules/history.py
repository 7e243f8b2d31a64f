"""What the stored homepage visits of `xxgk probe` say, as of a day: the 〔2019〕19号
week of availability and fortnight of homepage content. Pure functions of the visits
(rows of the `probes` table) and the profile's `probes` thresholds; the site rules
decide what to report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from rules.facts import RunFacts, to_date
from rules.profile import Unreachable


@dataclass(frozen=True)
class Availability:
    """The window's visits and failures, and whether they cover it as asked."""

    since: date
    until: date
    visits: int
    failures: int
    days_covered: int  # days with at least `min_visits_per_day` visits
    enough: bool
    failing: bool  # failure share at or above the threshold
    cfg: Unreachable
    last_failure: dict[str, Any] | None

    @property
    def share(self) -> float:
        return self.failures / self.visits if self.visits else 0.0

    def evidence(self) -> dict[str, Any]:
        return {
            "window": [self.since.isoformat(), self.until.isoformat()],
            "visits": self.visits,
            "failures": self.failures,
            "failure_share": round(self.share, 4),
            "days_covered": self.days_covered,
            "history_sufficient": self.enough,
            "threshold": {
                "window_days": self.cfg.window_days,
                "min_visits_per_day": self.cfg.min_visits_per_day,
                "min_days": self.cfg.min_days,
                "failure_share": self.cfg.failure_share,
                "timeout_seconds": self.cfg.timeout_seconds,
            },
            "last_failure": self.last_failure,
        }

    def why_not_enough(self) -> str:
        return (
            f"探测记录不足：{self.since.isoformat()}至{self.until.isoformat()}共{self.visits}次访问，"
            f"{self.days_covered}天达到每天{self.cfg.min_visits_per_day}次"
            f"（需{self.cfg.min_days}天）"
        )


def availability(facts: RunFacts, as_of: date, cfg: Unreachable) -> Availability:
    """The visits of the `window_days` days ending on `as_of`. A visit fails when it
    did not open, or opened later than `timeout_seconds` (a probe run with a longer
    --timeout is judged by the profile's limit)."""
    since = as_of - timedelta(days=cfg.window_days - 1)
    visits = facts.probes(since, as_of)
    limit_ms = cfg.timeout_seconds * 1000
    failed = [v for v in visits if not v.get("ok") or int(v.get("elapsed_ms") or 0) > limit_ms]
    per_day = Counter(str(v.get("probed_at"))[:10] for v in visits)
    covered = sum(1 for n in per_day.values() if n >= cfg.min_visits_per_day)
    # Exact arithmetic: 7 failures in 140 visits is 5 %, and 5 % fires.
    failing = bool(visits) and Fraction(len(failed), len(visits)) >= Fraction(
        str(cfg.failure_share)
    )
    last = failed[-1] if failed else None
    return Availability(
        since,
        as_of,
        len(visits),
        len(failed),
        covered,
        covered >= cfg.min_days,
        failing,
        cfg,
        {k: last.get(k) for k in ("probed_at", "status", "elapsed_ms", "error")} if last else None,
    )


@dataclass(frozen=True)
class HomepageHistory:
    """Since when the homepage has shown the same content, over the fortnight."""

    unchanged_since: date | None  # first visit showing the current content (at least)
    changed: bool  # a change was seen inside the visits loaded
    days_observed: int  # days of the last `limit + 1` with a successful visit
    enough: bool
    newest_date: str | None
    content_hash: str | None
    observations: int

    def evidence(self, as_of: date, limit: int, min_days: int) -> dict[str, Any]:
        return {
            "unchanged_since": self.unchanged_since.isoformat() if self.unchanged_since else None,
            "change_seen": self.changed,
            "days_observed": self.days_observed,
            "min_days": min_days,
            "observations": self.observations,
            "newest_date": self.newest_date,
            "content_hash": self.content_hash,
            "threshold_days": limit,
            "as_of": as_of.isoformat(),
            "history_sufficient": self.enough,
        }


def homepage_history(facts: RunFacts, as_of: date, limit: int, min_days: int) -> HomepageHistory:
    """Successful visits of the last `limit + 1` days. Something new is a newer date than
    any seen before; on a page without dates, any change of its text. A page whose text
    changes on every visit (a counter) but whose dates do not is not new."""
    since = as_of - timedelta(days=limit + 1)
    seen = [
        v
        for v in facts.probes(since, as_of)
        if v.get("ok") and (v.get("content_hash") or v.get("newest_date"))
    ]
    if not seen:
        return HomepageHistory(None, False, 0, False, None, None, 0)
    start = seen[0]
    changed = False
    newest = str(seen[0].get("newest_date") or "")
    for prev, cur in zip(seen, seen[1:], strict=False):
        cur_date = str(cur.get("newest_date") or "")
        if cur_date and prev.get("newest_date"):
            new = cur_date > newest
        else:
            new = cur.get("content_hash") != prev.get("content_hash")
        newest = max(newest, cur_date)
        if new:
            start, changed = cur, True
    recent = {str(v.get("probed_at"))[:10] for v in seen}
    window = {(as_of - timedelta(days=d)).isoformat() for d in range(limit + 1)}
    observed = len(recent & window)
    last = seen[-1]
    return HomepageHistory(
        to_date(start.get("probed_at")),
        changed,
        observed,
        observed >= min_days,
        last.get("newest_date"),
        last.get("content_hash"),
        len(seen),
    )
