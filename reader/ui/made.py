"""Small helpers for making widgets, typed so that the type checker follows them (PySide's
keyword properties, ``QLabel(parent, objectName=...)``, are not in its stubs)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject, QTimer

T = TypeVar("T", bound=QObject)


def named(thing: T, name: str) -> T:
    """``thing`` with its object name set (tests and style sheets find it by that)."""
    thing.setObjectName(name)
    return thing


def timer(parent: QObject, ms: int) -> QTimer:
    """A single-shot timer of ``ms`` milliseconds: started again, it waits afresh."""
    made = QTimer(parent)
    made.setSingleShot(True)
    made.setInterval(ms)
    return made
