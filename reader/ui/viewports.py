"""A scroll area's viewport known to Python as what it is, cheaply.

Qt makes each scroll area's viewport itself, a plain QWidget. The first time Python
gets one through ``viewport()`` (typed QWidget*), PySide looks for the most derived
class it could be among every QWidget subclass, and creating those classes (with
their 60-odd enums) costs about 9 ms of the window's start. Found by name as a
QWidget instead, the same object is wrapped as exactly that (0.03 ms), and
``viewport()`` returns that wrapper from then on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

VIEWPORT_NAME = "qt_scrollarea_viewport"  # the name QAbstractScrollArea gives it


def own_viewport(area: QAbstractScrollArea) -> QWidget | None:
    """Wrap ``area``'s viewport for Python without the search; call before ``viewport()``."""
    return area.findChild(QWidget, VIEWPORT_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
