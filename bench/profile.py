"""Where `xxgk crawl` spends its time (`python -m bench.run --profile`).

A third crawl of the benchmark portal, under py-spy when it is installed (100 samples
a second; `pip install py-spy` in any environment, or PY_SPY=/path),
else under cProfile (which slows pure-Python code unevenly: read its shares, not its
seconds). Prints the functions of the project and of the libraries it calls, by share
of the crawler's main thread, inclusive and self.
"""

from __future__ import annotations

import os
import pstats
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<fn>.*) \((?P<file>.*?):(?P<line>\d+)\)$")
_OURS = re.compile(r"[(/](?:crawler|xxgk|parsel|lxml|sqlite_utils|scrapy/core|scrapy/http)/")
_IDLE = ("select (selectors", "Condition.wait", "Queue.get", "EpollSelector.select")


def py_spy() -> str | None:
    found = os.environ.get("PY_SPY") or shutil.which("py-spy")
    return found if found and os.access(found, os.X_OK) else None


def _short(frame: str) -> str:
    m = _FRAME.match(frame)
    if not m:
        return frame
    path = m["file"]
    for marker in ("site-packages/", "/main/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{m['fn']} ({path})"


def summarize_raw(folded: Path, top: int = 25) -> list[str]:
    """py-spy `--format raw` (collapsed stacks) → lines "share  function (file)"."""
    total = idle = 0
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    for line in folded.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        if frames[0].startswith("Thread._bootstrap"):
            continue  # helper threads (Twisted's thread pool): not the crawler's time
        n = int(count)
        if any(mark in f for f in frames[-2:] for mark in _IDLE):
            idle += n
            total += n
            continue
        total += n
        names = [_short(f) for f in frames]
        own[names[-1]] += n
        for name in set(names):
            inclusive[name] += n
    if not total:
        return ["(no samples)"]
    out = [
        f"{total} samples of the main thread, {100 * idle / total:.0f}% idle (waiting for the network)",
        "",
        "Inclusive (project and parsing libraries):",
        "",
    ]
    out += [
        f"- {100 * n / total:5.1f}%  {name}"
        for name, n in inclusive.most_common(400)
        if _OURS.search(name)
    ][:top]
    out += ["", "Self time:", ""]
    out += [f"- {100 * n / total:5.1f}%  {name}" for name, n in own.most_common(top)]
    return out


def summarize_cprofile(path: Path, top: int = 25) -> list[str]:
    stats = pstats.Stats(str(path))
    rows = stats.stats  # type: ignore[attr-defined]
    total = max((ct for (_f, _l, _n), (_cc, _nc, _tt, ct, _callers) in rows.items()), default=0.0)
    if not total:
        return ["(no data)"]
    cumulative = sorted(
        (
            (ct, f"{name} ({Path(file).name}:{line})")
            for (file, line, name), (_cc, _nc, _tt, ct, _c) in rows.items()
            if _OURS.search(file)
        ),
        reverse=True,
    )
    own = sorted(
        (
            (tt, f"{name} ({Path(file).name}:{line})")
            for (file, line, name), (_cc, _nc, tt, _ct, _c) in rows.items()
        ),
        reverse=True,
    )
    out = [
        f"cProfile, {total:.1f} s in all (profiled; shares are what counts)",
        "",
        "Inclusive:",
        "",
    ]
    out += [f"- {100 * t / total:5.1f}%  {name}" for t, name in cumulative[:top]]
    out += ["", "Self time:", ""]
    out += [f"- {100 * t / total:5.1f}%  {name}" for t, name in own[:top]]
    return out


def profile_crawl(
    xxgk: list[str], args: list[str], cwd: Path, out_dir: Path
) -> tuple[str, list[str]]:
    """Run `xxgk ARGS` (`xxgk` being the argv that starts the CLI) under a profiler;
    return (tool, summary lines)."""
    spy = py_spy()
    with (out_dir / "bench-profile.log").open("wb") as log:
        if spy:
            folded = out_dir / "bench-profile.folded"
            # Without --nonblocking: py-spy pauses the crawler for each sample and so
            # always gets whole stacks (partial ones would hide the callers).
            cmd = [spy, "record", "-r", "100", "-f", "raw", "-o", str(folded), "--", *xxgk, *args]
            subprocess.run(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, check=False)
            return "py-spy", summarize_raw(folded) if folded.exists() else [
                "(py-spy wrote nothing)"
            ]
        prof = out_dir / "bench-profile.prof"
        cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "xxgk.cli", *args]
        subprocess.run(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, check=False)
    return "cProfile", summarize_cprofile(prof) if prof.exists() else ["(cProfile wrote nothing)"]
