"""URL identity (xxgk/urls.py): each function answers one question."""

import pytest

from xxgk.urls import (
    bare_host,
    host_of,
    in_domains,
    is_offsite,
    registrable_domain,
    same_site,
    url_key,
)


@pytest.mark.parametrize(
    "a, b",
    [
        ("http://www.a.gov.cn/", "https://a.gov.cn"),
        ("https://a.gov.cn/xxgk/index.html", "http://A.gov.cn/xxgk/"),
        ("a.gov.cn/xxgk/default.shtml#top", "//www.a.gov.cn/xxgk"),
        ("http://a.gov.cn/list?page=2", "https://www.a.gov.cn/list?page=2"),
    ],
)
def test_url_key_one_page_many_spellings(a, b):
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("http://a.gov.cn/list?page=1", "http://a.gov.cn/list?page=2"),
        ("http://a.gov.cn/XXGK/", "http://a.gov.cn/xxgk/"),  # paths are case-sensitive
        ("http://b.a.gov.cn/", "http://a.gov.cn/"),
    ],
)
def test_url_key_different_pages(a, b):
    assert url_key(a) != url_key(b)


def test_url_key_of_nothing():
    assert url_key(None) == url_key("") == ""


def test_hosts():
    assert host_of("https://WWW.A.gov.cn:8080/x") == "www.a.gov.cn"
    assert host_of("/relative/page.html") == host_of(None) == ""
    assert bare_host("WWW.a.gov.cn:80") == bare_host("a.gov.cn.") == "a.gov.cn"


@pytest.mark.parametrize(
    "host, site, same",
    [
        ("www.a.gov.cn", "a.gov.cn", True),
        ("xxgk.a.gov.cn", "www.a.gov.cn", True),  # a subdomain
        ("a.gov.cn", "xxgk.a.gov.cn", True),  # the parent
        ("a.gov.cn:8080", "a.gov.cn", True),
        ("b.gov.cn", "a.gov.cn", False),
        ("evil-a.gov.cn", "a.gov.cn", False),  # a suffix of the name is not a subdomain
        ("a.gov.cn.evil.com", "a.gov.cn", False),
    ],
)
def test_same_site_and_offsite(host, site, same):
    assert same_site(host, site) is same
    assert is_offsite(f"http://{host}/p.html", f"https://{site}/") is not same


def test_in_domains():
    allow = ["gov.cn", "beian.miit.gov.cn", "51.la"]
    assert in_domains("www.gov.cn", allow)
    assert in_domains("GOV.CN.", allow)
    assert in_domains("js.51.la", allow)
    assert not in_domains("evilgov.cn", allow)
    assert not in_domains("51.la.evil.com", allow)


def test_registrable_domain_by_public_suffix():
    assert registrable_domain("https://www.a.gov.cn/x") == "a.gov.cn"
    assert registrable_domain("http://b.a.gov.cn") == "a.gov.cn"
    assert registrable_domain("http://localhost:8000/") == "localhost"
