"""Work that waits for the window's first paint: the backup check, the local socket."""

import pytest
from PySide6.QtWidgets import QWidget

from reader.ui.app import first_paint
from reader.ui.app.first_paint import FirstPaint

pytestmark = pytest.mark.gui


def test_work_waits_for_the_first_paint_then_runs_once(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    watch = FirstPaint(widget)
    ran = []
    watch.then(lambda: ran.append("early"))
    qtbot.wait(50)
    assert ran == []  # not shown, not painted: nothing yet
    widget.show()
    qtbot.waitUntil(lambda: ran == ["early"], timeout=5000)
    widget.update()
    qtbot.wait(50)
    assert ran == ["early"]  # later paints run nothing again


def test_after_the_first_paint_work_runs_on_the_event_loop(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    watch = FirstPaint(widget)
    widget.show()
    qtbot.waitUntil(lambda: watch.painted, timeout=5000)
    ran = []
    watch.then(lambda: ran.append("late"))
    assert ran == []  # queued, not run inside the caller
    qtbot.waitUntil(lambda: ran == ["late"], timeout=5000)


def test_a_window_never_painted_still_gets_its_work_done(qtbot, monkeypatch):
    monkeypatch.setattr(first_paint, "FALLBACK_MS", 30)
    widget = QWidget()  # never shown, as a window started minimised may never paint
    qtbot.addWidget(widget)
    ran = []
    FirstPaint(widget).then(lambda: ran.append("fallback"))
    qtbot.waitUntil(lambda: ran == ["fallback"], timeout=5000)


def test_the_window_backs_up_only_after_it_has_painted(seeded, qtbot, monkeypatch):
    from reader.ui.app.main_window import MainWindow
    from reader.ui.settings import Settings

    asked = []
    monkeypatch.setattr(seeded, "backup_if_due", lambda: asked.append(1))
    window = MainWindow(seeded, Settings(seeded))
    qtbot.addWidget(window)
    window.start()  # before the window was ever shown
    qtbot.wait(100)
    assert asked == [] and not window.first_paint.painted
    window.show()
    qtbot.waitUntil(lambda: asked == [1], timeout=5000)
    window.close()
    qtbot.waitUntil(lambda: not window.runner.active, timeout=10000)


def test_the_menus_icons_come_after_the_first_paint(seeded, qtbot):
    from reader.ui.app.main_window import MainWindow
    from reader.ui.settings import Settings

    window = MainWindow(seeded, Settings(seeded))
    qtbot.addWidget(window)
    assert window.actions["export"].icon().isNull()  # the SVG engine is not loaded yet
    window.show()
    qtbot.waitUntil(lambda: not window.actions["export"].icon().isNull(), timeout=5000)
    assert not window.actions["import_files"].icon().isNull()
    window.close()


def _window_before_its_first_paint_work(seeded, qtbot, monkeypatch):
    """A window shown, with nothing that waits for the first paint ever run."""
    from reader.ui.app.main_window import MainWindow
    from reader.ui.settings import Settings

    monkeypatch.setattr(FirstPaint, "then", lambda self, fn: None)
    window = MainWindow(seeded, Settings(seeded))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    return window


def test_the_first_paint_has_the_menu_titles_and_a_place_for_the_notes(seeded, qtbot):
    from reader.ui.app.main_window import MainWindow
    from reader.ui.settings import Settings

    window = MainWindow(seeded, Settings(seeded))
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&Article", "Hi&ghlights", "&View", "&Help"]
    assert window.menus["file"].actions() == []  # filled just after the first paint
    assert window.splitter.widget(2).objectName() == "notesPlace"
    window.show()
    qtbot.waitUntil(lambda: window.first_paint.painted, timeout=5000)
    assert window.splitter.widget(2) is window.notes_pane
    assert window.notes_pane.article_id == window.article_id
    assert window.actions["import_files"] in window.menus["file"].actions()
    assert "Ctrl+Shift+F or Ctrl+K" in window.library_pane.search.toolTip()  # Search Library
    window.close()


def test_a_shortcut_pressed_before_the_actions_are_made_works(seeded, qtbot, monkeypatch):
    from PySide6.QtCore import Qt

    window = _window_before_its_first_paint_work(seeded, qtbot, monkeypatch)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    assert window.menus["edit"].actions() == []
    qtbot.keyClick(window.reading_pane, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.library_pane.search.hasFocus()  # Ctrl+K: Search Library
    window.close()


def test_a_menu_opened_before_the_actions_are_made_holds_them(seeded, qtbot, monkeypatch):
    window = _window_before_its_first_paint_work(seeded, qtbot, monkeypatch)
    menu = window.menus["article"]
    assert menu.actions() == []
    menu.aboutToShow.emit()  # as QMenuBar does before it shows the menu
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels[:2] == ["&Favourite", "&Archived"]
    assert window.actions["toggle_favorite"].isEnabled()  # in step with the open article
    window.close()


def test_a_right_click_before_the_actions_are_made_offers_them(seeded, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMenu

    from tests.ui.conftest import right_click

    window = _window_before_its_first_paint_work(seeded, qtbot, monkeypatch)
    view = window.library_pane.list
    right_click(view, view.visualRect(window.library_pane.model.index(0)).center())
    menu = next(m for m in window.findChildren(QMenu) if m.isVisible())
    assert next(a.text() for a in menu.actions() if a.text()) == "&Favourite"
    menu.close()
    window.close()
