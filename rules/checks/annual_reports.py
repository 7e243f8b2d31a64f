"""Annual report rules: a 政府信息公开工作年度报告 for every due year, on time, complete,
and not a copy of last year's.

Reports are recognised by title in ANY column and among fetched pages
(`xxgk.annual`: 繁→简, pinyin glosses and spam domains removed, lookalikes such as
制度/格式/通知/工作要点/实施方案/自查/总结/解读/报表 rejected). The report year comes from
the title; failing that from a year-named column (…年报 > 2016年), and only then from the
publication year − 1 (marked "inferred": such a report counts as present but is never
judged late). On a 人民政府 portal, a report titled with a department's name (市教育局…)
is that department's report: it does not stand for the portal's own year and is not
judged here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rules.facts import UNREADABLE_STATES, Context, RunFacts, infer_level, to_date
from rules.helpers import column_label, match_key
from rules.registry import Finding, rule
from xxgk import annual
from xxgk.text import normalize, strip_pinyin, to_simplified
from xxgk.urls import url_key


@dataclass
class Report:
    year: int
    year_source: str  # title | column | published
    url: str
    title: str
    published: date | None
    agency: str
    own: bool
    column_ids: list[int] = field(default_factory=list)
    date_source: str | None = None

    def evidence(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "year_source": self.year_source,
            "url": self.url,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "agency": self.agency or None,
            "own": self.own,
            "date_source": self.date_source,
        }


def reports(facts: RunFacts, ctx: Context) -> list[Report]:
    return facts.memo("annual_reports", lambda: _reports(facts, ctx))


def _own(agency: str, facts: RunFacts, ctx: Context) -> bool:
    if not agency:
        return True
    name = normalize(facts.site_name).replace(" ", "")
    if name and (agency in name or name.startswith(agency) or agency.startswith(name)):
        return True
    # Another agency's report on a government portal (市教育局… on 市人民政府).
    return not (ctx.level == "government" and infer_level(agency, ctx.profile) == "department")


def _reports(facts: RunFacts, ctx: Context) -> list[Report]:
    found: dict[str, Report] = {}

    def add(
        url: str | None,
        title: str | None,
        published: Any,
        column_id: int | None,
        date_source: str | None,
    ) -> None:
        if not url or not annual.is_annual_report(title):
            return
        pub = to_date(published)
        year, source = annual.report_year(title), "title"
        column = facts.columns_by_id.get(column_id) if column_id is not None else None
        if year is None and column is not None:
            year, source = annual.title_year(column.get("title")), "column"
        if year is None and pub is not None:
            year, source = pub.year - 1, "published"
        if year is None:
            return
        key = url_key(url)
        agency = annual.report_agency(title)
        rep = found.get(key)
        if rep is None:
            rep = found[key] = Report(
                year,
                source,
                url,
                str(title),
                pub,
                agency,
                _own(agency, facts, ctx),
                date_source=date_source,
            )
        elif pub is not None and (rep.published is None or pub < rep.published):
            rep.published, rep.date_source = pub, date_source
        if column_id is not None and column_id not in rep.column_ids:
            rep.column_ids.append(column_id)

    # Only titles with 报/報 can be reports: the database filters a million titles for us.
    for e in facts.entries_titled(["报", "報"]):
        add(
            e.get("url"),
            e.get("title"),
            e.get("published"),
            e.get("column_id"),
            e.get("date_source"),
        )
    for p in facts.page_titles(["article", "page"]):
        title = p.get("title") or ""
        if "报" in title or "報" in title:
            add(p.get("url"), title, p.get("published"), None, "article")
    return sorted(found.values(), key=lambda r: (r.year, r.published or date.max))


def _by_year(reps: list[Report], own: bool = True) -> dict[int, list[Report]]:
    out: dict[int, list[Report]] = defaultdict(list)
    for r in reps:
        if r.own == own:
            out[r.year].append(r)
    return out


def _level(ctx: Context) -> tuple[str, str]:
    if ctx.level:
        return ctx.level, ctx.level_source
    return ctx.profile.annual_report.unknown_level, "unknown"


def _text(facts: RunFacts, rep: Report, min_chars: int) -> str | None:
    page = facts.page(rep.url)
    text = (page or {}).get("text") or ""
    return text if len(text.strip()) >= min_chars else None


def simplify(text: str) -> str:
    """A whole report text in matching form, once: pinyin glosses removed, 繁→简 (only
    when traditional characters occur). Line breaks are kept so that table cells stay
    apart. (`normalize` would also fold full-width forms and hunt spam domains — slow on
    20k characters and useless for headings and prose.)"""
    return to_simplified(strip_pinyin(text))


def _simplified(facts: RunFacts, text: str) -> str:
    return facts.memo(f"simplified:{hash(text)}", lambda: simplify(text))


def _hidden_reason(facts: RunFacts, ctx: Context, year: int) -> str | None:
    """Why the crawl could have missed the report on `year` (None: it would have seen it)."""
    if facts.capped:
        return "抓取未完整（" + "、".join(facts.capped) + "）"
    annual_cols = [c for c in facts.columns if ctx.column_class(c) == "annual_report"]
    bad = [c for c in annual_cols if c.get("state") in UNREADABLE_STATES]
    if bad:
        return f"年报栏目“{column_label(bad[0])}”无法读取"
    if any(
        c.get("state") in ("ok", "empty", "undated") and not c.get("truncated") for c in annual_cols
    ):
        return None  # a complete, readable 年报 column: the report would be listed there
    if any(c.get("state") in UNREADABLE_STATES for c in facts.columns):
        return "没有可读的年报栏目，且有栏目无法读取"
    earliest = date(year + 1, 1, 1)  # a report on `year` is published in year+1 or later
    for c in facts.columns:
        if not c.get("truncated"):
            continue
        oldest = to_date(facts.column_stats.get(int(c["id"]), {}).get("oldest"))
        if oldest is None or oldest > earliest:
            return f"栏目“{column_label(c)}”未能读完（分页达到上限或由脚本驱动），更早的信息未抓取"
    return None


@rule("annual_report.missing")
def missing(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """缺少应公开的政府信息公开工作年度报告（2019年度起，截止日期已过的年度）。

    依据：《政府信息公开条例》(2019) 第四十九条（部门1月31日前、本级政府3月31日前公开上一
    年度报告）、第五十条；国办公开办函〔2019〕61号（平台须设年报栏目）。年度只在截止日期
    过后才要求；未找到信息公开栏目、抓取截断或年报栏目无法读取时记“无法判断”；只找到其他
    机关年报的年度也记“无法判断”。
    """
    cfg = ctx.profile.annual_report
    level, level_source = _level(ctx)
    first = cfg.first_due_year
    last = ctx.as_of.year - 1
    if cfg.lookback_years:
        first = max(first, last - cfg.lookback_years + 1)
    due = [y for y in range(first, last + 1) if ctx.as_of > ctx.profile.deadline(y, level)]
    if not due:
        return
    if not facts.section_found:
        yield Finding(
            "未找到政府信息公开栏目，无法判断年度报告是否齐全",
            url=facts.site_url,
            cannot_tell=True,
            key="section",
            reason=str(facts.run.get("error") or "section not found"),
            details={"due_years": due},
        )
        return
    reps = reports(facts, ctx)
    own, other = _by_year(reps, True), _by_year(reps, False)
    seen = [r.evidence() for r in reps][:40]
    for year in due:
        if own.get(year):
            continue
        deadline = ctx.profile.deadline(year, level)
        details = {
            "year": year,
            "deadline": deadline.isoformat(),
            "level": level,
            "level_source": level_source,
            "as_of": ctx.as_of.isoformat(),
            "reports_found": seen,
        }
        if other.get(year):
            yield Finding(
                f"仅找到其他机关的{year}年度报告，无法判断本机关是否公开",
                year=year,
                cannot_tell=True,
                reason="only reports of other agencies for this year",
                details={**details, "other_reports": [r.evidence() for r in other[year]]},
            )
            continue
        hidden = _hidden_reason(facts, ctx, year)
        if hidden:
            yield Finding(
                f"未找到{year}年度政府信息公开工作年度报告，但{hidden}，无法判断",
                year=year,
                cannot_tell=True,
                reason=hidden,
                details=details,
            )
            continue
        yield Finding(
            f"未找到{year}年度政府信息公开工作年度报告（应于{deadline.isoformat()}前公开）",
            year=year,
            details=details,
        )


@rule("annual_report.late")
def late(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """年度报告晚于法定期限公开：2019年度起部门1月31日、本级政府3月31日；2018年度及以前
    （2008年条例）一律3月31日。层级由 profile/站点选项/站点名称推断（局/委/厅/办/中心/署 →
    部门，人民政府 → 政府）；层级不明按较晚的3月31日。

    依据：《政府信息公开条例》(2019) 第四十九条；《政府信息公开条例》(2008, 国务院令第492号)
    年度报告于每年3月31日前公布（琼府办〔2011〕214号引述；国办公开办函〔2019〕60号称新条例
    「提前了两个月」）。报告年度由发布日期推算的不判逾期；无发布日期记“无法判断”。
    """
    level, level_source = _level(ctx)
    floor = ctx.profile.annual_report.late_from_year
    for year, reps in sorted(_by_year(reports(facts, ctx)).items()):
        reps = [r for r in reps if r.year_source != "published"]
        if year < floor or not reps:
            continue
        dated_reps = [r for r in reps if r.published is not None]
        if not dated_reps:
            yield Finding(
                f"{year}年度报告未标注发布日期，无法判断是否按期公开",
                year=year,
                url=reps[0].url,
                cannot_tell=True,
                reason="report without a publication date",
                details={"year": year, "reports": [r.evidence() for r in reps]},
            )
            continue
        first = min(dated_reps, key=lambda r: r.published or date.max)
        assert first.published is not None
        deadline = ctx.profile.deadline(year, level)
        if first.published <= deadline:
            continue
        regime = "2008年条例" if year <= 2018 else "2019年条例第四十九条"
        yield Finding(
            f"{year}年度政府信息公开工作年度报告于{first.published.isoformat()}公开，"
            f"晚于规定期限{deadline.isoformat()}",
            year=year,
            url=first.url,
            details={
                **first.evidence(),
                "deadline": deadline.isoformat(),
                "days_late": (first.published - deadline).days,
                "level": level,
                "level_source": level_source,
                "regime": regime,
                "as_of": ctx.as_of.isoformat(),
            },
        )


def _missing_headings(text: str, headings: list[Any]) -> list[str]:
    """Template headings (or a variant) absent from the simplified report text: a plain
    `find` first, then — only if needed — without spaces and punctuation."""
    body: str | None = None
    out = []
    for h in headings:
        names = (h.title, *h.variants)
        if any(n in text for n in names):
            continue
        if body is None:
            body = _NON_WORD.sub("", text)
        if not any((k := match_key(n)) and k in body for n in names):
            out.append(h.title)
    return out


@rule("annual_report.incomplete")
def incomplete(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """年度报告缺少国家格式规定的部分（2021年度起六个部分：总体情况、主动公开政府信息情况、
    收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进
    情况、其他需要报告的事项；各部分接受 rules.md §2.1 所列变体）。

    依据：《政府信息公开条例》(2019) 第五十条；国办公开办函〔2021〕30号《中华人民共和国政府
    信息公开工作年度报告格式》；〔2019〕60号试行格式（2019、2020年度，默认不强制）。报告
    正文未抓取、过短（附件/图片）或一个规定标题都找不到时记“无法判断”。
    """
    min_chars = ctx.profile.annual_report.min_text_chars
    no_text: list[Report] = []
    for year, reps in sorted(_by_year(reports(facts, ctx)).items()):
        template = ctx.profile.template_for(year)
        if template is None or not template.check:
            continue
        headings = list(template.headings)
        checked = []
        for r in reps:
            text = _text(facts, r, min_chars)
            if text is not None:
                checked.append(
                    (_missing_headings(_simplified(facts, text), headings), r, len(text))
                )
        if not checked:
            no_text += reps
            continue
        miss, best, length = min(checked, key=lambda t: len(t[0]))
        if not miss:
            continue
        details = {
            **best.evidence(),
            "template": template.name,
            "missing": miss,
            "required": [h.title for h in headings],
            "text_chars": length,
        }
        if len(miss) == len(headings):
            yield Finding(
                f"{year}年度报告正文中未找到任何规定标题，可能以附件或图片发布，无法判断",
                year=year,
                url=best.url,
                cannot_tell=True,
                reason="none of the template headings found",
                details=details,
            )
            continue
        yield Finding(
            f"{year}年度政府信息公开工作年度报告缺少规定内容：{'、'.join(miss)}",
            year=year,
            url=best.url,
            details=details,
        )
    if no_text:
        yield Finding(
            _no_text_message(no_text, "无法检查是否完整"),
            cannot_tell=True,
            key="no-text",
            reason="report text not fetched or too short",
            details={
                "years": sorted({r.year for r in no_text}),
                "reports": [r.evidence() for r in no_text],
            },
        )


def _no_text_message(reps: list[Report], what: str) -> str:
    years = sorted({r.year for r in reps})
    span = f"{years[0]}年度" if len(years) == 1 else f"{'、'.join(map(str, years))}年度"
    return f"{span}报告正文未获取（或以附件发布），{what}"


_NON_WORD = re.compile(r"[\W_]+")


_STOPS = ("。", "；", ";", "！", "!", "？", "?", "\n", "\r", "\t", "  ")
# ASCII digits, spaces and punctuation: deleted from the UTF-8 bytes in one C-level pass
# (numbers change every year even in a copied report).
_ASCII_DROP = bytes(b for b in range(128) if not chr(b).isalpha() and b != 0)


def sentences(text: str, min_segment: int, boilerplate: tuple[str, ...] = ()) -> list[str]:
    """The report's own prose from a simplified text, as sentences: digits, ASCII
    punctuation and spaces, the template's headings (`boilerplate`) and short segments
    (table cells) removed — the template is the same in every report and says nothing
    about copying. Built from str.replace and bytes.translate: a regex per character
    costs ten times more on a 20k-character report."""
    for stop in _STOPS:
        text = text.replace(stop, "\x00")
    # (full-width digits are left alone: rare in these reports, and a missed digit only
    # lowers the score)
    text = text.encode("utf-8").translate(None, _ASCII_DROP).decode("utf-8")
    parts = text.split("\x00")
    longest = max(map(len, boilerplate), default=0) + 8  # room for a number like 「（四）」
    keep = [seg for seg in parts if len(seg) > longest]  # prose: never a heading
    for seg in parts:
        if min_segment <= len(seg) <= longest:  # headings are lines of their own
            for phrase in boilerplate:
                if phrase in seg:
                    seg = seg.replace(phrase, "")
            if len(seg) >= min_segment:
                keep.append(seg)
    return keep


def units(
    text: str,
    unit: str = "sentence",
    shingle: int = 8,
    min_segment: int = 15,
    skip: tuple[str, ...] = (),
) -> dict[str, int]:
    """{unit: weight in characters}: whole sentences, or character shingles of the prose."""
    sents = sentences(text, min_segment, skip)
    if unit == "sentence":
        return {s: len(s) for s in sents}
    prose = "".join(sents)
    return {prose[i : i + shingle]: 1 for i in range(max(len(prose) - shingle + 1, 0))}


def overlap(
    current: dict[str, int], previous: dict[str, int], measure: str = "containment"
) -> float:
    """`containment` (default): the weighted share of this year's units found in last
    year's — what 「与上年度重复率」 measures (a report half copied scores 0.5).
    `jaccard`: weight of the common units over the weight of their union."""
    if not current or not previous:
        return 0.0
    common = sum(w for u, w in current.items() if u in previous)
    if measure == "containment":
        return common / sum(current.values())
    union = sum(current.values()) + sum(w for u, w in previous.items() if u not in current)
    return common / union


def similarity(
    current: str,
    previous: str,
    unit: str = "sentence",
    measure: str = "containment",
    shingle: int = 8,
    min_segment: int = 15,
    skip: tuple[str, ...] = (),
) -> float:
    """How much of report text `current` repeats `previous` (0..1).

    Default: sentence containment — the share of this year's narrative characters that
    sit in sentences found word for word (digits aside) in last year's report. Chosen
    over difflib.SequenceMatcher (quadratic on 20k-character reports, and it counts the
    shared template) and over character shingles (`unit: shingle`, kept as an option:
    catches lightly reworded sentences but costs ~100× more — a monitor compares
    thousands of reports per run).
    """
    return overlap(
        units(simplify(current), unit, shingle, min_segment, skip),
        units(simplify(previous), unit, shingle, min_segment, skip),
        measure,
    )


def boilerplate(ctx: Context) -> tuple[str, ...]:
    """Every heading (and variant) of every template, longest first — as printed and
    without punctuation — to be cut out of the prose before comparing."""

    def make() -> tuple[str, ...]:
        names = {
            v for t in ctx.profile.templates for h in t.headings for v in (h.title, *h.variants)
        }
        keys = names | {match_key(v) for v in names}
        return tuple(sorted((k for k in keys if k), key=len, reverse=True))

    return tuple(ctx.profile.cached("boilerplate", make))


@rule("annual_report.copied")
def copied(facts: RunFacts, ctx: Context) -> Iterator[Finding]:
    """年度报告正文与上一年度报告重复率超过50%（照抄上年）。

    依据：地方政务公开考评指标「年度报告与上年度重复率超过50%」扣分（SPEC §4）；《政府
    信息公开条例》(2019) 第五十条（报告应反映本年度情况）。方法：去除数字、标点、模板
    标题和表格短句后，计算本年度正文中与上年度逐句相同的文字所占比例（重复率，按字符
    加权的句子 containment；profile annual_report.copied 可改为字符片段或 Jaccard），
    高于阈值（0.5）触发。两年正文任一未获取时记“无法判断”（仅2020年度起）。
    """
    cfg = ctx.profile.annual_report
    threshold = cfg.copied.threshold
    unit, measure = cfg.copied.unit, cfg.copied.measure
    shingle, min_segment = cfg.copied.shingle_chars, cfg.copied.min_segment_chars
    skip = boilerplate(ctx)

    def prepared(rep: Report) -> dict[str, int] | None:
        text = _text(facts, rep, min_chars)
        if text is None:
            return None
        return (
            facts.memo(
                f"units:{rep.url}",
                lambda: units(_simplified(facts, text), unit, shingle, min_segment, skip),
            )
            or None
        )

    min_chars = cfg.min_text_chars
    first_due = cfg.first_due_year
    by_year = _by_year(reports(facts, ctx))
    no_text: dict[str, Report] = {}
    for year in sorted(by_year):
        prev = by_year.get(year - 1)
        if not prev:
            continue
        cur_texts = [(r, u) for r in by_year[year] if (u := prepared(r))]
        prev_texts = [(r, u) for r in prev if (u := prepared(r))]
        if not cur_texts or not prev_texts:
            if year > first_due:
                for r in ([] if cur_texts else by_year[year]) + ([] if prev_texts else prev):
                    no_text[r.url] = r
            continue
        best = max(
            ((overlap(t, pt, measure), r, pr) for r, t in cur_texts for pr, pt in prev_texts),
            key=lambda x: x[0],
        )
        sim, rep, prev_rep = best
        if sim <= threshold:
            continue
        yield Finding(
            f"{year}年度报告与{year - 1}年度报告正文重复率约{sim:.0%}（超过{threshold:.0%}）",
            year=year,
            url=rep.url,
            details={
                **rep.evidence(),
                "similarity": round(sim, 3),
                "threshold": threshold,
                "previous": prev_rep.evidence(),
                "method": f"{measure} of {unit}s of the narrative text",
            },
        )
    if no_text:
        reps = sorted(no_text.values(), key=lambda r: r.year)
        yield Finding(
            _no_text_message(reps, "无法与上年度比较重复率"),
            cannot_tell=True,
            key="no-text",
            reason="report text not fetched or too short",
            details={
                "years": sorted({r.year for r in reps}),
                "reports": [r.evidence() for r in reps],
            },
        )
