"""Score a crawl + check of a generated portal against its truth.

    score(db_path, truth) -> dict      # one seed
    aggregate([score, …]) -> dict      # summed counts, then ratios (micro averages)
    python -m tools.portalgen.score --seeds 0-49 [--out build/generalisation.json]

Reads only the SPEC §3 tables with plain SQL (read-only, so scoring never migrates or
touches the crawl's database). URLs match by `xxgk.urls.url_key` without the host:
scheme, trailing index.html and slashes do not matter.

Columns: recall over the truth's leaf columns; precision over the recorded columns,
where grouping nodes (法定主动公开内容 and other parents) are neither required nor
wrong. Entries: recall over the statically reachable entries; date accuracy = found
truth entries whose stored `published` equals the truth, over found truth entries.
Rules: precision/recall/F1 per rule id; "cannot tell" findings assert nothing and count
on neither side.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from tools.portalgen import Truth, generate
from tools.portalgen.server import serve
from xxgk.urls import url_key

ROOT = Path(__file__).resolve().parents[2]
RULES = ("column.missing", "column.empty", "column.stale", "link.broken", "annual_report.missing")
CRAWL_TIMEOUT = 180  # seconds; a generated portal crawls in a few


def key(url: str | None) -> str:
    """url_key without the host: truth URLs are paths, the database's are absolute."""
    k = url_key(url)
    cut = min((i for i in (k.find("/"), k.find("?")) if i >= 0), default=len(k))
    return k[cut:] or "/"


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
    }


def _latest_run(conn: sqlite3.Connection) -> int:
    row = conn.execute("select max(id) from runs").fetchone()
    if row[0] is None:
        raise ValueError("no run in the database")
    return int(row[0])


def _findings(conn: sqlite3.Connection, run_id: int) -> dict[str, list[dict[str, Any]]]:
    cols = {
        int(r[0]): r[1]
        for r in conn.execute("select id, url from columns where run_id = ?", (run_id,))
    }
    out: dict[str, list[dict[str, Any]]] = {r: [] for r in RULES}
    sql = "select rule, column_id, url, year, details from findings where run_id = ?"
    for rule, column_id, url, year, details in conn.execute(sql, (run_id,)):
        if rule not in out:
            continue
        d = json.loads(details) if details else {}
        if d.get("cannot_tell"):
            continue
        if not url and column_id is not None:
            url = cols.get(int(column_id))
        out[rule].append(
            {"url": url, "year": year if year is not None else d.get("year"), "details": d}
        )
    return out


def _rule_scores(truth: Truth, found: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    exp = truth.expected
    pairs: dict[str, tuple[set[Any], set[Any]]] = {
        "column.missing": (
            set(exp["column.missing"]),
            {
                f["details"].get("expected")
                for f in found["column.missing"]
                if isinstance(f["details"].get("expected"), str)
            },
        ),
        "column.empty": (
            {key(u) for u in exp["column.empty"]},
            {key(f["url"]) for f in found["column.empty"]},
        ),
        "column.stale": (
            {key(u) for u in exp["column.stale"]},
            {key(f["url"]) for f in found["column.stale"]},
        ),
        "link.broken": (
            {key(b["url"]) for b in exp["link.broken"]},
            {key(f["url"]) for f in found["link.broken"]},
        ),
        "annual_report.missing": (
            {int(y) for y in exp["annual_report.missing"]},
            {int(f["year"]) for f in found["annual_report.missing"] if f["year"] is not None},
        ),
    }
    out = {}
    for rule, (want, got) in pairs.items():
        res = _prf(len(want & got), len(got - want), len(want - got))
        res["missed"] = sorted(map(str, want - got))
        res["spurious"] = sorted(map(str, got - want))
        out[rule] = res
    return out


def score(db_path: Path | str, truth: Truth) -> dict[str, Any]:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        run_id = _latest_run(conn)
        status = conn.execute("select status from runs where id = ?", (run_id,)).fetchone()[0]
        db_cols = [
            dict(zip(("url", "title", "state", "kind"), r, strict=True))
            for r in conn.execute(
                "select url, title, state, kind from columns where run_id = ?", (run_id,)
            )
        ]
        db_entries: dict[str, list[str | None]] = {}
        for url, published in conn.execute(
            "select url, published from entries where run_id = ?", (run_id,)
        ):
            db_entries.setdefault(key(url), []).append(published)
        found = _findings(conn, run_id)
    finally:
        conn.close()

    want = {key(c["url"]): c for c in truth.columns}
    neutral = {key(g["url"]) for g in truth.groups if g["url"]}
    got = {key(c["url"]): c for c in db_cols}
    judged = {k: c for k, c in got.items() if k not in neutral}
    hit = want.keys() & judged.keys()
    columns = {
        "truth": len(want),
        "recorded": len(judged),
        "found": len(hit),
        "recall": _ratio(len(hit), len(want)),
        "precision": _ratio(len(hit), len(judged)),
        "missed": sorted(want.keys() - hit),
        "spurious": sorted(judged.keys() - hit),
    }

    truth_entries = [(e, c) for c in truth.columns for e in c["entries"]]
    present = [(e, c) for e, c in truth_entries if key(e["url"]) in db_entries]
    correct, wrong = 0, []
    for e, _ in present:
        stored = db_entries[key(e["url"])]
        if e["published"] in stored:
            correct += 1
        else:
            wrong.append({"url": e["url"], "truth": e["published"], "stored": stored[0]})
    missed_by_column = Counter(
        c["url"] for e, c in truth_entries if key(e["url"]) not in db_entries
    )
    entries = {
        "truth": len(truth_entries),
        "found": len(present),
        "recall": _ratio(len(present), len(truth_entries)),
        "correct_dates": correct,
        "date_accuracy": _ratio(correct, len(present)),
        "wrong_dates": wrong[:20],
        "missed_by_column": dict(missed_by_column),
        "extra": len(db_entries.keys() - {key(e["url"]) for e, _ in truth_entries}),
    }
    return {
        "seed": truth.seed,
        "run_status": status,
        "columns": columns,
        "entries": entries,
        "rules": _rule_scores(truth, found),
    }


def aggregate(scores: list[dict[str, Any]]) -> dict[str, Any]:
    """Micro averages over the scored seeds; seeds that errored are counted apart."""
    ok = [s for s in scores if "error" not in s]
    col = {k: sum(s["columns"][k] for s in ok) for k in ("truth", "recorded", "found")}
    ent = {k: sum(s["entries"][k] for s in ok) for k in ("truth", "found", "correct_dates")}
    rules = {}
    for rule in RULES:
        tp, fp, fn = (sum(s["rules"][rule][k] for s in ok) for k in ("tp", "fp", "fn"))
        rules[rule] = _prf(tp, fp, fn)
    return {
        "seeds": len(scores),
        "errors": [{"seed": s["seed"], "error": s["error"]} for s in scores if "error" in s],
        "columns": {
            **col,
            "recall": _ratio(col["found"], col["truth"]),
            "precision": _ratio(col["found"], col["recorded"]),
        },
        "entries": {
            **ent,
            "recall": _ratio(ent["found"], ent["truth"]),
            "date_accuracy": _ratio(ent["correct_dates"], ent["found"]),
        },
        "rules": rules,
    }


def _xxgk(*args: str, timeout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xxgk.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def _tail(proc: subprocess.CompletedProcess[str]) -> str:
    text = (proc.stderr or proc.stdout or "").strip().splitlines()
    return text[-1][:300] if text else f"exit {proc.returncode}"


def run_seed(seed: int, work: Path, timeout: int = CRAWL_TIMEOUT) -> dict[str, Any]:
    """Generate, serve, crawl and check one seed in subprocesses (as users run it);
    any failure becomes {"seed", "error"} so one seed never stops a run."""
    out = work / f"seed-{seed}"
    db = out / "crawl.db"
    started = time.monotonic()
    try:
        truth = generate(seed, out)
        db.unlink(missing_ok=True)
        with serve(out) as srv:
            crawl = _xxgk(
                "crawl", srv.url, "--db", str(db), "--as-of", truth.as_of, timeout=timeout
            )
        if crawl.returncode != 0:
            return {"seed": seed, "error": f"crawl: {_tail(crawl)}"}
        check = _xxgk("check", "--db", str(db), "--as-of", truth.as_of, timeout=timeout)
        # 0 合格, 1 不合格 and 2 无法判断 are verdicts; 2 with a one-line error is not.
        if check.returncode not in (0, 1, 2) or "Error:" in check.stderr:
            return {"seed": seed, "error": f"check: {_tail(check)}"}
        result = score(db, truth)
    except Exception as exc:  # noqa: BLE001 (reported per seed, as the issue asks)
        return {"seed": seed, "error": f"{type(exc).__name__}: {exc}"}
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def parse_seeds(text: str) -> list[int]:
    seeds: list[int] = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        seeds.extend(range(int(lo), int(hi or lo) + 1))
    return seeds


def table(scores: list[dict[str, Any]], total: dict[str, Any]) -> str:
    head = (
        "| seed | col R | col P | entry R | date acc | "
        + " | ".join(f"{r} F1" for r in RULES)
        + " | s |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for s in scores:
        if "error" in s:
            lines.append(f"| {s['seed']} | error: {s['error']} |")
            continue
        f1 = " | ".join(f"{s['rules'][r]['f1']:.2f}" for r in RULES)
        lines.append(
            f"| {s['seed']} | {s['columns']['recall']:.3f} | "
            f"{s['columns']['precision']:.3f} | {s['entries']['recall']:.3f} | "
            f"{s['entries']['date_accuracy']:.3f} | {f1} | {s.get('seconds', '')} |"
        )
    c, e = total["columns"], total["entries"]
    lines += [
        "",
        f"seeds {total['seeds']}, errors {len(total['errors'])}",
        f"columns: recall {c['recall']:.3f} ({c['found']}/{c['truth']}), "
        f"precision {c['precision']:.3f} ({c['found']}/{c['recorded']})",
        f"entries: recall {e['recall']:.3f} ({e['found']}/{e['truth']}), "
        f"date accuracy {e['date_accuracy']:.3f} ({e['correct_dates']}/{e['found']})",
        "",
        "| rule | P | R | F1 | tp | fp | fn |",
        "|---|---|---|---|---|---|---|",
    ]
    for rule, r in total["rules"].items():
        lines.append(
            f"| {rule} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | "
            f"{r['tp']} | {r['fp']} | {r['fn']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tools.portalgen.score", description=__doc__.splitlines()[0]
    )
    ap.add_argument("--seeds", default="0-49", help="e.g. 0-49 or 3,7,10-12")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "generalisation.json")
    ap.add_argument("--work", type=Path, help="keep the generated portals and databases here")
    ap.add_argument("--md", type=Path, help="also write the printed table to this file")
    ap.add_argument("--timeout", type=int, default=CRAWL_TIMEOUT)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="portalgen-") as tmp:
        work = args.work or Path(tmp)
        scores = []
        for seed in parse_seeds(args.seeds):
            scores.append(run_seed(seed, work, args.timeout))
            print(
                f"seed {seed}: " + ("error" if "error" in scores[-1] else "scored"),
                file=sys.stderr,
                flush=True,
            )
    total = aggregate(scores)
    text = table(scores, total)
    print(text)
    if args.md:
        args.md.parent.mkdir(parents=True, exist_ok=True)
        args.md.write_text(text + "\n", encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"total": total, "seeds": scores}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    print(f"\nwritten {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
