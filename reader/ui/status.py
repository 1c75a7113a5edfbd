"""The status bar's notice (a message with an optional button or folder link) and the
window palette that goes with a reading theme."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QDesktopServices, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from reader.ui.plain_text import escape

NOTICE_MS = 15000


class Notice(QWidget):
    """One message at a time in the status bar, optionally with a button (Undo, Open Folder)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.label = QLabel(self)
        self.label.setObjectName("notice_text")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.label.linkActivated.connect(_open)
        self.button = QToolButton(self)
        self.button.setObjectName("notice_button")
        self.button.setAutoRaise(False)
        self.button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(8)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self._action: Callable[[], object] | None = None
        self.button.clicked.connect(self._clicked)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.clear)

    def show_text(
        self,
        text: str,
        button: str | None = None,
        action: Callable[[], object] | None = None,
        *,
        timeout: int = NOTICE_MS,
    ) -> None:
        self._show(escape(text, quote=True), button, action, timeout)

    def show_link(
        self,
        text: str,
        folder: Path,
        button: str,
        action: Callable[[], object],
        *,
        timeout: int = NOTICE_MS * 2,
    ) -> None:
        """``text`` followed by the folder as a clickable link, and a button."""
        from PySide6.QtCore import QUrl

        url = QUrl.fromLocalFile(str(folder)).toString()
        shown = escape(_home_relative(folder), quote=True)
        link = f'<a href="{escape(url, quote=True)}">{shown}</a>'
        self._show(escape(text, quote=True) + link, button, action, timeout)

    def _show(self, markup: str, button: str | None, action, timeout: int) -> None:
        self.label.setText(markup)
        self._action = action
        self.button.setVisible(bool(button))
        self.button.setText(button or "")
        if timeout:
            self._timer.start(timeout)
        else:
            self._timer.stop()

    def text(self) -> str:
        return self.label.text()

    def clear(self) -> None:
        self.label.clear()
        self.button.hide()
        self._action = None

    def _clicked(self) -> None:
        action = self._action
        self.clear()
        if action is not None:
            action()


def _home_relative(folder: Path) -> str:
    try:
        return "~/" + str(folder.resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(folder)


def chrome_palette(theme) -> QPalette:
    """A palette for the whole window in the colours of a reading theme
    (``reader.ui.theme.Theme``): panes on the theme's paper, chrome a shade apart."""
    base = QColor(theme.background)
    text = QColor(theme.text)
    dark = base.lightness() < 128
    window = base.lighter(118) if dark else base.darker(104)
    button = base.lighter(135) if dark else base.darker(102)
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: base.lighter(110) if dark else base.darker(103),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ffffff" if dark else "#000000"),
        QPalette.ColorRole.Highlight: QColor(theme.selection),
        QPalette.ColorRole.HighlightedText: QColor(theme.selection_text),
        QPalette.ColorRole.PlaceholderText: QColor(theme.muted),
        QPalette.ColorRole.ToolTipBase: window,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Link: QColor(theme.link),
        QPalette.ColorRole.LinkVisited: QColor(theme.link),
        QPalette.ColorRole.Light: button.lighter(130),
        QPalette.ColorRole.Midlight: button.lighter(115),
        QPalette.ColorRole.Mid: button.darker(130) if not dark else button.lighter(125),
        QPalette.ColorRole.Dark: button.darker(160) if not dark else window.darker(130),
        QPalette.ColorRole.Shadow: QColor("#000000"),
    }
    for role, colour in roles.items():
        pal.setColor(role, colour)
    muted = QColor(theme.muted)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, muted)
    return pal


def _open(url: str) -> None:
    from PySide6.QtCore import QUrl  # not needed to show the window

    QDesktopServices.openUrl(QUrl(url))
