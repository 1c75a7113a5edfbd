"""How far into the article the reader is: "42% · 6 min left" at the bottom right of the
reading pane, kept up to date as it scrolls (the list shows the same, saved)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from reader.core.reading_time import progress_text
from reader.ui.theme import Theme


class ProgressBadge(QLabel):
    """A line under the reading pane's text, the progress at its right: the pane keeps it
    out of the text's way with a viewport margin."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("readingProgress")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setContentsMargins(8, 0, 12, 2)
        self.setAutoFillBackground(True)

    def height_needed(self) -> int:
        return self.fontMetrics().height() + 6

    def set_theme(self, theme: Theme) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(theme.background))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(theme.muted))
        self.setPalette(palette)

    def show_progress(
        self, progress: float | None, words: int, viewport: QWidget, place: str = ""
    ) -> None:
        """Say ``progress`` (0 to 1) of an article of ``words`` under ``viewport``, after
        ``place`` (a book's chapter) when given; None says nothing."""
        text = "" if progress is None else progress_text(progress, words)
        if text and place:
            text = f"{place} · {text}"
        if text != self.text():
            self.setText(text)
        self.setGeometry(
            viewport.x(), viewport.y() + viewport.height(), viewport.width(), self.height_needed()
        )
