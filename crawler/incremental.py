"""An incremental crawl: what the site's last completed run already read.

A column's list is read from its first page until a page holds nothing new (every
entry on it was in the column last time); the rest of the list is taken over from the
last run. An article read last time is not fetched again: its entry, page facts and
the link checks made from it are taken over. Everything else — homepage, section,
column pages, new list pages, new articles, new links — is fetched as in a full crawl,
so an empty, stale or vanished column is seen as in a full audit. What an incremental
crawl cannot see (an old article edited in place, a link that broke on an old page) is
why a full crawl runs every few days (XXGK_FULL_EVERY_DAYS).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.items import EntryFound
from xxgk import storage
from xxgk.urls import url_key


@dataclass
class PriorColumn:
    list_pages: int = 1
    truncated: str | None = None  # the reason, when the list was not read to its end
    entries: dict[str, EntryFound] = field(default_factory=dict)  # by url_key


@dataclass
class Prior:
    run_id: int
    columns: dict[str, PriorColumn] = field(default_factory=dict)  # by url_key
    articles: set[str] = field(default_factory=set)  # url_key of article pages read
    found_on: dict[str, str] = field(default_factory=dict)  # url_key → page that linked it

    @classmethod
    def load(cls, db_path: str, run_id: int) -> Prior:
        db = storage.open_db(db_path)
        try:
            prior = cls(run_id, articles={url_key(u) for u in storage.read_articles(db, run_id)})
            prior.found_on = {
                url_key(f["url"]): f["found_on"]
                for f in storage.fetches(db, run_id)
                if f["found_on"]
            }
            for r in storage.prior_entries(db, run_id):
                column = prior.columns.get(url_key(r["column_url"]))
                if column is None:
                    truncated = (r["reason"] or "列表未读完") if r["truncated"] else None
                    column = PriorColumn(r["list_pages"] or 1, truncated)
                    prior.columns[url_key(r["column_url"])] = column
                column.entries[url_key(r["url"])] = EntryFound(
                    r["url"], r["title"], r["published"], r["date_text"], r["date_source"]
                )
        finally:
            db.conn.close()
        return prior

    def column(self, column_url: str) -> PriorColumn:
        return self.columns.get(url_key(column_url)) or PriorColumn()

    def known(self, column_url: str, entry_urls: list[str]) -> bool:
        """Every entry of a list page was in the column last time."""
        before = self.column(column_url).entries
        return bool(entry_urls) and all(url_key(u) in before for u in entry_urls)

    def article(self, column_url: str, entry_url: str, published: str | None) -> EntryFound | None:
        """The entry as stored last time, when its article was read then and the list
        shows what it showed then — the same date, or again none (a full crawl would
        derive the same row from the same article)."""
        key = url_key(entry_url)
        old = self.column(column_url).entries.get(key) if key in self.articles else None
        if old is None:
            return None
        if published:
            same = old.date_source == "list" and old.published == published
        else:
            same = old.date_source != "list"
        return old if same else None

    def rest(self, column_url: str, seen: set[str]) -> list[EntryFound]:
        """The column's entries of last time not seen in this crawl."""
        return [e for k, e in self.column(column_url).entries.items() if k not in seen]
