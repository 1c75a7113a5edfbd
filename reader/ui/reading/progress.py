"""How far into the article the reader is: "42% · 6 min left" at the bottom right of the
reading pane, kept up to date as it scrolls (the list shows the same, saved)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from reader.ui.theme import Theme

WORDS_PER_MINUTE = 230  # as the byline's "min read" counts


def progress_text(progress: float, words: int) -> str:
    """``42% · 6 min left``; ``Finished`` at the end."""
    if progress >= 0.995:
        return "Finished"
    left = max(1, round(words * (1 - progress) / WORDS_PER_MINUTE))
    return f"{round(100 * progress)}% · {left} min left"


class ProgressBadge(QLabel):
    """A small muted label over the pane's bottom right corner."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("readingProgress")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setContentsMargins(8, 2, 8, 2)
        self.setAutoFillBackground(True)
        self.hide()

    def set_theme(self, theme: Theme) -> None:
        palette = self.palette()
        background = QColor(theme.background)
        background.setAlpha(225)
        palette.setColor(QPalette.ColorRole.Window, background)
        palette.setColor(QPalette.ColorRole.WindowText, QColor(theme.muted))
        self.setPalette(palette)

    def show_progress(self, progress: float | None, words: int, viewport: QWidget) -> None:
        """Say ``progress`` (0 to 1) of an article of ``words``; None hides the badge."""
        if progress is None:
            self.hide()
            return
        text = progress_text(progress, words)
        if text != self.text():
            self.setText(text)
            self.adjustSize()
        x = viewport.x() + viewport.width() - self.width() - 6
        self.move(x, viewport.y() + viewport.height() - self.height() - 4)
        self.show()
