"""What a failed request means, in Chinese, and whether the site is to blame.

Scrapy's failures arrive as English exception text (`DOWNLOAD_MAXSIZE`,
`ResponseDataLossError`, Twisted errors); the run, the fetch log and the report need
one short Chinese sentence. A page that answered but that we would not read (too big,
cut short, beyond the crawl's own caps) is not "unreachable": the column becomes
`unreadable` (we cannot tell), never a finding against the site's availability.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.exceptions import IgnoreRequest, ResponseDataLossError
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.middlewares import PageCapReached

_NETWORK_ERRORS = (
    ("ConnectionRefused", "连接被拒绝"),
    ("DNSLookup", "域名无法解析（DNS）"),
    ("CannotResolveHost", "域名无法解析（DNS）"),
    ("Timeout", "请求超时"),
    ("TimedOut", "请求超时"),
    ("ConnectionLost", "连接中断"),
    ("ConnectionDone", "连接中断"),
    ("ResponseNeverReceived", "服务器未返回响应"),
    ("SSL", "HTTPS 证书或握手错误"),
)


@dataclass(frozen=True)
class Fault:
    reason: str
    # True: the server answered but we would not read the page (too big, cut short) or
    # our own page cap stopped it; the page is unreadable, not unreachable. A robots.txt
    # ban stays `unreachable` with its reason, as the column tests record.
    answered: bool


def describe(failure) -> Fault:
    if failure.check(HttpError):
        return Fault(f"HTTP {failure.value.response.status}", answered=False)
    if failure.check(PageCapReached):
        return Fault(str(failure.value), answered=True)
    message = str(failure.value) or failure.type.__name__
    lowered = message.lower()
    if "max size" in lowered or "download_maxsize" in lowered:
        return Fault("页面过大，超过下载上限，未读取", answered=True)
    if failure.check(ResponseDataLossError) or "dataloss" in lowered:
        return Fault("响应数据不完整（实际长度与声明的 Content-Length 不符）", answered=True)
    if failure.check(IgnoreRequest):
        if "robots" in lowered:
            return Fault("robots.txt 禁止抓取", answered=False)
        if "redirect" in lowered:
            return Fault("重定向次数过多（循环重定向）", answered=False)
    for marker, reason in _NETWORK_ERRORS:
        if marker in failure.type.__name__ or marker in message:
            return Fault(reason, answered=False)
    # An error we have no sentence for: its class names it; the English text stays out
    # of the report.
    return Fault(f"抓取出错（{failure.type.__name__}）", answered=False)
