"""The runner: apply every registered rule to one run, store findings and the verdict.

    result = check_run(db, run_id, as_of=date(2026, 3, 31), profile=load_profile("p.yaml"))
    results = check_latest(db)
    print(summarize(results))

Re-checking a run replaces its findings (never duplicates, never touches other runs).
Each finding gets a stable `fingerprint` (rule + column url or url + year [+ key]) and
`change` = new / persisting against the site's previous run; findings of the previous
run that no longer hold are `resolved` when this run could judge them, else
`not_rechecked` (their ids are stored with the verdict, read by storage).
A rule that raises becomes a `check.error` finding ("cannot tell") and the others run.
"""

from __future__ import annotations

import fnmatch
import multiprocessing
import os
import traceback
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from rules.facts import Context, RunFacts, load_facts, resolve_level
from rules.helpers import match_key
from rules.profile import Exemption, FailCount, Profile, ProfileError, load_profile
from rules.registry import SPEC_IDS, Finding, Rule, all_rules
from rules.review import apply_reviews, dismissed
from rules.score import Score, not_scored, score
from xxgk import storage
from xxgk.urls import url_key

VERDICTS = ("合格", "不合格", "无法判断")
# A Profile, a YAML path, a mapping merged over the national profile, or None (national).
ProfileArg = Profile | str | Path | Mapping[str, Any] | None
FAILING = ("veto", "fail")


@dataclass
class CheckResult:
    run_id: int
    site_url: str
    verdict: str
    reasons: list[str]
    findings: list[dict[str, Any]]
    resolved: list[dict[str, Any]] = field(default_factory=list)
    site_name: str = ""
    as_of: str = ""
    profile: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    cannot_tell: int = 0
    previous_run_id: int | None = None
    # previous findings that disappeared but this run could not judge (column unreadable …)
    unconfirmed: list[dict[str, Any]] = field(default_factory=list)
    score: Score | None = None
    previous_score: float | None = None  # the previous run's stored score, if it was scored


# ---- profile and context -----------------------------------------------------------


def _profile_for(run: dict[str, Any], options: dict[str, Any], profile: ProfileArg) -> Profile:
    base = profile if isinstance(profile, Profile) else load_profile(profile)
    site_pack = options.get("profile")
    if site_pack:
        return load_profile(str(site_pack), base=base)
    return base


def _as_of(run: dict[str, Any], as_of: date | str | None) -> date:
    if isinstance(as_of, date):
        return as_of
    if isinstance(as_of, str) and as_of:
        return date.fromisoformat(as_of)
    stored = run.get("as_of")
    if stored:
        try:
            return date.fromisoformat(str(stored)[:10])
        except ValueError:
            pass
    return date.today()


# ---- running the rules -------------------------------------------------------------


def _fingerprint(rule_id: str, f: Finding, column_url: str | None) -> str:
    scope = f.key if f.key is not None else url_key(column_url or f.url)
    return "|".join([rule_id, scope, str(f.year or "")])


def _row(rule: Rule, f: Finding, facts: RunFacts, ctx: Context) -> dict[str, Any]:
    details = dict(f.details)
    if f.cannot_tell:
        severity = "info"
        details["cannot_tell"] = True
        details.setdefault("reason", f.reason or "cannot tell")
    else:
        severity = f.severity or ctx.profile.severity(rule.id, rule.severity)
    column = facts.columns_by_id.get(f.column_id) if f.column_id is not None else None
    return {
        "rule": rule.id,
        "severity": severity,
        "column_id": f.column_id,
        "url": f.url or (column or {}).get("url"),
        "year": f.year,
        "message": f.message,
        "details": details,
        "fingerprint": _fingerprint(rule.id, f, (column or {}).get("url")),
    }


def _error_row(rule: Rule, exc: BaseException) -> dict[str, Any]:
    tb = traceback.extract_tb(exc.__traceback__)
    where = [f"{Path(fr.filename).name}:{fr.lineno} in {fr.name}" for fr in tb[-3:]]
    summary = f"{type(exc).__name__}: {exc}"
    return {
        "rule": "check.error",
        "severity": "info",
        "column_id": None,
        "url": None,
        "year": None,
        "message": f"规则 {rule.id} 执行出错，无法判断（{summary[:120]}）",
        "details": {
            "cannot_tell": True,
            "reason": "the rule raised",
            "rule": rule.id,
            "error": summary,
            "traceback": where,
        },
        "fingerprint": f"check.error|{rule.id}|",
    }


def run_rules(facts: RunFacts, ctx: Context) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r in all_rules():
        try:
            produced = [_row(r, f, facts, ctx) for f in r.func(facts, ctx)]
        except Exception as exc:  # one rule failing never stops the check (STYLE §3)
            rows.append(_error_row(r, exc))
            continue
        rows.extend(produced)
    return rows


# ---- exemptions --------------------------------------------------------------------


def _exempt(
    row: dict[str, Any], exemptions: list[Exemption], facts: RunFacts, as_of: date
) -> Exemption | None:
    if row["rule"] == "check.error":
        return None
    column = facts.columns_by_id.get(row["column_id"]) if row.get("column_id") is not None else None
    for ex in exemptions:
        if not ex.active(as_of) or not any(fnmatch.fnmatchcase(row["rule"], p) for p in ex.rules):
            continue
        if ex.column is None:
            return ex
        want = match_key(ex.column)
        names = [str((row.get("details") or {}).get("expected") or "")]
        if column:
            names += [column.get("title") or "", column.get("path") or ""]
        if any(want and (want == match_key(n) or match_key(n).endswith(want)) for n in names if n):
            return ex
    return None


def _apply_exemptions(
    rows: list[dict[str, Any]], exemptions: list[Exemption], facts: RunFacts, as_of: date
) -> None:
    for row in rows:
        ex = _exempt(row, exemptions, facts, as_of)
        if ex is None or row["severity"] == "info":
            continue
        row["details"]["exempt"] = {
            "rules": list(ex.rules),
            "column": ex.column,
            "reason": ex.reason,
            "until": ex.end.isoformat() if ex.end else None,
            "severity": row["severity"],
        }
        row["severity"] = "info"
        row["message"] += "（已报备豁免）"


def _site_exempt(exemptions: list[Exemption], as_of: date) -> Exemption | None:
    for ex in exemptions:
        if ex.active(as_of) and ex.column is None and "*" in ex.rules:
            return ex
    return None


def _exempt_specs(value: Any) -> list[str]:
    """`exempt` as stored in a run's options: a list, or one rule id written as a
    string (iterating that string would exempt single characters)."""
    if isinstance(value, str):
        return [value]
    return [str(x) for x in value or []]


# ---- verdict -----------------------------------------------------------------------


def counted_findings(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The findings that count toward the verdict and the score: the problems (veto,
    fail, warn). A "cannot tell", a 报备 exemption and a reviewer's dismissal on
    unchanged evidence (rules.review) are all `info`: stored and shown, never counted."""
    return [r for r in rows if r["severity"] != "info"]


def _verdict(
    rows: list[dict[str, Any]], facts: RunFacts, ctx: Context, exemptions: list[Exemption]
) -> tuple[str, list[str], dict[str, int]]:
    counting = counted_findings(rows)
    counts = Counter(r["rule"] for r in counting)
    vetoes = [r for r in counting if r["severity"] == "veto"]
    reasons = [f"单项否决：{r['message']}" for r in vetoes]
    below = []
    for spec in ctx.profile.verdict.fail_counts:
        cols = _counted_columns(spec, counting, facts, ctx)
        if len(cols) >= spec.min:
            reasons.append(f"单项否决：{spec.label}共{len(cols)}个（达到{spec.min}个）")
        elif cols:
            below.append(f"{spec.label}{len(cols)}个（未达{spec.min}个）")
    incomplete = _incomplete(facts, rows)
    if incomplete:
        # A run that did not complete, or that read another site, is never judged either
        # way (SPEC §2): what it found is listed for a person, the verdict waits — except
        # a veto resting on evidence outside this crawl (a stored week of probe visits):
        # an incomplete run is never 合格, but that veto stands.
        standing = [
            f"单项否决：{r['message']}"
            for r in vetoes
            if isinstance(r.get("details"), dict) and r["details"].get("independent_of_crawl")
        ]
        seen = [f"仅供参考——{r}" for r in reasons if r not in standing]
        if standing:
            return "不合格", standing + [f"另：{incomplete}"] + seen + below, dict(counts)
        return "无法判断", [f"无法判断：{incomplete}"] + seen + below, dict(counts)
    if reasons:
        return "不合格", reasons + below, dict(counts)

    unknown = []
    site_ex = _site_exempt(exemptions, ctx.as_of)
    if site_ex is not None:
        unknown.append(f"站点在报备豁免期内（{site_ex.reason or '报备'}），不作判定")
    if not facts.section_found:
        unknown.append(
            "未找到政府信息公开栏目"
            + (f"（{facts.run['error']}）" if facts.run.get("error") else "")
        )
    errors = [r for r in rows if r["rule"] == "check.error"]
    if errors:
        unknown.append("规则执行出错：" + "、".join(sorted({r["details"]["rule"] for r in errors})))
    if facts.section_found and not any(
        c.get("state") not in ("unreadable", "unreachable") for c in facts.columns
    ):
        unknown.append("信息公开栏目中没有读到任何栏目（无法读取或无法访问）")
    lists = facts.list_columns
    bad = [c for c in lists if c.get("state") in ("unreadable", "unreachable")]
    share = ctx.profile.verdict.max_unreadable_share
    if lists and len(bad) / len(lists) > share:
        unknown.append(f"{len(bad)}/{len(lists)}个栏目无法读取，超过{share:.0%}")
    if unknown:
        return "无法判断", [f"无法判断：{u}" for u in unknown] + below, dict(counts)
    fails = sum(1 for r in counting if r["severity"] == "fail")
    ok = ["未发现单项否决问题"] + below
    if fails:
        ok.append(f"另有{fails}项问题需整改")
    return "合格", ok, dict(counts)


def _counted_columns(
    spec: FailCount, rows: list[dict[str, Any]], facts: RunFacts, ctx: Context
) -> set[Any]:
    """The columns (or, for findings without one, the findings) a count of the profile's
    `verdict` section counts: each once, fail/veto findings of its rules and classes."""
    classes = set(spec.classes)
    cols: set[Any] = set()
    for r in rows:
        if r["rule"] not in spec.rules or r["severity"] not in FAILING:
            continue
        column = facts.columns_by_id.get(r["column_id"]) if r.get("column_id") is not None else None
        if classes and (column is None or ctx.column_class(column) not in classes):
            continue
        cols.add(r.get("column_id") or r["fingerprint"])
    return cols


def _public_services(facts: RunFacts, ctx: Context) -> bool:
    """False for a department declared without public services (profile `sites:` or the
    run's options, `public_services: false`): scored out of 75 and scaled (rules/score.py)."""
    for declared in (
        ctx.profile.site(facts.site_url).get("public_services"),
        facts.options.get("public_services"),
    ):
        if isinstance(declared, bool):
            return declared
    return True


def _scored(
    verdict: str, reasons: list[str], rows: list[dict[str, Any]], facts: RunFacts, ctx: Context
) -> tuple[str, list[str], Score]:
    """The score of a run `_verdict` judged, and what it changes: [C19] a score below the
    pass mark is 不合格, and so is a `verdict.fail_without_veto` count. Only a run judged
    on its merits is scored: a veto means nothing else is scored ([C19]), and a run that
    could not be judged (无法判断) is not scored either."""
    if verdict == "不合格":
        return verdict, reasons, not_scored("存在单项否决项，按〔2019〕19号不再评分", vetoed=True)
    if verdict != "合格":
        return verdict, reasons, not_scored("本次监测无法判断，不评分")
    counting = counted_findings(rows)
    classes = {
        int(r["column_id"]): ctx.column_class(facts.columns_by_id[r["column_id"]]) or ""
        for r in counting
        if r.get("column_id") in facts.columns_by_id
    }
    result = score(
        counting,
        ctx.profile.score,
        public_services=_public_services(facts, ctx),
        homepage=facts.site_url,
        classes=classes,
    )
    failing = []
    for spec in ctx.profile.verdict.fail_without_veto:
        n = len(_counted_columns(spec, counting, facts, ctx))
        if n >= spec.min:
            failing.append(f"不合格：{spec.label}共{n}个（达到{spec.min}个）")
    part = result.deduction_part
    if part is not None and not result.passed:
        failing.insert(
            0, f"不合格：评分{part:g}分，低于{result.pass_mark:g}分（{_deductions(result)}）"
        )
    if failing:
        return "不合格", failing + reasons, result
    return verdict, reasons + [f"评分{result.total:g}分（{_deductions(result)}）"], result


def _deductions(result: Score) -> str:
    parts = [f"{i.name}扣{i.deduction:g}分" for i in result.indicators if i.deduction]
    return "，".join(parts) if parts else "未扣分"


def _incomplete(facts: RunFacts, rows: list[dict[str, Any]]) -> str | None:
    """Why the crawl's content cannot stand for the site (it did not complete, or it
    was redirected to another domain), or None."""
    status, error = facts.status, str(facts.run.get("error") or "")
    offsite = [
        r for r in rows if r["rule"] == "site.redirected_offsite" and r["severity"] != "info"
    ]
    if offsite:
        return f"{offsite[0]['message']}，抓取到的不是本站内容"
    if status == "completed":
        return None
    if status == "running":
        return "抓取尚未结束（或抓取进程已中断而未记录），内容不完整"
    if status == "interrupted":
        return "抓取被中断，内容不完整" + (f"（{error}）" if error else "")
    if status == "failed":
        if any(r["rule"] == "site.unreachable" and r["severity"] != "info" for r in rows):
            return "站点无法访问，未能检查内容"
        return f"抓取未完成（{error or '失败'}）"
    return f"抓取状态未知（{status or '空'}），不能视为完整抓取"


# ---- diff against the previous run ---------------------------------------------------


def _previous_rows(
    db: sqlite_utils.Database, facts: RunFacts, ctx: Context
) -> tuple[int | None, list[dict[str, Any]]]:
    """The previous run's findings: stored ones when it was checked, else computed in
    memory with the same profile (never written: other runs are never touched)."""
    prev = facts.previous.run if facts.previous else None
    if prev is None:
        return None, []
    if prev.get("checked_at"):
        return int(prev["id"]), storage.findings(db, int(prev["id"]))
    prev_facts = load_facts(db, prev)
    prev_facts.previous = None  # backdating needs only one step back
    prev_ctx = Context(_as_of(prev, None), ctx.profile, ctx.level, ctx.level_source)
    return int(prev["id"]), run_rules(prev_facts, prev_ctx)


def _judgeable(
    prev_row: dict[str, Any],
    current: list[dict[str, Any]],
    facts: RunFacts,
    prev_columns: dict[int, str],
) -> bool:
    """Could this run have produced `prev_row` again? (Otherwise its absence proves nothing.)"""
    if not facts.section_found and prev_row["rule"] != "site.unreachable":
        return False
    blocked = {
        (r["rule"], r.get("year")) for r in current if (r.get("details") or {}).get("cannot_tell")
    }
    if (prev_row["rule"], prev_row.get("year")) in blocked and prev_row.get("column_id") is None:
        return False
    col_url = prev_columns.get(prev_row.get("column_id") or -1)
    if col_url is not None:
        now = [c for c in facts.columns if url_key(c.get("url")) == url_key(col_url)]
        return bool(now) and all(c.get("state") in ("ok", "empty", "undated") for c in now)
    return True


# ---- public API --------------------------------------------------------------------


def check_run(
    db: sqlite_utils.Database,
    run_id: int,
    as_of: date | str | None = None,
    profile: ProfileArg = None,
) -> CheckResult:
    """Apply every rule to run `run_id`; store its findings and verdict; return them."""
    run = storage.get_run(db, run_id)
    as_of_date = _as_of(run, as_of)
    facts = load_facts(db, run)
    try:
        prof = _profile_for(run, facts.options, profile)
    except ProfileError as exc:
        if profile is not None and not facts.options.get("profile"):
            raise
        return _profile_failure(db, run, facts, as_of_date, exc)
    level, level_source = resolve_level(run, facts.options, prof)
    ctx = Context(as_of_date, prof, level, level_source)
    rows = run_rules(facts, ctx)
    exemptions = prof.exemptions(facts.site_url, _exempt_specs(facts.options.get("exempt")))
    _apply_exemptions(rows, exemptions, facts, as_of_date)
    apply_reviews(rows, storage.current_reviews(db, url_key(facts.site_url)))
    verdict, reasons, counts = _verdict(rows, facts, ctx, exemptions)
    verdict, reasons, run_score = _scored(verdict, reasons, rows, facts, ctx)
    # fingerprints and change marks are needed before the write; resolved after it
    prev_id, prev_rows = _previous_rows(db, facts, ctx)
    before = {r.get("fingerprint") for r in prev_rows}
    for r in rows:
        r["change"] = ("persisting" if r["fingerprint"] in before else "new") if prev_id else "new"
    storage.replace_findings(db, run_id, [dict(r) for r in rows])  # copies: details stay dicts here
    resolved, unconfirmed = _gone(db, rows, facts, prev_id, prev_rows)
    cannot = sum(1 for r in rows if (r.get("details") or {}).get("cannot_tell"))
    vd = {
        "reasons": reasons,
        "counts": counts,
        "cannot_tell": cannot,
        "as_of": as_of_date.isoformat(),
        "profile": prof.name,
        "level": level,
        "level_source": level_source,
        "previous_run": prev_id,
        "new": sum(1 for r in rows if r["change"] == "new"),
        "persisting": sum(1 for r in rows if r["change"] == "persisting"),
        "resolved": len(resolved),
        "not_rechecked": len(unconfirmed),
        # which of the previous run's findings are fixed, and which this run could not
        # see again, is decided here, once; reports read it (storage.resolved_findings,
        # storage.not_rechecked_findings) instead of diffing the runs again
        "not_rechecked_ids": [r["id"] for r in unconfirmed if r.get("id") is not None],
        "resolved_ids": [r["id"] for r in resolved if r.get("id") is not None],
        "rules": len(all_rules()),
    }
    storage.update_run(db, run_id, verdict=verdict, verdict_details=vd, checked_at=storage.now())
    storage.set_score(db, run_id, run_score.total, run_score.as_dict())
    previous = storage.run_score(db, prev_id) if prev_id is not None else None
    return CheckResult(
        run_id,
        str(run.get("site_url") or ""),
        verdict,
        reasons,
        rows,
        resolved,
        str(run.get("site_name") or ""),
        as_of_date.isoformat(),
        prof.name,
        counts,
        cannot,
        prev_id,
        unconfirmed,
        run_score,
        (previous or {}).get("total"),
    )


def _gone(
    db: sqlite_utils.Database,
    rows: list[dict[str, Any]],
    facts: RunFacts,
    prev_id: int | None,
    prev_rows: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The previous run's problems absent from `rows`, split into those this run could
    judge (`change` = resolved) and those it could not see again (not_rechecked)."""
    if prev_id is None:
        return [], []
    now = {r["fingerprint"] for r in rows}
    gone = [dict(r) for r in prev_rows if r.get("fingerprint") not in now]
    prev_columns = storage.column_urls(db, prev_id)
    resolved: list[dict[str, Any]] = []
    unconfirmed: list[dict[str, Any]] = []
    for r in gone:
        if isinstance(r.get("details"), str):
            r["details"] = storage.loads(r["details"], {})
        if r.get("severity") == "info" or r.get("rule") == "check.error":
            continue  # a "cannot tell" that went away was never a problem to resolve
        judged = _judgeable(r, rows, facts, prev_columns)
        r["change"] = "resolved" if judged else "not_rechecked"
        (resolved if judged else unconfirmed).append(r)
    return resolved, unconfirmed


def _profile_failure(
    db: sqlite_utils.Database, run: dict[str, Any], facts: RunFacts, as_of: date, exc: ProfileError
) -> CheckResult:
    """A site's own rule pack is broken: judge nothing rather than judge with the wrong rules."""
    row = {
        "rule": "check.error",
        "severity": "info",
        "column_id": None,
        "url": None,
        "year": None,
        "message": f"站点规则配置有误，未检查（{exc}）",
        "details": {"cannot_tell": True, "reason": "profile error", "error": str(exc)},
        "fingerprint": "check.error|profile|",
        "change": "new",
    }
    storage.replace_findings(db, int(run["id"]), [row])
    reasons = [f"无法判断：站点规则配置有误（{exc}）"]
    storage.set_score(db, int(run["id"]), None, not_scored("站点规则配置有误，不评分").as_dict())
    storage.update_run(
        db,
        int(run["id"]),
        verdict="无法判断",
        checked_at=storage.now(),
        verdict_details={
            "reasons": reasons,
            "counts": {},
            "cannot_tell": 1,
            "as_of": as_of.isoformat(),
            "profile": None,
        },
    )
    return CheckResult(
        int(run["id"]),
        str(run.get("site_url") or ""),
        "无法判断",
        reasons,
        storage.findings(db, int(run["id"])),
        [],
        str(run.get("site_name") or ""),
        as_of.isoformat(),
        "",
        {},
        1,
    )


def check_latest(
    db: sqlite_utils.Database,
    as_of: date | str | None = None,
    profile: ProfileArg = None,
    workers: int | None = None,
) -> list[CheckResult]:
    """`check_run` on the newest finished run of every site in the database.

    Sites are independent, so a database file with many sites is checked by `workers`
    processes (default: one per CPU, when there are at least 2 × MIN_PER_WORKER sites);
    each opens its own connection and writes its own runs' findings. An in-memory
    database, or `workers=1`, is checked in this process."""
    base = profile if isinstance(profile, Profile) else load_profile(profile)
    ids = [int(run["id"]) for run in storage.latest_runs(db)]
    path = storage.db_file(db)
    n = workers if workers is not None else min(os.cpu_count() or 1, len(ids) // MIN_PER_WORKER)
    forkable = "fork" in multiprocessing.get_all_start_methods()
    if n <= 1 or path is None or len(ids) < 2 or not forkable:
        with storage.bulk_writes(db):
            return [check_run(db, i, as_of=as_of, profile=base) for i in ids]
    n = min(n, len(ids))
    chunks = [ids[k::n] for k in range(n)]  # interleaved: big and small sites spread evenly
    # fork, not spawn: spawn re-imports the caller's __main__, which breaks scripts without a
    # main guard. The child never touches the parent's connection (it opens its own, and
    # a forked worker leaves through os._exit, so the inherited one is never closed there).
    with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
        done = pool.map(_check_many, [path] * n, chunks, [as_of] * n, [base] * n)
        by_id = {r.run_id: r for part in done for r in part}
    return [by_id[i] for i in ids]


MIN_PER_WORKER = 25


def _check_many(
    path: str, run_ids: list[int], as_of: date | str | None, profile: Profile
) -> list[CheckResult]:
    """A worker process: its own connection, its share of the runs."""
    db = storage.open_db(path)
    try:
        with storage.bulk_writes(db):
            return [check_run(db, i, as_of=as_of, profile=profile) for i in run_ids]
    finally:
        db.conn.close()


# ---- terminal summary --------------------------------------------------------------


def details_of(finding: dict[str, Any]) -> dict[str, Any]:
    """A finding's details as a dict, whether it came from a CheckResult or the database."""
    d = finding.get("details")
    return d if isinstance(d, dict) else storage.loads(d, {}) or {}


def _order(rule_id: str) -> tuple[int, str]:
    return (SPEC_IDS.index(rule_id) if rule_id in SPEC_IDS else len(SPEC_IDS), rule_id)


def score_line(result: Score, previous: float | None = None) -> str:
    """One line: the score, what it covers and its change since the previous run."""
    if result.total is None:
        return f"不评分（{result.reason}）"
    line = f"{result.total:g} 分"
    if result.scaled:
        line += f"（无办事服务，按{result.base:g}分折算为{result.full:g}分制）"
    line += f"；{_deductions(result)}"
    if result.unassessed:
        line += f"；未评估：{'、'.join(result.unassessed)}"
    if previous is not None:
        line += f"；上次 {previous:g} 分（{result.total - previous:+.1f}）"
    return line


def summarize(results: list[CheckResult], max_per_rule: int = 10) -> str:
    """Plain text for the terminal: each site's verdict and why, findings grouped by
    rule (problems first, then "cannot tell"), and what changed since the last run."""
    lines: list[str] = []
    for res in results:
        name = f"{res.site_name} " if res.site_name else ""
        lines.append(
            f"== {name}{res.site_url}  run #{res.run_id}  as of {res.as_of}  [{res.profile}]"
        )
        lines.append(f"   结论 verdict: {res.verdict}")
        lines += [f"   - {r}" for r in res.reasons]
        if res.score is not None:
            lines.append(f"   评分 score: {score_line(res.score, res.previous_score)}")
        problems = [f for f in res.findings if f["severity"] != "info"]
        cannot = [f for f in res.findings if details_of(f).get("cannot_tell")]
        exempt = [f for f in res.findings if details_of(f).get("exempt")]
        excluded = [f for f in res.findings if dismissed(details_of(f))]
        for title, group in (
            ("问题 findings", problems),
            ("无法判断 cannot tell", cannot),
            ("已报备豁免 exempt", exempt),
            ("已复核排除 dismissed", excluded),
        ):
            if not group:
                continue
            lines.append(f"   {title}: {len(group)}")
            by_rule: dict[str, list[dict[str, Any]]] = {}
            for f in group:
                by_rule.setdefault(f["rule"], []).append(f)
            for rule_id in sorted(by_rule, key=_order):
                items = by_rule[rule_id]
                lines.append(f"     {rule_id} ({items[0]['severity']}) ×{len(items)}")
                for f in items[:max_per_rule]:
                    mark = "[新]" if f.get("change") == "new" and res.previous_run_id else ""
                    lines.append(f"       · {mark}{f['message']}")
                if len(items) > max_per_rule:
                    lines.append(f"       … {len(items) - max_per_rule} more")
        if res.previous_run_id:
            new = sum(1 for f in res.findings if f.get("change") == "new")
            persisting = sum(1 for f in res.findings if f.get("change") == "persisting")
            lines.append(
                f"   与上次检查 (run #{res.previous_run_id}) 相比 since previous run: "
                f"新发现 new {new} · 仍存在 persisting {persisting} · 已整改 resolved {len(res.resolved)}"
                + (f" · 无法确认 unconfirmed {len(res.unconfirmed)}" if res.unconfirmed else "")
            )
            for f in res.resolved[:max_per_rule]:
                lines.append(f"       ✓ {f['rule']}: {f['message']}")
        else:
            lines.append("   首次检查 first check of this site")
        lines.append("")
    if len(results) > 1:
        tally = Counter(r.verdict for r in results)
        judged = tally["合格"] + tally["不合格"]
        rate = f"{tally['合格'] / judged:.0%}" if judged else "—"
        lines.append(
            f"共 {len(results)} 个站点 sites: 合格 {tally['合格']} · 不合格 {tally['不合格']} · "
            f"无法判断 {tally['无法判断']} · 合格率 {rate}（不含无法判断）"
        )
    return "\n".join(lines).rstrip() + "\n"
