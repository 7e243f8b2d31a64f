"""`xxgk inspect URL --json`: the SPEC §2 contract, on the sample portal."""

import json

from tests.conftest import xxgk


def inspect(url: str) -> dict:
    result = xxgk("inspect", url, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_inspect_list_page(demo_server):
    data = inspect(demo_server.url + "xxgk/fdzdgknr/tzgg/index.html")
    assert {"kind", "title", "published", "dates", "entries", "next", "columns"} <= set(data)
    assert data["kind"] == "list" and len(data["entries"]) == 20
    assert data["entries"][0]["published"] == "2026-09-01"
    assert [n.rsplit("/", 1)[1] for n in data["next"]] == ["index_1.html", "index_2.html"]


def test_inspect_article_dates(demo_server, expected):
    conflict = expected["date_conflict"]
    data = inspect(demo_server.url + conflict["url"].lstrip("/"))
    assert data["kind"] == "article" and data["published"] == conflict["published"]
    labels = {d["label"]: d["date"] for d in data["dates"]}
    assert labels["成文日期"] == conflict["written"] and labels["PubDate"] != conflict["published"]


def test_inspect_section_lists_the_column_tree(demo_server):
    data = inspect(demo_server.url + "xxgk/index.html")
    paths = {c["title"]: c["path"] for c in data["columns"]}
    assert paths["通知公告"].endswith("法定主动公开内容 > 通知公告")


def test_inspect_unusable_url_is_a_clean_error():
    result = xxgk("inspect", "ftp://x")
    assert result.returncode == 2 and "Traceback" not in result.stderr
