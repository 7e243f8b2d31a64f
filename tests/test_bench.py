"""Smoke test of the benchmark portal generator (bench/portal.py) at a tiny size: the
counts in the manifest are what the files hold, TRS list pages carry createPageHTML
and dated entries, 下一页 chains link through, and the output is deterministic.
No crawling, no server."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is a tool of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import portal  # noqa: E402

_ENTRY = re.compile(r'<li><a href="([^"]+)"[^>]*>[^<]+</a><span>(\d{4}-\d{2}-\d{2})</span></li>')
_TRS = re.compile(r'createPageHTML\((\d+), (\d+), "index", "html"\)')


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def test_tiny_portal(tmp_path: Path) -> None:
    out = tmp_path / "portal"
    m = portal.generate(out, columns=3, entries=90, seed=3, chain_every=2)
    assert not m["reused"]
    lists = [c for c in m["columns"] if c["kind"] == "list"]
    regular = [c for c in lists if not c["annual"]]
    annual = [c for c in lists if c["annual"]]
    assert len(regular) == 3 and len(annual) == 1
    assert sum(c["entries"] for c in regular) == 90
    assert annual[0]["entries"] == portal.LAST_ANNUAL_YEAR - portal.FIRST_ANNUAL_YEAR + 1
    assert m["totals"]["entries"] == 90 + annual[0]["entries"]
    assert {c["family"] for c in regular} == {"trs", "chain"}

    seen_entries = 0
    for c in lists:
        folder = out / c["url"].lstrip("/").rsplit("/", 1)[0]
        if c["family"] == "trs":
            names = ["index.html"] + [f"index_{k}.html" for k in range(1, c["pages"])]
        else:
            names = ["index.html"] + [f"list_{k + 1}.html" for k in range(1, c["pages"])]
        assert sorted(p.name for p in folder.glob("*.html")) == sorted(names)
        found = []
        for k, name in enumerate(names):
            html = (folder / name).read_text(encoding="utf-8")
            assert 'charset="utf-8"' in html
            # Header, sidebar, footer: a real page's weight.
            assert 10_000 < len(html.encode()) < 40_000
            entries = _ENTRY.findall(html)
            assert 0 < len(entries) <= 20
            found += entries
            if c["family"] == "trs":
                assert _TRS.findall(html) == [(str(c["pages"]), str(k))]
            else:
                assert "createPageHTML" not in html
                assert ("下一页" in html) == (k + 1 < len(names))
                if k + 1 < len(names):
                    assert f'href="{names[k + 1]}">下一页' in html
        assert len(found) == c["entries"] == len({u for u, _ in found})
        dates = [d for _, d in found]
        assert dates == sorted(dates, reverse=True) and dates[0] == c["newest"]
        assert dates[0] > dates[1]  # one newest entry, the one the crawler opens
        newest = found[0][0]
        article = out / newest.lstrip("/") if newest.startswith("/") else folder / newest
        text = article.read_text(encoding="utf-8")
        assert f"发布日期：</td><td>{dates[0]}" in text
        assert re.search(portal.ARTICLE_FALLBACK, newest)
        seen_entries += len(found)
    assert seen_entries == m["totals"]["entries"]

    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="/xxgk/index.html">政府信息公开</a>' in home
    section = (out / "xxgk" / "index.html").read_text(encoding="utf-8")
    for c in m["columns"]:
        assert f'<a href="{c["url"]}">{c["title"]}</a>' in section
    assert (out / portal.PLACEHOLDER.lstrip("/")).is_file()

    # Deterministic, and reused while nothing changed.
    again = portal.generate(tmp_path / "again", columns=3, entries=90, seed=3, chain_every=2)
    assert _tree_hash(out) == _tree_hash(tmp_path / "again")
    assert portal.generate(out, columns=3, entries=90, seed=3, chain_every=2)["reused"]
    assert again["totals"] == m["totals"]
