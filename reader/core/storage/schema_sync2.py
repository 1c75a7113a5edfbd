"""Migrations of sync's second round (issue 17): review state joins what syncs."""

from __future__ import annotations

from sqlite_utils import Database

from reader.core.storage.migrating import migrations, script
from reader.core.storage.synced import REVIEW_CARDS, REVIEW_LOG, trigger_sql


@migrations()
def sync_review_state(db: Database) -> None:
    """Change triggers for the review cards and log (declared in ``synced.py``); the rows
    already there are noted as new, so a library that synced before sends them too."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    columns = {t: {r[1] for r in db.execute(f"PRAGMA table_info({t!r})")} for t in tables}
    script(db, trigger_sql(columns))
    for t in (REVIEW_CARDS, REVIEW_LOG):
        db.execute(
            "INSERT OR IGNORE INTO sync_pending (tbl, key, col, old) "
            f"SELECT '{t.name}', \"{t.key}\", '*', NULL FROM {t.name}"
        )
