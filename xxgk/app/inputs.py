"""Every input of a command, checked before any network work, as typed values.

A problem is an `InputError` carrying one line; the CLI shows it as a usage error, a
scheduler logs it. Nothing here fetches a page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

FORMATS = ("html", "xlsx")


class InputError(ValueError):
    """An input that cannot be used, in one line."""


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:300]


@dataclass(frozen=True)
class SiteSpec:
    """One site to audit (a SITES.yaml entry, or the URL of `xxgk audit`)."""

    url: str
    name: str | None = None
    level: str | None = None
    tags: dict[str, Any] | None = None
    profile: str | None = None
    exempt: list[str] | None = None
    public_services: bool | None = None

    def run_options(self) -> dict[str, Any] | None:
        """What the rules need from the spec, stored with the run."""
        picked = {k: getattr(self, k) for k in ("tags", "profile", "exempt", "public_services")}
        return {k: v for k, v in picked.items() if v is not None} or None


@dataclass(frozen=True)
class CrawlOptions:
    """The crawl knobs of crawl, audit and monitor; None keeps crawler/settings.py's value."""

    ignore_robots: bool = False
    max_pages: int | None = None
    max_list_pages: int | None = None
    max_columns: int | None = None
    max_depth: int | None = None
    articles: int | None = None
    concurrency: int | None = None
    timeout: float | None = None
    vocabulary: str | None = None
    verbose: bool = False
    full: bool = False  # no incremental crawl on top of the site's last run

    def settings(self) -> dict[str, Any]:
        """Each option as the Scrapy setting it maps to (None: not overridden)."""
        return {
            "ROBOTSTXT_OBEY": False if self.ignore_robots else None,
            "CLOSESPIDER_PAGECOUNT": self.max_pages,
            "XXGK_MAX_LIST_PAGES": self.max_list_pages,
            "XXGK_MAX_COLUMNS": self.max_columns,
            "XXGK_MAX_COLUMN_DEPTH": self.max_depth,
            "XXGK_ARTICLES_PER_COLUMN": self.articles,
            "CONCURRENT_REQUESTS_PER_DOMAIN": self.concurrency,
            # AutoThrottle aims at this many requests in flight: never above the cap.
            "AUTOTHROTTLE_TARGET_CONCURRENCY": min(2.0, self.concurrency)
            if self.concurrency
            else None,
            "DOWNLOAD_TIMEOUT": self.timeout,
            "XXGK_VOCABULARY": self.vocabulary,
            # Every fault is recorded in the run and the fetch log; Scrapy's own log (with
            # tracebacks for network errors) is for --verbose.
            "LOG_LEVEL": "INFO" if self.verbose else "CRITICAL",
        }


def as_of(value: str | None) -> str:
    """The judging day: YYYY-MM-DD, default today."""
    if not value:
        return date.today().isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"{value!r} is not a date like 2026-03-31") from None


def url(value: str) -> str:
    from crawler.run import url_problem

    problem = url_problem(value)
    if problem:
        raise InputError(f"不是有效的网址 {value[:100]!r}：{problem}")
    return value


def formats(value: str) -> tuple[str, ...]:
    wanted = tuple(f.strip() for f in value.split(",") if f.strip())
    bad = set(wanted) - set(FORMATS)
    if bad or not wanted:
        raise InputError(
            f"unknown format(s): {', '.join(sorted(bad)) or value!r} ({', '.join(FORMATS)})"
        )
    return wanted


def out_dir(value: str) -> str:
    """The report folder must be writable before the crawl, not after it."""
    target = Path(value)
    try:
        target.mkdir(parents=True, exist_ok=True)
        probe = target / f".xxgk-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise InputError(f"{value} is not a writable folder ({exc.strerror or exc})") from None
    return value


def profile(value: str | None) -> str | None:
    if value:
        from rules.profile import ProfileError, load_profile

        try:
            load_profile(value)
        except ProfileError as exc:
            raise InputError(one_line(exc)) from None
    return value


def vocabulary(value: str | None) -> str | None:
    """A broken vocabulary is a usage error now, not a crawl that dies at its first page."""
    if value:
        from xxgk import vocabulary as vocab

        try:
            vocab.load(value)
        except Exception as exc:  # noqa: BLE001 (YAML, missing keys, wrong types: all one message)
            raise InputError(f"{value}: {one_line(exc)}") from None
    return value


@dataclass(frozen=True)
class Webhook:
    """Where a round's alerts go, and the HMAC secret that signs them."""

    url: str
    secret: str


def webhook(url: str | None, secret: str | None) -> Webhook | None:
    """An unsigned alert cannot be trusted by its receiver: no secret, no round."""
    if not url:
        return None
    if not url.startswith(("http://", "https://")):
        raise InputError(f"webhook {url[:100]!r} 需要 http:// 或 https:// 开头")
    if not secret:
        raise InputError("--webhook 需要环境变量 XXGK_WEBHOOK_SECRET（告警用它签名）")
    return Webhook(url, secret)


def redis_url(value: str | None) -> str | None:
    """Where the shared queue of `monitor --redis` and `worker` lives (Redis's own URL
    forms); whether it answers is known only when connecting."""
    if value and not value.startswith(("redis://", "rediss://", "unix://")):
        raise InputError(f"{value[:100]!r} 不是 Redis 地址（redis://主机:端口/库号）")
    return value


def sites(path: str) -> tuple[list[SiteSpec], list[str]]:
    """The sites of a SITES.yaml (SPEC §2) with their profiles checked, and the warnings;
    every problem is one line naming file and line."""
    from crawler.run import url_problem
    from rules.registry import all_rules, known_ids
    from xxgk.app import sites as sites_format

    rule_ids = tuple(sorted(set(known_ids()) | {r.id for r in all_rules()}))
    try:
        loaded, warnings = sites_format.load(path, url_problem, rule_ids)
    except sites_format.SitesError as exc:
        raise InputError(str(exc)) from None
    specs = [SiteSpec(**site) for site in loaded]
    for spec in specs:
        profile(spec.profile)
    return specs, warnings
