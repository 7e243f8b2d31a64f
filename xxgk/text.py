"""Normalise crawled Chinese text for matching.

Titles are stored as served; matching always runs on `normalize(title)`: full-width
forms folded (NFKC), traditional converted to simplified (OpenCC), pinyin glosses such
as "政务(wù)公开" removed, and spam domains injected into titles ("www.321365.com2013年…")
cut out.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import opencc

# A pinyin gloss is a parenthesised lowercase syllable or two, with tone marks,
# placed right after a character by mirror sites: 政務(wù)公開, 堅(jiān)持.
_PINYIN = re.compile(r"\((?:[a-zü\u00e0-\u01dc\u0251\u0261]{1,7}\s?){1,2}\)")
# Injected spam domains: www.321365.com, 365bet.com, a1b2.cc … placed inside titles.
_SPAM_DOMAIN = re.compile(
    r"(?:https?://)?(?:www\.)?[a-z0-9-]*\d[a-z0-9-]*\.(?:com|net|cc|vip|top|xyz|bet|me|co|tv)(?![a-z])",
    re.I,
)
_SPACE = re.compile(r"\s+")
_FULLWIDTH = re.compile(r"[\uff0e\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")  # ．０-９Ａ-Ｚａ-ｚ


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


# Taiwan-usage phrases of mirrors written with phrase-level conversion (s2twp), mapped
# back where the mainland word is certain. OpenCC's own tw2sp is not used: it also turns
# a character-level mirror's 規範性文件 into 规范性文档. 檔案 is left alone: 档案 is a
# mainland word too (档案管理).
_TAIWAN_PHRASES = (("资讯", "信息"),)


def to_simplified(text: str) -> str:
    """繁→简 only when the text holds a traditional character: OpenCC costs ~0.5 ms on
    a report, the character scan a few µs — and most texts are simplified."""
    return _t2s(text) if has_traditional(text) else text


def _t2s(text: str) -> str:
    text = _converter("t2s").convert(text)
    for taiwan, mainland in _TAIWAN_PHRASES:
        text = text.replace(taiwan, mainland)
    return text


@cache
def _traditional() -> re.Pattern[str]:
    """Characters OpenCC t2s changes, found by converting every CJK ideograph once."""
    chars = "".join(
        chr(c) for r in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)) for c in range(*r)
    )
    conv = _converter("t2s").convert(chars)
    changed = (
        [a for a, b in zip(chars, conv, strict=False) if a != b] if len(conv) == len(chars) else []
    )
    if not changed:  # an OpenCC that maps one character to several: always convert
        return re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
    return re.compile("[" + "".join(re.escape(c) for c in changed) + "]")


def has_traditional(text: str) -> bool:
    return _traditional().search(text) is not None


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)


def strip_pinyin(text: str) -> str:
    return _PINYIN.sub("", text)


def fold_fullwidth(text: str) -> str:
    """NFKC only when the text holds full-width letters, digits or ．(ＡＶ, ｗｗｗ．): a
    check folds a million titles, and most hold none."""
    return unicodedata.normalize("NFKC", text) if _FULLWIDTH.search(text) else text


def spam_domains(text: str) -> list[str]:
    """Domains with digits embedded in a title: the gambling-site pollution pattern."""
    return [m.group(0) for m in _SPAM_DOMAIN.finditer(text)]


def clean_space(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u3000", " ").replace("\xa0", " ")).strip()


def normalize(text: str | None, taiwan: bool = False) -> str:
    """The matching form of a title or heading; never stored in place of the original.
    `taiwan` converts with OpenCC's Taiwan phrases (檔案 → 文件): a second reading only,
    since it also turns a character-level mirror's 文件 into 文档."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = strip_pinyin(text)
    text = _SPAM_DOMAIN.sub("", text)
    if has_traditional(text):
        text = _converter("tw2sp").convert(text) if taiwan else _t2s(text)
    return clean_space(text)


def squash(text: str) -> str:
    """`normalize` without any whitespace: labels like "索 引 号" or "发 布 日 期" match."""
    return _SPACE.sub("", normalize(text))
