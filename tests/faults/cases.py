"""The fault corpus: one row per way the world (or a user) can hurt an audit.

A case names the xxgk command line to run (`{url}` is the hostile server, `{demo}` the
sample portal, `{db}`, `{out}` and `{tmp}` the case's files), optional set-up of bad
files, and optional signals to send while it runs. Every case is held to the same
invariants (tests/faults/runner.py): exit 0/1/2 with 1 only for 不合格, one-line error,
no traceback, no run left `running`, an intact database whose earlier runs are
unchanged, bounded time and memory. Add a row to add a case.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    exit: frozenset[int] = frozenset({2})
    says: str = ""  # text expected in stderr or stdout
    setup: str | None = None  # a name in runner.SETUPS
    signals: tuple[tuple[float, str], ...] = ()  # (seconds after start, SIGINT/SIGKILL)
    seconds: float = 90
    env: dict[str, str] = field(default_factory=dict)


FAST = ("--timeout", "2", "--as-of", "2026-06-30")


def _crawl(path: str, *extra: str) -> tuple[str, ...]:
    return ("crawl", "{url}" + path, "--db", "{db}", *FAST, *extra)


def _audit(path: str, *extra: str) -> tuple[str, ...]:
    return ("audit", "{url}" + path, "--db", "{db}", "--out", "{out}", *FAST, *extra)


ANY_VERDICT = frozenset({0, 1, 2})

HOSTILE_SERVERS = [
    Case("slowloris homepage", _crawl("slowloris/"), says="请求超时", seconds=60),
    Case("gzip bomb homepage", _crawl("gzip-bomb/"), says="页面过大"),
    Case("lying Content-Length", _crawl("lying-length/"), says="响应数据不完整"),
    Case("endless redirect", _crawl("redirect/0/"), says="重定向"),
    Case("binary served as HTML", _audit("binary/"), exit=ANY_VERDICT),
    Case("1 MB <title>", _audit("huge-title/"), exit=ANY_VERDICT),
    Case("NUL and escapes in <title>", _audit("nul-title/"), exit=ANY_VERDICT),
    Case("section page over the size cap", _audit("huge-section/"), says="无法判断"),
    Case("homepage redirects off-site", _audit("offsite/"), says="重定向到其他域名"),
    Case("50 MB robots.txt", _audit("site/"), exit=ANY_VERDICT, setup="huge_robots"),
    Case(
        "nothing listens",
        ("crawl", "http://127.0.0.1:9/", "--db", "{db}", *FAST),
        says="连接被拒绝",
    ),
]

BAD_URLS = [
    Case("unclosed IPv6 bracket", ("crawl", "http://[::1/", "--db", "{db}"), says="网址格式错误"),
    Case(
        "port 99999",
        ("audit", "http://127.0.0.1:99999/", "--db", "{db}", "--out", "{out}"),
        says="Port out of range",
    ),
    Case(
        "URL over 2083 characters",
        ("crawl", "http://127.0.0.1/" + "a" * 2100, "--db", "{db}"),
        says="2083",
    ),
    Case("no scheme", ("crawl", "www.example.gov.cn", "--db", "{db}"), says="http://"),
    Case(
        "control character in URL",
        ("crawl", "http://127.0.0.1/\x1b[2J", "--db", "{db}"),
        says="控制字符",
    ),
]

BAD_OPTIONS = [
    Case(f"{opt} {value}", ("crawl", "{url}site/", "--db", "{db}", opt, value), says=opt)
    for opt, value in [
        ("--concurrency", "0"),
        ("--timeout", "-5"),
        ("--max-pages", "0"),
        ("--max-pages", "-1"),
        ("--max-list-pages", "0"),
        ("--articles", "-2"),
        ("--as-of", "2026-02-30"),
    ]
] + [
    Case(
        "--workers 0",
        ("monitor", "{tmp}/sites.yaml", "--db", "{db}", "--workers", "0"),
        says="--workers",
        setup="sites_ok",
    ),
    Case(
        "--workers -3",
        ("monitor", "{tmp}/sites.yaml", "--db", "{db}", "--workers", "-3"),
        says="--workers",
        setup="sites_ok",
    ),
    Case("--format pdf", _audit("site/", "--format", "pdf"), says="pdf"),
    Case(
        "--out under a file",
        ("audit", "{url}site/", "--db", "{db}", "--out", "{tmp}/file/x"),
        says="--out",
        setup="a_file",
    ),
    Case(
        "--vocabulary not YAML",
        _crawl("site/", "--vocabulary", "{tmp}/vocab.yaml"),
        says="--vocabulary",
        setup="bad_vocabulary",
    ),
    Case(
        "--profile wrong types",
        ("check", "--db", "{db}", "--profile", "{tmp}/profile.yaml"),
        says="--profile",
        setup="bad_profile",
    ),
    Case("check --run that does not exist", ("check", "--db", "{db}", "--run", "999"), says="999"),
]

BAD_FILES = [
    Case(
        "database is not SQLite", ("check", "--db", "{tmp}/junk.db"), says="SQLite", setup="junk_db"
    ),
    Case(
        "database locked by another writer",
        ("check", "--db", "{db}"),
        says="锁定",
        setup="locked_db",
        env={"XXGK_DB_BUSY_SECONDS": "1"},
    ),
    Case(
        "database with only the SPEC columns",
        ("check", "--db", "{tmp}/spec.db"),
        exit=ANY_VERDICT,
        setup="spec_only_db",
    ),
    Case(
        "--db under a file",
        _crawl("site/", "--db", "{tmp}/file/x.db"),
        says="数据库",
        setup="a_file",
    ),
    Case(
        "sites: url is a number",
        ("monitor", "{tmp}/sites.yaml", "--db", "{db}"),
        says="sites.yaml:3",
        setup="sites_url_number",
    ),
    Case(
        "sites: level not a level",
        ("monitor", "{tmp}/sites.yaml", "--db", "{db}"),
        says="level",
        setup="sites_bad_level",
    ),
    Case(
        "sites: exempt unknown rule",
        ("monitor", "{tmp}/sites.yaml", "--db", "{db}"),
        says="exempt",
        setup="sites_bad_exempt",
    ),
    Case(
        "sites: not YAML",
        ("monitor", "{tmp}/sites.yaml", "--db", "{db}"),
        says="YAML",
        setup="sites_not_yaml",
    ),
    Case(
        "sites: no sites key",
        ("monitor", "{tmp}/sites.yaml", "--db", "{db}"),
        says="sites",
        setup="sites_empty",
    ),
    Case(
        "sites: duplicates audited once",
        ("monitor", "{tmp}/sites.yaml", "--db", "{db}", "--out", "{out}", *FAST),
        exit=ANY_VERDICT,
        says="只检查一次",
        setup="sites_duplicate",
    ),
]


def _interruptions() -> list[Case]:
    """Signals at seeded random moments of a crawl of the sample portal: early (list
    pages), middle (articles), late (the final database write)."""
    rng = random.Random(8)
    cases = []
    base = ("crawl", "{demo}", "--db", "{db}", "--concurrency", "1", "--as-of", "2026-06-30")
    for kind, n in (("SIGINT", 3), ("double SIGINT", 2), ("SIGKILL", 3), ("SIGTERM", 1)):
        for k in range(n):
            at = round(rng.uniform(2.2 + k, 3.2 + k), 2)
            if kind == "double SIGINT":
                sig = ((at, "SIGINT"), (at + 0.3, "SIGINT"))
            else:
                sig = ((at, kind),)
            cases.append(Case(f"{kind} at {at}s", base, exit=frozenset({0, 2, -9}), signals=sig))
    return cases


INTERRUPTIONS = _interruptions()

CASES = HOSTILE_SERVERS + BAD_URLS + BAD_OPTIONS + BAD_FILES + INTERRUPTIONS
