"""Fixtures for the window's tests: libraries with articles, and a window on them."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from reader.core.document import Block
from reader.core.models import ImportedArticle


def _install_placeholder_panes() -> None:
    """Until the reading and notes panes exist, stand in with the smallest thing that keeps
    their contract, so the rest of the window can be tested. Never used once they exist."""
    import types

    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QTextBrowser, QWidget

    class ReadingPane(QTextBrowser):
        highlightsChanged = Signal(int)
        highlightSelected = Signal(object)
        selectionRangeChanged = Signal(object)
        positionChanged = Signal(int)

        def __init__(self, library, undo_stack, parent=None):
            super().__init__(parent)
            self._library, self._article_id, self._position = library, None, 0
            self.font_size, self._selected = 12, None

        article_id = property(lambda self: self._article_id)

        def show_article(self, article_id, position=None):
            article = self._library.article(article_id) if article_id else None
            self._article_id = article_id
            self._position = article.reading_position if position is None and article else 0
            self._position = position if position is not None else self._position
            self.setPlainText(article.text if article else "")

        def reading_position(self):
            return self._position

        def scroll_to_offset(self, offset, *, flash=False):
            self._position = offset

        def select_highlight(self, hid):
            self._selected = hid

        def selected_highlight(self):
            return self._selected

        def highlight_selection(self, colour=None, style=None):
            return None

        def edit_note(self, hid=None):
            pass

        def delete_highlight(self, hid):
            self._library.delete_highlight(hid)

        def attach_orphan(self, highlight_id):
            return False

        def set_theme(self, name):
            pass

        def set_font_size(self, points):
            self.font_size = points

        def zoom(self, steps):
            self.font_size += steps

    class NotesPane(QWidget):
        jumpRequested = Signal(int)
        highlightActivated = Signal(str)
        attachOrphanRequested = Signal(str)

        def __init__(self, library, undo_stack, parent=None):
            super().__init__(parent)

        def show_article(self, article_id):
            pass

        def refresh(self):
            pass

        def set_theme(self, name):
            pass

        def flush(self):
            pass

    for name, cls in (("reading_pane", ReadingPane), ("notes_pane", NotesPane)):
        try:
            importlib.import_module(f"reader.ui.{name}")
            continue  # the real one is there
        except ImportError:
            pass
        module = types.ModuleType(f"reader.ui.{name}")
        setattr(module, cls.__name__, cls)
        sys.modules[module.__name__] = module


_install_placeholder_panes()

# The offscreen platform says this of every top-level window it shows; it is not ours.
PLATFORM_NOISE = ("This plugin does not support propagateSizeHints",)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/ui" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(*PLATFORM_NOISE))


def make_article(title: str, words: str = "", site: str = "example.org") -> ImportedArticle:
    paragraphs = [
        f"{title} opens with a plain first paragraph. {words}".strip(),
        "A second paragraph says a little more about reading slowly and well.",
        "The last paragraph ends the article.",
    ]
    return ImportedArticle(
        title=title,
        blocks=[Block("heading", title, level=1)] + [Block("paragraph", p) for p in paragraphs],
        source_kind="text",
        site=site,
        source=f"/nowhere/{title}.txt",
    )


def add_articles(library, n: int, prefix: str = "Article") -> list[int]:
    return [library.add(make_article(f"{prefix} {i:03d}")).article_id for i in range(n)]


@pytest.fixture
def seeded(library):
    """A library that is past its first launch: three articles, samples marked as seeded."""
    from reader.core.samples import SEEDED_KEY

    library.set_setting(SEEDED_KEY, True)
    add_articles(library, 3)
    return library


def make_window(library, qtbot):
    from reader.ui.main_window import MainWindow
    from reader.ui.settings import Settings

    window = MainWindow(library, Settings(library))
    qtbot.addWidget(window)
    window.restore_layout()
    window.show()
    qtbot.waitExposed(window)
    window.start()
    return window


def close_window(window, qtbot) -> None:
    window.close()
    qtbot.waitUntil(lambda: not window.runner.active, timeout=30000)


@pytest.fixture
def window_factory(qtbot):
    """Makes windows on a library (a restart is a second window); closes them at the end."""
    made = []

    def make(library):
        win = make_window(library, qtbot)
        made.append(win)
        return win

    yield make
    for win in made:
        close_window(win, qtbot)


@pytest.fixture
def window(seeded, window_factory):
    return window_factory(seeded)


def write_files(folder: Path, n: int, bad: tuple[str, ...] = ()) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    body = "\n\n".join(f"Paragraph {p}: some words about reading, " * 4 for p in range(30))
    for i in range(n):
        if i % 2:
            path = folder / f"note-{i:03d}.md"
            path.write_text(f"# Small note {i}\n\n*Note* number {i}.\n\n{body}\n")
        else:
            path = folder / f"note-{i:03d}.txt"
            path.write_text(f"Small note {i}\n\nThis is small note number {i}.\n\n{body}\n")
        paths.append(path)
    for name in bad:
        path = folder / name
        path.write_bytes(b"")  # an empty file cannot be imported
        paths.append(path)
    return paths


@pytest.fixture(name="make_article")
def _make_article_fixture():
    return make_article


@pytest.fixture(name="write_files")
def _write_files_fixture():
    return write_files


@pytest.fixture(name="add_articles")
def _add_articles_fixture():
    return add_articles
