"""Alerts: an optional webhook told when a monitored site gets worse (issue 10).

`alert_round(db, run_ids, url, secret)` is called after a monitor round; it decides
the events (`events`, reads the database only) and POSTs each (`send`). Events are
transitions against the site's earlier runs, so a site that stays bad is announced
once, not every night:

- `verdict_failed` — the run is 不合格 and the site's last earlier run with a verdict
  either way (合格 or 不合格; 无法判断 says neither) was 合格, or there is none: a site
  that joins the watch list already failing is news.
- `veto_appeared` — veto findings whose fingerprints the earlier runs back to the last
  completed, checked one did not have. Not only the previous run: a failed crawl cannot
  re-find a content veto, so its absence there is no disappearance.
- `site_unreachable` — a site.unreachable problem (not info) with a new fingerprint
  (same look-back), or the homepage probes (`xxgk probe`) turned down: the last
  DOWN_STREAK visits up to the run's end all failed, where at the previous run's end
  they had not. One slow visit among twenty a day is not an outage.

A site can raise several at once (the probe week's site.unreachable veto is both a
veto and an outage): each is its own POST, so receivers can route by event.

Delivery: one HTTP POST per event, body JSON in UTF-8 (`ensure_ascii=False`), with

    Content-Type: application/json; charset=utf-8
    X-Xxgk-Event: verdict_failed | veto_appeared | site_unreachable
    X-Xxgk-Timestamp: <Unix seconds when signed>
    X-Xxgk-Signature: sha256=<hex HMAC-SHA256, key = secret (UTF-8),
                      message = timestamp + "." + the exact body bytes>

The event is repeated in the body's `event` field, so the signature covers it too.
A receiver recomputes the HMAC over the timestamp header, a dot and the raw body,
compares in constant time and refuses timestamps more than TOLERANCE seconds away
(a replayed request): `verify` does exactly that. A webhook that fails is retried
(TRIES, with doubling back-off); after that the round goes on with a warning — an
alert never changes a verdict or an exit code.
"""

from __future__ import annotations

import hmac
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from xxgk import storage
from xxgk.urls import url_key

EVENTS = ("verdict_failed", "veto_appeared", "site_unreachable")
# Consecutive failed homepage probes that mean "stopped answering".
DOWN_STREAK = 3
# Days of probes read before a boundary to find its last DOWN_STREAK visits.
PROBE_DAYS = 7
# Earlier runs read at most, walking back for a verdict or a completed run.
LOOKBACK_RUNS = 30
TRIES = 3
TOLERANCE = 300
# Crawled text (site names, messages quoting pages) is hostile: bounded in payloads.
MAX_TEXT = 300
MAX_ITEMS = 20
USER_AGENT = "xxgk-audit alerts"


def _cap(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


# ---- deciding ----------------------------------------------------------------------


def events(db: sqlite_utils.Database, run_ids: Iterable[int]) -> list[dict[str, Any]]:
    """The payloads to send for a round's runs, in run order then EVENTS order."""
    out: list[dict[str, Any]] = []
    for run_id in run_ids:
        run = storage.get_run(db, run_id)
        earlier = list(_earlier(db, run))
        base = {
            "site_url": _cap(run.get("site_url")),
            "site_name": _cap(run.get("site_name")),
            "run_id": run["id"],
            "as_of": _cap(run.get("as_of")),
            "verdict": run.get("verdict"),
            "previous_run_id": earlier[0]["id"] if earlier else None,
        }
        known = _known_fingerprints(db, earlier)
        current = storage.findings(db, run_id)
        before = next(
            (r["verdict"] for r in earlier if r.get("verdict") in ("合格", "不合格")), None
        )
        if run.get("verdict") == "不合格" and before != "不合格":
            reasons = (storage.loads(run.get("verdict_details"), {}) or {}).get("reasons") or []
            out.append(
                {
                    "event": "verdict_failed",
                    **base,
                    "previous_verdict": before,
                    "reasons": [_cap(r) for r in reasons[:MAX_ITEMS]],
                }
            )
        vetoes = [f for f in current if f["severity"] == "veto" and _new(f, known)]
        if vetoes:
            out.append({"event": "veto_appeared", **base, "findings": _brief(vetoes)})
        unreachable = [
            f
            for f in current
            if f["rule"] == "site.unreachable" and f["severity"] != "info" and _new(f, known)
        ]
        key = url_key(run["site_url"])
        down = _down_visits(db, key, run.get("finished_at"))
        turned_down = bool(down) and not (
            earlier and _down_visits(db, key, earlier[0].get("finished_at"))
        )
        if unreachable or turned_down:
            out.append(
                {
                    "event": "site_unreachable",
                    **base,
                    "findings": _brief(unreachable),
                    "probes": [
                        {
                            "probed_at": _cap(v.get("probed_at")),
                            "status": v.get("status"),
                            "error": _cap(v.get("error")),
                        }
                        for v in (down if turned_down else [])
                    ],
                }
            )
    return out


def _earlier(db: sqlite_utils.Database, run: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The site's earlier finished runs, newest first, at most LOOKBACK_RUNS."""
    prev = storage.previous_run(db, run)
    for _ in range(LOOKBACK_RUNS):
        if prev is None:
            return
        yield prev
        prev = storage.previous_run(db, prev)


def _known_fingerprints(db: sqlite_utils.Database, earlier: list[dict[str, Any]]) -> set[str]:
    known: set[str] = set()
    for run in earlier:
        known |= {f["fingerprint"] for f in storage.findings(db, run["id"]) if f["fingerprint"]}
        if run.get("status") == "completed" and run.get("checked_at"):
            break
    return known


def _new(finding: dict[str, Any], known: set[str]) -> bool:
    return not finding.get("fingerprint") or finding["fingerprint"] not in known


def _brief(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {k: _cap(f.get(k)) for k in ("rule", "severity", "message", "url", "fingerprint")}
        for f in rows[:MAX_ITEMS]
    ]


def _when(stamp: Any) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(stamp))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _down_visits(db: sqlite_utils.Database, key: str, until: Any) -> list[dict[str, Any]]:
    """The last DOWN_STREAK probe visits up to `until` when all of them failed, else []."""
    end = _when(until)
    if end is None:
        return []
    since = (end - timedelta(days=PROBE_DAYS)).date().isoformat()
    visits = [
        v
        for v in storage.probe_history(db, key, since, end.date().isoformat())
        if (seen := _when(v.get("probed_at"))) is not None and seen <= end
    ]
    last = visits[-DOWN_STREAK:]
    return last if len(last) == DOWN_STREAK and not any(v.get("ok") for v in last) else []


# ---- delivering --------------------------------------------------------------------


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, "sha256")
    return "sha256=" + digest.hexdigest()


def verify(secret: str, body: bytes, headers: Mapping[str, str], now: float | None = None) -> bool:
    """Whether a received request is ours, untouched and fresh (any header spelling)."""
    lower = {k.lower(): v for k, v in headers.items()}
    stamp = lower.get("x-xxgk-timestamp", "")
    # a hostile header: int() of thousands of digits raises, not returns
    if not stamp.isascii() or not stamp.isdigit() or len(stamp) > 12:
        return False
    if abs((time.time() if now is None else now) - int(stamp)) > TOLERANCE:
        return False
    # bytes: compare_digest raises on a str holding non-ASCII characters
    given = lower.get("x-xxgk-signature", "").encode("utf-8", "replace")
    if not hmac.compare_digest(sign(secret, stamp, body).encode("ascii"), given):
        return False
    try:
        return bool(json.loads(body).get("event") == lower.get("x-xxgk-event"))
    except (ValueError, AttributeError):
        return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # urllib would follow a 302 as a GET without the body and call that success.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def send(
    url: str, secret: str, payload: dict[str, Any], timeout: float = 10.0, backoff: float = 1.0
) -> str | None:
    """POST one event; None when the receiver answered 2xx, else why not (one line).
    Connection faults, timeouts, 429 and 5xx are retried up to TRIES times; another
    answer (a 4xx, a redirect) would not change on retry."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "告警 webhook 地址无效（须为 http:// 或 https:// 地址）"
    # the host only: a webhook URL's path or query often holds its access token
    where = parts.hostname
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    problem = ""
    for attempt in range(TRIES):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        stamp = str(int(time.time()))
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": USER_AGENT,
                "X-Xxgk-Event": str(payload.get("event")),
                "X-Xxgk-Timestamp": stamp,
                "X-Xxgk-Signature": sign(secret, stamp, body),
            },
        )
        try:
            _OPENER.open(request, timeout=timeout).close()
            return None
        except urllib.error.HTTPError as exc:
            problem = f"HTTP {exc.code}"
            if exc.code != 429 and exc.code < 500:
                return f"告警未送达 {where}：{problem}"
        except (OSError, ValueError, http.client.HTTPException) as exc:
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            problem = _cap(reason) or type(reason).__name__
    return f"告警未送达 {where}：{problem}（已试 {TRIES} 次）"


def alert_round(
    db: sqlite_utils.Database,
    run_ids: Iterable[int],
    url: str,
    secret: str,
    timeout: float = 10.0,
    backoff: float = 1.0,
) -> list[str]:
    """Send the round's events; the warnings to print (never raises on a bad webhook).
    After one undeliverable event the rest are not tried: a receiver that is down
    would otherwise cost TRIES timeouts per site."""
    if not secret:
        return ["未设置 XXGK_WEBHOOK_SECRET，告警未发送（不签名的告警无法被接收方验证）"]
    pending = events(db, run_ids)
    for done, payload in enumerate(pending):
        error = send(url, secret, payload, timeout, backoff)
        if error is not None:
            left = len(pending) - done - 1
            return [error + (f"；其余 {left} 条告警未发送" if left else "")]
    return []
