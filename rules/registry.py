"""The rule registry: one decorator, one dict, one discovery function.

A rule is a pure function ``(facts: RunFacts, ctx: Context) -> Iterable[Finding]``
registered under its stable SPEC §4 id, declared (label, section, default severity,
依据) in `xxgk.rulebook`::

    @rule("column.stale")
    def stale(facts, ctx):
        '''依据：…'''
        ...

The engine iterates `all_rules()` and never switches on a rule id. Rules live in the
modules of `rules.checks`; `all_rules()` imports every module there, so adding a rule
is its `RuleSpec` in `xxgk/rulebook.py`, a decorated function (or a module) in that
package, its severity in the profile and its tests — nothing else changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from xxgk.rulebook import ENGINE_IDS, EXTRA_IDS, SPEC_BY_ID, SPEC_IDS

if TYPE_CHECKING:
    from rules.facts import Context, RunFacts


@dataclass
class Finding:
    """What a rule yields. The engine adds the rule id, resolves the severity from the
    profile, applies exemptions and computes the fingerprint.

    `cannot_tell=True` marks "we could not judge" (severity info, details carry
    ``{"cannot_tell": true, "reason": …}``): never a failure.
    `key` is an extra fingerprint part for findings that have neither column, url nor
    year to tell them apart (e.g. the title of a missing column).
    """

    message: str
    details: dict[str, Any] = field(default_factory=dict)
    column_id: int | None = None
    url: str | None = None
    year: int | None = None
    severity: str | None = None
    cannot_tell: bool = False
    reason: str | None = None
    key: str | None = None


RuleFunc = Callable[["RunFacts", "Context"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    func: RuleFunc

    @property
    def doc(self) -> str:
        return self.func.__doc__ or ""


REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register `func` as the rule `rule_id`, declared in `xxgk.rulebook` with its label,
    section and default severity (the profile may override it under ``severities``)."""
    spec = SPEC_BY_ID.get(rule_id)
    if spec is None:
        raise ValueError(f"{rule_id}: no RuleSpec in xxgk/rulebook.py declares this id")

    def register(func: RuleFunc) -> RuleFunc:
        existing = REGISTRY.get(rule_id)
        if existing is not None and existing.func.__qualname__ != func.__qualname__:
            raise ValueError(
                f"rule id {rule_id!r} registered twice "
                f"({existing.func.__module__} and {func.__module__})"
            )
        REGISTRY[rule_id] = Rule(rule_id, spec.severity, func)
        return func

    return register


_loaded = False


def load_rules() -> None:
    """Import every module of `rules.checks` (registration happens on import)."""
    global _loaded
    if _loaded:
        return
    import rules.checks as pkg

    for mod in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        importlib.import_module(f"{pkg.__name__}.{mod.name}")
    _loaded = True


def all_rules() -> list[Rule]:
    load_rules()
    return list(REGISTRY.values())


def known_ids() -> tuple[str, ...]:
    return SPEC_IDS + EXTRA_IDS + ENGINE_IDS
