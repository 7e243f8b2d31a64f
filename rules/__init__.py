"""The rules engine: stored crawl facts → findings with evidence → a verdict (SPEC §4).

Public API (used by `xxgk check`):

    from rules import check_run, check_latest, summarize, load_profile, ProfileError
"""

from rules.engine import CheckResult, check_latest, check_run, summarize
from rules.profile import Profile, ProfileError, load_profile
from rules.registry import Finding, rule

__all__ = [
    "CheckResult",
    "Finding",
    "Profile",
    "ProfileError",
    "check_latest",
    "check_run",
    "load_profile",
    "rule",
    "summarize",
]
