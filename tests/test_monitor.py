"""`xxgk monitor`: many sites in one run, one bad site never stops the others, and the
second run reports what persists."""

from tests.conftest import xxgk
from xxgk import storage


def monitor(sites_file, db_path, out, as_of):
    return xxgk(
        "monitor",
        str(sites_file),
        "--db",
        str(db_path),
        "--out",
        str(out),
        "--as-of",
        as_of,
        "--timeout",
        "5",
    )


def test_monitor_two_sites_twice(demo_server, expected, tmp_path):
    sites = tmp_path / "sites.yaml"
    sites.write_text(
        "sites:\n"
        f"  - url: {demo_server.url}\n    name: 示例市文化广电旅游局\n    tags: {{region: 示例市}}\n"
        "  - url: http://127.0.0.1:9/\n    name: 停机测试局\n",
        encoding="utf-8",
    )
    db_path, out, as_of = tmp_path / "m.db", tmp_path / "out", str(expected["as_of"])
    first = monitor(sites, db_path, out, as_of)
    # one site is 不合格, one could not be crawled (无法判断): that site's finding, so the
    # round says "not every site 合格" (1), not "the round could not run" (2)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "Traceback" not in first.stderr
    assert (out / "index.html").exists()
    second = monitor(sites, db_path, out, as_of)
    assert second.returncode == 1
    db = storage.open_db(str(db_path))
    runs = list(db.query("select * from runs order by id"))
    assert [r["status"] for r in runs] == ["completed", "failed", "completed", "failed"]
    assert storage.loads(runs[0]["options"]) == {"tags": {"region": "示例市"}}
    changes = {f["change"] for f in storage.findings(db, runs[2]["id"]) if f["severity"] != "info"}
    assert changes == {"persisting"}
    assert "合格率" in second.stdout
