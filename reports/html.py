"""HTML rendering: Jinja2 with autoescape always on.

Templates live in reports/templates/; an office restyles by editing them or by
passing its own directory, whose files take precedence over the bundled ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from reports import labels
from reports.model import HISTORY_RUNS, IndexRow, SiteReport, now_local

TEMPLATES = Path(__file__).with_name("templates")
CN_NUMBERS = "一二三四五六七八九十"


def environment(templates: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates)))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # every template, whatever its extension: crawled text is hostile
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.globals.update(
        cn=CN_NUMBERS,
        states=labels.STATES,
        rule_label=labels.rule_label,
    )
    return env


def site_html(report: SiteReport, templates: Path | None = None) -> str:
    return environment(templates).get_template("site_report.html.j2").render(r=report)


def index_html(
    rows: list[IndexRow],
    rules: list[str],
    rate: dict[str, object],
    templates: Path | None = None,
    trend: dict[str, Any] | None = None,
) -> str:
    dates = sorted({r.as_of for r in rows if r.as_of})
    as_of_range = (dates[0] if len(dates) == 1 else f"{dates[0]} 至 {dates[-1]}") if dates else ""
    return (
        environment(templates)
        .get_template("index.html.j2")
        .render(
            rows=rows,
            rules=rules,
            rate=rate,
            as_of_range=as_of_range,
            generated_at=now_local(),
            trend=trend or {"rounds": []},
            history_runs=HISTORY_RUNS,
        )
    )
