"""The demo server (xxgk/demo.py) and the bundled portal it serves (xxgk/demo_portal/).

Besides the server mechanics, these tests check that the static portal agrees with its
ground truth `expected.yaml`: every internal link resolves (except the intended 404s),
every entry listed there is really on the list pages (or behind the JCMS proxy), and the
traps (GBK bytes, year-less dates, a future date, a hidden spam block …) are in place.
"""

from __future__ import annotations

import functools
import http.client
import json
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import lxml.html
import pytest
import yaml
from bs4 import BeautifulSoup

from tests.support import fault_portal
from xxgk import annual, demo
from xxgk.dates import find_dates
from xxgk.text import normalize

PORTAL = demo.PORTAL
EXPECTED = yaml.safe_load((PORTAL / "expected.yaml").read_text(encoding="utf-8"))
AS_OF = date.fromisoformat(EXPECTED["as_of"])
COLUMNS = {c["title"]: c for c in EXPECTED["columns"]}
ORIGIN = "http://portal.test"  # base for resolving links offline
PROXY = "/module/web/jpage/dataproxy.jsp"


@pytest.fixture(scope="module")
def server():
    with demo.serve() as s:
        yield s


@pytest.fixture(scope="module")
def conn(server):
    """One keep-alive connection for the many small requests of the link checker."""
    c = http.client.HTTPConnection(server.host, server.port, timeout=10)
    yield c
    c.close()


def get(
    conn: http.client.HTTPConnection,
    path: str,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    data = resp.read()
    return resp.status, resp.headers, data


def fetch(server, path: str, data: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    """urllib, as a simple client would do it (follows redirects, raises on 4xx/5xx)."""
    try:
        with urllib.request.urlopen(urljoin(server.url, path), data=data, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def decode(body: bytes) -> str:
    head = body[:2048].lower()
    if b"charset=gb2312" in head or b"charset=gbk" in head:
        return body.decode("gb18030")
    return body.decode("utf-8")


def soup_of(body: bytes) -> BeautifulSoup:
    return BeautifulSoup(decode(body), "lxml")


# -- server mechanics -----------------------------------------------------------------


def test_homepage_is_html_without_charset(server):
    status, headers, body = fetch(server, "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html"
    assert int(headers["Content-Length"]) == len(body)
    assert body == (PORTAL / "index.html").read_bytes()
    assert "政府信息公开" in body.decode("utf-8")


def test_gbk_page_is_served_as_raw_gbk_bytes(server):
    status, headers, body = fetch(server, EXPECTED["gbk_page"])
    assert status == 200 and headers["Content-Type"] == "text/html"
    assert b'content="text/html; charset=gb2312"' in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")  # 镕 is outside GB2312
    text = body.decode("gb18030")
    assert "镕" in text and "人事信息" in text


def _records(xml_bytes: bytes) -> tuple[list[str], int, int]:
    root = ET.fromstring(xml_bytes)
    hrefs = [re.search(r'href="([^"]+)"', r.text).group(1) for r in root.iter("record")]
    return hrefs, int(root.findtext("totalrecord")), int(root.findtext("totalpage"))


def test_jcms_dataproxy_post_returns_the_requested_records(server):
    data = json.loads((PORTAL / "jcms" / "col1001.json").read_text(encoding="utf-8"))
    form = urlencode(
        {
            "col": 1,
            "appid": 1,
            "webid": 1,
            "path": "/",
            "columnid": 1001,
            "unitid": 4001,
            "webname": EXPECTED["site_name"],
            "permissiontype": 0,
        }
    ).encode()
    status, headers, body = fetch(
        server, f"{PROXY}?startrecord=16&endrecord=30&perpage=15", data=form
    )
    assert status == 200
    assert headers["Content-Type"] == "text/xml; charset=utf-8"
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?><datastore><nextgroup><![CDATA[')
    hrefs, total, pages = _records(body)
    assert hrefs == [r["url"] for r in data[15:30]]
    assert (total, pages) == (60, 4) and total == len(data)


def test_jcms_dataproxy_get_and_columnid_in_query(server):
    status, _, body = fetch(server, f"{PROXY}?columnid=1001&startrecord=46&endrecord=90&perpage=15")
    hrefs, total, _ = _records(body)
    assert status == 200 and len(hrefs) == 15 and total == 60
    _, _, body = fetch(server, f"{PROXY}?columnid=1001&page=2&perpage=15")
    assert len(_records(body)[0]) == 15
    _, _, body = fetch(server, f"{PROXY}?columnid=9999&startrecord=1&endrecord=15", data=b"")
    assert _records(body)[:2] == ([], 0)


def test_query_string_pagination_maps_to_sibling_files(server):
    folder = PORTAL / "xxgk/fdzdgknr/zcwj"
    assert (
        fetch(server, "/xxgk/fdzdgknr/zcwj/list.html?page=2")[2]
        == (folder / "list_p2.html").read_bytes()
    )
    assert (
        fetch(server, "/xxgk/fdzdgknr/zcwj/list.html?pageIndex=3")[2]
        == (folder / "list_p3.html").read_bytes()
    )
    assert (
        fetch(server, "/xxgk/fdzdgknr/zcwj/list.html?page=1")[2]
        == (folder / "list.html").read_bytes()
    )
    assert fetch(server, "/xxgk/fdzdgknr/zcwj/list.html?page=9")[0] == 404
    assert fetch(server, "/xxgk/fdzdgknr/zcwj/list.html?page=x")[0] == 400


def test_not_found_hidden_and_traversal(server, conn):
    status, headers, body = fetch(server, "/no/such/page.html")
    assert status == 404 and "页面不存在" in body.decode("utf-8")
    for hidden in ("/expected.yaml", "/_build.py", "/_src/guide.txt", "/jcms/col1001.json"):
        assert fetch(server, hidden)[0] == 404, hidden
    for raw in ("/../pyproject.toml", "/%2e%2e/demo.py", "/xxgk/../../demo.py"):
        status, _, _ = get(conn, raw)
        assert status == 403, raw


def test_names_starting_with_underscore_or_dot_and_ground_truth_are_never_served(tmp_path):
    # The bundled portal no longer holds its build sources, so a root that does stands in.
    hidden = ("_build.py", "_src/guide.txt", "col/_draft.html", ".git/config", "expected.yaml")
    for rel in ("index.html", "col/index.html", "jcms/col1001.json", *hidden):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    with demo.serve(tmp_path) as s:
        assert fetch(s, "/index.html")[0] == fetch(s, "/col/")[0] == 200
        for rel in (*hidden, "jcms/col1001.json"):
            assert fetch(s, "/" + rel)[0] == 404, rel


def test_directories_serve_index_html(server, conn):
    assert fetch(server, "/xxgk/")[2] == (PORTAL / "xxgk/index.html").read_bytes()
    status, headers, _ = get(conn, "/xxgk")
    assert status == 301 and headers["Location"] == "/xxgk/"


def test_the_product_server_has_no_fault_paths(server):
    assert fetch(server, "/fault/503")[0] == 404


@pytest.fixture(scope="module")
def fault_conn():
    """A keep-alive connection to the portal served with the test-only fault paths."""
    with fault_portal.serve() as s:
        c = http.client.HTTPConnection(s.host, s.port, timeout=10)
        yield c
        c.close()


def test_fault_paths(fault_conn):
    status, headers, _ = get(fault_conn, "/fault/redirect-loop")
    assert status == 302 and headers["Location"] == "/fault/redirect-loop"
    status, headers, body = get(fault_conn, "/fault/503")
    assert status == 503 and int(headers["Content-Length"]) == len(body) > 0
    status, headers, body = get(fault_conn, "/fault/pdf")
    assert (
        status == 200 and headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF-")
    )
    status, headers, _ = get(fault_conn, "/fault/huge", method="HEAD")
    assert status == 200 and int(headers["Content-Length"]) >= 12 * 1024 * 1024
    status, headers, body = get(fault_conn, "/fault/huge")
    assert len(body) == int(headers["Content-Length"]) and body.rstrip().endswith(b"</html>")
    # the keep-alive connection is still usable after all of that
    assert get(fault_conn, "/index.html")[0] == 200


# -- the portal: links ------------------------------------------------------------------


def served_url(file: Path) -> str:
    """The address a static file is served at (list_p2.html is list.html?page=2)."""
    rel = "/" + file.relative_to(PORTAL).as_posix()
    m = re.fullmatch(r"(.*)/([^/]+)_p(\d+)(\.html)", rel)
    if m and (PORTAL / f"{m[1]}/{m[2]}{m[4]}".lstrip("/")).exists():
        return f"{m[1]}/{m[2]}{m[4]}?page={m[3]}"
    return rel


def portal_pages() -> list[Path]:
    return sorted(
        p for p in PORTAL.rglob("*.html") if not p.relative_to(PORTAL).parts[0].startswith("_")
    )


@functools.cache
def links_in(file: Path) -> frozenset[str]:
    """Site-internal targets (path + query) of every href/src/action in one page."""
    base = ORIGIN + served_url(file)
    doc = lxml.html.fromstring(decode(file.read_bytes()))
    raw = [
        v
        for el in doc.iter()
        if isinstance(el.tag, str)
        for v in (el.get("href"), el.get("src"), el.get("action"))
        if v
    ]
    # JCMS keeps its first records as list-item HTML inside <script type="text/xml">
    for script in doc.iter("script"):
        if script.get("type") == "text/xml":
            raw += re.findall(r'href="([^"]+)"', script.text or "")
    out = set()
    for href in raw:
        href = href.strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        parts = urlsplit(urljoin(base, href))
        if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
            continue
        out.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return frozenset(out)


def test_every_internal_link_resolves(conn):
    found_on: dict[str, set[str]] = {}
    for file in portal_pages():
        for target in links_in(file):
            found_on.setdefault(target, set()).add(served_url(file))
    # records served only by the JCMS proxy are links too
    for record in json.loads((PORTAL / "jcms" / "col1001.json").read_text(encoding="utf-8")):
        found_on.setdefault(record["url"], set()).add(PROXY)
    broken = set(EXPECTED["broken_links"])
    assert broken <= set(found_on), "every intended 404 is linked from somewhere"
    bad = {}
    for target in sorted(found_on):
        status, _, _ = get(conn, target, method="HEAD")
        want = 404 if target in broken else 200
        if status != want:
            bad[target] = (status, sorted(found_on[target])[:3])
    assert not bad


def test_every_page_is_reachable_from_a_link(conn):
    """No orphans: each page is linked, a TRS index_k page, or a JCMS record."""
    linked = {"/index.html"}
    for file in portal_pages():
        linked |= links_in(file)
    linked |= {u.split("?")[0] for u in linked}
    for col in EXPECTED["columns"]:
        linked |= set(col["pages"]) | {e["url"] for e in col["entries"]}
    linked |= {p[: -len("index.html")] + "index.html" for p in linked if p.endswith("/")}
    orphans = [
        served_url(f)
        for f in portal_pages()
        if served_url(f) not in linked and "/" + f.relative_to(PORTAL).as_posix() not in linked
    ]
    assert not orphans


# -- the portal: ground truth ------------------------------------------------------------


def list_entries(conn, col: dict) -> list[tuple[str, str | None]]:
    """(url, date text) of every item on a column's list pages, as served."""
    out: list[tuple[str, str | None]] = []
    for page in col["pages"]:
        status, headers, body = get(conn, page)
        assert status == 200 and headers["Content-Type"] == "text/html", page
        wrap = soup_of(body).select_one(".list-wrap")
        assert wrap is not None, page
        if col["family"] == "table":
            rows = wrap.select("table.xxgk-table tr")[1:]
            items = [(r.select_one("a"), r.find_all("td")[-1]) for r in rows]
        elif col["family"] == "jcms":
            hrefs, total, _ = _records(
                get(
                    conn,
                    f"{PROXY}?startrecord=1&endrecord=500&perpage=15",
                    "POST",
                    b"columnid=1001",
                    {"Content-Type": "application/x-www-form-urlencoded"},
                )[2]
            )
            assert total == len(hrefs)
            static = re.findall(r'href="(/art/[^"]+)"', wrap.find("script", type="text/xml").string)
            assert static == hrefs[: col["static_entries"]]
            return [(h, None) for h in hrefs]
        else:
            items = [(li.find("a"), li.find("span")) for li in wrap.select("ul.list > li")]
        for a, span in items:
            out.append(
                (
                    urlsplit(urljoin(ORIGIN + page, a["href"])).path,
                    span.get_text(strip=True) if span else None,
                )
            )
    return out


@pytest.mark.parametrize("title", list(COLUMNS))
def test_expected_columns_match_the_portal(conn, title):
    col = COLUMNS[title]
    entries = col["entries"]
    assert col["entry_count"] == len(entries)
    published = [e["published"] for e in entries if e["published"]]
    if col["kind"] == "list":
        newest = max(published) if published and col["state"] == "ok" else None
        assert col["latest_date"] == newest
    family = col["family"]
    if family == "missing":
        assert get(conn, col["url"])[0] == 404 and col["state"] == "unreachable"
        return
    if col["kind"] == "page":
        status, _, body = get(conn, col["url"])
        text = soup_of(body).get_text(" ")
        assert status == 200 and f"发布日期：{col['latest_date']}" in text.replace(" ", "")
        assert entries == [] and col["entry_count"] == 0
        return
    if family == "handlebars":
        soup = soup_of(get(conn, col["url"])[2])
        assert soup.select_one("ul#list").find_all("li") == []
        assert soup.find("script", type="text/x-handlebars-template") is not None
        assert col["state"] == "unreadable" and not entries
        return
    seen = list_entries(conn, col)
    assert [u for u, _ in seen] == [e["url"] for e in entries]
    if col["state"] == "empty":
        assert not seen and "暂无信息" in decode(get(conn, col["url"])[2])
    elif col["state"] == "undated":
        for page in col["pages"] + [e["url"] for e in entries]:
            text = soup_of(get(conn, page)[2]).get_text(" ")
            assert not find_dates(text) and not re.search(r"\d{1,2}[-/.月]\d{1,2}", text), page
    elif family == "nextlink":
        assert all(re.fullmatch(r"\[\d{2}-\d{2}\]", d) for _, d in seen)
        for (url, d), e in zip(seen, entries, strict=True):
            assert d == f"[{e['published'][5:]}]"
            assert f"发布时间：{e['published']}" in decode(get(conn, url)[2])
    elif family != "jcms":
        assert [d for _, d in seen] == [e["published"] for e in entries]


def test_trs_lists_page_only_through_create_page_html(conn):
    for col in EXPECTED["columns"]:
        if col["family"] != "trs":
            continue
        for k, page in enumerate(col["pages"]):
            html_text = decode(get(conn, page)[2])
            assert f'createPageHTML({len(col["pages"])}, {k}, "index", "html");' in html_text
            assert not soup_of(html_text.encode()).find("a", string=re.compile("下一页"))


def test_section_sidebar_lists_every_column_nested(conn):
    soup = soup_of(get(conn, EXPECTED["section_url"])[2])
    menu = soup.select_one(".sidebar ul")
    top = [a.get_text() for a in menu.select(":scope > li > a")]
    nested = [a.get_text() for a in menu.select(":scope > li > ul > li > a")]
    assert top == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]
    children = [
        c["title"]
        for c in EXPECTED["columns"]
        if c["path"].startswith("政府信息公开 > 法定主动公开内容 >")
    ]
    assert nested == children
    for col in EXPECTED["columns"]:
        crumbs = col["path"].split(" > ")
        page = col["pages"][0] if col["pages"] else None
        if page:
            position = soup_of(get(conn, page)[2]).select_one(".position").get_text()
            assert position.replace("\xa0", " ") == "当前位置：首页 > " + " > ".join(crumbs)


def test_homepage_news_is_fresh(conn):
    soup = soup_of(get(conn, "/index.html")[2])
    days = [date.fromisoformat(s.get_text()) for s in soup.select(".news-box li span")]
    assert len(days) == 6 and all(AS_OF - timedelta(days=10) <= d < AS_OF for d in days)
    assert soup.select_one('.nav a[href="/xxgk/index.html"]').get_text() == "政府信息公开"
    footer = soup.select_one(".footer")
    assert (
        footer.select_one('a[href="https://beian.miit.gov.cn/"]')
        and "网站标识码" in footer.get_text()
    )


def _report_text(conn, url: str) -> str:
    zoom = soup_of(get(conn, url)[2]).select_one("#zoom")
    for table in zoom.find_all("table"):
        table.decompose()
    return re.sub(r"\s+", "", zoom.get_text())


def _shingles(text: str, k: int = 5) -> set[str]:
    return {text[i : i + k] for i in range(len(text) - k + 1)}


def test_annual_reports_ground_truth(conn):
    col = COLUMNS["政府信息公开年报"]
    by_year = {annual.report_year(e["title"]): e for e in col["entries"]}
    assert {y: e["published"] for y, e in by_year.items()} == EXPECTED["annual_reports"]
    due = range(2019, AS_OF.year)
    assert [y for y in due if y not in by_year] == EXPECTED["missing"]

    def deadline(y: int) -> date:
        return date(y + 1, 1, 31) if y >= 2019 else date(y + 1, 3, 31)

    late = [
        y for y, e in sorted(by_year.items()) if date.fromisoformat(e["published"]) > deadline(y)
    ]
    assert late == EXPECTED["late"]
    headings = [
        "总体情况",
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议、行政诉讼情况",
        "存在的主要问题及改进情况",
        "其他需要报告的事项",
    ]
    texts = {y: _report_text(conn, e["url"]) for y, e in by_year.items()}
    incomplete = [
        y for y in sorted(texts) if y >= 2019 and not all(h in texts[y] for h in headings)
    ]
    assert incomplete == EXPECTED["incomplete"]
    copied = []
    for y in sorted(texts):
        prev = max((p for p in texts if p < y), default=None)
        if prev is None:
            continue
        a, b = _shingles(texts[y]), _shingles(texts[prev])
        if len(a & b) / len(a | b) > 0.5:
            copied.append(y)
    assert copied == EXPECTED["copied"]
    for title in EXPECTED["lookalikes"]:
        assert not annual.is_annual_report(title), title


def test_traps_are_in_place(conn):
    # hidden spam block
    soup = soup_of(get(conn, EXPECTED["injected_page"])[2])
    hidden = soup.find("div", style=re.compile(r"display:\s*none"))
    assert hidden and len(hidden.find_all("a", href=re.compile(r"^http://"))) == 3
    assert "百家乐" in hidden.get_text() and "博彩" in hidden.get_text()
    spam_pages = [f for f in portal_pages() if b"display:none" in f.read_bytes()]
    assert [served_url(f) for f in spam_pages] == [EXPECTED["injected_page"]]
    # the same document in two columns
    titles: dict[str, list[str]] = {}
    for col in EXPECTED["columns"]:
        for e in col["entries"]:
            titles.setdefault(normalize(e["title"]), []).append(e["url"])
    dups = {t: u for t, u in titles.items() if len(u) > 1}
    assert list(dups) == [normalize(t) for t in EXPECTED["duplicate_titles"]]
    assert sorted(next(iter(dups.values()))) == sorted(EXPECTED["duplicate_urls"])
    bodies = [
        soup_of(get(conn, u)[2]).select_one("#zoom").get_text() for u in EXPECTED["duplicate_urls"]
    ]
    assert bodies[0].strip() == bodies[1].strip()
    # future date, PubDate disagreement
    future = [
        e["url"]
        for c in EXPECTED["columns"]
        for e in c["entries"]
        if e["published"] and e["published"] > EXPECTED["as_of"]
    ]
    assert future == EXPECTED["future_entries"]
    conflict = EXPECTED["date_conflict"]
    soup = soup_of(get(conn, conflict["url"])[2])
    assert soup.find("meta", attrs={"name": "PubDate"})["content"] == conflict["pubdate_meta"]
    text = soup.get_text(" ")
    assert f"发布时间：{conflict['published']}" in text and conflict["written"] in text
    others = [
        f
        for f in portal_pages()
        if f.read_bytes().count(b'name="PubDate"') and served_url(f) != conflict["url"]
    ]
    for f in others:
        content = re.search(rb'name="PubDate" content="(\d{4}-\d{2}-\d{2})', f.read_bytes())[
            1
        ].decode()
        assert f"发布日期：</th><td>{content}" in decode(f.read_bytes()) or "/xwzx/" in served_url(
            f
        ), f


def test_module_entry_point_serves_until_interrupted():
    proc = subprocess.Popen(
        [sys.executable, "-m", "xxgk.demo", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://\S+/", line)[0]
        with urllib.request.urlopen(url, timeout=5) as resp:
            assert resp.status == 200
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=5) == 0
        assert proc.stderr.read() == ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
