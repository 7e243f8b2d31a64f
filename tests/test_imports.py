"""The layout is the architecture (README, development): the shared core imports no
stage, the stages import each other never, and only the CLI and the application layer
see everything."""

import ast

import pytest

from tests.conftest import ROOT

STAGES = ("crawler", "rules", "reports")
UPPER = ("xxgk.app", "xxgk.cli", "xxgk.demo")


def _module(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{a.name}" for a in node.names)


def _within(name, packages):
    return any(name == p or name.startswith(p + ".") for p in packages)


def _forbidden(module):
    # the core: every module of xxgk but the application layer, the CLI and the demo
    if _within(module, ("xxgk",)) and module != "xxgk" and not _within(module, UPPER):
        return STAGES + UPPER
    for stage in STAGES:
        if _within(module, (stage,)):
            return tuple(s for s in STAGES if s != stage) + UPPER
    return ()


FILES = sorted(
    p for pkg in ("xxgk", *STAGES) for p in (ROOT / pkg).rglob("*.py") if _forbidden(_module(p))
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_layer_imports_only_what_is_below_it(path):
    banned = _forbidden(_module(path))
    wrong = sorted({n for n in _imports(path) if _within(n, banned)})
    assert not wrong, f"{path.relative_to(ROOT)} imports {wrong}"


def test_the_core_and_every_stage_are_covered():
    covered = {_module(p).split(".")[0] for p in FILES} | {_module(p) for p in FILES}
    assert set(STAGES) <= covered and {"xxgk.storage", "xxgk.text", "xxgk.urls"} <= covered
