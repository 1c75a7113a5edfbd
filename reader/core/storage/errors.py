"""Errors the user must hear about, each with a message that names the thing and the fix."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class LibraryError(Exception):
    """Something about the library file: damaged, newer, busy, full, read-only."""


class NotFound(LibraryError, KeyError):
    """No article or highlight with that id."""

    def __str__(self) -> str:  # KeyError would add quotes
        return str(self.args[0])


def explain(path: Path, error: sqlite3.Error) -> str:
    """What an SQLite error means for the user's library, and what to do about it."""
    message = str(error)
    if "locked" in message or "busy" in message:
        return (
            f"library {path} is busy: another Article Reader is writing to it; "
            "close it or try again"
        )
    if "disk is full" in message or "disk I/O" in message:
        return f"cannot write to library {path}: {message}; free some disk space and try again"
    if "not a database" in message or "malformed" in message:
        return (
            f"{path} is not an Article Reader library or is damaged ({message}); "
            "backups are in the .backups folder beside it"
        )
    if "readonly" in message:
        return f"library {path} is read-only: {message}"
    return f"library {path}: {message}"
