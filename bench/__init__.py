"""`make bench`: a generated portal served by nginx on loopback, crawled by a bare Scrapy
spider and by `xxgk crawl`; date-parsing cost; `xxgk check` on a million-entry database.

Modules: `portal` (the generator), `server` (nginx, or a TCP_NODELAY stdlib fallback,
and a server-side request counter), `bare` (the link-following baseline spider),
`dates_bench`, `checkdb`, `profile` (`--profile`) and `run` (the entry point,
`python -m bench.run`).
"""
