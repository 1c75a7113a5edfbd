"""Every schema module, in the order its migrations apply.

Migrations apply in the order they register, and ruff sorts imports, so the order is this
list, not an import block. A feature adds its ``schema_<feature>.py`` at the end, and its
migrations' names at the end of ``schema_version.MIGRATIONS``.
"""

from __future__ import annotations

import importlib

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from reader.core.storage.migrating import migrations

MODULES = (
    "schema",
    "schema_outline",
    "schema_books",
    "schema_sync2",
    "schema_related",
    "schema_sync3",
)


def all_migrations() -> Migrations:
    """The migrations of every schema module, registered in order (once per process)."""
    for name in MODULES:
        importlib.import_module(f"reader.core.storage.{name}")
    return migrations


def migration_names() -> list[str]:
    """Every migration's name, in the order they apply (all are pending on a new database)."""
    return [m.name for m in all_migrations().pending(Database(memory=True))]
