"""read_page on real government pages quoted in public repositories (tests/fixtures/real).

Each page's sidecar holds what a careful human reads from it: for an article its kind,
title and publication date; for a list how many entries it shows, how many of them are
dated, and its first and last entry. The pages are decoded text, served back as UTF-8."""

import json

import pytest
from scrapy.http import HtmlResponse, Request

from crawler.page import Entry, read_page
from tests.crawler.fixtures import FIXTURES

REAL = FIXTURES / "real"


def _entry(e: Entry) -> dict:
    return {"title": e.title, "published": e.published.isoformat() if e.published else None}


@pytest.mark.parametrize("name", sorted(p.stem for p in REAL.glob("*.json")))
def test_real_page_reads_as_a_person_reads_it(name):
    info = json.loads((REAL / f"{name}.json").read_text(encoding="utf-8"))
    want = info["expected"]
    body = (REAL / f"{name}.html").read_bytes()
    headers = {"Content-Type": "text/html; charset=utf-8"}
    r = read_page(
        HtmlResponse(info["url"], body=body, headers=headers, request=Request(info["url"]))
    )
    if want["kind"] == "article":
        published = r.published.isoformat() if r.published else None
        assert (r.kind, r.title, published) == (want["kind"], want["title"], want["published"])
        return
    got = {
        "kind": r.kind,
        "entries": len(r.entries),
        "dated": sum(1 for e in r.entries if e.published),
        "first": _entry(r.entries[0]) if r.entries else None,
        "last": _entry(r.entries[-1]) if r.entries else None,
    }
    assert got == {k: want[k] for k in got}
