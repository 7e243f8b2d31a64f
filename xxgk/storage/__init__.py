"""The database: the seam between crawl, check and report (SPEC §3, §6).

All schema knowledge and every SQL statement of the product live in this package;
crawler, rules and reports call the named functions re-exported here
(`storage.start_run(db, …)`, `storage.newest_entries(db, …)`).

schema — tables, migrations, `open_db` · runs — runs and their owner process ·
crawl — columns, entries, pages, fetches, redirects · queries — the rules' targeted
reads · findings — findings and their change since the last run · probes — homepage
availability visits.
"""

from xxgk.storage.base import dumps, loads, now
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

__all__ = [
    "BUSY_SECONDS",
    "COLUMN_STATES",
    "HEARTBEAT_SECONDS",
    "HEARTBEAT_STALE",
    "MIGRATIONS",
    "RUN_STATUSES",
    "SEVERITIES",
    "STATE_LABELS",
    "TABLES",
    "StorageError",
    "articles_labelled",
    "bulk_writes",
    "close_dead_runs",
    "close_runs",
    "column_entries",
    "column_history",
    "column_urls",
    "columns",
    "columns_by_id",
    "columns_listing",
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
    "finish_run",
    "get_run",
    "heartbeat",
    "insert_column",
    "insert_many",
    "insert_probes",
    "latest_runs",
    "loads",
    "monthly_counts",
    "newest_entries",
    "not_rechecked_findings",
    "now",
    "old_entry_counts",
    "open_db",
    "pages",
    "previous_run",
    "probe_history",
    "redirects",
    "replace_findings",
    "resolved_findings",
    "run_entries",
    "start_run",
    "unseen_old_entries",
    "update_column",
    "update_run",
]
