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
