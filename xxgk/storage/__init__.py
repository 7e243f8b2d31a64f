"""The database: the seam between crawl, check and report (SPEC §3, §6).

All schema knowledge and every SQL statement of the product live in this package;
crawler, rules and reports call the named functions re-exported here
(`storage.start_run(db, …)`, `storage.newest_entries(db, …)`).

schema — tables, migrations, `open_db` · runs — runs and their owner process ·
crawl — columns, entries, pages, fetches, redirects · queries — the rules' targeted
reads · findings — findings and their change since the last run · probes — homepage
availability visits · carry — what an incremental crawl takes over from the last run ·
rounds — monitoring rounds and what a killed one left to do ·
reviews — reviewers' decisions on findings · history — 合格率 per round and each
site's verdict per round · scores — each run's score and a site's scores over time ·
shards — a Redis worker's crawl of one site and its merge into the round's database
(used as `storage.shards` by the application layer only).
"""

from xxgk.storage.base import dumps, loads, now
from xxgk.storage.carry import baseline, carry_pages, prior_entries, read_articles
from xxgk.storage.crawl import (
    articles_labelled,
    column_urls,
    columns,
    columns_by_id,
    columns_listing,
    entries,
    fetches,
    insert_column,
    insert_many,
    monthly_counts,
    pages,
    redirects,
    update_column,
)
from xxgk.storage.findings import (
    findings,
    not_rechecked_findings,
    replace_findings,
    resolved_findings,
)
from xxgk.storage.history import pass_rate, round_verdicts, verdict_history
from xxgk.storage.probes import insert_probes, probe_history
from xxgk.storage.queries import (
    column_entries,
    column_history,
    entries_after,
    entries_by_id,
    entry_scan,
    entry_titles,
    failed_fetches,
    fetched_ok,
    newest_entries,
    old_entry_counts,
    run_entries,
    unseen_old_entries,
)
from xxgk.storage.reviews import (
    DECISIONS,
    current_reviews,
    findings_by_fingerprint,
    insert_reviews,
    reviews,
)
from xxgk.storage.rounds import (
    DONE_STATUSES,
    claim_round,
    finish_round,
    round_owner,
    round_runs,
    sites_key,
    start_round,
    unfinished_round,
)
from xxgk.storage.runs import (
    HEARTBEAT_SECONDS,
    HEARTBEAT_STALE,
    close_dead_runs,
    close_runs,
    dead_run_reason,
    finish_run,
    get_run,
    heartbeat,
    latest_runs,
    previous_run,
    start_run,
    update_run,
)
from xxgk.storage.schema import (
    BUSY_SECONDS,
    COLUMN_STATES,
    MIGRATIONS,
    RUN_STATUSES,
    SEVERITIES,
    STATE_LABELS,
    TABLES,
    StorageError,
    bulk_writes,
    db_file,
    open_db,
)
from xxgk.storage.scores import run_score, score_history, set_score

__all__ = [
    "BUSY_SECONDS",
    "COLUMN_STATES",
    "DECISIONS",
    "DONE_STATUSES",
    "HEARTBEAT_SECONDS",
    "HEARTBEAT_STALE",
    "MIGRATIONS",
    "RUN_STATUSES",
    "SEVERITIES",
    "STATE_LABELS",
    "TABLES",
    "StorageError",
    "articles_labelled",
    "baseline",
    "bulk_writes",
    "carry_pages",
    "claim_round",
    "close_dead_runs",
    "close_runs",
    "column_entries",
    "column_history",
    "column_urls",
    "columns",
    "columns_by_id",
    "columns_listing",
    "current_reviews",
    "db_file",
    "dead_run_reason",
    "dumps",
    "entries",
    "entries_after",
    "entries_by_id",
    "entry_scan",
    "entry_titles",
    "failed_fetches",
    "fetched_ok",
    "fetches",
    "findings",
    "findings_by_fingerprint",
    "finish_round",
    "finish_run",
    "get_run",
    "heartbeat",
    "insert_column",
    "insert_many",
    "insert_probes",
    "insert_reviews",
    "latest_runs",
    "loads",
    "monthly_counts",
    "newest_entries",
    "not_rechecked_findings",
    "now",
    "old_entry_counts",
    "open_db",
    "pages",
    "pass_rate",
    "previous_run",
    "prior_entries",
    "probe_history",
    "read_articles",
    "redirects",
    "replace_findings",
    "resolved_findings",
    "reviews",
    "round_owner",
    "round_runs",
    "round_verdicts",
    "run_entries",
    "run_score",
    "score_history",
    "set_score",
    "sites_key",
    "start_round",
    "start_run",
    "unfinished_round",
    "unseen_old_entries",
    "update_column",
    "update_run",
    "verdict_history",
]
