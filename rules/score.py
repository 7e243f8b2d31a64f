"""The score of a run (SPEC §4): 国办秘函〔2019〕19号's verdict rule over the profile's
deduction indicators (`score:` in the profile; points per finding are data there).

    s = score(counted, profile.score, homepage=site_url, classes={column_id: "news"})
    s.total, s.passed, s.indicators[0].deduction

Pure: the findings that count (the engine's `counted_findings`: no "cannot tell",
exempt or dismissed finding, which are `info`), the profile's score section, the
site's homepage and column classes in; a `Score` out. Any 单项否决 — a veto finding, or
a veto count the engine found (`vetoes`) — means no score at all ([C19]: nothing else
is scored). Otherwise each finding deducts under the first indicator and deduction item
that match it, once; an indicator's deduction never exceeds its points; indicators
without deduction items are 未评估 (nothing measures them: they deduct nothing, and
the score says it does not cover them); a department without public services is
scored without the `public_services` indicators and scaled to the total (75 → × 4/3);
above the bonus threshold the 加分 indicators are added — none is measurable from a
crawl, so each is listed 未评估 with 0 points.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rules.profile import Deduction
from rules.profile import Score as ScoreProfile
from xxgk.urls import url_key

# Points are kept to two decimals: 0.1-point deductions must add up to exact tenths,
# so that 59.9 and 60 fall on the right side of the pass mark.
_PLACES = 2


def _round(x: float) -> float:
    return round(x, _PLACES)


@dataclass(frozen=True)
class Deducted:
    """One finding behind an indicator's deduction."""

    fingerprint: str
    rule: str
    message: str
    points: float
    note: str = ""  # why it deducts nothing (no measure in its evidence)


@dataclass(frozen=True)
class IndicatorScore:
    key: str
    name: str
    points: float
    deduction: float  # capped at `points`
    raw_deduction: float  # before the cap
    assessed: bool  # some rule measures it
    scored: bool  # counted for this site (false: public services of a department without)
    findings: tuple[Deducted, ...] = ()

    @property
    def capped(self) -> bool:
        return self.raw_deduction > self.deduction

    @property
    def earned(self) -> float:
        return _round(self.points - self.deduction)


@dataclass(frozen=True)
class BonusScore:
    name: str
    points: float
    earned: float = 0.0
    assessed: bool = False


@dataclass(frozen=True)
class Score:
    """`total` is None when the run is not scored (`reason` says why)."""

    total: float | None
    reason: str = ""
    vetoed: bool = False
    scaled: bool = False
    base: float = 0.0  # the points scored (100, or 75 without public services)
    full: float = 0.0  # the 扣分 total the result is stated on (100)
    deduction_part: float | None = None  # 扣分指标 result, scaled
    bonus: float | None = None  # None: the bonus threshold was not passed
    pass_mark: float = 0.0
    bonus_threshold: float = 0.0
    indicators: tuple[IndicatorScore, ...] = ()
    bonus_indicators: tuple[BonusScore, ...] = ()
    unassessed: tuple[str, ...] = field(default=())

    @property
    def scored(self) -> bool:
        return self.total is not None

    @property
    def passed(self) -> bool | None:
        """None when not scored; else whether the 扣分 part reaches the pass mark."""
        if self.deduction_part is None:
            return None
        return self.deduction_part >= self.pass_mark

    def as_dict(self) -> dict[str, Any]:
        """What is stored with the run (runs.score_details) and read by the reports."""
        return {
            "total": self.total,
            "scored": self.scored,
            "reason": self.reason,
            "vetoed": self.vetoed,
            "scaled": self.scaled,
            "base": self.base,
            "full": self.full,
            "deduction_part": self.deduction_part,
            "bonus": self.bonus,
            "passed": self.passed,
            "pass_mark": self.pass_mark,
            "bonus_threshold": self.bonus_threshold,
            "indicators": [
                {
                    "key": i.key,
                    "name": i.name,
                    "points": i.points,
                    "deduction": i.deduction,
                    "raw_deduction": i.raw_deduction,
                    "earned": i.earned,
                    "capped": i.capped,
                    "assessed": i.assessed,
                    "scored": i.scored,
                    "findings": [
                        {
                            "fingerprint": d.fingerprint,
                            "rule": d.rule,
                            "message": d.message,
                            "points": d.points,
                            "note": d.note,
                        }
                        for d in i.findings
                    ],
                }
                for i in self.indicators
            ],
            "bonus_indicators": [
                {"name": b.name, "points": b.points, "earned": b.earned, "assessed": b.assessed}
                for b in self.bonus_indicators
            ],
            "unassessed": list(self.unassessed),
        }


def not_scored(reason: str, vetoed: bool = False) -> Score:
    return Score(None, reason, vetoed=vetoed)


def _measure(details: Mapping[str, Any], keys: Iterable[str]) -> float | None:
    for key in keys:
        value: Any = details
        for part in key.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return None


def _on_homepage(finding: Mapping[str, Any], homepage: str | None) -> bool:
    if not homepage:
        return False
    found_on = (finding.get("details") or {}).get("found_on") or []
    if isinstance(found_on, str):
        found_on = [found_on]
    home = url_key(homepage)
    return any(isinstance(u, str) and url_key(u) == home for u in found_on)


def _matches(
    d: Deduction,
    finding: Mapping[str, Any],
    homepage: str | None,
    classes: Mapping[int, str],
) -> bool:
    if finding.get("rule") not in d.rules:
        return False
    if d.classes and classes.get(finding.get("column_id") or -1) not in d.classes:
        return False
    return d.on_homepage is None or d.on_homepage == _on_homepage(finding, homepage)


def _deducted(d: Deduction, finding: Mapping[str, Any]) -> Deducted:
    base = (
        str(finding.get("fingerprint") or ""),
        str(finding.get("rule") or ""),
        str(finding.get("message") or ""),
    )
    if d.per == "finding":
        return Deducted(*base, points=d.points)
    share = _measure(finding.get("details") or {}, d.measure or ())
    if share is None:
        return Deducted(*base, points=0.0, note="证据中没有可计量的比例，未扣分")
    return Deducted(*base, points=_round(d.points * share * 100))


def score(
    findings: Sequence[Mapping[str, Any]],
    cfg: ScoreProfile,
    *,
    public_services: bool = True,
    homepage: str | None = None,
    classes: Mapping[int, str] | None = None,
    vetoes: Sequence[str] = (),
) -> Score:
    """The score of the findings that count (module docstring). `classes` maps a
    finding's column id to its column class; `vetoes` are veto reasons the engine found
    beyond the findings' own severities (a [C19] 栏目不更新 count)."""
    # "no evidence, no failure": a cannot-tell (or exempt, or dismissed) finding is info
    findings = [
        f
        for f in findings
        if f.get("severity") != "info" and not (f.get("details") or {}).get("cannot_tell")
    ]
    if vetoes or any(f.get("severity") == "veto" for f in findings):
        return not_scored("存在单项否决项，按〔2019〕19号不再评分", vetoed=True)
    column_classes = classes or {}
    used: set[int] = set()  # a finding deducts once, under the first indicator matching it
    indicators: list[IndicatorScore] = []
    for ind in cfg.indicators:
        scored = public_services or not ind.public_services
        behind: list[Deducted] = []
        for n, f in enumerate(findings):
            if n in used:
                continue
            item = next((d for d in ind.deduct if _matches(d, f, homepage, column_classes)), None)
            if item is None:
                continue
            used.add(n)
            if scored:
                behind.append(_deducted(item, f))
        raw = _round(sum(d.points for d in behind))
        indicators.append(
            IndicatorScore(
                ind.key,
                ind.name,
                ind.points,
                min(raw, ind.points),
                raw,
                assessed=bool(ind.deduct),
                scored=scored,
                findings=tuple(behind),
            )
        )
    counted = [i for i in indicators if i.scored]
    base = _round(sum(i.points for i in counted))
    part = _round((base - sum(i.deduction for i in counted)) * cfg.total / base)
    bonus_items = tuple(BonusScore(b.name, b.points) for b in cfg.bonus)
    bonus = _round(sum(b.earned for b in bonus_items)) if part > cfg.bonus_threshold else None
    return Score(
        total=_round(part + (bonus or 0.0)),
        vetoed=False,
        scaled=base != cfg.total,
        base=base,
        full=cfg.total,
        deduction_part=part,
        bonus=bonus,
        pass_mark=cfg.pass_mark,
        bonus_threshold=cfg.bonus_threshold,
        indicators=tuple(indicators),
        bonus_indicators=bonus_items,
        unassessed=tuple(i.name for i in counted if not i.assessed)
        + tuple(b.name for b in bonus_items if not b.assessed),
    )
