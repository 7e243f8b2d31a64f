"""Page facts for security.injected_link: anchors hidden by markup that point off
the site (暗链) and spam words in the page. The crawler only records what it sees; the
rules decide what is legitimate (gov.cn, 备案 links) and what counts."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from crawler.page import Doc, node_text
from xxgk.text import normalize, to_traditional
from xxgk.urls import is_offsite

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
def spam_words() -> tuple[tuple[str, str], ...]:
    """(form to search, word to report): each keyword in simplified and traditional
    characters, so page text is searched as served, without converting it."""
    data = yaml.safe_load(SPAM_FILE.read_text(encoding="utf-8"))
    out = []
    for word in data["keywords"]:
        simple = normalize(word).lower()
        for form in dict.fromkeys((simple, to_traditional(simple))):
            out.append((form, simple))
    return tuple(out)


def hidden_links(doc: Doc) -> list[dict[str, str]]:
    styles = " ".join(" ".join(el.itertext()) for el in doc.root.iter("style"))
    hidden_selectors = {sel for sel, body in _CSS_RULE.findall(styles) if _HIDING.search(body)}
    out: list[dict[str, str]] = []
    for a in doc.anchors:
        if not a.url or not is_offsite(a.url, doc.url):
            continue
        why = _hidden_by(a.el, hidden_selectors)
        if why:
            out.append({"href": a.url, "text": a.title[:80], "why": why})
            if len(out) >= 50:
                break
    return out


def _hidden_by(a: Any, hidden_selectors: set[str]) -> str | None:
    for node in [a, *a.iterancestors()]:
        if node.tag == "marquee":
            return "marquee"
        if node.get("hidden") is not None:
            return "hidden attribute"
        m = _HIDING.search(node.get("style", ""))
        if m:
            return m.group(0)
        names = {"#" + node.get("id", "")} | {"." + c for c in node.get("class", "").split()}
        if names & hidden_selectors:
            return f"css {sorted(names & hidden_selectors)[0]}"
    return None


def spam_hits(text: str, limit: int = 20) -> list[dict[str, str]]:
    folded = unicodedata.normalize("NFKC", text).lower()
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for form, word in spam_words():
        start = folded.find(form)
        if start >= 0 and word not in seen:
            seen.add(word)
            out.append(
                {"word": word, "context": folded[max(0, start - 20) : start + len(form) + 20]}
            )
            if len(out) >= limit:
                break
    return out


def page_security(doc: Doc, title: str) -> tuple[list[dict], list[dict]]:
    body = doc.root.find("body")
    text = title + " " + (node_text(body) if body is not None else "")
    return hidden_links(doc), spam_hits(text)
