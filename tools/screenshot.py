"""Headless Chromium: a screenshot and the DOM of a rendered report (tests, README)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

A4_WINDOW = (1240, 1754)  # A4 at 150 dpi
_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _run(html: Path, extra: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    exe = chromium()
    if exe is None:
        raise FileNotFoundError("chromium is not installed")
    with tempfile.TemporaryDirectory(prefix="xxgk-chromium-") as profile:
        cmd = [exe, *_FLAGS, f"--user-data-dir={profile}", *extra, Path(html).resolve().as_uri()]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)


def screenshot(
    html: Path, png: Path, window: tuple[int, int] = A4_WINDOW, timeout: float = 90
) -> Path:
    png = Path(png)
    png.parent.mkdir(parents=True, exist_ok=True)
    _run(html, [f"--screenshot={png.resolve()}", f"--window-size={window[0]},{window[1]}"], timeout)
    return png


def dump_dom(html: Path, timeout: float = 90) -> str:
    return _run(html, ["--dump-dom"], timeout).stdout
