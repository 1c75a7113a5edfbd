"""Scroll-area viewports wrapped by name: the same widget ``viewport()`` gives."""

import pytest
from PySide6.QtWidgets import QListView, QTextBrowser

from reader.ui.viewports import own_viewport

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("kind", [QListView, QTextBrowser])
def test_the_named_child_is_the_viewport(qtbot, kind):
    area = kind()
    qtbot.addWidget(area)
    found = own_viewport(area)
    assert found is not None
    assert found is area.viewport()
    assert type(found).__name__ == "QWidget"


def test_the_window_panes_wrap_their_viewports_first(window):
    views = [window.library_pane.list, window.library_pane.results, window.reading_pane]
    views += [window.notes_pane.list, window.notes_pane.orphan_list]
    for view in views:
        assert own_viewport(view) is view.viewport()
