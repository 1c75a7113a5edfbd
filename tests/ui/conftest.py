"""Fixtures for the window's tests: libraries with articles, and a window on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.document import Block
from reader.core.models import ImportedArticle

# The offscreen platform says this of every top-level window it shows; it is not ours.
PLATFORM_NOISE = (
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",  # popups (menus)
    "This plugin does not support grabbing the keyboard",
)


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
    return [library.articles.add(make_article(f"{prefix} {i:03d}")).article_id for i in range(n)]


@pytest.fixture
def seeded(library):
    """A library that is past its first launch: three articles, samples marked as seeded."""
    from reader.core.importing.samples import SEEDED_KEY

    library.settings.set(SEEDED_KEY, True)
    add_articles(library, 3)
    return library


def make_window(library, qtbot):
    from reader.ui.app.main_window import MainWindow
    from reader.ui.settings import Settings

    window = MainWindow(library, Settings(library))
    qtbot.addWidget(window)
    window.restore_layout()
    window.show()
    qtbot.waitExposed(window)
    window.start()
    # As a person meets it: painted, with what comes just after the first paint (the notes
    # pane, the menus' actions). test_first_paint.py tests the window before that.
    qtbot.waitUntil(lambda: window.first_paint.painted, timeout=5000)
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


def right_click(view, pos) -> None:
    """A right-click at ``pos`` on a list's viewport, as Qt delivers it."""
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    viewport = view.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)


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


@pytest.fixture(autouse=True)
def _clipboard_left_empty(qapp):
    """Qt's offscreen platform crashes at exit (SIGSEGV, after every test passed) when
    mime data is left on its clipboard; a real platform's clipboard does not."""
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
