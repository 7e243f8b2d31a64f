"""Scrapy settings for xxgk-audit: the one place that reads the environment.

Politeness adapts to the server (AutoThrottle): few concurrent requests per host, the
delay following response latency, so the same defaults are gentle on a struggling
government server and fast on a local portal. Every XXGK_* knob is settable from the
CLI (`xxgk crawl --help`) or `scrapy crawl portal -s NAME=VALUE`.
"""

import os


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


BOT_NAME = "xxgk-audit"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = _env(
    "XXGK_USER_AGENT",
    # ASCII only: header values travel as latin-1.
    "xxgk-audit/0.1 (government disclosure monitoring; +https://github.com/xxgk-audit/xxgk-audit)",
)
ROBOTSTXT_OBEY = _env("XXGK_ROBOTSTXT_OBEY", "1") not in ("0", "false", "no")

AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_DELAY = 0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Sites of one round crawled at the same time on one server IP (a region's 集约化平台
# hosts hundreds): with 1, a shared server sees one site's 4 requests at most.
XXGK_SITES_PER_SERVER = int(_env("XXGK_SITES_PER_SERVER", "1"))

DOWNLOAD_TIMEOUT = 30
# An enormous page is a fault to record, not something to parse: 8 MB is far above
# any real list or article page.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
# Scrapy re-parses the source of generator callbacks on every response to warn about
# `return value` in them; our callbacks return nothing and the check costs ~4 % CPU.
WARN_ON_GENERATOR_RETURN_VALUE = False
LOG_LEVEL = _env("XXGK_LOG_LEVEL", "INFO")

# Caps that bound every crawl (crawler traps such as endless calendars stop here,
# with a recorded warning in runs.stats.capped).
CLOSESPIDER_PAGECOUNT = int(_env("XXGK_MAX_PAGES", "50000"))
XXGK_MAX_COLUMNS = int(_env("XXGK_MAX_COLUMNS", "400"))
XXGK_MAX_COLUMN_DEPTH = int(_env("XXGK_MAX_COLUMN_DEPTH", "4"))
XXGK_MAX_LIST_PAGES = int(_env("XXGK_MAX_LIST_PAGES", "100"))
# Articles opened per list column. 0 (the default) is a complete audit: every article,
# so broken links, 暗链 and backdating in old articles are seen too. N > 0 samples the
# newest N for a quick look (articles needed for a date or an annual report are always
# opened).
XXGK_ARTICLES_PER_COLUMN = int(_env("XXGK_ARTICLES_PER_COLUMN", "0"))
XXGK_PAGE_TEXT_CHARS = 200_000
# A site crawled before is crawled incrementally (crawler/incremental.py) on top of its
# last completed run, unless its last full crawl is this many days old (0: always full).
XXGK_FULL_EVERY_DAYS = int(_env("XXGK_FULL_EVERY_DAYS", "7"))
# Column-title vocabulary (title → category); None is the bundled xxgk/data/vocabulary.yaml.
XXGK_VOCABULARY = _env("XXGK_VOCABULARY", "") or None

# Column and list pages are kept and revalidated on the next crawl (crawler/cache.py):
# crawler/run.py turns it on, keeping them beside the database (DB.httpcache/).
HTTPCACHE_ENABLED = False
HTTPCACHE_POLICY = "crawler.cache.RevalidatePolicy"
HTTPCACHE_STORAGE = "scrapy.extensions.httpcache.FilesystemCacheStorage"
HTTPCACHE_GZIP = True

ITEM_PIPELINES = {"crawler.pipelines.SQLitePipeline": 300}
# Before robots.txt and retries: a request beyond --max-pages never leaves the process.
DOWNLOADER_MIDDLEWARES = {"crawler.middlewares.PageBudget": 60}
EXTENSIONS = {"crawler.progress.CrawlProgress": 500}
XXGK_PROGRESS = False
