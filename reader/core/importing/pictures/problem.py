"""``PictureProblem``: why a picture is not kept, in a module of its own so that the
decoder and the SVG sanitiser can both raise it."""

from __future__ import annotations


class PictureProblem(Exception):
    """Why a picture is not kept; ``quiet`` for a tracking pixel or an icon, which the
    report does not mention."""

    def __init__(self, reason: str, *, quiet: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.quiet = quiet
