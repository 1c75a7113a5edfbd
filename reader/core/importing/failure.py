"""``ImportFailure``: the one error an importer raises, in a module of its own so that
``sources`` (the dispatch) and ``web`` (fetching) can both raise it without importing each
other."""

from __future__ import annotations

import os


class ImportFailure(Exception):
    """A source that cannot be imported: ``str(e)`` is one line naming it and the fix."""

    def __init__(self, source: str | os.PathLike, reason: str) -> None:
        self.source = str(source)
        self.reason = reason
        super().__init__(f"cannot import {self.source}: {reason}")


# -- dispatch ------------------------------------------------------------------------
