"""Errors the user must hear about, each with a message that names the thing and the fix."""


class LibraryError(Exception):
    """Something about the library file: damaged, newer, busy, full, read-only."""


class NotFound(LibraryError, KeyError):
    """No article or highlight with that id."""

    def __str__(self) -> str:  # KeyError would add quotes
        return str(self.args[0])
