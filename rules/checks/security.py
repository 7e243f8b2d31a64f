"""Injected content: hidden outbound links (暗链) and gambling/porn spam in pages."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from rules.facts import Context, RunFacts
from rules.helpers import clip
from rules.registry import Finding, rule
from xxgk import storage
from xxgk.text import fold_fullwidth, spam_domains
from xxgk.urls import host_of, in_domains, same_site, url_key


def _allowed(host: str, allow: list[str], site_host: str) -> bool:
    """Not an outbound link to judge: relative or javascript: (no host), the site's own
    web presence, or an allowlisted domain."""
    return not host.rstrip(".") or same_site(host, site_host) or in_domains(host, allow)


class _Scanner:
    def __init__(self, facts: RunFacts, ctx: Context) -> None:
        cfg = ctx.profile.security
        self.allow = [d.lower() for d in cfg.allow_domains]
        self.keywords = sorted(
            {fold_fullwidth(w).lower() for w in cfg.spam_keywords if w}, key=len, reverse=True
        )
        self.legit = [fold_fullwidth(w) for w in cfg.legit_context]
        self.window = cfg.legit_context_chars
        self.site_host = host_of(facts.site_url)

    def legit_context(self, text: str, start: int, end: int) -> bool:
        around = text[max(0, start - self.window) : end + self.window]
        return any(w in around for w in self.legit)

    def hits(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every keyword in folded `text`: one C-level `find` pass per
        keyword over the whole text (a per-title regex alternation is 10× slower)."""
        low = text.lower()
        out: list[tuple[int, int]] = []
        taken: set[int] = set()
        for kw in self.keywords:
            pos = low.find(kw)
            while pos >= 0:
                if pos not in taken:
                    taken.add(pos)
                    out.append((pos, pos + len(kw)))
                pos = low.find(kw, pos + len(kw))
        return sorted(out)

    def words_in(self, texts: list[str | None]) -> list[list[dict[str, str]]]:
        """`words` for many texts at once: one `find` pass per keyword over all of them
        joined (a page set is scanned in a few C-level passes, not 35 per page)."""
        out: list[list[dict[str, str]]] = [[] for _ in texts]
        if not self.keywords:
            return out
        folded = [fold_fullwidth(t or "") for t in texts]
        joined = "\x00".join(folded)
        for a, b in self.hits(joined):
            i = joined.count("\x00", 0, a)
            start = joined.rfind("\x00", 0, a) + 1
            t, a, b = folded[i], a - start, b - start
            if b <= len(t) and not self.legit_context(t, a, b):
                out[i].append({"word": t[a:b], "context": clip(t[max(0, a - 15) : b + 15], 50)})
        return out

    def words(self, text: str | None) -> list[dict[str, str]]:
        """Spam keywords in `text`, each with its context, unless the context is an
        article about fighting the vice (打击赌博 …)."""
        if not text or not self.keywords:
            return []
        t = fold_fullwidth(text)
        return [
            {"word": t[a:b], "context": clip(t[max(0, a - 15) : b + 15], 50)}
            for a, b in self.hits(t)
            if not self.legit_context(t, a, b)
        ]

    def domains(self, text: str | None) -> list[str]:
        if not text or ("." not in text and "．" not in text):
            return []
        out = []
        for d in spam_domains(fold_fullwidth(text)):
            host = urlsplit(d if "//" in d else "//" + d).hostname or d
            if not _allowed(host, self.allow, self.site_host):
                out.append(d)
        return out


def _json_list(value: str | None) -> list[Any]:
    # Most pages store "[]": skip the JSON parser for them (a check reads every page).
    if not value or value in ("[]", "null"):
        return []
    out = storage.loads(value, [])
    return out if isinstance(out, list) else []


def _evidence() -> dict[str, Any]:
    return {"hidden_links": [], "spam_words": [], "spam_domains": [], "title": None, "spam": False}


@rule("security.injected_link")
def injected_link(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """页面被植入暗链或垃圾信息：隐藏的站外链接（display:none、visibility:hidden、移出
    屏幕、零尺寸、marquee），博彩/色情关键词，或标题中被插入的博彩域名（www.321365.com）。

    依据：国办秘函〔2019〕19号 单项否决「严重错误」（发布或链接反动、暴力、色情等内容；
    内容被篡改等安全问题）——暗链指向博彩色情站属此类（本项目解释，rules.md §3.1）。关键词
    与白名单域名（gov.cn、备案链接等）是 profile 数据；关键词附近有「打击、整治、查处…」的
    执法报道不算；只有隐藏的站外链接而无垃圾词/垃圾域名时按 security.hidden_only_severity
    （默认 warn）报告。
    """
    scan = _Scanner(facts, ctx)
    hidden_only = ctx.profile.security.hidden_only_severity
    pages: dict[str, dict[str, Any]] = {}
    urls: dict[str, str] = {}

    def slot(url: str) -> dict[str, Any]:
        key = url_key(url)
        urls.setdefault(key, url)
        return pages.setdefault(key, _evidence())

    pages_ = [p for p in facts.pages if p.get("url")]
    found = scan.words_in([f"{p.get('title') or ''}\n{p.get('text') or ''}" for p in pages_])
    for p, page_words in zip(pages_, found, strict=True):
        url = p["url"]
        links = []
        for link in _json_list(p.get("hidden_links")):
            if not isinstance(link, dict):
                continue
            href = str(link.get("href") or "")
            if not href.lower().startswith(("http://", "https://", "//")):
                continue
            if _allowed(urlsplit(href).hostname or "", scan.allow, scan.site_host):
                continue
            spam = bool(scan.domains(href) or scan.words(str(link.get("text") or "")))
            links.append({**{k: link.get(k) for k in ("href", "text", "why")}, "spam": spam})
        crawler_words = []
        for w in _json_list(p.get("spam_words")):
            if isinstance(w, dict) and w.get("word"):
                ctx_text = unicodedata.normalize("NFKC", str(w.get("context") or ""))
                word = unicodedata.normalize("NFKC", str(w["word"]))
                i = ctx_text.find(word)
                if i >= 0 and scan.legit_context(ctx_text, i, i + len(word)):
                    continue
                crawler_words.append({"word": w["word"], "context": w.get("context")})
        words = crawler_words + page_words
        domains = scan.domains(p.get("title"))
        if not (links or words or domains):
            continue
        ev = slot(url)
        ev["hidden_links"] += links
        ev["spam_words"] += words
        ev["spam_domains"] += domains
        ev["title"] = ev["title"] or p.get("title")
        ev["spam"] = ev["spam"] or bool(words or domains or any(link["spam"] for link in links))

    # Candidate titles (a dot for a domain, or a keyword) are found by the database.
    for e in facts.entries_titled([".", "．", *scan.keywords]):
        if not e.get("url"):
            continue
        domains = scan.domains(e["title"])
        words = scan.words(e["title"])
        if domains or words:
            ev = slot(e["url"])
            ev["spam_domains"] += domains
            ev["spam_words"] += words
            ev["title"] = ev["title"] or e["title"]
            ev["spam"] = True

    for key, ev in pages.items():
        url = urls[key]
        shown = (
            [d for d in ev["spam_domains"]]
            + [w["word"] for w in ev["spam_words"]]
            + [str(link.get("href")) for link in ev["hidden_links"]]
        )
        shown = list(dict.fromkeys(shown))
        label = f"页面“{clip(ev['title'], 30)}”" if ev["title"] else "页面"
        details = {
            "url": url,
            **{k: ev[k] for k in ("title", "hidden_links", "spam_words", "spam_domains")},
            "as_of": ctx.as_of.isoformat(),
        }
        if ev["spam"]:
            yield Finding(
                f"{label}疑似被植入暗链或垃圾信息：{clip('、'.join(shown[:3]), 60)}",
                url=url,
                details=details,
            )
        else:
            yield Finding(
                f"{label}含隐藏的站外链接：{clip('、'.join(shown[:3]), 60)}",
                url=url,
                severity=hidden_only,
                details=details,
            )
