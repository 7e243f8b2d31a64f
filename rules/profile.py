"""Rule profiles: every threshold, class, deadline and severity as data (YAML).

`load_profile()` returns the national default (`rules/profiles/national.yaml`);
`load_profile("my-province.yaml")` merges that file over it: mappings merge key by
key, a list replaces the default list, and a key written ``name+`` appends to the
default list (``allow_domains+: [example.com]``). Every key is validated; a bad
profile raises `ProfileError` whose message starts with the offending key path, e.g.
``freshness.news: expected an integer ≥ 0, got 'two weeks'``.
"""

from __future__ import annotations

import copy
import fnmatch
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, get_args, get_type_hints

import yaml

from xxgk.rulebook import SEVERITIES, SPEC_BY_ID
from xxgk.urls import url_key

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

NATIONAL = Path(__file__).with_name("profiles") / "national.yaml"
LEVELS = ("department", "government")


class ProfileError(ValueError):
    """A profile that cannot be used; the message names the file and the key."""


# ---- a small schema language: each checker returns the cleaned value or raises ----

Checker = Callable[[Any, str], Any]


def _fail(path: str, expected: str, value: Any) -> ProfileError:
    return ProfileError(f"{path}: expected {expected}, got {value!r}")


def _int(minimum: int = 0, nullable: bool = False) -> Checker:
    def check(v: Any, path: str) -> Any:
        if v is None and nullable:
            return None
        if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
            raise _fail(path, f"an integer ≥ {minimum}" + (" or null" if nullable else ""), v)
        return v

    return check


def _float(lo: float, hi: float) -> Checker:
    def check(v: Any, path: str) -> Any:
        if isinstance(v, bool) or not isinstance(v, int | float) or not lo <= v <= hi:
            raise _fail(path, f"a number between {lo} and {hi}", v)
        return float(v)

    return check


def _str(v: Any, path: str) -> str:
    if not isinstance(v, str) or not v.strip():
        raise _fail(path, "a non-empty string", v)
    return v


def _bool(v: Any, path: str) -> bool:
    if not isinstance(v, bool):
        raise _fail(path, "true or false", v)
    return v


def _choice(*options: str) -> Checker:
    def check(v: Any, path: str) -> Any:
        if v not in options:
            raise _fail(path, "one of " + ", ".join(options), v)
        return v

    return check


def _month_day(v: Any, path: str) -> str:
    try:
        month, day = (int(x) for x in str(v).split("-"))
        date(2001, month, day)  # not a leap year: "02-29" is refused
    except (TypeError, ValueError):
        raise _fail(path, 'a month-day "MM-DD"', v) from None
    return f"{month:02d}-{day:02d}"


def _date(v: Any, path: str) -> date:
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v))
    except ValueError:
        raise _fail(path, "a date YYYY-MM-DD", v) from None


def _rule_id(v: Any, path: str) -> str:
    v = _str(v, path)
    if v not in _ids():
        raise ProfileError(f"{path}: unknown rule id {v!r}")
    return v


def _rule_pattern(v: Any, path: str) -> str:
    v = _str(v, path)
    if not any(fnmatch.fnmatchcase(i, v) for i in _ids()):
        raise ProfileError(f"{path}: {v!r} matches no rule id")
    return v


def _ids() -> set[str]:
    # Every registered rule is declared there (`rules.registry.rule` refuses others).
    return set(SPEC_BY_ID)


def _list(item: Checker) -> Checker:
    def check(v: Any, path: str) -> Any:
        if not isinstance(v, list):
            raise _fail(path, "a list", v)
        return [item(x, f"{path}[{i}]") for i, x in enumerate(v)]

    return check


def _map(value: Checker, key: Checker = _str) -> Checker:
    def check(v: Any, path: str) -> Any:
        if not isinstance(v, Mapping):
            raise _fail(path, "a mapping", v)
        return {key(k, f"{path}.{k}"): value(x, f"{path}.{k}") for k, x in v.items()}

    return check


def _record(
    fields: dict[str, Checker],
    optional: tuple[str, ...] = (),
    defaults: dict[str, Any] | None = None,
) -> Checker:
    """A mapping of exactly `fields`: each key is required unless listed in `optional`
    (a bound left open, an unknown level) or given a structural default (an empty list
    of variants). Thresholds are never optional: their values live in the profile."""

    def check(v: Any, path: str) -> Any:
        if not isinstance(v, Mapping):
            raise _fail(path or "profile", "a mapping", v)
        out = dict(defaults or {})
        for k, x in v.items():
            sub = f"{path}.{k}" if path else str(k)
            if k not in fields:
                raise ProfileError(f"{sub}: unknown key (expected one of {', '.join(fields)})")
            out[k] = fields[k](x, sub)
        for k in fields:
            if k not in out and k not in optional:
                raise ProfileError(
                    f"{path}.{k}: required key missing" if path else f"{k}: required key missing"
                )
        return out

    return check


_HEADING = _record({"title": _str, "variants": _list(_str)}, defaults={"variants": []})
_COUNT = _record(
    {"label": _str, "rules": _list(_rule_id), "classes": _list(_str), "min": _int(1)},
    defaults={"classes": []},
)


def _points(v: Any, path: str) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
        raise _fail(path, "a number of points ≥ 0", v)
    return float(v)


_DEDUCTION = _record(
    {
        "rules": _list(_rule_id),
        "classes": _list(_str),
        "on_homepage": _bool,
        "per": _choice("finding", "percent"),
        "measure": _list(_str),
        "points": _points,
    },
    optional=("on_homepage", "measure"),
    defaults={"classes": []},
)
_INDICATOR = _record(
    {
        "key": _str,
        "name": _str,
        "points": _points,
        "public_services": _bool,
        "deduct": _list(_DEDUCTION),
    },
    # an indicator is scored for every site unless it is one of the public services
    defaults={"public_services": False},
)
_SCORE_RECORD = _record(
    {
        "total": _points,
        "pass_mark": _points,
        "bonus_threshold": _points,
        "indicators": _list(_INDICATOR),
        "bonus": _list(_record({"name": _str, "points": _points})),
    }
)


def _score(v: Any, path: str) -> Any:
    """The score section, whose parts must agree: the indicators add up to `total`
    ([C19] 100), keys are unique, a `percent` deduction names its measure."""
    out = _SCORE_RECORD(v, path)
    total = sum(i["points"] for i in out["indicators"])
    if round(total, 6) != round(out["total"], 6):
        raise ProfileError(f"{path}.indicators: points add up to {total:g}, not {out['total']:g}")
    if not sum(i["points"] for i in out["indicators"] if not i["public_services"]):
        raise ProfileError(f"{path}.indicators: no points outside the public_services ones")
    keys = [i["key"] for i in out["indicators"]]
    for k in keys:
        if keys.count(k) > 1:
            raise ProfileError(f"{path}.indicators: key {k!r} appears twice")
    for i, ind in enumerate(out["indicators"]):
        for j, d in enumerate(ind["deduct"]):
            if (d["per"] == "percent") != ("measure" in d):
                raise ProfileError(
                    f"{path}.indicators[{i}].deduct[{j}]: `measure` goes with `per: percent`"
                )
    return out


_SCHEMA = _record(
    {
        "name": _str,
        "classes": _map(_str),
        "freshness": _map(_int(0, nullable=True)),
        "homepage": _record({"max_age_days": _int(0)}),
        "probes": _record(
            {
                "unreachable": _record(
                    {
                        "window_days": _int(1),
                        "min_visits_per_day": _int(1),
                        "min_days": _int(1),
                        "failure_share": _float(0.0, 1.0),
                        "timeout_seconds": _float(1.0, 600.0),
                        "severity": _choice(*SEVERITIES),
                    }
                ),
                "homepage_stale": _record({"min_days": _int(1)}),
            }
        ),
        "required_columns": _list(
            _record(
                {"title": _str, "variants": _list(_str), "classes": _list(_str)},
                defaults={"variants": [], "classes": []},
            )
        ),
        "annual_report": _record(
            {
                "first_due_year": _int(1990),
                "lookback_years": _int(1, nullable=True),
                "late_from_year": _int(1990),
                "deadlines": _list(
                    _record(
                        {
                            "from_year": _int(1990),
                            "until_year": _int(1990),
                            "department": _month_day,
                            "government": _month_day,
                        },
                        optional=("from_year", "until_year"),
                    )
                ),
                "unknown_level": _choice(*LEVELS),
                "templates": _list(
                    _record(
                        {
                            "name": _str,
                            "from_year": _int(1990),
                            "until_year": _int(1990),
                            "check": _bool,
                            "headings": _list(_HEADING),
                        },
                        optional=("from_year", "until_year"),
                        defaults={"check": True},  # a template is enforced unless it says not
                    )
                ),
                "min_text_chars": _int(0),
                "copied": _record(
                    {
                        "threshold": _float(0.0, 1.0),
                        "shingle_chars": _int(1),
                        "unit": _choice("sentence", "shingle"),
                        "measure": _choice("containment", "jaccard"),
                        "min_segment_chars": _int(0),
                    }
                ),
                "tables": _record(
                    {
                        "check": _bool,
                        "from_year": _int(1990),
                        "across_years": _bool,
                        "text_figures": _bool,
                    }
                ),
            }
        ),
        "severities": _map(_choice(*SEVERITIES), key=_rule_id),
        "verdict": _record(
            {
                "fail_counts": _list(_COUNT),
                "fail_without_veto": _list(_COUNT),
                "max_unreadable_share": _float(0.0, 1.0),
            }
        ),
        "score": _score,
        "entries": _record({"future_grace_days": _int(0), "publication_limit_workdays": _int(1)}),
        "interpretation": _record(
            {
                "mode": _choice("strict", "lenient"),
                "lag_workdays": _record({"strict": _int(0), "lenient": _int(0)}),
                "missing_severity": _choice(*SEVERITIES),
            }
        ),
        "links": _record({"not_broken_errors": _list(_str), "blocked_status": _list(_int(100))}),
        "backdating": _record(
            {
                "grace_days": _int(0),
                "exclude_from_freshness": _bool,
                "max_new_share": _float(0.0, 1.0),
            }
        ),
        "duplicates": _record({"min_title_chars": _int(1), "max_days_apart": _int(0)}),
        "security": _record(
            {
                "allow_domains": _list(_str),
                "spam_keywords": _list(_str),
                "legit_context": _list(_str),
                "legit_context_chars": _int(0),
                "hidden_only_severity": _choice(*SEVERITIES),
            }
        ),
        "exemptions": _list(
            _record(
                {
                    "rules": _list(_rule_pattern),
                    "site": _str,
                    "column": _str,
                    "from": _date,
                    "until": _date,
                    "reason": _str,
                },
                optional=("site", "column", "from", "until", "reason"),
            )
        ),
        "sites": _map(
            _record(
                {"level": _choice(*LEVELS), "exempt": _list(_str), "public_services": _bool},
                optional=("level", "public_services"),
                defaults={"exempt": []},
            ),
        ),
        "level": _record({"department_suffixes": _list(_str), "government_markers": _list(_str)}),
    }
)


# ---- typed view --------------------------------------------------------------------


@dataclass(frozen=True)
class Unreachable:
    window_days: int
    min_visits_per_day: int
    min_days: int
    failure_share: float
    timeout_seconds: float
    severity: str


@dataclass(frozen=True)
class HomepageStale:
    min_days: int


@dataclass(frozen=True)
class Probes:
    unreachable: Unreachable
    homepage_stale: HomepageStale


@dataclass(frozen=True)
class Homepage:
    max_age_days: int


@dataclass(frozen=True)
class Copied:
    threshold: float
    shingle_chars: int
    unit: str
    measure: str
    min_segment_chars: int


@dataclass(frozen=True)
class Tables:
    check: bool
    from_year: int
    across_years: bool
    text_figures: bool


@dataclass(frozen=True)
class AnnualReport:
    """The thresholds of the annual-report rules (deadlines and templates: `Profile`)."""

    first_due_year: int
    lookback_years: int | None
    late_from_year: int
    unknown_level: str
    min_text_chars: int
    copied: Copied
    tables: Tables


@dataclass(frozen=True)
class FailCount:
    label: str
    rules: tuple[str, ...]
    classes: tuple[str, ...]
    min: int


@dataclass(frozen=True)
class Verdict:
    fail_counts: tuple[FailCount, ...]
    fail_without_veto: tuple[FailCount, ...]
    max_unreadable_share: float


@dataclass(frozen=True)
class Deduction:
    """Points a matching finding deducts: `per` finding, or `per` percent of the share
    (0…1) found at the first of the dotted `measure` keys its details hold."""

    rules: tuple[str, ...]
    classes: tuple[str, ...]
    per: str
    points: float
    on_homepage: bool | None = None
    measure: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    points: float
    public_services: bool
    deduct: tuple[Deduction, ...]


@dataclass(frozen=True)
class Bonus:
    name: str
    points: float


@dataclass(frozen=True)
class Score:
    total: float
    pass_mark: float
    bonus_threshold: float
    indicators: tuple[Indicator, ...]
    bonus: tuple[Bonus, ...]


@dataclass(frozen=True)
class Entries:
    future_grace_days: int
    publication_limit_workdays: int


@dataclass(frozen=True)
class LagWorkdays:
    strict: int
    lenient: int


@dataclass(frozen=True)
class Interpretation:
    mode: str
    lag_workdays: LagWorkdays
    missing_severity: str


@dataclass(frozen=True)
class Links:
    not_broken_errors: tuple[str, ...]
    blocked_status: tuple[int, ...]


@dataclass(frozen=True)
class Backdating:
    grace_days: int
    exclude_from_freshness: bool
    max_new_share: float


@dataclass(frozen=True)
class Duplicates:
    min_title_chars: int
    max_days_apart: int


@dataclass(frozen=True)
class Security:
    allow_domains: tuple[str, ...]
    spam_keywords: tuple[str, ...]
    legit_context: tuple[str, ...]
    legit_context_chars: int
    hidden_only_severity: str


@dataclass(frozen=True)
class Level:
    department_suffixes: tuple[str, ...]
    government_markers: tuple[str, ...]


S = TypeVar("S")


def _typed(cls: type[S], raw: Mapping[str, Any]) -> S:
    """`raw` (validated: every required key present; an optional one the schema lets a
    user leave out takes the dataclass's None) as the dataclass `cls`; lists become
    tuples, nested mappings and lists of mappings become their dataclasses."""
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    for name in (f.name for f in fields(cls)):  # type: ignore[arg-type]
        if name not in raw:
            continue
        value, hint = raw[name], hints[name]
        if isinstance(hint, type) and is_dataclass(hint):
            value = _typed(hint, value)
        elif isinstance(value, list):
            item = get_args(hint)[0]
            dc = isinstance(item, type) and is_dataclass(item)
            value = tuple(_typed(item, v) if dc else v for v in value)
        values[name] = value
    return cls(**values)


@dataclass(frozen=True)
class Heading:
    title: str
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    name: str
    from_year: int | None
    until_year: int | None
    check: bool
    headings: tuple[Heading, ...]

    def covers(self, year: int) -> bool:
        return (self.from_year is None or year >= self.from_year) and (
            self.until_year is None or year <= self.until_year
        )


@dataclass(frozen=True)
class Exemption:
    rules: tuple[str, ...]
    site: str | None = None
    column: str | None = None
    start: date | None = None
    end: date | None = None
    reason: str = ""

    def active(self, as_of: date) -> bool:
        return (self.start is None or as_of >= self.start) and (
            self.end is None or as_of <= self.end
        )


@dataclass(frozen=True)
class Profile:
    name: str
    data: dict[str, Any]
    sources: tuple[str, ...] = field(default=())
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def cached(self, key: str, make: Callable[[], Any]) -> Any:
        """A value derived from the profile, computed once (match keys of headings …)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    # Typed views of the validated `data`, which stays the single source (merging and
    # the stored copy of a run's profile work on it).
    def _view(self, key: str, cls: type[S]) -> S:
        view: S = self.cached(f"typed:{key}", lambda: _typed(cls, self.data[key]))
        return view

    @property
    def probes(self) -> Probes:
        return self._view("probes", Probes)

    @property
    def homepage(self) -> Homepage:
        return self._view("homepage", Homepage)

    @property
    def annual_report(self) -> AnnualReport:
        return self._view("annual_report", AnnualReport)

    @property
    def verdict(self) -> Verdict:
        return self._view("verdict", Verdict)

    @property
    def score(self) -> Score:
        return self._view("score", Score)

    @property
    def entries(self) -> Entries:
        return self._view("entries", Entries)

    @property
    def interpretation(self) -> Interpretation:
        return self._view("interpretation", Interpretation)

    @property
    def links(self) -> Links:
        return self._view("links", Links)

    @property
    def backdating(self) -> Backdating:
        return self._view("backdating", Backdating)

    @property
    def duplicates(self) -> Duplicates:
        return self._view("duplicates", Duplicates)

    @property
    def security(self) -> Security:
        return self._view("security", Security)

    @property
    def level(self) -> Level:
        return self._view("level", Level)

    @property
    def freshness(self) -> dict[str, int | None]:
        return dict(self.data["freshness"])

    def severity(self, rule_id: str, default: str) -> str:
        return str(self.data["severities"].get(rule_id, default))

    @property
    def templates(self) -> list[Template]:
        return [
            Template(
                t["name"],
                t.get("from_year"),
                t.get("until_year"),
                t["check"],
                tuple(Heading(h["title"], tuple(h.get("variants", ()))) for h in t["headings"]),
            )
            for t in self.data["annual_report"]["templates"]
        ]

    def template_for(self, year: int) -> Template | None:
        for t in self.templates:
            if t.covers(year):
                return t
        return None

    def deadline(self, year: int, level: str) -> date:
        """Publication deadline of the report on `year` for an agency of `level`."""
        for d in self.data["annual_report"]["deadlines"]:
            if d.get("from_year", year) <= year <= d.get("until_year", year):
                month, day = (int(x) for x in d[level].split("-"))
                return date(year + 1, month, day)
        raise ProfileError(f"annual_report.deadlines: no entry covers report year {year}")

    def exemptions(self, site_url: str, site_options: list[str]) -> list[Exemption]:
        out = []
        for e in self.data["exemptions"]:
            if e.get("site") and url_key(e["site"]) != url_key(site_url):
                continue
            out.append(
                Exemption(
                    tuple(e["rules"]),
                    e.get("site"),
                    e.get("column"),
                    e.get("from"),
                    e.get("until"),
                    e.get("reason", ""),
                )
            )
        per_site = list(site_options) + list(self.site(site_url).get("exempt", []))
        for spec in per_site:
            rule_pat, _, column = str(spec).partition(":")
            out.append(
                Exemption((rule_pat.strip(),), site_url, column.strip() or None, reason="报备")
            )
        return out

    def site(self, site_url: str) -> dict[str, Any]:
        for url, opts in self.data["sites"].items():
            if url_key(url) == url_key(site_url):
                return dict(opts)
        return {}


# ---- loading -----------------------------------------------------------------------


def _read(path: Path) -> dict[str, Any]:
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as e:
        raise ProfileError(f"{path}: cannot read profile ({e.strerror or e})") from None
    return copy.deepcopy(_parse(str(path), stamp))


@lru_cache(maxsize=32)
def _parse(path: str, _stamp: int) -> dict[str, Any]:
    """Parsed once per file version: a monitor checks thousands of runs with one profile."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise ProfileError(f"{path}: cannot read profile ({e.strerror or e})") from None
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as e:
        raise ProfileError(f"{path}: not valid YAML ({e})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: a profile is a mapping of keys, got {type(data).__name__}")
    return data


@lru_cache(maxsize=4)
def _national(_stamp: int) -> Profile:
    national = _read(NATIONAL)
    return Profile(str(national.get("name", "national")), validate(national), (str(NATIONAL),))


def merge(base: dict[str, Any], over: Mapping[str, Any], path: str = "") -> dict[str, Any]:
    """`over` merged into a copy of `base` (mappings by key; lists replace; `key+` appends)."""
    out = copy.deepcopy(base)
    for key, value in over.items():
        key = str(key)
        if key.endswith("+"):
            name = key[:-1]
            sub = f"{path}.{name}" if path else name
            current = out.get(name, [])
            if not isinstance(current, list) or not isinstance(value, list):
                raise ProfileError(f"{sub}+: appending needs a list here, got {value!r}")
            out[name] = current + list(value)
        elif isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value, f"{path}.{key}" if path else key)
        else:
            out[key] = copy.deepcopy(value)
    return out


def validate(data: Mapping[str, Any]) -> dict[str, Any]:
    return dict(_SCHEMA(data, ""))


def load_profile(
    path: str | Path | Mapping[str, Any] | None = None, *, base: Profile | None = None
) -> Profile:
    """The national profile, or `path` (a YAML file or a mapping) merged over `base`
    (default: national). Raises `ProfileError` naming the offending key."""
    if base is None:
        base = _national(NATIONAL.stat().st_mtime_ns)
    if path is None:
        return base
    if isinstance(path, Mapping):
        over, source = dict(path), "<mapping>"
    else:
        over, source = _read(Path(path)), str(path)
    try:
        data = validate(merge(base.data, over))
    except ProfileError as e:
        raise ProfileError(f"{source}: {e}") from None
    name = str(over.get("name") or (Path(source).stem if source != "<mapping>" else base.name))
    data["name"] = name
    return Profile(name, data, base.sources + (source,))
