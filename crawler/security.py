"""Page facts for security.injected_link: anchors hidden by markup that point off
the site (暗链) and spam words in the page. The crawler only records what it sees; the
rules decide what is legitimate (gov.cn, 备案 links) and what counts."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from parsel import Selector

from crawler.page import absolute, link_title, node_text
from xxgk.text import normalize

SPAM_FILE = Path(__file__).resolve().parent.parent / "xxgk" / "data" / "spam.yaml"

# Inline styles that hide an element: display:none, visibility:hidden, zero size with
# overflow hidden, far off-screen positioning, zero font size, huge negative indent.
_HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|(?:left|top|margin-left|margin-top)\s*:\s*-\d{3,}px|"
    r"text-indent\s*:\s*-\d{3,}|font-size\s*:\s*0(?:px)?\s*(?:;|$)|(?:height|width)\s*:\s*0(?:px)?\s*;[^\"']*overflow\s*:\s*hidden|"
    r"overflow\s*:\s*hidden[^\"']*(?:height|width)\s*:\s*[01](?:px)?\b",
    re.I,
)
_CSS_RULE = re.compile(r"([#.][\w-]+)\s*\{([^}]*)\}")


@cache
def spam_words() -> tuple[str, ...]:
    data = yaml.safe_load(SPAM_FILE.read_text(encoding="utf-8"))
    return tuple(normalize(w).lower() for w in data["keywords"])


def site_key(host: str) -> str:
    host = (host or "").lower().split(":")[0]
    return host[4:] if host.startswith("www.") else host


def is_offsite(url: str, page_url: str) -> bool:
    host, base = site_key(urlsplit(url).netloc), site_key(urlsplit(page_url).netloc)
    return not (host == base or host.endswith("." + base) or base.endswith("." + host))


def hidden_links(sel: Selector, page_url: str) -> list[dict[str, str]]:
    hidden_selectors = {
        sel_
        for sel_, body in _CSS_RULE.findall(" ".join(sel.xpath("//style/text()").getall()))
        if _HIDING.search(body)
    }
    out: list[dict[str, str]] = []
    for a in sel.xpath("//a[@href]"):
        url = absolute(page_url, a.attrib.get("href"))
        if not url or not is_offsite(url, page_url):
            continue
        why = _hidden_by(a, hidden_selectors)
        if why:
            out.append({"href": url, "text": link_title(a)[:80], "why": why})
        if len(out) >= 50:
            break
    return out


def _hidden_by(a: Selector, hidden_selectors: set[str]) -> str | None:
    for node in [a, *a.xpath("ancestor::*")]:
        tag = node.root.tag if isinstance(node.root.tag, str) else ""
        if tag == "marquee":
            return "marquee"
        if "hidden" in node.attrib:
            return "hidden attribute"
        m = _HIDING.search(node.attrib.get("style", ""))
        if m:
            return m.group(0)
        names = {"#" + node.attrib.get("id", "")} | {
            "." + c for c in node.attrib.get("class", "").split()
        }
        if names & hidden_selectors:
            return f"css {sorted(names & hidden_selectors)[0]}"
    return None


def spam_hits(text: str, limit: int = 20) -> list[dict[str, str]]:
    norm = normalize(text).lower()
    out = []
    for word in spam_words():
        start = norm.find(word)
        if start >= 0:
            out.append({"word": word, "context": norm[max(0, start - 20) : start + len(word) + 20]})
            if len(out) >= limit:
                break
    return out


def page_security(sel: Selector, page_url: str, title: str) -> tuple[list[dict], list[dict]]:
    body = sel.xpath("//body")
    text = title + " " + (node_text(body[0]) if body else "")
    return hidden_links(sel, page_url), spam_hits(text)
