"""Column classes from titles, through the data file `data/vocabulary.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from xxgk.text import has_traditional, normalize

DEFAULT = Path(__file__).with_name("data") / "vocabulary.yaml"
CATEGORIES = ("news", "notice", "policy", "personnel", "plan", "annual_report", "other")


@dataclass(frozen=True)
class Vocabulary:
    # (keyword, class, category), longest keyword first
    keywords: tuple[tuple[str, str, str], ...]

    def classify(self, title: str, path: str = "") -> tuple[str, str]:
        """(category, class) of a column: its own title first, then the breadcrumb from
        the nearest ancestor outwards; ("other", "other") when nothing matches."""
        candidates = [title] + list(reversed([p for p in path.split(" > ") if p]))
        # A mirror converted with Taiwan phrasing writes 檔案 for 文件: read that way only
        # when the mainland reading finds nothing (档案 is a mainland word too).
        for text in candidates:
            readings = [normalize(text)]
            if has_traditional(text):
                readings.append(normalize(text, taiwan=True))
            for norm in readings:
                for word, cls, category in self.keywords:
                    if word in norm:
                        return category, cls
        return "other", "other"


def load(path: str | Path | None = None) -> Vocabulary:
    return _load(str(path or DEFAULT))


@cache
def _load(path: str) -> Vocabulary:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    rows = []
    for cls, spec in data["classes"].items():
        category = spec.get("category", "other")
        if category not in CATEGORIES:
            raise ValueError(
                f"{path}: classes.{cls}.category: {category!r} is not one of {CATEGORIES}"
            )
        rows += [(normalize(k), cls, category) for k in spec["keywords"]]
    rows.sort(key=lambda r: len(r[0]), reverse=True)
    return Vocabulary(tuple(rows))
