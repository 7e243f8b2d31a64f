"""What may become a link, a file name or a spreadsheet cell."""

from __future__ import annotations

import pytest

from reports.safety import clean_text, link_url, xlsx_value
from xxgk.urls import host_slug


@pytest.mark.parametrize(
    "url",
    [
        "http://www.example.gov.cn/",
        "https://www.example.gov.cn/a/b.html?x=1&y=2#frag",
        "HTTPS://WWW.EXAMPLE.GOV.CN/",
        "http://127.0.0.1:8080/xxgk/",
    ],
)
def test_http_urls_are_links(url: str) -> None:
    assert link_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/",
        "/relative/path.html",
        "http:/missing-slash",
        "https://",
        'https://ok.example/"onmouseover="alert(1)',
        "https://ok.example/<script>",
        "https://ok.example/a b",
        "http://ok.example/\nhttp://evil",
        "",
        None,
        42,
    ],
)
def test_everything_else_is_text(url: object) -> None:
    assert link_url(url) is None


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://www.example.gov.cn/", "www.example.gov.cn"),
        ("http://127.0.0.1:38893/", "127.0.0.1_38893"),
        ("http://../../etc/passwd", "site"),
        ("https://a..b/", "a.b"),
        ("file:///etc/passwd", "site"),
        ("", "site"),
        (None, "site"),
        ("not a url at all", "site"),
        ("http://[::1]:80/", "1_80"),
        ("https://文化.政务.cn/", "xn--cjrz24b.xn--zfr164b.cn"),
    ],
)
def test_host_slug(url: str | None, slug: str) -> None:
    assert host_slug(url) == slug


def test_host_slug_is_short_and_plain() -> None:
    slug = host_slug("https://" + "a" * 300 + ".example/")
    assert len(slug) <= 80 and "/" not in slug


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("普通文字", "普通文字"),
        ("a=b", "a=b"),
        ("x\x00y\x1b", "xy"),
        (12, 12),
        (1.5, 1.5),
        (None, None),
    ],
)
def test_xlsx_values_never_formulas(value: object, cell: object) -> None:
    assert xlsx_value(value) == cell


def test_xlsx_value_cut_to_cell_limit() -> None:
    assert len(str(xlsx_value("长" * 40000))) == 32767


def test_clean_text_keeps_newlines_drops_controls() -> None:
    assert clean_text("a\nb\x07c") == "a\nbc"
    assert clean_text(None) == ""
