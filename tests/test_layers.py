"""Storage owns the queries (issue 9): no SQL statement and no direct table write in
the product packages outside `xxgk/storage/`, so a schema change touches one package.
bench/ and tools/ are tooling and may query the database as they like."""

import re

from tests.conftest import ROOT

PRODUCT = ("crawler", "rules", "reports", "xxgk")
STORAGE = ROOT / "xxgk" / "storage"
SQL = re.compile(
    r"\bselect\b.*\bfrom\b|insert into|update \w+ set|delete from|\.execute\(|\.query\("
    # sqlite-utils table access: db["runs"].insert(…), db.table("runs").update(…)
    r"|\bdb\[|\.table\(\s*[\"'fr]",
    re.IGNORECASE,
)


def _sql_lines(files):
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SQL.search(line):
                yield f"{path.relative_to(ROOT)}:{n}: {line.strip()}"


def test_only_storage_talks_sql():
    files = [
        p for pkg in PRODUCT for p in sorted((ROOT / pkg).rglob("*.py")) if STORAGE not in p.parents
    ]
    assert files
    found = list(_sql_lines(files))
    assert not found, "SQL outside xxgk/storage/ (add a named storage function):\n" + "\n".join(
        found
    )


def test_the_pattern_sees_the_queries_storage_holds():
    found = list(_sql_lines(sorted(STORAGE.rglob("*.py"))))
    for kind in ("select", "update runs set", "delete from", ".execute(", ".query(", ".table("):
        assert any(kind in line.lower() for line in found), kind
