"""Publication dates from Chinese government pages.

A compiled-regex fast path handles the forms these sites actually print (2023-05-12,
2023/05/12, 2023.05.12, 2023年5月12日, full-width digits, 二〇二三年五月十二日); only
a token the fast path cannot read goes to dateparser, and only as an isolated token
(dateparser returns nothing for labelled strings such as "发布日期：2023-05-12").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import NamedTuple

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}

_FULL = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)日?"
)
_CN = re.compile(
    r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
# Year-less list dates: "[05-12]", "11-03", "5月12日". Not preceded by a digit or a
# separator that would make them the tail of a full date.
_PARTIAL = re.compile(r"(?<![\d\-/.年])(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?(?![\d\-/.])")
# Something date-like enough to be worth handing to dateparser.
_DATEISH = re.compile(
    r"\d{4}\D{1,3}\d{1,2}|\d{1,2}\s*(?:月|/)\s*\d{1,2}|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}"
)

# Labels that state when an item was published, in order of preference; labels
# that state something else (成文日期 = when written, 生成时间 = when the HTML was
# generated) are read but never taken as the publication date.
PUBLISHED_LABELS = (
    "发布日期",
    "发布时间",
    "发文日期",
    "公开日期",
    "发表时间",
    "发稿时间",
    "时间",
    "日期",
)
OTHER_LABELS = (
    "成文日期",
    "生效日期",
    "印发日期",
    "废止日期",
    "页面生成时间",
    "生成时间",
    "更新时间",
    "HtmlGenerateTime",
    "Maketime",
)
# Mirror and Hong Kong-style pages print the labels in traditional characters.
_TRADITIONAL = {
    "發布日期": "发布日期",
    "發布時間": "发布时间",
    "發文日期": "发文日期",
    "公開日期": "公开日期",
    "發表時間": "发表时间",
    "時間": "时间",
    "頁面生成時間": "页面生成时间",
    "生成時間": "生成时间",
    "更新時間": "更新时间",
}
# Labels are often padded inside ("发 布 日 期", "索 引 号"): allow spaces between characters.
_LABEL_WORDS = "|".join(
    r"\s*".join(map(re.escape, x))
    for x in sorted(PUBLISHED_LABELS + OTHER_LABELS + tuple(_TRADITIONAL), key=len, reverse=True)
)
_LABEL = re.compile("(" + _LABEL_WORDS + r")\s*[:：]?\s*")
_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """Full-width digits and punctuation to ASCII (２０２３－０５－１２ → 2023-05-12)."""
    return unicodedata.normalize("NFKC", text)


_CN_TRANS = str.maketrans({k: str(v) for k, v in _CN_DIGITS.items() if v < 10})


def _cn_number(s: str) -> int:
    """二〇二三 → 2023, 十二 → 12, 二十一 → 21, 五 → 5."""
    if "十" not in s:
        return int(s.translate(_CN_TRANS))
    tens, _, ones = s.partition("十")
    return int(tens.translate(_CN_TRANS) or 1) * 10 + int(ones.translate(_CN_TRANS) or 0)


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


class Found(NamedTuple):
    date: date
    start: int
    end: int


def find_dates(text: str) -> list[Found]:
    """Every full date in `text`, in order, by the fast path only."""
    if not text.isascii():  # NFKC only where full-width forms can be
        text = fold(text)
    out = [
        Found(d, m.start(), m.end())
        for m in _FULL.finditer(text)
        if (d := _make(int(m[1]), int(m[2]), int(m[3])))
    ]
    if "年" in text:
        cn = []
        for m in _CN.finditer(text):
            if d := _make(_cn_number(m[1]), _cn_number(m[2]), _cn_number(m[3])):
                cn.append(Found(d, m.start(), m.end()))
        if cn:
            out = sorted(out + cn, key=lambda f: f.start)
    return out


def parse_date(text: str | None, *, fallback: bool = True) -> date | None:
    """The first date in `text`; dateparser only when the fast path finds none."""
    if not text:
        return None
    found = find_dates(text)
    if found:
        return found[0].date
    if (
        fallback
        and (m := _DATEISH.search(fold(text)))
        and _PARTIAL.fullmatch(m.group(0).strip()) is None
    ):
        return _dateparser(m.group(0))
    return None


def _dateparser(token: str) -> date | None:
    import dateparser  # costly import, only needed for the rare odd format

    dt = dateparser.parse(token, languages=["zh", "en"], settings={"STRICT_PARSING": True})
    return dt.date() if dt else None


def partial_date(text: str | None) -> tuple[int, int] | None:
    """(month, day) of a year-less list date like "[05-12]" or "5月12日"."""
    if not text:
        return None
    m = _PARTIAL.search(fold(text))
    if not m:
        return None
    month, day = int(m[1]), int(m[2])
    return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None


def labelled_dates(text: str) -> list[tuple[str, date]]:
    """("发布日期", date) pairs for every label followed by a date within a few characters."""
    text = fold(text)
    out: list[tuple[str, date]] = []
    for m in _LABEL.finditer(text):
        tail = text[m.end() : m.end() + 24]
        found = find_dates(tail)
        if found and found[0].start <= 2:
            label = _WS.sub("", m.group(1))
            out.append((_TRADITIONAL.get(label, label), found[0].date))
    return out


def publication_date(labelled: list[tuple[str, date]]) -> date | None:
    """The publication date among labelled dates: 发布日期 before 发布时间 … never 成文日期."""
    for label in PUBLISHED_LABELS:
        for lab, d in labelled:
            if lab == label:
                return d
    return None


def plausible(d: date, as_of: date) -> bool:
    """Dates before the web (1990) or more than a year ahead are typos or placeholders."""
    return date(1990, 1, 1) <= d <= date(as_of.year + 1, as_of.month, min(as_of.day, 28))


# An article's byline often prints its date with no label at all, beside the source, the
# editor or the view counter ("2023-12-01 14:43 来源：新华网", "来源：区政府办 2005年08月16日
# 浏览次数：") or on the line right under the title.
_BYLINE = re.compile(
    r"(?:信息|文章|稿件)?来源\s*[:：]|责任编辑|责编\s*[:：]|编辑\s*[:：]|作者\s*[:：]|"
    r"浏览(?:次数|量)|点击(?:数|量|率|次数)|阅读(?:次数|量)|访问(?:次数|量)|【\s*字体"
)
_NEAR = 40  # characters either side of a byline marker
_UNDER_TITLE = 60  # characters after the title
_LABEL_BEFORE = re.compile("(?:" + _LABEL_WORDS + r")\s*[:：]?\s*$")


def _unlabelled(text: str, start: int, end: int) -> date | None:
    """The first full date in text[start:end] that no label claims (a 成文日期 beside the
    source is the written date, not the publication date)."""
    for f in find_dates(text[start:end]):
        if not _LABEL_BEFORE.search(text[max(0, start + f.start - 12) : start + f.start]):
            return f.date
    return None


def unlabelled_date(text: str, title: str = "") -> date | None:
    """An article's publication date printed without a label: beside its byline (来源,
    责任编辑, 浏览次数 …) or right under its title. Read only when no label or meta says."""
    text = fold(text)
    for m in _BYLINE.finditer(text):
        if d := _unlabelled(text, max(0, m.start() - _NEAR), m.end() + _NEAR):
            return d
    title = fold(title).strip()
    if len(title) >= 4:
        at = text.find(title)
        while at >= 0:
            end = at + len(title)
            if d := _unlabelled(text, end, end + _UNDER_TITLE):
                return d
            at = text.find(title, end)
    return None
