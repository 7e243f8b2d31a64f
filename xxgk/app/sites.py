"""SITES.yaml (SPEC §2): read, checked entry by entry, de-duplicated.

Every problem names the file and line, before any network work. The natural forms are
accepted: a site may be a bare URL string, `exempt` a single rule id or a list, `tags`
a mapping. A site listed twice (same URL key) is audited once, with a warning: twice
would count it twice in 合格率 and mark its findings 仍存在 against itself.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from xxgk.urls import url_key

LEVELS = ("department", "government")
KNOWN_KEYS = ("url", "name", "level", "tags", "profile", "exempt", "public_services")


class SitesError(ValueError):
    """A sites file that cannot be used, as one line: `file:line: what is wrong`."""


def load(
    path: str, url_problem: Callable[[str], str | None], rule_ids: tuple[str, ...]
) -> tuple[list[dict[str, Any]], list[str]]:
    """(sites, warnings). `url_problem` says why a URL cannot be crawled; `rule_ids`
    are the rules an `exempt` entry may name (glob patterns allowed)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        root = yaml.compose(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise SitesError(f"{path}: 无法读取（{exc}）") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise SitesError(
            f"{path}{where}: 不是有效的 YAML（{getattr(exc, 'problem', exc)}）"
        ) from None
    if root is not None and isinstance(root, yaml.MappingNode):
        node = next((v for k, v in root.value if k.value == "sites"), None)
    else:
        node = root  # a bare list of sites is the natural short form
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise SitesError(f"{path}:{_line(root)}: 需要 `sites:` 及至少一个站点")
    sites: list[dict[str, Any]] = []
    warnings: list[str] = []
    seen: dict[str, int] = {}
    for item in node.value:
        where = f"{path}:{_line(item)}"
        site = _site(item, where, Path(path).parent, url_problem, rule_ids, warnings)
        key = url_key(site["url"])
        if key in seen:
            warnings.append(f"{where}: 站点 {site['url']} 与第 {seen[key]} 行重复，只检查一次")
            continue
        seen[key] = _line(item)
        sites.append(site)
    return sites, warnings


def _line(node: Any) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def _site(
    node: Any,
    where: str,
    base: Path,
    url_problem: Callable[[str], str | None],
    rule_ids: tuple[str, ...],
    warnings: list[str],
) -> dict[str, Any]:
    value = yaml.safe_load(yaml.serialize(node))
    if isinstance(value, str):
        value = {"url": value}
    if not isinstance(value, dict):
        raise SitesError(f"{where}: 站点应是带 url 的映射或一个网址，而不是 {_kind(value)}")
    unknown = sorted(str(k) for k in value if k not in KNOWN_KEYS)
    if unknown:  # SPEC §2 welcomes more keys; a typo of a known one must still be seen
        warnings.append(
            f"{where}: 不使用的键 {', '.join(unknown)}（已知：{', '.join(KNOWN_KEYS)}）"
        )
    url = value.get("url")
    if url is None:
        raise SitesError(f"{where}: 缺少 url")
    if not isinstance(url, str):
        raise SitesError(f"{where}: url 应是网址文本，而不是 {_kind(url)}")
    problem = url_problem(url.strip())
    if problem:
        raise SitesError(f"{where}: url {url[:80]!r} 无法抓取：{problem}")
    site: dict[str, Any] = {"url": url.strip()}
    name = value.get("name")
    if name is not None:
        if not isinstance(name, str | int | float):
            raise SitesError(f"{where}: name 应是文本，而不是 {_kind(name)}")
        site["name"] = str(name)
    level = value.get("level")
    if level is not None:
        if level not in LEVELS:
            raise SitesError(f"{where}: level 应是 {' 或 '.join(LEVELS)}，而不是 {level!r}")
        site["level"] = level
    tags = value.get("tags")
    if tags is not None:
        if not isinstance(tags, dict):
            raise SitesError(
                f"{where}: tags 应是映射（如 {{region: 某某市}}），而不是 {_kind(tags)}"
            )
        site["tags"] = tags
    profile = value.get("profile")
    if profile is not None:
        if not isinstance(profile, str) or not (base / profile).is_file():
            raise SitesError(f"{where}: profile 文件 {profile!r} 不存在")
        site["profile"] = str((base / profile).resolve())  # named relative to the sites file
    exempt = value.get("exempt")
    if exempt is not None:
        site["exempt"] = _exempt(exempt, where, rule_ids)
    services = value.get("public_services")
    if services is not None:  # false: a department without them, scored out of 75 (rules/score.py)
        if not isinstance(services, bool):
            raise SitesError(f"{where}: public_services 应是 true 或 false，而不是 {services!r}")
        site["public_services"] = services
    return site


def _exempt(value: Any, where: str, rule_ids: tuple[str, ...]) -> list[str]:
    specs = [value] if isinstance(value, str) else value
    if not isinstance(specs, list) or not all(isinstance(s, str) for s in specs):
        raise SitesError(f"{where}: exempt 应是规则编号或其列表，而不是 {_kind(value)}")
    for spec in specs:
        pattern = spec.partition(":")[0].strip()
        if not fnmatch.filter(rule_ids, pattern):
            raise SitesError(f"{where}: exempt 中的 {pattern!r} 不是已知的规则编号")
    return [s.strip() for s in specs]


def _kind(value: Any) -> str:
    names = {dict: "映射", list: "列表", int: "数字", float: "数字", bool: "布尔值"}
    return "空值" if value is None else names.get(type(value), type(value).__name__)
