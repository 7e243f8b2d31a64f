"""Reports on what the real rules engine writes (not only on hand-made findings).

The rules engine stores rich `details`; every key it writes must either get a Chinese
evidence label in reports/model.py or be listed there as internal. A failure here names
the key that needs one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reports import render
from tools import report_sample
from xxgk import storage

engine = pytest.importorskip("rules.engine")


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_report_of_checked_runs(which: str, request, tmp_path: Path) -> None:
    if which == "sample":
        db = request.getfixturevalue("db")
        runs = report_sample.build(db)
    else:
        fx = request.getfixturevalue("fx")
        db, runs = fx.db, [fx.a1, fx.a2]
    for run_id in runs:
        engine.check_run(db, run_id)
    run_id = runs[-1]
    source = render.render_site(db, run_id, tmp_path)[0].read_text(encoding="utf-8")
    verdict = storage.get_run(db, run_id)["verdict"]
    assert verdict in ("合格", "不合格", "无法判断")
    assert f'<div class="value">{verdict}</div>' in source
    for f in storage.findings(db, run_id) + storage.resolved_findings(db, run_id):
        message = f["message"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert message.replace('"', "&#34;") in source or message in source, f["message"]
    labels = set(re.findall(r"<dt>(.*?)</dt>", source))
    raw = sorted(label for label in labels if re.fullmatch(r"[A-Za-z0-9_ ]+", label))
    assert not raw, f"evidence keys without a Chinese label (xxgk/rulebook.py EVIDENCE): {raw}"
    assert "<script" not in source.lower()
