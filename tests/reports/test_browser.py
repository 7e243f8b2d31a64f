"""A real browser opens the report: headless Chromium screenshot and DOM.

The screenshot is kept at build/report.png (a CI artefact). Skipped, with the reason,
only where chromium is not installed (.ci/run installs the Debian package).
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest

from reports import render
from tools import report_sample, screenshot
from xxgk import storage

BUILD = Path(__file__).resolve().parents[2] / "build"

pytestmark = pytest.mark.skipif(
    screenshot.chromium() is None,
    reason="chromium is not installed (apt-get install chromium); .ci/run installs it",
)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered scanlines of an 8-bit RGB/RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, bpp = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = prev[i]
            ul = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + left) & 0xFF
            elif ftype == 2:
                line[i] = (line[i] + up) & 0xFF
            elif ftype == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif ftype == 4:
                p = left + up - ul
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - ul)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else ul)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def colours(rows: list[bytes], bpp: int, step: int = 7) -> set[bytes]:
    seen: set[bytes] = set()
    for line in rows[::step]:
        for x in range(0, len(line), bpp * step):
            seen.add(line[x : x + 3])
    return seen


def test_report_renders_in_chromium(db) -> None:
    runs = report_sample.build(db)
    html = render.render_site(db, runs[-1], BUILD / "report", ("html",))[0]
    png = screenshot.screenshot(html, BUILD / "report.png")
    data = png.read_bytes()
    width, height, rows = png_pixels(data)
    assert (width, height) == screenshot.A4_WINDOW
    bpp = len(rows[0]) // width
    seen = colours(rows, bpp)
    assert len(seen) > 20, f"screenshot looks blank: {len(seen)} colours"
    # the page is mostly white paper with dark text on it, not one flat colour
    assert b"\xff\xff\xff" in seen
    assert any(max(c) < 100 for c in seen), "no dark (text) pixels"


def test_hostile_report_dom_in_chromium(fx, tmp_path: Path) -> None:
    html = render.render_site(fx.db, fx.a2, tmp_path, ("html",))[0]
    dom = screenshot.dump_dom(html)
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title and "监测评估反馈报告" in title.group(1)
    assert "某某市&lt;b&gt;测试&lt;/b&gt;局" in title.group(1)
    # after the browser parsed it, the hostile data is still text, never an element
    assert "<script" not in dom.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert not re.search(r'href="(?!https?://|#)', dom)
    shown = len(storage.findings(fx.db, fx.a2)) + len(storage.resolved_findings(fx.db, fx.a2))
    assert dom.count('class="finding ') == shown
