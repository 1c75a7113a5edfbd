"""The action table: labels, tooltips, shortcuts that never collide, menus and help."""

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow

from reader.ui import actions as act
from reader.ui.app.menus import fill_menus

pytestmark = pytest.mark.gui


def test_every_action_has_a_label_and_a_tooltip():
    for spec in act.ACTIONS:
        assert spec.label.replace("&", "").strip(), spec.id
        assert spec.tooltip.strip(), spec.id
        assert spec.menu in dict(act.MENUS), spec.id
        assert spec.scope in (act.WINDOW, act.READER, act.LIBRARY, act.REVIEW, act.HIGHLIGHTS)


def test_ids_are_unique():
    ids = [spec.id for spec in act.ACTIONS]
    assert len(ids) == len(set(ids))


def test_no_two_shortcuts_collide():
    assert act.collisions() == []


def test_every_shortcut_parses():
    for spec in act.ACTIONS:
        for shortcut in spec.shortcuts:
            assert not QKeySequence(shortcut).isEmpty(), (spec.id, shortcut)


def test_the_collision_check_sees_a_clash():
    specs = (
        act.ActionSpec("a", "A", "a", "file", ("Ctrl+K",)),
        act.ActionSpec("b", "B", "b", "edit", ("ctrl+k",)),
        act.ActionSpec("c", "C", "c", "edit", ("Delete",), scope=act.READER),
        act.ActionSpec("d", "D", "d", "edit", ("Delete",), scope=act.LIBRARY),
        act.ActionSpec("e", "E", "e", "edit", ("Delete",)),
    )
    found = {(first, second) for _key, first, second in act.collisions(specs)}
    assert found == {("a", "b"), ("c", "e"), ("d", "e")}


def test_the_brief_keys_are_declared():
    keys = {s: spec.id for spec in act.ACTIONS for s in spec.shortcuts if spec.scope != act.REVIEW}
    review = {
        s: spec.id for spec in act.ACTIONS for s in spec.shortcuts if spec.scope == act.REVIEW
    }
    assert [review[str(n)] for n in range(1, 5)] == [
        "review_again",
        "review_hard",
        "review_good",
        "review_easy",
    ]
    for key, action_id in {
        "Ctrl+Shift+D": "daily_review",
        "Ctrl+Shift+H": "all_highlights",
        "Ctrl+F": "find_in_article",
        "Ctrl+K": "find",
        "Ctrl+Shift+F": "find",
        "F3": "find_next",
        "F11": "full_screen",
        "Ctrl+E": "export",
        "Ctrl+O": "import_files",
        "Ctrl+L": "import_url",
        "H": "highlight",
        "N": "note",
        "Ctrl+Z": "undo",
        "Ctrl+0": "zoom_reset",
    }.items():
        assert keys[key] == action_id


def test_created_actions_carry_the_table_and_fill_the_menus(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = act.create_actions(window)
    menus = fill_menus(window.menuBar(), actions)
    assert set(actions) == set(act.SPECS)
    in_menus = set()
    for menu in menus.values():
        for action in menu.actions():
            in_menus.add(action)
            if action.menu():
                in_menus.update(action.menu().actions())
    for spec in act.ACTIONS:
        action = actions[spec.id]
        assert action in in_menus, spec.id
        assert [k.toString() for k in action.shortcuts()] == [
            QKeySequence(s).toString() for s in spec.shortcuts
        ]
        assert action.toolTip().startswith(spec.tooltip)
    assert actions["theme_dark"].actionGroup().isExclusive()


def test_shortcut_help_lists_every_shortcut(qtbot):
    from reader.ui.dialogs.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    listed = []
    tree = dialog.tree
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        listed += [group.child(j).text(1) for j in range(group.childCount())]
    for spec in act.ACTIONS:
        for shortcut in spec.shortcuts:
            assert any(act.key_text(shortcut) in keys for keys in listed), shortcut


def test_highlight_colours_have_keys_1_to_6_and_u_underlines_in_the_reader():
    from reader.core.models import COLOURS

    assert tuple(act.COLOUR_LABELS) == COLOURS
    for number, colour in enumerate(COLOURS, 1):
        spec = act.SPECS[f"colour_{colour}"]
        assert spec.shortcuts == (str(number),) and spec.scope == act.READER
        assert spec.group == "colour" and spec.checkable
        assert spec.label.replace("&", "") == colour.capitalize()
    underline = act.SPECS["underline_style"]
    assert underline.shortcuts == ("U",) and underline.scope == act.READER
