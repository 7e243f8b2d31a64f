"""An incremental crawl builds on the site's last run and finds what a full crawl of the
same site finds, fetching a fraction of the pages (crawler/incremental.py)."""

import shutil

from tests.conftest import xxgk
from xxgk import demo, storage

NEW_ARTICLE = "t20260226_999999.html"


def _audit(server, db_path, out, as_of, *extra):
    done = xxgk(
        "audit", server.url, "--db", str(db_path), "--out", str(out), "--as-of", as_of, *extra
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr
    db = storage.open_db(str(db_path))
    return max(r["id"] for r in db.query("select id from runs"))


def _facts(db, run_id):
    findings = {
        (f["rule"], f["fingerprint"], f["severity"], f["message"])
        for f in storage.findings(db, run_id)
    }
    columns = {
        (c["url"], c["state"], c["entry_count"], c["latest_date"])
        for c in storage.columns(db, run_id)
    }
    return findings, columns


def _publish_a_notice(root):
    """A new notice on top of 通知公告, with its article page."""
    folder = root / "xxgk/fdzdgknr/tzgg"
    page = folder / "index.html"
    html = page.read_text(encoding="utf-8")
    first = '<li><a href="./202602/t20260224_811926.html"'
    assert first in html
    new = (
        f'<li><a href="./202602/{NEW_ARTICLE}" target="_blank" title="关于新增公告的通知">'
        "关于新增公告的通知</a><span>2026-02-26</span></li>\n"
    )
    page.write_text(html.replace(first, new + first, 1), encoding="utf-8")
    article = (folder / "202602/t20260224_811926.html").read_text(encoding="utf-8")
    (folder / "202602" / NEW_ARTICLE).write_text(
        article.replace("2026-02-24", "2026-02-26"), encoding="utf-8"
    )


def test_incremental_equals_full_and_fetches_a_fraction(expected, tmp_path):
    root = tmp_path / "portal"
    shutil.copytree(demo.PORTAL, root)
    as_of, db_path, out = str(expected["as_of"]), tmp_path / "a.db", tmp_path / "out"
    with demo.serve(root) as server:
        full = _audit(server, db_path, out, as_of)
        same = _audit(server, db_path, out, as_of)
        _publish_a_notice(root)
        changed = _audit(server, db_path, out, as_of)
        full_changed = _audit(server, db_path, out, as_of, "--full")
    db = storage.open_db(str(db_path))
    runs = {r["id"]: r for r in db.query("select * from runs")}
    stats = {k: storage.loads(r["stats"]) for k, r in runs.items()}
    assert stats[same]["incremental_from"] == full and stats[changed]["incremental_from"] == same
    assert "incremental_from" not in stats[full] and "incremental_from" not in stats[full_changed]
    # nothing changed: the same findings, columns and entries from ~13 % of the fetches
    assert _facts(db, same) == _facts(db, full)
    assert stats[same]["pages"] <= 0.15 * stats[full]["pages"], (stats[same], stats[full])
    # the column and list pages it did fetch were asked for conditionally: 304, kept copy
    assert "not_modified" not in stats[full]
    columns = len(storage.columns(db, same))
    assert columns <= stats[same]["not_modified"] < stats[same]["pages"], stats[same]
    assert len(storage.entries(db, same)) == len(storage.entries(db, full))
    # a new notice: seen, its article read, and again what a full crawl finds
    assert _facts(db, changed) == _facts(db, full_changed)
    new = [e for e in storage.entries(db, changed) if e["url"].endswith(NEW_ARTICLE)]
    assert [(e["published"], e["date_source"]) for e in new] == [("2026-02-26", "list")]
    assert any(p["url"].endswith(NEW_ARTICLE) for p in storage.pages(db, changed))
    assert stats[changed]["pages"] <= 0.2 * stats[full_changed]["pages"]
