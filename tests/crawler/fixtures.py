"""Saved pages as they were served: raw bytes plus the URL and headers beside them,
so charset handling is really exercised."""

import json
from pathlib import Path

from scrapy.http import HtmlResponse, Request, XmlResponse

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def response(family: str, name: str, meta: dict | None = None) -> HtmlResponse:
    info = json.loads((FIXTURES / family / f"{name}.json").read_text(encoding="utf-8"))
    body = (FIXTURES / family / f"{name}.html").read_bytes()
    cls = XmlResponse if "xml" in info["headers"].get("Content-Type", "") else HtmlResponse
    request = Request(info["url"], meta=meta or {})
    return cls(info["url"], body=body, headers=info["headers"], request=request)
