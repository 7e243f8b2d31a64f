"""`make bench`, second step: the crawler's figures on 60 random-template portals
(GitHub issue 12) — column recall/precision, entry recall, date accuracy and per-rule
precision/recall/F1 against each portal's ground truth (tools/portalgen).

The default seeds were never looked at while the crawler was developed (seeds below 2000
were: reading their failures is how the crawler was fixed), so the figures measure
portals nobody tuned to. Prints the table and writes build/generalisation.json and build/generalisation.md. Like
bench/run.py it never fails on a missed target, only when it could not run.

    python -m bench.generalisation              # seeds 5000-5059 (~6 minutes)
    python -m bench.generalisation --seeds 0-9
"""

from __future__ import annotations

import sys
from pathlib import Path

from tools.portalgen import score

BUILD = Path(__file__).resolve().parent.parent / "build"


def main(argv: list[str] | None = None) -> int:
    args = [
        "--seeds",
        "5000-5059",
        "--out",
        str(BUILD / "generalisation.json"),
        "--md",
        str(BUILD / "generalisation.md"),
    ]
    return score.main(args + list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    raise SystemExit(main())
