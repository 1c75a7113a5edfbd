"""Every action of the window, declared once (``table.py``, in the shape of ``spec.py``):
id, label, shortcut, tooltip, menu; and the QActions made from them.

The window builds its QActions and menus (``app/menus.py``) from ``ACTIONS``; the shortcuts
dialog lists them from the same table; a test checks labels, tooltips and collisions.

A *scope* says where a shortcut works: ``window`` anywhere in the window, ``reader`` only
while the reading pane (or a child) has focus, ``library`` only while the article list
has focus, ``review`` and ``highlights`` while the daily review or the list of all
highlights has it. Scoped shortcuts may share a key (Delete removes a highlight in the
reader and an article in the list). In the trash view the list's Delete deletes for good
and Enter restores.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the Qt classes load with the first action, after the first paint
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QAction, QIcon, QKeySequence, QUndoStack

from reader.core.paths import shipped
from reader.ui.actions.spec import (
    COLOUR_LABELS,
    HIGHLIGHTS,
    LIBRARY,
    MENUS,
    PAGE_KEYS,
    READER,
    REVIEW,
    WINDOW,
    ActionSpec,
)
from reader.ui.actions.table import ACTIONS, SPECS

__all__ = [
    "ACTIONS",
    "COLOUR_LABELS",
    "HIGHLIGHTS",
    "LIBRARY",
    "MENUS",
    "PAGE_KEYS",
    "READER",
    "REVIEW",
    "SPECS",
    "WINDOW",
    "ActionSpec",
]


def key_text(shortcut: str | QKeySequence) -> str:
    """How a shortcut is shown to the user on this platform."""
    from PySide6.QtGui import QKeySequence

    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


def plain_label(spec: ActionSpec) -> str:
    return spec.label.replace("&", "").removesuffix("…")


def help_label(spec: ActionSpec) -> str:
    """The label in the shortcuts help: an action in a submenu is named with it."""
    label = plain_label(spec)
    return f"{spec.submenu.replace('&', '')}: {label}" if spec.submenu else label


def collisions(specs: tuple[ActionSpec, ...] = ACTIONS) -> list[tuple[str, str, str]]:
    """Pairs of actions whose shortcuts fire together: (key, first id, second id)."""
    from PySide6.QtGui import QKeySequence

    seen: dict[str, list[ActionSpec]] = {}
    found = []
    for spec in specs:
        for shortcut in spec.shortcuts:
            key = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.PortableText)
            for other in seen.get(key, []):
                if WINDOW in (spec.scope, other.scope) or spec.scope == other.scope:
                    found.append((key, other.id, spec.id))
            seen.setdefault(key, []).append(spec)
    return found


def resource_path(name: str) -> Path:
    """A file of the app's icons (``reader/resources``)."""
    return shipped("resources", name)


def icon(name: str) -> QIcon:
    from PySide6.QtGui import QIcon

    return QIcon(str(resource_path(f"{name}.svg")))


def create_actions(
    parent: QObject, specs: tuple[ActionSpec, ...] = ACTIONS, *, icons: bool = True
) -> dict[str, QAction]:
    """One QAction per spec, owned by ``parent``. Scoped actions still need adding to
    their widget (``attach_scoped``); without ``icons``, ``set_icons`` gives them later."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QActionGroup, QKeySequence

    actions: dict[str, QAction] = {}
    groups: dict[str, QActionGroup] = {}
    for spec in specs:
        action = QAction(parent)
        action.setObjectName(f"action_{spec.id}")
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        describe(action, spec.label, spec.tooltip)
        action.setCheckable(spec.checkable)
        if spec.icon and icons:
            action.setIcon(icon(spec.icon))
        if spec.scope != WINDOW:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if spec.group:
            group = groups.get(spec.group)
            if group is None:
                group = groups[spec.group] = QActionGroup(parent)
                group.setExclusive(True)
            group.addAction(action)
        actions[spec.id] = action
    return actions


def set_icons(actions: dict[str, QAction], specs: tuple[ActionSpec, ...] = ACTIONS) -> None:
    """The actions' icons, for menus only: the window sets them after its first paint
    (the SVG icon engine they load takes about 3 ms)."""
    for spec in specs:
        if spec.icon and spec.id in actions:
            actions[spec.id].setIcon(icon(spec.icon))


def describe(action: QAction, label: str, tooltip: str) -> None:
    """Give an action its label and tooltip (the tooltip ends with its keys); an action
    whose meaning changes with the view (Delete in the trash) is described again."""
    action.setText(label)
    keys = ", ".join(key_text(k) for k in action.shortcuts())
    action.setToolTip(f"{tooltip} ({keys})" if keys else tooltip)
    action.setStatusTip(tooltip)


def attach_scoped(actions: dict[str, QAction], scope: str, widget) -> None:
    """Make the shortcuts of one scope work while ``widget`` or a child has focus."""
    for spec in ACTIONS:
        if spec.scope == scope and spec.id in actions:
            widget.addAction(actions[spec.id])


def follow_undo_stack(actions: dict[str, QAction], stack: QUndoStack) -> None:
    """Undo and Redo act on ``stack``, are enabled when they can, and say what they do."""
    for name, act, can, text in (
        ("undo", stack.undo, stack.canUndoChanged, stack.undoTextChanged),
        ("redo", stack.redo, stack.canRedoChanged, stack.redoTextChanged),
    ):
        action, label = actions[name], SPECS[name].label
        action.triggered.connect(act)
        can.connect(action.setEnabled)
        text.connect(lambda t, a=action, b=label: a.setText(f"{b} {_escaped(t)}" if t else b))
        action.setEnabled(False)


def _escaped(text: str) -> str:
    """User text (a title) inside a menu label: "&" doubled so Qt shows it, not a mnemonic."""
    return text.replace("&", "&&")


def window_shortcuts(but: tuple[str, ...] = ()) -> list[str]:
    """The shortcuts that work anywhere in the window, but those of the ``but`` actions."""
    return [k for s in ACTIONS if s.scope == WINDOW and s.id not in but for k in s.shortcuts]
