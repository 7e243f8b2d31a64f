"""Finding the 信息公开 section from a homepage: link text first, then the URL folder."""

from scrapy.http import HtmlResponse

from crawler.page import read_page
from crawler.spiders.portal import PortalSpider

HOME = "http://www.example.gov.cn/"


def candidates(links: str) -> list[tuple[str, str]]:
    body = f"<html><body><ul>{links}</ul></body></html>".encode()
    reading = read_page(HtmlResponse(HOME, body=body, encoding="utf-8"))
    spider = PortalSpider(start_url=HOME)
    return [(lk.title, lk.url.removeprefix(HOME)) for lk in spider._section_links(reading)]


def test_link_text_beats_folder_and_lookalikes_are_skipped():
    found = candidates(
        "<li><a href='/zwgk/'>阳光政务</a></li>"
        "<li><a href='/xxgk/zn/'>信息公开指南</a></li>"
        "<li><a href='/col/col1/'>政府信息公开</a></li>"
    )
    assert found == [("政府信息公开", "col/col1/"), ("阳光政务", "zwgk/")]


def test_traditional_mirror_phrase_variant_is_a_section_link():
    assert candidates("<li><a href='/xxgk/'>資訊公開</a></li>") == [("資訊公開", "xxgk/")]


def test_an_image_link_into_the_section_folder_is_a_candidate():
    found = candidates("<li><a href='/zfxxgk/index.html'><img src='x.png'></a></li>")
    assert found == [("", "zfxxgk/index.html")]


def test_no_candidate_without_text_or_folder_evidence():
    assert (
        candidates("<li><a href='/news/'>新闻中心</a></li><li><a href='/bsfw/'>办事服务</a></li>")
        == []
    )
