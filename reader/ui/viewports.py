"""A scroll area's viewport known to Python as what it is, cheaply: a PySide workaround.

Why: in PySide6 6.11 (checked on 6.11.3) the first time Python is handed a scroll area's
viewport through ``viewport()`` (typed ``QWidget*``), PySide looks for the most derived
class it could be among every QWidget subclass, making each one it has not made yet:
68 classes with their enums: 47 M instructions (about 8 ms) of the window's start.
Found by name as a QWidget first, the same object is wrapped as exactly that, and
``viewport()`` returns that wrapper from then on.

Expiry: applied up to ``CHECKED_UP_TO``; on a later PySide ``own_viewport`` does nothing.
``tests/ui/test_viewports.py`` then says whether that PySide still searches (check it
and raise ``CHECKED_UP_TO``) or no longer does (delete this module and its calls).
"""

from __future__ import annotations

import PySide6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

VIEWPORT_NAME = "qt_scrollarea_viewport"  # the name QAbstractScrollArea gives it
CHECKED_UP_TO = (6, 11)
PYSIDE_VERSION = tuple(int(part) for part in PySide6.__version__.split(".")[:2])
APPLIES = PYSIDE_VERSION <= CHECKED_UP_TO


def own_viewport(area: QAbstractScrollArea) -> QWidget | None:
    """Wrap ``area``'s viewport for Python without the search; call before ``viewport()``.
    None where the workaround does not apply."""
    if not APPLIES:
        return None
    return area.findChild(QWidget, VIEWPORT_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
