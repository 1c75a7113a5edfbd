"""The one set of migrations every schema module registers on, and a helper to write them.

``schema.py`` holds the first schema's migrations; each later feature keeps its own in a
``schema_<feature>.py`` module, and ``schema_order.py`` says in which order they load.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("article-reader")


def script(db: Database, sql: str) -> None:
    """Run several statements inside the migration's transaction.

    ``executescript`` (and so sqlite-utils' ``enable_fts``) commits first, which
    would break the one-transaction-per-migration promise.
    """
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement!r}")
