"""Site-level rules: the site answers, and its homepage is kept up to date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from rules import history
from rules.facts import Context, RunFacts, to_date
from rules.helpers import describe_fetch, fetch_evidence
from rules.registry import Finding, rule
from xxgk import storage
from xxgk.urls import registrable_domain, url_key

# Run errors that say the network answered badly (not a crawler fault or a bad URL).
_NETWORK_ERROR = re.compile(
    r"timeout|timed out|dns|name.?resolution|connection|refused|reset|unreachable|ssl|tls"
    r"|http\s*[45]\d\d|\b[45]\d\d\b|超时|无法连接|无法访问",
    re.I,
)


def _failure(facts: RunFacts, ctx: Context, url: str) -> tuple[dict[str, Any] | None, bool]:
    """(the last failed fetch of `url`, whether it was an anti-bot block) when the URL
    was never fetched successfully; (None, False) otherwise."""
    failed = facts.failed_fetches.get(url_key(url))
    if not failed:
        return None, False
    last = failed[-1]
    blocked = int(last.get("status") or 0) in ctx.profile.links.blocked_status
    return last, blocked


def _not_network(fetch: dict[str, Any], ctx: Context) -> bool:
    """The server answered but we would not read the page (over the size cap, cut
    short, robots.txt): that says nothing about whether the site can be reached."""
    error = str(fetch.get("error") or "").lower()
    markers = ctx.profile.links.not_broken_errors
    return bool(error) and any(str(m).lower() in error for m in markers)


@rule("site.unreachable")
def unreachable(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """站点首页或其政府信息公开栏目无法访问（HTTP 错误、超时、DNS 失败）。

    依据：国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决「站点无法访问」
    （监测1周、每天≥20次、≥15秒未打开、失败率≥5%）；2015年《全国政府网站普查评分表》同。
    单项否决只凭 `xxgk probe` 存下的一周访问记录（profile probes.unreachable：截至检查日
    的7天每天都有≥20次访问，失败率≥5%，恰为5%也否决）。一次抓取只是一次访问：记录不足
    一周时，本规则只记录这次抓取可核查的失败证据（默认 fail，不是单项否决），并写明记录为何
    不足；被反爬（401/403/412/429）拦截、或抓取失败但无网络错误证据时只记“无法判断”。
    """
    cfg = ctx.profile.probes.unreachable
    week = history.availability(facts, ctx.as_of, cfg)
    if week.visits and week.enough and week.failing:
        yield Finding(
            f"监测{week.since.isoformat()}至{week.until.isoformat()}共{week.visits}次访问首页，"
            f"{week.failures}次失败（{week.share:.1%}，达到{cfg.failure_share:.0%}）",
            url=facts.site_url,
            key="probes",  # the week's verdict, beside what this crawl saw of the homepage
            severity=cfg.severity,
            # the week's visits, not this crawl: the verdict stands if the crawl failed
            details={
                **week.evidence(),
                "as_of": ctx.as_of.isoformat(),
                "independent_of_crawl": True,
            },
        )
    found = False
    for finding in _crawl_visit(facts, ctx):
        found = True
        if week.visits and not finding.cannot_tell:
            finding.details["probes"] = week.evidence()
            if not week.enough:
                finding.details["note"] = week.why_not_enough() + "，单次抓取失败不作单项否决"
            elif not week.failing:
                finding.details["note"] = f"一周探测失败率{week.share:.1%}，未达单项否决标准"
        yield finding
    if not found and week.visits and not week.enough and week.failing:
        yield Finding(
            f"首页探测失败{week.failures}/{week.visits}次，{week.why_not_enough()}，无法判断是否单项否决",
            url=facts.site_url,
            key="probes",
            cannot_tell=True,
            reason="too few probe visits for the 〔2019〕19号 week",
            details=week.evidence(),
        )


def _crawl_visit(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """What this crawl saw of the homepage and the section: one visit each."""
    home_page = facts.homepage
    last, blocked = _failure(facts, ctx, facts.site_url)
    if home_page is None and last is not None:
        if _not_network(last, ctx):
            yield Finding(
                f"站点首页有响应但无法读取（{describe_fetch(last)}），无法判断是否可访问",
                url=facts.site_url,
                cannot_tell=True,
                reason="the server answered; the crawler would not read the page",
                details={"fetch": fetch_evidence(last)},
            )
        elif blocked:
            yield Finding(
                f"站点首页拒绝了监测访问（{describe_fetch(last)}），无法判断是否可访问",
                url=facts.site_url,
                cannot_tell=True,
                reason="anti-bot status: a person may still reach the site",
                details={"fetch": fetch_evidence(last)},
            )
        else:
            yield Finding(
                f"站点首页无法访问（{describe_fetch(last)}）",
                url=facts.site_url,
                details={
                    "fetch": fetch_evidence(last),
                    "as_of": ctx.as_of.isoformat(),
                    "note": "单次抓取失败；单项否决须按〔2019〕19号持续监测一周",
                },
            )
        return
    if home_page is None and not facts.page_count and facts.status in ("failed", "interrupted"):
        error = str(facts.run.get("error") or "")
        if _NETWORK_ERROR.search(error):
            yield Finding(
                f"站点无法访问（{error}）",
                url=facts.site_url,
                details={
                    "run_error": error,
                    "as_of": ctx.as_of.isoformat(),
                    "note": "单次抓取失败；单项否决须按〔2019〕19号持续监测一周",
                },
            )
        else:
            yield Finding(
                f"抓取未能完成（{error or facts.status}），无法判断站点是否可访问",
                url=facts.site_url,
                cannot_tell=True,
                reason="the crawl failed without a network error to show",
                details={"run_error": error, "status": facts.status},
            )
        return
    section = facts.run.get("section_url")
    if section and url_key(section) != url_key(facts.site_url):
        seen = facts.page(section)
        s_last, s_blocked = _failure(facts, ctx, section)
        if seen is None and s_last is not None:
            if s_blocked:
                yield Finding(
                    f"信息公开栏目拒绝了监测访问（{describe_fetch(s_last)}），无法判断",
                    url=section,
                    cannot_tell=True,
                    reason="anti-bot status",
                    details={"fetch": fetch_evidence(s_last)},
                )
            else:
                yield Finding(
                    f"政府信息公开栏目无法访问（{describe_fetch(s_last)}）",
                    url=section,
                    details={"fetch": fetch_evidence(s_last), "as_of": ctx.as_of.isoformat()},
                )


@rule("site.homepage_stale")
def homepage_stale(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """首页最新信息距检查日超过14天（profile homepage.max_age_days）。

    依据：国办秘函〔2019〕19号 单项否决「首页不更新」（监测2周首页无新信息）；2015年
    《全国政府网站普查评分表》同（未注明发布时间的信息视为不更新）。最新日期恰为14天前
    仍属「2周内」，第15天起触发。有 `xxgk probe` 两周的访问记录时（最近15天中≥14天有
    成功访问，profile probes.homepage_stale）按记录判断：首页出现比以往更新的日期（无日期
    的首页：正文哈希变化）即为有新信息，15天以上没有则触发。记录不足时按本次抓取的首页
    日期判断；首页没有可读日期（导航页、图片）时记“无法判断”：国办要求此时检查二级页面，
    本规则尚未做。
    """
    limit = ctx.profile.homepage.max_age_days
    min_days = ctx.profile.probes.homepage_stale.min_days
    seen = history.homepage_history(facts, ctx.as_of, limit, min_days)
    evidence = seen.evidence(ctx.as_of, limit, min_days)
    if seen.unchanged_since is not None:
        age = (ctx.as_of - seen.unchanged_since).days
        if seen.enough and age > limit:
            yield Finding(
                f"探测记录显示首页自{seen.unchanged_since.isoformat()}起{age}天无新信息"
                f"（要求{limit}天内）",
                url=(facts.homepage or {}).get("url") or facts.site_url,
                details={**evidence, "independent_of_crawl": True},
            )
            return
        if seen.changed and age <= limit:
            return  # a visit saw something new on the homepage inside the limit
    for finding in _crawl_homepage(facts, ctx, limit):
        if seen.observations:
            finding.details["probes"] = evidence
        yield finding


def _crawl_homepage(facts: RunFacts, ctx: Context, limit: int) -> Iterator[Finding]:
    """The newest date on the homepage this crawl read."""
    home = facts.homepage
    if home is None:
        if facts.page_count:  # the crawl fetched pages but stored no homepage row
            yield Finding(
                "未获取首页内容，无法判断首页是否更新",
                url=facts.site_url,
                cannot_tell=True,
                reason="no page of kind 'home' in this run",
                details={},
            )
        return
    dates = []
    for item in storage.loads(home.get("dates"), []) or []:
        d = to_date(item.get("date")) if isinstance(item, dict) else None
        if d is not None and d <= ctx.as_of:
            dates.append((d, item))
    if not dates:
        yield Finding(
            "首页未识别到带发布日期的信息，无法判断首页是否更新",
            url=home.get("url"),
            cannot_tell=True,
            reason="no dated item on the homepage (navigation page or unreadable dates)",
            details={"as_of": ctx.as_of.isoformat(), "threshold_days": limit},
        )
        return
    dates.sort(key=lambda p: p[0], reverse=True)
    newest = dates[0][0]
    age = (ctx.as_of - newest).days
    if age > limit:
        yield Finding(
            f"首页最新信息发布于{newest.isoformat()}，已{age}天未更新（要求{limit}天内）",
            url=home.get("url") or facts.site_url,
            details={
                "latest_date": newest.isoformat(),
                "days": age,
                "threshold_days": limit,
                "as_of": ctx.as_of.isoformat(),
                "dates_seen": [dict(i) for _, i in dates[:10]],
                "dated_items": len(dates),
            },
        )


@rule("site.redirected_offsite")
def redirected_offsite(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """首页或信息公开栏目重定向到另一个可注册域名（eTLD+1，按公共后缀列表；a.gov.cn 的
    子域名仍属本站），所检查的已不是本网站的内容。

    依据：国办发〔2017〕47号《政府网站发展指引》对政府网站域名的管理要求（条文原文未核对，
    见 shared/reference/rules.md）；SPEC §4 site.redirected_offsite。被跳转到他人域名时，
    抓取到的内容不是本网站的，不能据以评估。证据为完整的重定向链（每一跳的网址）。
    """
    home = registrable_domain(facts.site_url)
    for hop in storage.redirects(facts.db, facts.run_id):
        chain = [str(u) for u in storage.loads(hop.get("chain"), []) or []]
        away = [u for u in chain if registrable_domain(u) != home]
        if not away:
            continue
        where = "首页" if hop.get("role") == "home" else "信息公开栏目"
        yield Finding(
            f"{where}重定向到其他域名 {registrable_domain(away[-1])}（{chain[0]} → {chain[-1]}）",
            url=chain[0],
            key=f"{hop.get('role')}|{url_key(chain[0])}",
            details={
                "chain": chain,
                "role": hop.get("role"),
                "site_domain": home,
                "offsite_domain": registrable_domain(away[-1]),
            },
        )
