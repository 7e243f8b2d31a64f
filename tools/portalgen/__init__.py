"""Random-template 政府信息公开 portals with ground truth (GitHub issue 12).

    truth = generate(seed, out)   # out/site/… (the portal), out/truth.json

Each seed draws its own template (sidebar tree or column grid, breadcrumbs, list markup,
date formats, pagers, charsets, traditional-character mirrors, URL schemes) and its own
defects (missing required columns, blank and stale columns, absent annual reports,
broken links), so figures measured on it come from data nobody tuned the crawler to.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tools.portalgen import plan, render

SITE_DIR = "site"
TRUTH_FILE = "truth.json"


@dataclass
class Truth:
    seed: int
    as_of: str
    site_name: str
    charset: str  # the bytes: utf-8 | gbk
    meta_charset: str | None  # the label in <meta>, or None when not declared there
    content_type: str  # the Content-Type header of HTML pages (charset or not)
    traditional: str | None  # OpenCC config of a traditional-character mirror
    homepage: str
    section_url: str
    section_title: str
    columns: list[dict[str, Any]]  # leaf columns (list and content pages)
    groups: list[dict[str, Any]]  # grouping nodes: neither required nor wrong to record
    expected: dict[str, list[Any]]  # rule id -> what the rule should report
    annual_reports: dict[str, str]  # report year -> article url
    template: dict[str, Any]  # the drawn look, for reading failures

    @property
    def entries(self) -> list[dict[str, Any]]:
        return [e for c in self.columns for e in c["entries"]]

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Truth:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def file_for(url: str) -> str:
    """Where the page of a URL path (query included) lives under site/."""
    path, sep, query = url.partition("?")
    if path.endswith("/"):
        path += "index.html"
    return path.lstrip("/") + (sep + query if sep else "")


def generate(seed: int, out: Path) -> Truth:
    rng = random.Random(seed)
    style = plan.make_style(rng, seed)
    root, missing = plan.make_tree(rng, style)
    plan.assign_urls(rng, style, root)
    absent_years = plan.fill_entries(rng, style, root, missing)
    plan.plant_defects(rng, style, root)
    pages, list_pages = render.render_site(rng, style, root)

    conv = _converter(style.traditional).convert if style.traditional else (lambda t: t)
    site = out / SITE_DIR
    for url, html in pages.items():
        target = site / file_for(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(conv(html).encode(style.charset, errors="xmlcharrefreplace"))
    (site / "css").mkdir(exist_ok=True)
    (site / "css" / "style.css").write_text(render.CSS, encoding="ascii")
    (site / "images").mkdir(exist_ok=True)
    (site / "images" / "logo.gif").write_bytes(render.LOGO_GIF)

    truth = _truth(style, root, missing, absent_years, list_pages, conv)
    truth.save(out / TRUTH_FILE)
    return truth


def _truth(
    style: plan.Style,
    root: plan.Node,
    missing: list[str],
    absent_years: list[int],
    list_pages: dict[plan.Node, list[str]],
    conv: Any,
) -> Truth:
    columns, expected_empty, expected_stale, broken = [], [], [], []
    annual: dict[str, str] = {}
    for col in root.leaves():
        assert col.url is not None
        entries = plan.static_entries(col)
        path = " > ".join(conv(n.title) for n in col.ancestors() + [col])
        state = "empty" if col.kind == "list" and not col.entries else "ok"
        columns.append(
            {
                "url": col.url,
                "title": conv(col.title),
                "path": path,
                "kind": col.kind,
                "class": col.cls,
                "state": state,
                "truncated": len(entries) < len(col.entries),
                "stale": col.stale,
                "markup": col.markup if col.kind == "list" else None,
                "date_fmt": col.date_fmt if col.kind == "list" else None,
                "date_tag": col.date_tag if col.kind == "list" else None,
                "pager": col.pager if col.kind == "list" else None,
                "list_pages": list_pages.get(col, [col.url]),
                "latest_date": col.entries[0].published.isoformat() if col.entries else None,
                "entries": [
                    {"url": e.url, "title": conv(e.title), "published": e.published.isoformat()}
                    for e in entries
                ],
            }
        )
        if state == "empty":
            expected_empty.append(col.url)
        if col.stale:
            expected_stale.append(col.url)
        pages = list_pages.get(col, [col.url])
        for i, e in enumerate(entries):
            if e.annual_year is not None:
                annual[str(e.annual_year)] = e.url
            if not e.exists:
                broken.append(
                    {
                        "url": e.url,
                        "found_on": pages[i // col.page_size],
                        "via": "list",
                        "position": i,
                    }
                )
            broken.extend(
                {"url": t, "found_on": e.url, "via": "article", "position": i}
                for t in e.broken_links
            )
    groups = [{"url": g.url, "title": conv(g.title)} for g in root.groups()[1:]]
    s = style
    return Truth(
        seed=s.seed,
        as_of=s.as_of.isoformat(),
        site_name=conv(s.site_name),
        charset=s.charset,
        meta_charset=s.meta_charset,
        content_type="text/html"
        + (f"; charset={s.meta_charset or s.charset}" if s.header_charset else ""),
        traditional=s.traditional,
        homepage="/index.html",
        section_url=s.section_dir + "index.html",
        section_title=conv(s.section_title),
        columns=columns,
        groups=groups,
        expected={
            "column.missing": missing,
            "column.empty": expected_empty,
            "column.stale": expected_stale,
            "link.broken": broken,
            "annual_report.missing": absent_years,
        },
        annual_reports=annual,
        template={k: v for k, v in asdict(s).items() if k not in ("as_of",)},
    )
