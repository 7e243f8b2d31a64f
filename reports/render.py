"""Reports are functions from rows to files (STYLE §10).

    render_site(db, run_id, out_dir, formats=("html", "xlsx")) -> [paths]
    render_index(db, out_dir, run_ids, site_reports=None) -> path

File names come from the site's host and the run id only (`xxgk.urls.host_slug`), so a
hostile site URL cannot steer a write outside `out_dir`.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from reports import html, model, xlsx
from xxgk import storage
from xxgk.urls import host_slug

FORMATS = ("html", "xlsx")
INDEX_NAME = "index.html"


def report_stem(db: sqlite_utils.Database, run_id: int) -> str:
    run = storage.get_run(db, run_id)
    return f"{host_slug(run.get('site_url'))}-run{int(run_id)}"


def render_site(
    db: sqlite_utils.Database,
    run_id: int,
    out_dir: Path,
    formats: tuple[str, ...] | list[str] = FORMATS,
    templates: Path | None = None,
) -> list[Path]:
    """Write the site's 监测评估反馈 report for one run; returns the files written."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown report format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = model.site_report(db, run_id)
    stem = report_stem(db, run_id)
    written: list[Path] = []
    for fmt in dict.fromkeys(formats):
        path = out_dir / f"{stem}.{fmt}"
        if fmt == "html":
            path.write_text(html.site_html(report, templates), encoding="utf-8")
        else:
            xlsx.write_site(report, path)
        written.append(path)
    return written


def _href(target: Path, out_dir: Path) -> str:
    """A relative, URL-quoted link from the index to a report file."""
    try:
        rel = os.path.relpath(Path(target).resolve(), Path(out_dir).resolve())
    except ValueError:  # another drive on Windows
        return Path(target).resolve().as_uri()
    return quote(Path(rel).as_posix())


def render_index(
    db: sqlite_utils.Database,
    out_dir: Path,
    run_ids: list[int],
    site_reports: dict[int, Path] | None = None,
    templates: Path | None = None,
) -> Path:
    """The index page of a multi-site database: verdicts, counts per rule, 合格率, the
    合格率 of the sites' past rounds and each site's recent verdicts.

    `site_reports` maps run id → HTML report; without it, a report is linked when the
    file `render_site` would have written exists in `out_dir`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows, rules = model.index_rows(db, list(run_ids))
    model.add_history(db, rows)
    for row in rows:
        target = (site_reports or {}).get(row.run_id)
        if target is None:
            default = out_dir / f"{report_stem(db, row.run_id)}.html"
            target = default if default.exists() else None
        row.report_href = _href(target, out_dir) if target is not None else None
        sheet = Path(target).with_suffix(".xlsx") if target is not None else None
        row.xlsx_href = _href(sheet, out_dir) if sheet is not None and sheet.exists() else None
    path = out_dir / INDEX_NAME
    path.write_text(
        html.index_html(rows, rules, model.pass_rate(rows), templates, model.trend(db, rows)),
        encoding="utf-8",
    )
    return path
