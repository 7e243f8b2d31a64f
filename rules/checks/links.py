"""Broken links inside the 信息公开 section, from the crawler's fetch log."""

from __future__ import annotations

from collections.abc import Iterator

from rules.facts import Context, RunFacts
from rules.helpers import clip, describe_fetch, fetch_evidence
from rules.registry import Finding, rule
from xxgk.urls import is_offsite, url_key


@rule("link.broken")
def broken(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """不可用链接：栏目内链接返回 4xx/5xx、超时、DNS 失败或重定向循环。

    依据：2015年《全国政府网站普查评分表》「链接不可用」扣分项（首页每个1分、其他页面每个
    0.1分，厂商监测实现，rules.md §3.2）；国办秘函〔2019〕19号 扣分指标「链接可用性」。
    同一URL后来抓取成功不算；抓取器自己的决定（页面过大、非HTML、robots）不算；反爬状态
    （401/403/412/429）汇总为一条“无法判断”。首页与信息公开栏目入口由 site.unreachable 报告。
    只算本网站的链接（含 HEAD 检查的附件与站内链接）：指向其他网站的外链不归本站
    （SPEC §4「栏目内链接」；抓取器也不访问外链）。
    """
    not_broken = [s.lower() for s in ctx.profile.links.not_broken_errors]
    blocked_status = set(ctx.profile.links.blocked_status)
    skip = {url_key(facts.site_url), url_key(facts.run.get("section_url"))}
    homes = [u for u in (facts.site_url, facts.run.get("section_url")) if u]
    blocked = []
    for key, failed in facts.failed_fetches.items():
        if key in skip:
            continue
        last = failed[-1]
        if homes and all(is_offsite(str(last["url"]), home) for home in homes):
            continue  # a redirect off the site, or a foreign crawler's outbound check
        error = str(last.get("error") or "").lower()
        if error and any(s in error for s in not_broken):
            continue
        if int(last.get("status") or 0) in blocked_status:
            blocked.append(fetch_evidence(last))
            continue
        found_on = sorted({str(f["found_on"]) for f in failed if f.get("found_on")})
        where = ""
        if found_on:
            title = facts.page_title(found_on[0])
            where = f"页面“{clip(title, 30)}”上的" if title else ""
        yield Finding(
            f"{where}链接无法访问（{describe_fetch(last)}）：{last['url']}",
            url=last["url"],
            details={
                "url": last["url"],
                "status": last.get("status"),
                "error": last.get("error"),
                "found_on": found_on,
                "attempts": len(failed),
                "fetch": fetch_evidence(last),
                "as_of": ctx.as_of.isoformat(),
            },
        )
    if blocked:
        yield Finding(
            f"{len(blocked)}个链接拒绝了监测访问（反爬限制），无法判断是否可用",
            cannot_tell=True,
            key="blocked",
            reason="anti-bot statuses (401/403/412/429)",
            details={"fetches": blocked[:30], "count": len(blocked)},
        )
