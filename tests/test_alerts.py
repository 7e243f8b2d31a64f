"""Alerts: events are transitions between a site's runs, POSTed signed to a webhook
(a receiver on 127.0.0.1), retried when it fails, and never failing the round."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests import factory
from xxgk import storage
from xxgk.app import alerts
from xxgk.urls import url_key

SITE = "https://www.example.gov.cn/"
OTHER = "https://other.example.gov.cn/"
SECRET = "s3cret-测试"


class Receiver(ThreadingHTTPServer):
    """Records every request; answers with `codes` in turn, then 200."""

    def __init__(self, codes: list[int]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.daemon_threads = True
        self.codes = codes
        self.got: list[tuple[dict[str, str], bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook?token=abc"

    def payloads(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.got]

    def events(self) -> list[tuple[str, str | None, int]]:
        return [(p["event"], p["site_url"], p["run_id"]) for p in self.payloads()]


class Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.got.append((dict(self.headers), body))
        self.send_response(self.server.codes.pop(0) if self.server.codes else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    made = []

    def start(*codes: int) -> Receiver:
        server = Receiver(list(codes))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        made.append(server)
        return server

    yield start
    for server in made:
        server.shutdown()
        server.server_close()


def finding(rule: str, severity: str, key: str) -> dict[str, Any]:
    return {"rule": rule, "severity": severity, "message": f"{rule} {key}", "fingerprint": key}


def veto(key: str) -> dict[str, Any]:
    return finding("security.injected_link", "veto", key)


DOWN = finding("site.unreachable", "fail", "site.unreachable|home")


def run(
    db,
    verdict: str,
    *rows: dict[str, Any],
    site: str = SITE,
    status: str = "completed",
    finished: str | None = None,
    name: str = "某某市人民政府",
) -> int:
    run_id = factory.run(
        db,
        site,
        "2026-06-30",
        status,
        site_name=name,
        verdict=verdict,
        verdict_details={"reasons": [f"单项否决：{r['message']}" for r in rows]},
        checked_at=storage.now(),
    )
    if finished:
        storage.update_run(db, run_id, finished_at=finished)
    storage.replace_findings(db, run_id, [dict(r) for r in rows])
    return run_id


def test_a_sequence_of_runs_alerts_on_transitions_only(db, receiver):
    hook = receiver()

    def round_(*run_ids: int) -> list[tuple[str, str | None, int]]:
        hook.got.clear()
        assert alerts.alert_round(db, list(run_ids), hook.url, SECRET) == []
        for headers, body in hook.got:
            assert alerts.verify(SECRET, body, headers)
        return hook.events()

    first = run(db, "合格")
    other = run(db, "不合格", veto("o1"), site=OTHER, name="长" * 5000)
    # a site joining the watch already failing is news; one 合格 from the start is not
    assert round_(first, other) == [
        ("verdict_failed", OTHER, other),
        ("veto_appeared", OTHER, other),
    ]
    assert len(hook.payloads()[0]["site_name"]) <= alerts.MAX_TEXT  # crawled text, capped

    failed = run(db, "不合格", veto("x"))
    assert round_(failed) == [("verdict_failed", SITE, failed), ("veto_appeared", SITE, failed)]
    payload = hook.payloads()[1]
    assert payload["previous_run_id"] == first
    assert [f["fingerprint"] for f in payload["findings"]] == ["x"]

    assert round_(run(db, "不合格", veto("x"))) == []  # nothing changed: no alert

    # the crawl could not reach the site: the veto is not re-found, the verdict waits
    gone = run(db, "无法判断", DOWN, status="failed")
    assert round_(gone) == [("site_unreachable", SITE, gone)]

    # back, still with the same veto: not new (a failed crawl proves no disappearance),
    # and still 不合格 (无法判断 in between says neither way)
    assert round_(run(db, "不合格", veto("x"))) == []

    worse = run(db, "不合格", veto("x"), veto("y"))
    assert round_(worse) == [("veto_appeared", SITE, worse)]
    assert [f["fingerprint"] for f in hook.payloads()[0]["findings"]] == ["y"]

    run(db, "合格")
    again = run(db, "不合格", finding("column.empty", "fail", "c"))
    assert round_(again) == [("verdict_failed", SITE, again)]


def probe(db, at: str, ok: bool) -> None:
    storage.insert_probes(
        db,
        [
            {
                "site_url": SITE,
                "site_key": url_key(SITE),
                "probed_at": at,
                "status": 200 if ok else None,
                "ok": int(ok),
                "error": None if ok else "连接被拒绝",
            }
        ],
    )


def test_probes_turning_down_is_an_outage_once(db):
    for hour in (1, 2, 3):
        probe(db, f"2026-06-28T0{hour}:00:00+00:00", True)
    run(db, "合格", finished="2026-06-28T04:00:00+00:00")
    for hour, ok in ((5, True), (6, False), (7, True), (8, False), (9, False)):
        probe(db, f"2026-06-28T0{hour}:00:00+00:00", ok)
    # two failures in a row are not yet "stopped answering"
    assert alerts.events(db, [run(db, "合格", finished="2026-06-28T09:30:00+00:00")]) == []
    probe(db, "2026-06-28T10:00:00+00:00", False)
    probe(db, "2026-06-29T01:00:00+00:00", False)  # after the run: not seen by it
    down = run(db, "合格", finished="2026-06-28T10:30:00+00:00")
    got = alerts.events(db, [down])
    assert [(e["event"], e["run_id"]) for e in got] == [("site_unreachable", down)]
    assert [p["probed_at"] for p in got[0]["probes"]] == [
        "2026-06-28T08:00:00+00:00",
        "2026-06-28T09:00:00+00:00",
        "2026-06-28T10:00:00+00:00",
    ]
    assert got[0]["findings"] == []
    # still down at the next round: already announced
    assert alerts.events(db, [run(db, "合格", finished="2026-06-29T02:00:00+00:00")]) == []


def test_signature_covers_body_timestamp_and_event():
    body = json.dumps(
        {"event": "veto_appeared", "site_name": "某某局"}, ensure_ascii=False
    ).encode()
    stamp = str(int(time.time()))
    headers = {
        "x-xxgk-event": "veto_appeared",
        "X-Xxgk-Timestamp": stamp,
        "X-XXGK-Signature": alerts.sign(SECRET, stamp, body),
    }
    assert alerts.verify(SECRET, body, headers)
    assert not alerts.verify(SECRET, body.replace("某某局".encode(), "某某市".encode()), headers)
    assert not alerts.verify("other", body, headers)
    assert not alerts.verify(SECRET, body, {**headers, "x-xxgk-event": "verdict_failed"})
    assert not alerts.verify(SECRET, body, headers, now=time.time() + alerts.TOLERANCE + 60)
    later = str(int(stamp) + 1)  # the timestamp is signed: it cannot be moved forward
    assert not alerts.verify(SECRET, body, {**headers, "X-Xxgk-Timestamp": later})
    assert not alerts.verify(SECRET, body, {})
    assert not alerts.verify(SECRET, body, {**headers, "X-Xxgk-Signature": "sha256=签名"})
    assert not alerts.verify(SECRET, body, {**headers, "X-Xxgk-Timestamp": "9" * 5000})


def test_webhook_answering_500_is_retried(receiver):
    hook = receiver(500, 200)
    assert alerts.send(hook.url, SECRET, {"event": "veto_appeared"}, 5, backoff=0.01) is None
    assert len(hook.got) == 2
    assert all(alerts.verify(SECRET, body, headers) for headers, body in hook.got)


# a redirect is not followed: urllib would re-send it as a GET without the body
@pytest.mark.parametrize("code", [403, 302])
def test_webhook_refusing_is_not_retried_and_the_token_is_not_shown(receiver, code):
    hook = receiver(code)
    error = alerts.send(hook.url, SECRET, {"event": "veto_appeared"}, 5, backoff=0.01)
    assert error is not None and f"HTTP {code}" in error and "token" not in error
    assert len(hook.got) == 1


def test_unreachable_webhook_is_a_warning_not_an_error(db):
    with socket.socket() as s:  # a port nobody listens on: connection refused
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/hook"
    failed = run(db, "不合格", veto("x"))
    warnings = alerts.alert_round(db, [failed], closed, SECRET, timeout=2, backoff=0.01)
    assert len(warnings) == 1
    assert "127.0.0.1" in warnings[0] and "已试 3 次" in warnings[0]
    assert "其余 1 条" in warnings[0]  # veto_appeared was not tried after verdict_failed failed
    assert alerts.send("ftp://x/", SECRET, {"event": "veto_appeared"}) is not None
    assert alerts.alert_round(db, [failed], closed, "") != []  # unsigned alerts are not sent
