"""Rows → the view the templates render: one place that reads the database.

Everything here is plain data (dataclasses of strings and numbers); the templates
decide the looks, and the sentences come from `findings.message`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from reports import labels
from reports.safety import clean_text, link_url
from xxgk import rulebook, storage

_CHINA = timezone(timedelta(hours=8))


@dataclass
class Piece:
    """One value of evidence: text, and the URL when it may be a link."""

    text: str
    href: str | None = None


@dataclass
class Review:
    """A reviewer's decision on a finding (`xxgk review`). `lapsed`: the evidence changed
    since, so the decision no longer holds and the finding counts as it is."""

    decision: str
    label: str
    reason: str
    reviewer: str
    reviewed_at: str
    lapsed: bool
    severity_label: str

    @property
    def dismissed(self) -> bool:
        return self.decision == "dismissed" and not self.lapsed

    @property
    def confirmed(self) -> bool:
        return self.decision == "confirmed" and not self.lapsed


@dataclass
class Finding:
    id: int
    rule: str
    rule_label: str
    severity: str
    severity_label: str
    section: str
    location: str
    message: str
    link: Piece | None
    evidence: list[tuple[str, list[Piece]]]
    change: str
    change_label: str
    cannot_tell: bool
    exempt: bool
    year: int | None
    column_id: int | None
    fingerprint: str = ""
    review: Review | None = None

    @property
    def dismissed(self) -> bool:
        return bool(self.review and self.review.dismissed)


@dataclass
class Column:
    id: int
    path: str
    title: str
    link: Piece
    kind: str
    category: str
    category_label: str
    state: str
    state_label: str
    entry_count: int | None
    latest_date: str
    reason: str
    problems: list[str]


@dataclass
class Section:
    key: str
    title: str
    findings: list[Finding]

    @property
    def counts(self) -> Counter[str]:
        return Counter(f.change or "first" for f in self.findings)


@dataclass
class SiteReport:
    run: dict[str, Any]
    run_id: int
    site_name: str
    site: Piece
    section: Piece | None
    as_of: str
    monitored_at: str
    finished_at: str
    status: str
    status_label: str
    error: str
    verdict: str
    verdict_class: str
    reasons: list[str]
    profile: str
    previous: dict[str, Any] | None
    stats: dict[str, Any]
    findings: list[Finding]
    sections: list[Section]
    resolved: list[Finding]
    columns: list[Column]
    state_counts: dict[str, int]
    chart: dict[str, Any]
    generated_at: str
    summary: dict[str, int] = field(default_factory=dict)
    # 已复核排除: in `findings` (the XLSX lists them for the reviewer), not in `sections`
    dismissed: list[Finding] = field(default_factory=list)
    score: ScoreView | None = None  # None: the run was checked before scores existed


@dataclass
class ScoreItem:
    """A finding behind an indicator's deduction; `anchor` is its row in the report."""

    text: str
    points: str
    anchor: str | None
    note: str = ""


@dataclass
class ScoreLine:
    name: str
    points: str
    deduction: str
    earned: str
    status: str  # 未评估 / 不适用 / 已达上限 / ""
    items: list[ScoreItem]
    more: int = 0  # findings behind it beyond the ones listed


@dataclass
class ScoreView:
    """The run's score as stored by the rules engine (runs.score_details), numbers as
    text, with the previous run's score for comparison."""

    scored: bool
    total: str
    reason: str
    pass_mark: str
    scaled_note: str
    bonus_note: str
    lines: list[ScoreLine]
    bonus_lines: list[ScoreLine]
    unassessed: list[str]
    previous: str | None  # the previous run's score; "不评分" when it was not scored
    delta: str | None


# ---- evidence -----------------------------------------------------------------------

# The labels and order come from `xxgk.rulebook.EVIDENCE`. Keys neither there nor in
# INTERNAL_DETAILS are shown under their own name, so evidence a new rule stores is never
# hidden.
_KNOWN_KEYS = frozenset(k for f in rulebook.EVIDENCE for k in f.keys)
_LEVELS = {"department": "部门", "government": "本级政府"}
_LIST_LIMIT = 8  # a page with 1,000 hidden links shows 8 and says how many there are
_CJK = re.compile(r"[\u3400-\u9fff]")


def _clip(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _dict_piece(value: dict[str, Any], inert: bool) -> Piece:
    url = value.get("url") or value.get("href")
    if isinstance(url, str) and url:
        label = clean_text(value.get("title") or value.get("text") or "")
        extra = [clean_text(value[k]) for k in ("published", "column", "why") if value.get(k)]
        if value.get("status"):
            extra.insert(0, f"HTTP {clean_text(value['status'])}")
        if label and label != url:
            text = f"{_clip(label, 60)}（{'，'.join(extra)}）" if extra else _clip(label, 60)
            if inert:
                text = f"{clean_text(url)} {text}"
        else:
            text = clean_text(url) + (f"（{'，'.join(extra)}）" if extra else "")
        return Piece(text, None if inert else link_url(url))
    if value.get("word"):
        context = clean_text(value.get("context") or "")
        word = clean_text(value["word"])
        return Piece(f"{word}（“{_clip(context, 40)}”）" if context and context != word else word)
    parts = [
        f"{clean_text(k)}: {clean_text(v)}" for k, v in value.items() if v not in (None, "", [], {})
    ]
    return Piece(_clip("；".join(parts), 200))


def _pieces(value: Any, inert: bool = False) -> list[Piece]:
    if value is None or value == "" or value == [] or value == {}:
        return []
    if isinstance(value, bool):
        return [Piece("是" if value else "否")]
    if isinstance(value, list | tuple | set):
        items = list(value)
        out: list[Piece] = []
        for item in items[:_LIST_LIMIT]:
            out += _pieces(item, inert)
        if len(items) > _LIST_LIMIT:
            out.append(Piece(f"…等共 {len(items)} 项"))
        return out
    if isinstance(value, dict):
        return [_dict_piece(value, inert)]
    text = clean_text(value)
    return [Piece(_clip(text, 300), None if inert else link_url(text))]


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _format(value: Any, kind: str) -> list[Piece]:
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    if kind == "days" and number is not None:
        return [Piece(f"{number:g} 天")]
    if kind == "threshold" and number is not None:  # days, or a ratio (重复率 0.5)
        return [Piece(f"{number:.0%}" if 0 < number < 1 else f"{number:g} 天")]
    if kind == "percent" and number is not None:
        return [Piece(f"{number:.0%}" if number <= 1 else f"{number:g}%")]
    if kind == "level" and isinstance(value, str):
        return [Piece(_LEVELS.get(value, clean_text(value)))]
    if kind == "reason" and isinstance(value, str) and not _CJK.search(value):
        return []  # an engine-internal English note; the Chinese message says it already
    if kind == "exempt" and isinstance(value, dict):
        parts = [clean_text(value.get("reason") or "已报备")]
        if value.get("until"):
            parts.append(f"至 {clean_text(value['until'])}")
        return [Piece("，".join(parts))]
    return _pieces(value, inert=kind == "inert")


def evidence(
    details: dict[str, Any], skip: set[str] | None = None
) -> list[tuple[str, list[Piece]]]:
    """Labelled evidence rows from a finding's `details`."""
    rows: list[tuple[str, list[Piece]]] = []
    seen = set(rulebook.INTERNAL_DETAILS) | (skip or set())
    for ev in rulebook.EVIDENCE:
        for key in ev.keys:
            if key in details and key not in seen:
                seen.add(key)
                pieces = _format(details[key], ev.kind)
                if pieces:
                    ratio = ev.kind == "threshold" and 0 < _number(details[key]) < 1
                    rows.append(("阈值" if ratio else ev.label, pieces))
                break
        if ev.label == "未更新天数":
            rows += _overdue(details)
    for key, value in details.items():
        if key not in seen and key not in _KNOWN_KEYS:
            pieces = _pieces(value)
            if pieces:
                rows.append((clean_text(key), pieces))
    return rows


def _overdue(details: dict[str, Any]) -> list[tuple[str, list[Piece]]]:
    """Days overdue when the rule stored the age and the threshold but not the difference."""
    if any(k in details for k in ("overdue_days", "days_overdue")):
        return []
    days = next((details[k] for k in ("days", "age_days") if k in details), None)
    limit = next(
        (details[k] for k in ("threshold_days", "threshold", "max_age_days") if k in details), None
    )
    if (
        isinstance(days, int | float)
        and isinstance(limit, int | float)
        and limit >= 1
        and days > limit
    ):
        return [("超期", [Piece(f"{days - limit:g} 天")])]
    return []


# ---- findings and columns -----------------------------------------------------------


def _details(row: dict[str, Any]) -> dict[str, Any]:
    details = storage.loads(row.get("details"), {}) or {}
    return details if isinstance(details, dict) else {"details": details}


def _urls_of(row: dict[str, Any], details: dict[str, Any]) -> list[str]:
    """The pages a finding points at, best first: its own URL, where it was found, the
    URLs it lists (a duplicate's copies)."""
    urls: list[Any] = [row.get("url"), details.get("found_on")]
    if isinstance(details.get("urls"), list):
        urls += details["urls"]
    return [u for u in urls if isinstance(u, str) and u]


class Locator:
    """Column paths for findings of one run: by column id, or by a URL that is a column's
    list page or one of its entries (a broken link or 暗链 on an article of 工作动态 is
    located in 工作动态)."""

    def __init__(self, db: sqlite_utils.Database, run_id: int, rows: list[dict[str, Any]]):
        ids = {r["column_id"] for r in rows if r.get("column_id")}
        urls = {u for r in rows for u in _urls_of(r, _details(r))}
        self.columns = storage.columns_by_id(db, ids)
        self.by_url = storage.columns_listing(db, run_id, urls)
        self.columns.update(
            storage.columns_by_id(db, set(self.by_url.values()) - set(self.columns))
        )

    def path(self, column_id: int | None) -> str | None:
        column = self.columns.get(column_id or -1)
        if not column:
            return None
        return clean_text(column.get("path") or column.get("title") or column.get("url"))

    def locate(self, row: dict[str, Any], details: dict[str, Any]) -> str:
        rule = row.get("rule") or ""
        own = self.path(row.get("column_id"))
        if own:
            return own
        if rule.startswith("annual_report.") and row.get("year"):
            return f"{row['year']} 年度报告"
        if details.get("expected"):
            return f"{clean_text(details['expected'])}（应有栏目）"
        paths = list(
            dict.fromkeys(p for u in _urls_of(row, details) if (p := self.path(self.by_url.get(u))))
        )
        if paths:
            return "；".join(paths[:3]) + ("等" if len(paths) > 3 else "")
        if rule.startswith("site."):
            return "网站首页"
        return "—"


def _review(details: dict[str, Any], severity: str) -> Review | None:
    mark = details.get("review")
    if not isinstance(mark, dict) or mark.get("decision") not in labels.REVIEWS:
        return None
    return Review(
        decision=mark["decision"],
        label=labels.REVIEWS[mark["decision"]],
        reason=clean_text(mark.get("reason")),
        reviewer=clean_text(mark.get("reviewer")),
        reviewed_at=local_time(mark.get("reviewed_at"))[:10],
        lapsed=bool(mark.get("lapsed")),
        severity_label=labels.severity_label(mark.get("severity") or severity),
    )


def _dismissed(details: dict[str, Any]) -> bool:
    review = _review(details, "")
    return bool(review and review.dismissed)


def _finding(row: dict[str, Any], where: Locator, as_of: str | None = None) -> Finding:
    details = _details(row)
    cannot_tell = bool(details.get("cannot_tell"))
    rule = row.get("rule") or ""
    url = row.get("url")
    link = Piece(clean_text(url), link_url(url)) if url else None
    change = row.get("change") or ""
    skip = {"review"}  # shown as the finding's review, not as evidence
    if as_of and details.get("as_of") == as_of:  # said once at the top of the report
        skip.add("as_of")
    if url and details.get("url") == url:  # shown as the finding's link
        skip.add("url")
    return Finding(
        id=row["id"],
        rule=rule,
        rule_label=labels.rule_label(rule),
        severity=row.get("severity") or "",
        severity_label=labels.severity_label(row.get("severity")),
        section=labels.section_of(rule, cannot_tell),
        location=where.locate(row, details),
        message=clean_text(row.get("message")) or labels.rule_label(rule),
        link=link,
        evidence=evidence(details, skip),
        change=change,
        change_label=labels.change_label(change),
        cannot_tell=cannot_tell,
        exempt=bool(details.get("exempt")),
        year=row.get("year"),
        column_id=row.get("column_id"),
        fingerprint=clean_text(row.get("fingerprint")),
        review=_review(details, row.get("severity") or ""),
    )


def _sort_key(f: Finding) -> tuple[int, int, str, int]:
    change = {"new": 0, "persisting": 1}.get(f.change, 2)
    return (labels.SEVERITY_ORDER.get(f.severity, 9), change, f.location, f.id)


def _column(row: dict[str, Any], problems: list[str]) -> Column:
    url = row.get("url")
    return Column(
        id=row["id"],
        path=clean_text(row.get("path") or row.get("title") or ""),
        title=clean_text(row.get("title")),
        link=Piece(clean_text(url), link_url(url)),
        kind=row.get("kind") or "",
        category=row.get("category") or "",
        category_label=labels.category_label(row.get("category"), row.get("class")),
        state=row.get("state") or "",
        state_label=labels.state_label(row.get("state")),
        entry_count=row.get("entry_count"),
        latest_date=clean_text(row.get("latest_date")),
        reason=clean_text(row.get("reason")),
        problems=problems,
    )


# ---- chart --------------------------------------------------------------------------


def _months(as_of: date, n: int = 12) -> list[str]:
    y, m = as_of.year, as_of.month
    out = []
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def activity(
    db: sqlite_utils.Database, run_id: int, as_of: date, categories: list[str]
) -> dict[str, Any]:
    """Entries per month and column category, for the 12 months up to the as-of date."""
    months = _months(as_of)
    start = months[0] + "-01"
    counts: dict[str, dict[str, int]] = {}
    for r in storage.monthly_counts(db, run_id, start, as_of.isoformat()):
        counts.setdefault(r["category"] or "other", {})[r["month"]] = r["n"]
    rows: list[dict[str, Any]] = []
    for c in categories:
        per_month = [counts.get(c, {}).get(m, 0) for m in months]
        rows.append(
            {
                "category": c,
                "label": labels.category_label(c),
                "counts": per_month,
                "total": sum(per_month),
            }
        )
    return {"months": months, "rows": rows}


def chart_geometry(data: dict[str, Any]) -> dict[str, Any]:
    """Small multiples: one row of 12 monthly bars per category; bars share one scale
    within a row (each category's own peak) so a quiet class is still readable."""
    label_w, bar_w, gap, row_h, top, total_w = 96, 34, 8, 34, 8, 64
    months = data["months"]
    width = label_w + len(months) * (bar_w + gap) + total_w
    rows = []
    for i, row in enumerate(data["rows"]):
        y0 = top + i * row_h
        peak = max(row["counts"]) or 1
        bars = []
        for j, n in enumerate(row["counts"]):
            h = 0 if n == 0 else max(2.0, (row_h - 12) * n / peak)
            x = label_w + j * (bar_w + gap)
            bars.append(
                {"x": x, "y": y0 + row_h - 6 - h, "w": bar_w, "h": h, "n": n, "month": months[j]}
            )
        rows.append(
            {
                **row,
                "y": y0,
                "base": y0 + row_h - 6,
                "mid": y0 + row_h / 2 + 4,
                "bars": bars,
                "peak": max(row["counts"]),
            }
        )
    axis_y = top + len(rows) * row_h + 14
    ticks = [
        {
            "x": label_w + j * (bar_w + gap) + bar_w / 2,
            "text": (m[2:4] + "/" + m[5:]) if (j == 0 or m.endswith("-01")) else m[5:],
        }
        for j, m in enumerate(months)
    ]
    return {
        "width": width,
        "height": axis_y + 8,
        "rows": rows,
        "months": months,
        "ticks": ticks,
        "axis_y": axis_y,
        "label_w": label_w,
        "right": width - total_w + 8,
        "bar_w": bar_w,
    }


# ---- score --------------------------------------------------------------------------

_SCORE_ITEMS = 10  # an indicator lists this many findings and says how many more


def _pts(value: Any) -> str:
    return f"{_number(value):g}"


def _score_line(
    line: dict[str, Any], anchors: dict[str, int], findings: dict[int, Finding]
) -> ScoreLine:
    items = []
    behind = [b for b in line.get("findings") or [] if isinstance(b, dict)]
    for b in behind[:_SCORE_ITEMS]:
        fid = anchors.get(str(b.get("fingerprint")))
        shown = findings.get(fid) if fid is not None else None
        items.append(
            ScoreItem(
                text=shown.message if shown else clean_text(b.get("message")),
                points=_pts(b.get("points")),
                anchor=f"f-{fid}" if shown else None,
                note=clean_text(b.get("note")),
            )
        )
    if not line.get("scored", True):
        status = "不适用（无对外服务职能）"
    elif not line.get("assessed", True):
        status = "未评估"
    elif line.get("capped"):
        status = f"已达上限（合计扣{_pts(line.get('raw_deduction'))}分）"
    else:
        status = ""
    return ScoreLine(
        name=clean_text(line.get("name")),
        points=_pts(line.get("points")),
        deduction=_pts(line.get("deduction")),
        earned=_pts(line.get("earned", _number(line.get("points")))),
        status=status,
        items=items,
        more=max(0, len(behind) - _SCORE_ITEMS),
    )


def score_view(
    db: sqlite_utils.Database,
    run: dict[str, Any],
    prev: dict[str, Any] | None,
    anchors: dict[str, int],
    findings: list[Finding],
) -> ScoreView | None:
    """The stored score of `run` and the previous run's; `anchors` maps a finding's
    fingerprint to its id (its row `f-<id>` in the report)."""
    stored = storage.run_score(db, int(run["id"]))
    if stored is None:
        return None
    by_id = {f.id: f for f in findings}
    total = stored.get("total")
    before = storage.run_score(db, int(prev["id"])) if prev else None
    previous = delta = None
    if before is not None:
        was = before.get("total")
        previous = "不评分" if was is None else _pts(was)
        if was is not None and total is not None:
            delta = f"{_number(total) - _number(was):+.1f}"
    scaled = (
        f"无对外服务职能，按{_pts(stored.get('base'))}分评分后折算为{_pts(stored.get('full'))}分制"
        if stored.get("scaled")
        else ""
    )
    bonus = stored.get("bonus")
    threshold = _pts(stored.get("bonus_threshold"))
    bonus_note = (
        f"超过{threshold}分，计加分指标（加{_pts(bonus)}分）"
        if bonus is not None
        else f"未超过{threshold}分，不计加分指标"
    )
    return ScoreView(
        scored=total is not None,
        total=_pts(total) if total is not None else "",
        reason=clean_text(stored.get("reason")),
        pass_mark=_pts(stored.get("pass_mark")),
        scaled_note=scaled,
        bonus_note=bonus_note,
        lines=[_score_line(i, anchors, by_id) for i in stored.get("indicators") or []],
        bonus_lines=[
            ScoreLine(
                name=clean_text(b.get("name")),
                points=_pts(b.get("points")),
                deduction="—",
                earned=_pts(b.get("earned")),
                status="" if b.get("assessed") else "未评估（监测数据无法测量，计0分）",
                items=[],
            )
            for b in stored.get("bonus_indicators") or []
        ],
        unassessed=[clean_text(u) for u in stored.get("unassessed") or []],
        previous=previous,
        delta=delta,
    )


# ---- the report ---------------------------------------------------------------------


def _verdict_details(run: dict[str, Any]) -> dict[str, Any]:
    details = storage.loads(run.get("verdict_details"), {}) or {}
    return details if isinstance(details, dict) else {}


def _as_of(run: dict[str, Any], verdict_details: dict[str, Any]) -> date:
    """The date the findings were judged as of: `check --as-of` may differ from the crawl's."""
    for value in (
        verdict_details.get("as_of"),
        run.get("as_of"),
        run.get("finished_at"),
        run.get("started_at"),
    ):
        if value:
            try:
                return date.fromisoformat(str(value)[:10])
            except ValueError:
                continue
    return date.today()


def local_time(value: str | None) -> str:
    """A stored UTC timestamp as Beijing time, minute precision."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return clean_text(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_CHINA).strftime("%Y-%m-%d %H:%M")


def now_local() -> str:
    return datetime.now(_CHINA).strftime("%Y-%m-%d %H:%M")


def site_name(run: dict[str, Any]) -> str:
    name = clean_text(run.get("site_name")).strip()
    if name:
        return name
    try:
        return urlsplit(run.get("site_url") or "").hostname or clean_text(run.get("site_url"))
    except ValueError:
        return clean_text(run.get("site_url"))


def verdict_class(verdict: str | None) -> str:
    return {"合格": "pass", "不合格": "fail", "无法判断": "unknown"}.get(verdict or "", "none")


def _reasons(run: dict[str, Any], details: dict[str, Any], findings: list[Finding]) -> list[str]:
    reasons = [clean_text(r) for r in details.get("reasons") or [] if r]
    if not reasons and run.get("verdict") == "不合格":
        reasons = [f"单项否决：{f.message}" for f in findings if f.severity == "veto"]
    # 单项否决 first, whatever order the rules engine wrote them in (stable otherwise).
    return sorted(reasons, key=lambda r: 0 if "单项否决" in r or "否决" in r else 1)


def site_report(db: sqlite_utils.Database, run_id: int) -> SiteReport:
    run = storage.get_run(db, run_id)
    details = _verdict_details(run)
    as_of = _as_of(run, details)
    column_rows = storage.columns(db, run_id)
    finding_rows = storage.findings(db, run_id)
    here = Locator(db, run_id, finding_rows)
    findings = sorted((_finding(r, here, as_of.isoformat()) for r in finding_rows), key=_sort_key)
    resolved_rows = storage.resolved_findings(db, run_id)
    prev_run = resolved_rows[0]["run_id"] if resolved_rows else None
    there = Locator(db, prev_run, resolved_rows) if prev_run is not None else here
    resolved = [_finding(r, there) for r in resolved_rows]
    resolved.sort(key=lambda f: (f.section, f.location, f.id))

    problems: dict[int, list[str]] = {}
    for f in findings:
        if f.column_id is not None and f.rule_label not in problems.setdefault(f.column_id, []):
            problems[f.column_id].append(f.rule_label)
    columns = [_column(c, problems.get(c["id"], [])) for c in column_rows]
    state_counts = Counter(c.state for c in columns)

    sections = [
        Section(key, title, [f for f in findings if f.section == key and not f.dismissed])
        for key, title in labels.SECTIONS
    ]
    prev = storage.previous_run(db, run)
    categories = [c for c in labels.CATEGORIES if any(col.category == c for col in columns)]
    chart = chart_geometry(activity(db, run_id, as_of, categories))
    # 报备 exemptions are listed (marked by their message) but are not problems, nor
    # are findings a reviewer dismissed (listed under 已复核排除)
    dismissed = [f for f in findings if f.dismissed]
    problems_found = [f for f in findings if not f.cannot_tell and not f.exempt and not f.dismissed]
    summary = {
        "problems": len(problems_found),
        "veto": sum(f.severity == "veto" for f in problems_found),
        "new": sum(f.change == "new" for f in problems_found),
        "persisting": sum(f.change == "persisting" for f in problems_found),
        "cannot_tell": sum(f.cannot_tell for f in findings),
        "resolved": len(resolved),
        "columns": len(columns),
        "dismissed": len(dismissed),
    }
    status = run.get("status") or ""
    return SiteReport(
        run=run,
        run_id=run_id,
        site_name=site_name(run),
        site=Piece(clean_text(run.get("site_url")), link_url(run.get("site_url"))),
        section=(
            Piece(clean_text(run["section_url"]), link_url(run["section_url"]))
            if run.get("section_url")
            else None
        ),
        as_of=as_of.isoformat(),
        monitored_at=local_time(run.get("started_at")),
        finished_at=local_time(run.get("finished_at")),
        status=status,
        status_label=labels.RUN_STATUSES.get(status, clean_text(status)),
        error=clean_text(run.get("error")),
        verdict=run.get("verdict") or labels.NOT_CHECKED,
        verdict_class=verdict_class(run.get("verdict")),
        reasons=_reasons(run, details, findings),
        profile=clean_text(details.get("profile")),
        previous=(
            {
                "id": prev["id"],
                "as_of": clean_text(prev.get("as_of")),
                "verdict": prev.get("verdict") or labels.NOT_CHECKED,
            }
            if prev
            else None
        ),
        stats=storage.loads(run.get("stats"), {}) or {},
        findings=findings,
        sections=sections,
        resolved=resolved,
        columns=columns,
        state_counts=dict(state_counts),
        chart=chart,
        generated_at=now_local(),
        summary=summary,
        dismissed=dismissed,
        score=score_view(
            db,
            run,
            prev,
            {str(r.get("fingerprint")): int(r["id"]) for r in finding_rows},
            findings,
        ),
    )


# ---- the index ----------------------------------------------------------------------


@dataclass
class HistoryCell:
    """One of a site's recent runs in the index's 历次结论: its verdict and as-of day."""

    run_id: int
    as_of: str
    verdict: str
    verdict_class: str
    mark: str


@dataclass
class IndexRow:
    run_id: int
    site_name: str
    site: Piece
    as_of: str
    verdict: str
    verdict_class: str
    counts: dict[str, int]
    cannot_tell: int
    total: int
    report_href: str | None
    xlsx_href: str | None = None
    history: list[HistoryCell] = field(default_factory=list)
    score: float | None = None  # the national score; None: not scored (veto, 无法判断 …)


def index_rows(db: sqlite_utils.Database, run_ids: list[int]) -> tuple[list[IndexRow], list[str]]:
    rows: list[IndexRow] = []
    rules_seen: set[str] = set()
    for run_id in run_ids:
        run = storage.get_run(db, run_id)
        counts: Counter[str] = Counter()
        cannot = 0
        for f in storage.findings(db, run_id):
            details = storage.loads(f.get("details"), {}) or {}
            if not isinstance(details, dict):
                details = {}
            if details.get("cannot_tell"):
                cannot += 1
            elif not details.get("exempt") and not _dismissed(details):
                counts[f["rule"]] += 1
        rules_seen.update(counts)
        rows.append(
            IndexRow(
                run_id=run_id,
                site_name=site_name(run),
                site=Piece(clean_text(run.get("site_url")), link_url(run.get("site_url"))),
                as_of=clean_text(_verdict_details(run).get("as_of") or run.get("as_of")),
                verdict=run.get("verdict") or labels.NOT_CHECKED,
                verdict_class=verdict_class(run.get("verdict")),
                counts=dict(counts),
                cannot_tell=cannot,
                total=sum(counts.values()),
                report_href=None,
                score=run.get("score"),
            )
        )
    order = list(labels.RULES)
    rules = sorted(rules_seen, key=lambda r: (order.index(r) if r in order else len(order), r))
    return rows, rules


def pass_rate(rows: list[IndexRow]) -> dict[str, Any]:
    """合格率 over the sites that were judged: 无法判断 and 未评定 are neither pass nor fail."""
    passed = sum(r.verdict == "合格" for r in rows)
    failed = sum(r.verdict == "不合格" for r in rows)
    unknown = sum(r.verdict == "无法判断" for r in rows)
    judged = passed + failed
    return {
        "sites": len(rows),
        "passed": passed,
        "failed": failed,
        "unknown": unknown,
        "unchecked": len(rows) - judged - unknown,
        "judged": judged,
        "rate": _percent(storage.pass_rate(passed, failed)),
    }


def _percent(rate: float | None) -> str:
    return f"{rate:.1f}%" if rate is not None else "—"


# ---- the trend ----------------------------------------------------------------------

HISTORY_RUNS = 12  # runs per site in 历次结论, rounds in the 合格率 trend
# Marks that read without colour (print, colour blindness); the colour is the CSS class.
_MARKS = {"合格": "✓", "不合格": "✗", "无法判断": "?"}


def add_history(db: sqlite_utils.Database, rows: list[IndexRow]) -> None:
    """Each row's verdicts in its site's last HISTORY_RUNS rounds, oldest first, up to
    the row's own run."""
    runs = {row.run_id: storage.get_run(db, row.run_id) for row in rows}
    urls = list(dict.fromkeys(str(run["site_url"]) for run in runs.values()))
    history = storage.verdict_history(db, urls, HISTORY_RUNS)
    for row in rows:
        own = runs[row.run_id]
        past = [r for r in history[own["site_url"]] if r["id"] <= row.run_id]
        row.history = [
            HistoryCell(
                run_id=r["id"],
                as_of=clean_text(r["as_of"]),
                verdict=r["verdict"] or labels.NOT_CHECKED,
                verdict_class=verdict_class(r["verdict"]),
                mark=_MARKS.get(r["verdict"] or "", "–"),
            )
            for r in past
        ]


def trend(db: sqlite_utils.Database, rows: list[IndexRow]) -> dict[str, Any]:
    """合格率 of the index's sites per round (storage.round_verdicts), with the geometry
    of its bar chart: one bar per round, 0–100 %, oldest left."""
    urls = list(dict.fromkeys(storage.get_run(db, row.run_id)["site_url"] for row in rows))
    rounds = storage.round_verdicts(db, urls, HISTORY_RUNS) if urls else []
    left, bar_w, gap, top, plot_h = 44, 40, 18, 18, 120
    points = []
    for i, r in enumerate(rounds):
        rate = r["pass_rate"]
        h = 0.0 if rate is None else max(1.0, plot_h * rate / 100)
        x = left + gap / 2 + i * (bar_w + gap)
        points.append(
            {
                **r,
                "as_of": clean_text(r["as_of"]),
                "rate_text": _percent(rate),
                "x": x,
                "mid": x + bar_w / 2,
                "y": top + plot_h - h,
                "h": h,
                "judged_any": rate is not None,
            }
        )
    grid = [{"y": top + plot_h * (1 - p / 100), "text": f"{p}%"} for p in (0, 50, 100)]
    return {
        "rounds": points,
        "width": left + len(points) * (bar_w + gap) + 8,
        "height": top + plot_h + 30,
        "left": left,
        "bar_w": bar_w,
        "base": top + plot_h,
        "axis_y": top + plot_h + 16,
        "grid": grid,
    }
