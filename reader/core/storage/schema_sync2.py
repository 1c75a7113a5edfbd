"""Migrations of sync's second round (issue 17): review state and feeds join what syncs."""

from __future__ import annotations

from sqlite_utils import Database

from reader.core.storage.migrating import migrations, script
from reader.core.storage.synced import FEEDS, REVIEW_CARDS, REVIEW_LOG, SyncedTable, trigger_sql


@migrations()
def sync_review_state(db: Database) -> None:
    """Change triggers for the review cards and log (declared in ``synced.py``)."""
    _join(db, (REVIEW_CARDS, REVIEW_LOG))


@migrations()
def sync_feeds(db: Database) -> None:
    """Change triggers for the feeds (declared in ``synced.py``)."""
    _join(db, (FEEDS,))


def _join(db: Database, joining: tuple[SyncedTable, ...]) -> None:
    """Every change trigger made again from the declarations; the rows of the tables
    joining are noted as new, so a library that synced before sends them too."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    columns = {t: {r[1] for r in db.execute(f"PRAGMA table_info({t!r})")} for t in tables}
    script(db, trigger_sql(columns))
    for t in joining:
        db.execute(
            "INSERT OR IGNORE INTO sync_pending (tbl, key, col, old) "
            f"SELECT '{t.name}', \"{t.key}\", '*', NULL FROM {t.name}"
        )


@migrations()
def track_highlight_trash_places(db: Database) -> None:
    """A trigger noting a deleted highlight placed again in its article's new text on this
    device, so the place travels (without it each device placed it from its own history
    of texts, and the 10,000-operation soak diverged)."""
    _join(db, ())
