"""大汉 Hanweb JCMS: a column page `/col/col{id}/index.html` carries its first records
inside `<script type="text/xml"><datastore><recordset><record><![CDATA[<li>…]]>`; a
browser script (jpage) fetches the rest from `/module/web/jpage/dataproxy.jsp` with
`startrecord`/`endrecord`/`perpage` and a form naming the column. The proxy answers
the same `<datastore>` XML, so one reader serves both.

Without the proxy parameters a JCMS list cannot be read past its first records; such a
column is still judged on what was read (never as empty).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit

from crawler.page import MAX_NEXT_PAGES, Doc, Entry, PageRequest, Reading, list_entries

name = "jcms"
PROXY = "/module/web/jpage/dataproxy.jsp"

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>", re.S)
# A count of ten digits or more is no real list's (and int() refuses 4300 digits).
_TOTAL = re.compile(r"(?:totalRecord|totalrecord)\s*(?:[:=]|>)\s*['\"]?(\d{1,9})(?!\d)", re.I)
_PERPAGE = re.compile(r"perPage\s*[:=]\s*['\"]?(\d{1,9})(?!\d)", re.I)
_PARAM = {
    key: re.compile(rf"\b{key}\s*[:=]\s*['\"]?([^'\"&,;\s}}]+)", re.I)
    for key in (
        "columnid",
        "unitid",
        "webid",
        "webname",
        "path",
        "permissiontype",
        "sourceContentType",
        "appid",
    )
}
_DEFAULT_FORM = {
    "col": "1",
    "appid": "1",
    "webid": "1",
    "path": "/",
    "permissiontype": "0",
    "sourceContentType": "1",
}
_DIV_ID = re.compile(r"<div\s+id=['\"](\d+)['\"]\s*>\s*<script\s+type=['\"]text/xml['\"]", re.I)


def matches(doc: Doc) -> bool:
    return "<datastore>" in doc.raw or PROXY in doc.raw


def entries(doc: Doc) -> list[Entry]:
    records = _RECORD.findall(doc.raw)
    return (
        list_entries(Doc.from_fragment(doc.url, "<ul>" + "".join(records) + "</ul>"))
        if records
        else []
    )


def next_pages(doc: Doc, reading: Reading) -> list[PageRequest]:
    text = doc.raw
    if urlsplit(doc.url).path.endswith(PROXY):
        return _continue(doc, reading)
    form = _form(text)
    if not form.get("columnid"):
        return []
    have = len(reading.entries)
    per = _int(_PERPAGE, text) or max(have, 15)
    batch = max(per * 3, 45)  # jpage's own group size is 3 pages per request
    total = _int(_TOTAL, text)
    if total is None:  # the page does not say how many: go on while batches come back full
        return [_proxy(doc.url, have + 1, have + batch, per, form)]
    return [
        _proxy(doc.url, s, min(s + batch - 1, total), per, form)
        for s in range(have + 1, total + 1, batch)[:MAX_NEXT_PAGES]
    ]


def _continue(doc: Doc, reading: Reading) -> list[PageRequest]:
    """After a proxy reply: the rest of the ranges when it names the total, else the next
    range when this one came back full. The spider drops ranges it already asked for."""
    query = dict(parse_qsl(urlsplit(doc.url).query))
    try:
        start, end = int(query["startrecord"]), int(query["endrecord"])
    except (KeyError, ValueError):
        return []
    size = end - start + 1
    form = (
        dict(parse_qsl((request.body or b"").decode("utf-8", "replace")))
        if (request := getattr(doc.response, "request", None)) is not None
        else {}
    )
    per = query.get("perpage", "15")
    total = _int(_TOTAL, doc.raw)
    if total is not None:
        return [
            _proxy(doc.url, s, min(s + size - 1, total), per, form)
            for s in range(end + 1, total + 1, size)[:MAX_NEXT_PAGES]
        ]
    if len(reading.entries) >= size:
        return [_proxy(doc.url, end + 1, end + size, per, form)]
    return []


def _proxy(base: str, start: int, end: int, per: int | str, form: dict[str, str]) -> PageRequest:
    return PageRequest(
        urljoin(base, f"{PROXY}?startrecord={start}&endrecord={end}&perpage={per}"), "POST", form
    )


def _int(rx: re.Pattern[str], text: str) -> int | None:
    m = rx.search(text)
    return int(m.group(1)) if m else None


def _form(text: str) -> dict[str, str]:
    """The proxy form: from the nextgroup link when present, else from the page script."""
    form: dict[str, str] = {}
    group = _NEXTGROUP.search(text)
    if group and (href := re.search(r"href=['\"]([^'\"]+)", group.group(1))):
        form.update(
            {
                k: v
                for k, v in parse_qsl(urlsplit(href.group(1)).query)
                if k not in ("page", "startrecord", "endrecord", "perpage")
            }
        )
    for key, rx in _PARAM.items():
        if key not in form and (m := rx.search(text)):
            form[key] = m.group(1)
    if "columnid" not in form and (m := _DIV_ID.search(text)):
        form["columnid"] = m.group(1)
    for key, value in _DEFAULT_FORM.items():
        form.setdefault(key, value)
    return form
