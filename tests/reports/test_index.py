"""The index page of a multi-site database."""

from __future__ import annotations

import re
from pathlib import Path

from reports import render


def test_index_rate_verdicts_counts_links(fx, tmp_path: Path) -> None:
    runs = [fx.a2, fx.b, fx.c]
    reports = {r: render.render_site(fx.db, r, tmp_path, ("html",))[0] for r in runs}
    index = render.render_index(fx.db, tmp_path, runs, reports)
    assert index == tmp_path / "index.html"
    source = index.read_text(encoding="utf-8")
    # 合格 1, 不合格 1 → 50 %; 无法判断 is counted apart, not as a failure
    assert "50.0%" in source
    assert "无法判断 1 个" in source
    for verdict in ("合格", "不合格", "无法判断"):
        assert f">{verdict}</span>" in source
    # each report is linked relatively, and the link works from the index's folder
    hrefs = re.findall(r'href="([^"#]+)">查看报告', source)
    assert len(hrefs) == 3
    for href in hrefs:
        assert (tmp_path / href).is_file()
    # counts per rule: site A has 1 空白栏目, 2 link.broken findings across A and B
    row_a = re.search(rf'<tr data-run="{fx.a2}">(.*?)</tr>', source, re.S).group(1)
    assert "某某市&lt;b&gt;测试&lt;/b&gt;局" in row_a
    assert 'title="column.empty"' in source and "空白栏目" in source
    cells = re.findall(r'<td class="num[^"]*">(\d+)</td>', row_a)
    assert cells[-1] == "2"  # 需人工核查: column.unreadable + check.error
    assert cells[-2] == "10"  # 问题合计: 12 findings − 2 cannot tell


def test_index_without_report_map_links_existing_files(fx, tmp_path: Path) -> None:
    render.render_site(fx.db, fx.b, tmp_path)
    source = render.render_index(fx.db, tmp_path, [fx.b, fx.c]).read_text(encoding="utf-8")
    assert source.count("查看报告") == 1
    assert re.search(r'href="site-run\d+\.xlsx">下载表格', source)
    assert "100.0%" in source  # B 合格; C 无法判断 is not in the denominator


def test_index_no_judged_sites(fx, tmp_path: Path) -> None:
    source = render.render_index(fx.db, tmp_path, [fx.c]).read_text(encoding="utf-8")
    assert '<div class="rate">—</div>' in source


def test_index_shows_each_sites_score(fx, tmp_path: Path) -> None:
    from xxgk import storage

    storage.set_score(fx.db, fx.b, 72.5, {"total": 72.5})
    source = render.render_index(fx.db, tmp_path, [fx.b, fx.c]).read_text(encoding="utf-8")
    row_b = re.search(rf'<tr data-run="{fx.b}">(.*?)</tr>', source, re.S).group(1)
    row_c = re.search(rf'<tr data-run="{fx.c}">(.*?)</tr>', source, re.S).group(1)
    assert '<td class="num score">72.5</td>' in row_b
    assert '<td class="num score">—</td>' in row_c  # never scored: said, not 0
