"""Cost of reading one date: the compiled-regex fast path vs dateparser.

The same isolated tokens go to both (the fast path's figure is the best of three
passes over all its calls): `xxgk.dates.parse_date(s, fallback=False)` (or
`partial_date` for year-less `[05-12]`) and `dateparser.parse(s, languages=["zh"])`;
the project's own fallback wrapper `xxgk.dates._dateparser` (zh+en, strict) is timed
too. Each parser's first call per format is a warm-up and not timed. Results include
how many tokens each parser read correctly.
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from xxgk import dates

_CN = "〇一二三四五六七八九"


def _cn_small(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _CN[tens] + "十")) + (
        "" if ones == 0 else _CN[ones]
    )


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


FORMATS: dict[str, Callable[[date], str]] = {
    "2023-05-12": lambda d: f"{d:%Y-%m-%d}",
    "2023/05/12": lambda d: f"{d:%Y/%m/%d}",
    "2023年5月12日": lambda d: f"{d.year}年{d.month}月{d.day}日",
    "２０２３－０５－１２": lambda d: _fullwidth(f"{d:%Y-%m-%d}"),
    "二〇二三年五月十二日": lambda d: (
        "".join(_CN[int(c)] for c in str(d.year)) + f"年{_cn_small(d.month)}月{_cn_small(d.day)}日"
    ),
    "[05-12]": lambda d: f"[{d:%m-%d}]",
}
PARTIAL = "[05-12]"


@dataclass
class Timing:
    calls: int
    seconds: float
    correct: int

    @property
    def us(self) -> float:
        return 1e6 * self.seconds / max(1, self.calls)


def samples(n: int = 400, seed: int = 7) -> list[date]:
    rng = random.Random(seed)
    return [date(2010, 1, 1) + timedelta(days=rng.randint(0, 5800)) for _ in range(n)]


def _right(got: object, d: date, partial: bool) -> bool:
    if partial:
        if isinstance(got, tuple):
            return got == (d.month, d.day)
        return hasattr(got, "month") and (got.month, got.day) == (d.month, d.day)  # type: ignore[union-attr]
    value = got.date() if hasattr(got, "date") and callable(got.date) else got  # datetime → date
    return value == d


def _time(
    fn: Callable[[str], object],
    tokens: list[tuple[str, date]],
    calls: int,
    partial: bool,
    repeat: int = 1,
) -> Timing:
    """`calls` calls over `tokens`; with `repeat` > 1 the fastest of that many passes
    (as timeit advises: slower passes measure the machine's other load, not the code)."""
    for s, _ in tokens[:50]:  # warm-up (imports, language data, caches)
        fn(s)
    batch = [tokens[i % len(tokens)] for i in range(calls)]
    strings = [s for s, _ in batch]
    elapsed = float("inf")
    results: list[object] = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()  # as timeit does: a collection mid-loop is not the parser's cost
        try:
            t0 = time.perf_counter()
            results = [fn(s) for s in strings]
            elapsed = min(elapsed, time.perf_counter() - t0)
        finally:
            gc.enable()
    correct = sum(_right(r, d, partial) for r, (_, d) in zip(results, batch, strict=True))
    return Timing(calls, elapsed, correct)


def run(fast_calls: int = 24_000, dateparser_calls: int = 600, wrapper_calls: int = 300) -> dict:
    """Timings per format and overall for the three parsers."""
    days = samples()
    per_fmt_fast = fast_calls // len(FORMATS)
    per_fmt_dp = max(1, dateparser_calls // len(FORMATS))
    per_fmt_wrap = max(1, wrapper_calls // len(FORMATS))
    fast: dict[str, Timing] = {}
    slow: dict[str, Timing] = {}
    wrap: dict[str, Timing] = {}
    tokens = {name: [(make(d), d) for d in days] for name, make in FORMATS.items()}
    # The fast path first, all formats, before dateparser's heavy import disturbs the caches.
    for name, toks in tokens.items():
        partial = name == PARTIAL
        fast_fn = dates.partial_date if partial else (lambda s: dates.parse_date(s, fallback=False))
        fast[name] = _time(fast_fn, toks, per_fmt_fast, partial, repeat=3)
    import dateparser

    for name, toks in tokens.items():
        partial = name == PARTIAL
        slow[name] = _time(
            lambda s: dateparser.parse(s, languages=["zh"]), toks, per_fmt_dp, partial
        )
        wrap[name] = _time(dates._dateparser, toks, per_fmt_wrap, partial)

    def total(t: dict[str, Timing]) -> Timing:
        return Timing(
            sum(x.calls for x in t.values()),
            sum(x.seconds for x in t.values()),
            sum(x.correct for x in t.values()),
        )

    return {
        "fast": fast,
        "dateparser": slow,
        "wrapper": wrap,
        "fast_total": total(fast),
        "dateparser_total": total(slow),
        "wrapper_total": total(wrap),
        "examples": {name: make(days[0]) for name, make in FORMATS.items()},
    }
