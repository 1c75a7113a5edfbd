"""Every action of the window, declared once: id, label, shortcut, tooltip, menu.

The main window builds its QActions and menus from ``ACTIONS``; the keyboard
shortcuts dialog lists them from the same table, and a test checks that every
action has a label and a tooltip and that no two shortcuts collide.

A *scope* says where a shortcut works: ``window`` anywhere in the window,
``reader`` only while the reading pane (or a child) has focus, ``library``
only while the article list has focus. Scoped shortcuts may share a key
(Delete removes a highlight in the reader and an article in the list). In the
trash view the list's Delete deletes for good and Enter restores.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the Qt classes load with the first action, after the first paint
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QAction, QIcon, QKeySequence, QUndoStack
    from PySide6.QtWidgets import QMenu, QMenuBar

from reader.core.paths import shipped

WINDOW, READER, LIBRARY = "window", "reader", "library"

MENUS: tuple[tuple[str, str], ...] = (
    ("file", "&File"),
    ("edit", "&Edit"),
    ("article", "&Article"),
    ("view", "&View"),
    ("help", "&Help"),
)


# The highlight colours, in the order of models.COLOURS (keys 1 to 6), with their mnemonics.
COLOUR_LABELS = {
    "yellow": "&Yellow",
    "green": "&Green",
    "blue": "&Blue",
    "pink": "&Pink",
    "purple": "P&urple",
    "orange": "&Orange",
}


class ActionSpec(NamedTuple):  # not a dataclass: 7x cheaper to make at startup
    id: str
    label: str
    tooltip: str
    menu: str
    shortcuts: tuple[str, ...] = ()
    scope: str = WINDOW
    checkable: bool = False
    group: str | None = None  # actions in one group are exclusive (themes, typefaces, colours)
    submenu: str | None = None
    separator: bool = False  # a separator line before this action
    icon: str | None = None  # name of an SVG in resources/


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "import_files",
        "&Import Files…",
        "Import HTML, Markdown or text files",
        "file",
        ("Ctrl+O",),
        icon="import",
    ),
    ActionSpec(
        "import_folder",
        "Import &Folder…",
        "Import every article in a folder and its subfolders",
        "file",
        ("Ctrl+Shift+O",),
    ),
    ActionSpec(
        "import_url",
        "Import from &URL…",
        "Fetch a web page and import its article",
        "file",
        ("Ctrl+L",),
    ),
    ActionSpec(
        "export",
        "&Export…",
        "Export highlights and notes as Markdown, HTML, JSON-LD or CSV",
        "file",
        ("Ctrl+E",),
        separator=True,
        icon="export",
    ),
    ActionSpec("quit", "&Quit", "Close Article Reader", "file", ("Ctrl+Q",), separator=True),
    ActionSpec("undo", "&Undo", "Undo the last change", "edit", ("Ctrl+Z",)),
    ActionSpec("redo", "&Redo", "Redo what was undone", "edit", ("Ctrl+Shift+Z", "Ctrl+Y")),
    ActionSpec(
        "find",
        "&Find in Library",
        "Search titles, text, highlights and notes",
        "edit",
        ("Ctrl+F",),
        separator=True,
        icon="search",
    ),
    ActionSpec(
        "highlight",
        "&Highlight Selection",
        "Highlight the selected text",
        "edit",
        ("H",),
        scope=READER,
        separator=True,
        icon="highlight",
    ),
    ActionSpec(
        "note",
        "Add &Note",
        "Write a note on the selected highlight (or highlight the selection and write a note)",
        "edit",
        ("N",),
        scope=READER,
        icon="note",
    ),
    ActionSpec(
        "delete_highlight",
        "&Delete Highlight",
        "Delete the selected highlight",
        "edit",
        ("Delete",),
        scope=READER,
    ),
    *(
        ActionSpec(
            f"colour_{colour}",
            label,
            f"Highlight in {colour} from now on (or recolour the selected highlight)",
            "edit",
            (str(number),),
            scope=READER,
            checkable=True,
            group="colour",
            submenu="Highlight &Colour",
        )
        for number, (colour, label) in enumerate(COLOUR_LABELS.items(), 1)
    ),
    ActionSpec(
        "underline_style",
        "Underline &Style",
        "Underline instead of highlighting from now on (or switch the selected highlight)",
        "edit",
        ("U",),
        scope=READER,
        checkable=True,
    ),
    ActionSpec(
        "toggle_favorite",
        "&Favourite",
        "Mark the open article as a favourite",
        "article",
        ("Ctrl+D",),
        checkable=True,
        icon="star",
    ),
    ActionSpec(
        "toggle_archived",
        "&Archived",
        "Move the open article to the archive (or back)",
        "article",
        ("Ctrl+Shift+A",),
        checkable=True,
        icon="archive",
    ),
    ActionSpec(
        "delete_article",
        "&Delete Article…",
        "Move the open article to the trash (can be undone)",
        "article",
        ("Delete",),
        scope=LIBRARY,
        separator=True,
    ),
    ActionSpec(
        "restore_article",
        "&Restore from Trash",
        "Take the chosen article out of the trash (can be undone)",
        "article",
        ("Return", "Enter"),
        scope=LIBRARY,
    ),
    ActionSpec(
        "empty_trash",
        "&Empty Trash…",
        "Delete every article in the trash for good (cannot be undone)",
        "article",
        separator=True,
    ),
    ActionSpec(
        "theme_system",
        "Follow &System",
        "Light or dark, as the desktop is",
        "view",
        checkable=True,
        group="theme",
        submenu="&Theme",
    ),
    ActionSpec(
        "theme_light",
        "&Light",
        "Dark text on white",
        "view",
        checkable=True,
        group="theme",
        submenu="&Theme",
    ),
    ActionSpec(
        "theme_sepia",
        "&Sepia",
        "Dark brown text on warm paper",
        "view",
        checkable=True,
        group="theme",
        submenu="&Theme",
    ),
    ActionSpec(
        "theme_dark",
        "&Dark",
        "Light text on a dark background",
        "view",
        checkable=True,
        group="theme",
        submenu="&Theme",
    ),
    ActionSpec(
        "typeface_serif",
        "&Serif",
        "Set the article text in a serif typeface, as in print",
        "view",
        checkable=True,
        group="typeface",
        submenu="Type&face",
    ),
    ActionSpec(
        "typeface_sans",
        "Sa&ns-serif",
        "Set the article text in a sans-serif typeface, as on screen",
        "view",
        checkable=True,
        group="typeface",
        submenu="Type&face",
    ),
    ActionSpec(
        "zoom_in",
        "&Larger Text",
        "Make the article text larger",
        "view",
        ("Ctrl++", "Ctrl+="),
        separator=True,
    ),
    ActionSpec("zoom_out", "&Smaller Text", "Make the article text smaller", "view", ("Ctrl+-",)),
    ActionSpec(
        "zoom_reset",
        "&Normal Text Size",
        "Show the article text at its normal size",
        "view",
        ("Ctrl+0",),
    ),
    ActionSpec(
        "shortcuts", "&Keyboard Shortcuts", "List every keyboard shortcut", "help", ("F1", "Ctrl+/")
    ),
    ActionSpec("about", "&About Article Reader", "Version and licence", "help"),
)

SPECS: dict[str, ActionSpec] = {spec.id: spec for spec in ACTIONS}


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


def add_menus(menubar: QMenuBar) -> dict[str, QMenu]:
    """The menu bar's menus by id, still empty (``fill_menus`` puts the actions in)."""
    menus = {}
    for menu_id, title in MENUS:
        menu = menubar.addMenu(title)
        menu.setObjectName(f"menu_{menu_id}")
        menus[menu_id] = menu
    return menus


def fill_menus(
    menubar: QMenuBar, actions: dict[str, QAction], menus: dict[str, QMenu] | None = None
) -> dict[str, QMenu]:
    """Put the actions into the menus (``add_menus``, made now when not given) as the table
    says; returns the menus by id."""
    menus = menus if menus is not None else add_menus(menubar)
    for menu_id, menu in menus.items():
        submenus = {}
        for spec in ACTIONS:
            if spec.menu != menu_id:
                continue
            target = menu
            if spec.submenu:
                target = submenus.get(spec.submenu)
                if target is None:
                    target = submenus[spec.submenu] = menu.addMenu(spec.submenu)
            elif spec.separator:
                menu.addSeparator()
            target.addAction(actions[spec.id])
    return menus


def shortcut_rows(specs: tuple[ActionSpec, ...] = ACTIONS) -> list[tuple[str, str, str]]:
    """(menu title, action label, keys) for every action that has a shortcut."""
    titles = dict(MENUS)
    rows = []
    for spec in specs:
        if spec.shortcuts:
            keys = "  or  ".join(key_text(s) for s in spec.shortcuts)
            rows.append((titles[spec.menu].replace("&", ""), help_label(spec), keys))
    return rows
