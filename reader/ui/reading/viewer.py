"""A picture at full size, over the window: opened by a click on it, closed by Escape,
a click or the window's close button.

The picture is decoded once, whole, through the reading view's gate (``loadResource``
of its ``picture:<sha256>`` address: the library's bytes and nothing else). It shows
at its own size, or smaller to fit the screen; its caption (else its alt text) under it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPalette, QPixmap, QTextDocument
from PySide6.QtWidgets import QDialog, QLabel, QTextBrowser, QVBoxLayout, QWidget

from reader.core.models import PictureUse
from reader.ui.reading.pictures import picture_url

BACKDROP = "#161616"
MARGIN = 0.92  # of the screen a picture may take


class PictureViewer(QDialog):
    """One picture at full size; Escape or a click closes it."""

    def __init__(self, image: QImage, use: PictureUse, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pictureViewer")
        self.setWindowTitle(_title(use))
        self.setModal(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(BACKDROP))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#dddddd"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setPixmap(QPixmap.fromImage(_fitted(image, self._room(parent))))
        layout.addWidget(self.picture, 1)
        words = use.caption or use.alt
        self.caption = QLabel(words, self)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)  # a page's words are not markup
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.caption.setVisible(bool(words))
        layout.addWidget(self.caption)
        self.setToolTip("Esc or a click closes the picture")

    @staticmethod
    def _room(parent: QWidget | None) -> QSize:
        screen = parent.screen() if parent is not None else None
        if screen is None:
            return QSize(1600, 1000)
        room = screen.availableGeometry().size()
        return QSize(int(room.width() * MARGIN) - 32, int(room.height() * MARGIN) - 80)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)  # Escape rejects, as in every dialog


def _fitted(image: QImage, room: QSize) -> QImage:
    """The picture at its own size, or scaled down (aspect kept) to fit ``room``."""
    if image.width() <= room.width() and image.height() <= room.height():
        return image
    return image.scaled(
        room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def _title(use: PictureUse) -> str:
    words = " ".join((use.caption or use.alt).split())
    if len(words) > 80:
        words = words[:77] + "…"
    return words or f"Picture ({use.width} × {use.height})"


def open_full_size(pane: QTextBrowser, use: PictureUse) -> PictureViewer | None:
    """Show a picture of the article open in ``pane`` at full size, from the pane's own
    resources (the stored picture, by digest); None when it cannot be shown."""
    image = pane.loadResource(
        QTextDocument.ResourceType.ImageResource.value, QUrl(picture_url(use.digest))
    )
    if not isinstance(image, QImage) or image.isNull():
        return None
    viewer = PictureViewer(image, use, pane.window())
    viewer.finished.connect(viewer.deleteLater)
    viewer.open()
    return viewer
