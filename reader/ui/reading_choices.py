"""The reader's standing choices for the reading pane, kept between launches.

View > Typeface sets the article text in serif or sans-serif. Each choice is a
declared setting (``settings.py``): restored into the pane when the window
opens, shown checked in its menu, and saved when the reader changes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction

from .reading_document import TYPEFACES
from .settings import DEFAULTS, Settings

if TYPE_CHECKING:
    from .reading_pane import ReadingPane


def follow_choices(actions: dict[str, QAction], pane: ReadingPane, settings: Settings) -> None:
    """Restore the pane's typeface from ``settings``, then let the menu change and save it."""

    def set_typeface(name: str) -> None:
        pane.set_typeface(name)
        actions[f"typeface_{name}"].setChecked(True)
        settings["typeface"] = name

    for name in TYPEFACES:
        actions[f"typeface_{name}"].triggered.connect(lambda _c=False, n=name: set_typeface(n))
    typeface = known(settings["typeface"], TYPEFACES, "typeface")
    pane.set_typeface(typeface)
    actions[f"typeface_{typeface}"].setChecked(True)


def known(value: Any, allowed: Iterable[str], key: str) -> str:
    """A stored choice, or its default when the library holds something else."""
    return value if value in allowed else DEFAULTS[key]
