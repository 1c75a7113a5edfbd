"""Message boxes wide enough for what they say: a web address or a path is one unbroken
word, which Qt's narrow default box cuts into four lines."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QMessageBox, QSizePolicy, QSpacerItem

MIN_WIDTH = 440  # px of text
MAX_SHARE = 0.7  # of the screen's width


def fit_width(box: QMessageBox) -> QMessageBox:
    """Widen ``box`` so its longest word (an address, a path) fits on one line, within
    ``MAX_SHARE`` of the screen; at least ``MIN_WIDTH``. Returns the box."""
    words = f"{box.text()} {box.informativeText()}".split()
    metrics = box.fontMetrics()
    longest = max((metrics.horizontalAdvance(w) for w in words), default=0)
    screen = box.screen().availableGeometry().width() if box.screen() else 1024
    width = int(min(max(MIN_WIDTH, longest + 24), screen * MAX_SHARE))
    layout = box.layout()
    if not isinstance(layout, QGridLayout):  # Qt's box is a grid; anything else: leave it
        return box
    spacer = QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
    layout.addItem(spacer, layout.rowCount(), 0, 1, layout.columnCount())
    return box
