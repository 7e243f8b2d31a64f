"""`xxgk review`: monitoring staff confirm or dismiss findings before a report goes out.

A decision names a finding by its stable fingerprint and is stored with the hash of the
evidence the reviewer saw (`rules.review.evidence_hash`); the rules engine applies it at
every later check while that evidence is unchanged (README "Review"). Decisions take
effect at the next `xxgk check` (or audit, or monitor round) of the site.

    review("audit.db", "column.empty|example.gov.cn/xxgk/tzgg/|", "dismissed", "栏目已撤并", "张三")
    import_reviews("audit.db", "reports/example.xlsx", default_reviewer="张三")
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from reports import xlsx as sheet
from rules.review import evidence_hash
from xxgk import storage
from xxgk.app.audit import CannotRun, existing_db
from xxgk.app.inputs import one_line
from xxgk.urls import url_key

# What a reviewer may write in the 复核 column or pass on the command line.
_DECISIONS = {
    **sheet.DECISION_VALUES,
    "confirmed": "confirmed",
    "confirm": "confirmed",
    "dismissed": "dismissed",
    "dismiss": "dismissed",
    "已复核确认": "confirmed",
    "已复核排除": "dismissed",
}


class ReviewError(CannotRun):
    """A review that cannot be stored (exit 2, one line); nothing was written."""


@dataclass
class ImportResult:
    confirmed: int = 0
    dismissed: int = 0
    unchanged: int = 0
    blank: int = 0


def default_reviewer() -> str:
    """The reviewer when none is named: XXGK_REVIEWER, else the login name."""
    return (os.environ.get("XXGK_REVIEWER") or os.environ.get("USER") or "").strip()


def _decision(value: str) -> str | None:
    return _DECISIONS.get(value.strip().lower())


def _record(
    finding: dict[str, Any], decision: str, reason: str, reviewer: str, site_url: str
) -> dict[str, Any]:
    return {
        "site_key": url_key(site_url),
        "site_url": site_url,
        "fingerprint": finding["fingerprint"],
        "decision": decision,
        "reason": reason,
        "reviewer": reviewer,
        "reviewed_at": storage.now(),
        "evidence_hash": evidence_hash(finding),
        "run_id": finding["run_id"],
        "finding_id": finding["id"],
    }


def _check_values(decision: str | None, reason: str, reviewer: str, raw: str) -> str | None:
    """The problem with one decision's values, or None."""
    if decision is None:
        return f"复核 must be 确认 or 排除 (confirmed / dismissed), not {raw!r}"
    if decision == "dismissed" and not reason:
        return "a dismissal needs a reason"
    if not reviewer:
        return "no reviewer: pass --reviewer NAME (or set XXGK_REVIEWER)"
    if len(reason) > 2000 or len(reviewer) > 200:
        return "reason (2,000 characters) or reviewer (200) too long"
    return None


def review(
    db_path: str,
    fingerprint: str,
    decision: str,
    reason: str | None,
    reviewer: str | None,
    site: str | None = None,
) -> dict[str, Any]:
    """Store one decision on the newest stored finding with `fingerprint` (of `site`,
    when the fingerprint occurs at several sites); returns the stored review."""
    reason, reviewer = (reason or "").strip(), (reviewer or default_reviewer()).strip()
    problem = _check_values(_decision(decision), reason, reviewer, decision)
    if problem:
        raise ReviewError(problem)
    db = existing_db(db_path)
    found = storage.findings_by_fingerprint(db, fingerprint)
    if site:
        found = [f for f in found if url_key(f["site_url"]) == url_key(site)]
    if not found:
        where = f" of {site}" if site else ""
        raise ReviewError(f"no finding{where} has fingerprint {fingerprint!r} in {db_path}")
    sites = list(dict.fromkeys(url_key(f["site_url"]) for f in found))
    if len(sites) > 1:
        raise ReviewError(
            f"fingerprint {fingerprint!r} occurs at {len(sites)} sites "
            f"({', '.join(sites[:3])}…): name one with --site URL"
        )
    newest = found[0]  # newest run first
    row = _record(newest, str(_decision(decision)), reason, reviewer, newest["site_url"])
    storage.insert_reviews(db, [row])
    return row


def list_reviews(db_path: str, site: str | None = None) -> list[dict[str, Any]]:
    """The reviews in force, newest first (one site's, or every site's)."""
    db = existing_db(db_path)
    return storage.reviews(db, url_key(site) if site else None)


def import_reviews(
    db_path: str, xlsx_path: str, default_reviewer_name: str | None = None
) -> ImportResult:
    """Read the 复核 columns of a site report's XLSX (reports/xlsx.py) and store every
    decision in it, or none: each row is checked first, and the first bad one is a
    one-line error naming its sheet and row. A row with an empty 复核 is left alone; a
    row repeating the decision in force is counted unchanged, not stored again."""
    book = _open_book(xlsx_path)
    try:
        db = existing_db(db_path)
        fallback = (default_reviewer_name or default_reviewer()).strip()
        result, rows = _read_decisions(db, book, xlsx_path, fallback)
    finally:
        book.close()
    storage.insert_reviews(db, rows)
    return result


def _read_decisions(
    db: sqlite_utils.Database, book: Any, xlsx_path: str, fallback: str
) -> tuple[ImportResult, list[dict[str, Any]]]:
    run = _report_run(db, book, xlsx_path)
    findings = {
        f["fingerprint"]: f for f in storage.findings(db, int(run["id"])) if f["fingerprint"]
    }
    current = storage.current_reviews(db, url_key(run["site_url"]))
    result, rows = ImportResult(), []
    seen: dict[str, int] = {}  # fingerprint → the row that decided it
    ws = book[sheet.FINDINGS_SHEET]
    column = _header_columns(ws, xlsx_path)
    for n, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        value = _text(cells, column[sheet.DECISION])
        if not value:
            result.blank += 1
            continue
        where = f"{xlsx_path}: sheet {sheet.FINDINGS_SHEET}, row {n}"
        fingerprint = _text(cells, column[sheet.FINGERPRINT])
        finding = findings.get(fingerprint)
        if finding is None:
            raise ReviewError(f"{where}: no finding {fingerprint!r} in run {run['id']}")
        if fingerprint in seen:
            raise ReviewError(
                f"{where}: {sheet.FINGERPRINT} also decided on row {seen[fingerprint]}"
            )
        seen[fingerprint] = n
        decision = _decision(value)
        reason = _text(cells, column[sheet.REASON])
        reviewer = _text(cells, column[sheet.REVIEWER]) or fallback
        problem = _check_values(decision, reason, reviewer, value)
        if problem:
            raise ReviewError(f"{where}: {problem}")
        record = _record(finding, str(decision), reason, reviewer, run["site_url"])
        now = current.get(fingerprint)
        keys = ("decision", "reason", "reviewer", "evidence_hash")
        if now and all(now.get(k) == record[k] for k in keys):
            result.unchanged += 1
            continue
        rows.append(record)
        setattr(result, str(decision), getattr(result, str(decision)) + 1)
    return result, rows


def _open_book(xlsx_path: str) -> Any:
    from openpyxl import load_workbook

    if not Path(xlsx_path).is_file():
        raise ReviewError(f"{xlsx_path} does not exist")
    try:
        book = load_workbook(xlsx_path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise ReviewError(f"{xlsx_path} is not an XLSX workbook ({one_line(exc)})") from None
    for name in (sheet.OVERVIEW_SHEET, sheet.FINDINGS_SHEET):
        if name not in book.sheetnames:
            raise ReviewError(f"{xlsx_path}: no sheet {name} (not an xxgk site report)")
    return book


def _report_run(db: sqlite_utils.Database, book: Any, xlsx_path: str) -> dict[str, Any]:
    """The run the workbook reports on (概况: 监测编号), which must be of the site the
    workbook names (网站地址): a report of another database is refused, not misread."""
    overview = {}
    for n, cells in enumerate(book[sheet.OVERVIEW_SHEET].iter_rows(values_only=True), start=1):
        if cells and cells[0] in (sheet.RUN_LABEL, sheet.SITE_LABEL):
            overview[cells[0]] = (n, cells[1] if len(cells) > 1 else None)
    if sheet.RUN_LABEL not in overview:
        raise ReviewError(f"{xlsx_path}: sheet {sheet.OVERVIEW_SHEET} has no {sheet.RUN_LABEL}")
    n, value = overview[sheet.RUN_LABEL]
    where = f"{xlsx_path}: sheet {sheet.OVERVIEW_SHEET}, row {n}"
    try:
        run = storage.get_run(db, int(value))
    except (TypeError, ValueError):
        raise ReviewError(f"{where}: {sheet.RUN_LABEL} {value!r} is no run id") from None
    except sqlite_utils.db.NotFoundError:
        raise ReviewError(f"{where}: run {value} is not in this database") from None
    named = overview.get(sheet.SITE_LABEL, (0, None))[1]
    if named and url_key(str(named)) != url_key(run["site_url"]):
        raise ReviewError(
            f"{where}: run {value} of this database is {run['site_url']}, "
            f"the workbook reports on {named}"
        )
    return run


def _header_columns(ws: Any, xlsx_path: str) -> dict[str, int]:
    header = next(ws.iter_rows(max_row=1, values_only=True), ())
    names = [str(h).strip() if h is not None else "" for h in header]
    wanted = (sheet.FINGERPRINT, sheet.DECISION, sheet.REASON, sheet.REVIEWER)
    missing = [w for w in wanted if w not in names]
    if missing:
        raise ReviewError(
            f"{xlsx_path}: sheet {sheet.FINDINGS_SHEET}, row 1 lacks the column(s) "
            + "、".join(missing)
        )
    return {w: names.index(w) for w in wanted}


def _text(cells: tuple[Any, ...], index: int) -> str:
    value = cells[index] if index < len(cells) else None
    return "" if value is None else " ".join(str(value).split())
