"""A PDF dropped on the window: the progress dialog counts its pages, the article opens
with the PDF's text, and Cancel stops it with nothing added."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importing"))
import pdf_maker  # the importing tests' maker of real PDFs

pytestmark = pytest.mark.gui
PAGES = 150


def drop(window, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(window, event)


@pytest.fixture
def long_pdf(tmp_path) -> Path:
    pages = [[f"Page {n} begins.", f"It holds words of page {n}."] for n in range(1, PAGES + 1)]
    return pdf_maker.handmade_pdf(tmp_path / "report.pdf", pages)


def test_a_dropped_pdf_shows_its_pages_progress_and_opens(window, seeded, long_pdf, qtbot):
    labels = []
    with qtbot.waitSignal(window.importer.finished, timeout=60000) as done:
        drop(window, long_pdf)
        assert window.importer.progress is not None  # one PDF gets the dialog, with Cancel
        window.importer.job.progress.connect(lambda d, t, s: labels.append(s))
    report = done.args[0]
    assert not report.failures and report.count("added") == 1
    assert any(f"(pages: {PAGES} of {PAGES})" in label for label in labels)
    article = seeded.articles.get(report.results[0].article_id)
    assert window.article_id == article.id
    assert article.title == "Page 1 begins."
    assert sum(e.kind == "page" for e in article.outline) == PAGES
    pane_text = window.reading_pane.document().toPlainText().replace("\u2029", "\n")
    assert pane_text == article.text


def test_cancel_stops_a_pdf_between_pages_and_adds_nothing(window, seeded, long_pdf, qtbot):
    before = len(seeded.articles.list())
    with qtbot.waitSignal(window.importer.finished, timeout=60000) as done:
        drop(window, long_pdf)
        window.importer.job.cancel()
    report = done.args[0]
    assert report.cancelled and not report.failures and not report.results
    assert len(seeded.articles.list()) == before
