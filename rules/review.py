"""Reviewers' decisions applied to a run's findings (`xxgk review`, README "Review").

A review is made on one finding as a person saw it; it holds in a later run only while
that finding's evidence is unchanged, compared by `evidence_hash`:

- the rule, the finding's URL (by `url_key`, so http/https and `www.` spellings meet)
  and its year;
- the `details` a reader sees as evidence — not the engine's bookkeeping
  (`rulebook.INTERNAL_DETAILS`), not the marks added after the rules ran (`exempt`,
  `review`), and not the values that move every day while the problem stays the same
  (`VOLATILE`: the as-of and crawl dates, day counters, the moving probe week).

So a column still stale with the same newest entry keeps its dismissal, while a new
newest date, another HTTP status of a broken link or another annual-report text is new
evidence: the dismissal lapses, the finding counts again and says so.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from xxgk.rulebook import INTERNAL_DETAILS
from xxgk.urls import url_key

# Grow or shift from one day to the next without the problem changing.
VOLATILE = frozenset(
    "as_of crawl_date previous_as_of days age_days overdue_days days_overdue probes note".split()
)
# Written onto a finding after the rules ran: never evidence.
MARKS = frozenset(("exempt", "review"))


def evidence_hash(finding: dict[str, Any]) -> str:
    """The identity of a finding's evidence (module docstring), for a row from the rules
    engine or from the database (details as a dict or as JSON text)."""
    details = finding.get("details")
    if isinstance(details, str):
        details = json.loads(details or "{}")
    kept = {
        k: v
        for k, v in (details or {}).items()
        if k not in INTERNAL_DETAILS and k not in VOLATILE and k not in MARKS
    }
    url = finding.get("url")
    body = [finding.get("rule"), url_key(url) if url else "", finding.get("year"), kept]
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def apply_reviews(rows: list[dict[str, Any]], reviews: dict[str, dict[str, Any]]) -> None:
    """Mark each finding its review holds for (`details.review`). A dismissal on unchanged
    evidence makes the finding `info` like a 报备 exemption, keeping its severity in the
    mark, so it drops out of everything that counts problems; on changed evidence the
    mark says the review lapsed and the finding counts as it is."""
    for row in rows:
        review = reviews.get(row.get("fingerprint") or "")
        if review is None:
            continue
        mark = {
            "decision": review["decision"],
            "reason": review.get("reason") or "",
            "reviewer": review.get("reviewer") or "",
            "reviewed_at": review.get("reviewed_at") or "",
        }
        if evidence_hash(row) != review.get("evidence_hash"):
            mark["lapsed"] = True
        elif review["decision"] == "dismissed" and row["severity"] != "info":
            mark["severity"] = row["severity"]
            row["severity"] = "info"
        row["details"]["review"] = mark


def dismissed(details: dict[str, Any]) -> bool:
    """A finding's `details` say a reviewer dismissed it and its evidence is unchanged."""
    mark = details.get("review")
    return isinstance(mark, dict) and mark.get("decision") == "dismissed" and not mark.get("lapsed")
