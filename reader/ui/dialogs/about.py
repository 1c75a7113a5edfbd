"""The About box: the version, what the app does, and where the library file is."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from reader import __version__

APP_NAME = "Article Reader"


def show_about(parent: QWidget, library_path) -> None:
    QMessageBox.about(
        parent,
        f"About {APP_NAME}",
        f"<h3>{APP_NAME} {__version__}</h3><p>A calm reader and annotator for saved "
        "articles: highlight, write notes, find anything again, export to Markdown, "
        "HTML, W3C annotations or Readwise CSV.</p><p>Everything stays in one file on "
        f"this computer:<br><code>{library_path}</code></p>",
    )
