"""The small bar shown by a text selection (or a clicked highlight) in the reading pane.

One round button per highlight colour, an underline toggle and a note button;
for a clicked highlight also a delete button. It never takes the keyboard
focus, so the selection in the pane stays as it is while the bar is used. Its
buttons and swatches are made the first time it is shown (or asked for), not
with the reading pane: the window's first paint does not need them.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton, QWidget

from reader.core.models import COLOURS
from reader.ui.theme import Theme

_SWATCH = 18


def swatch_icon(
    fill: QColor,
    ring: QColor,
    size: int = _SWATCH,
    checked: bool = False,
    mark: QColor | None = None,
) -> QIcon:
    """A round colour swatch, with a ring (in ``mark``, else ``ring``) when ``checked``."""
    ratio = 2
    pix = QPixmap(size * ratio, size * ratio)
    pix.setDevicePixelRatio(ratio)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(ring, 1.2))
    p.setBrush(fill)
    inset = 3 if checked else 2
    p.drawEllipse(inset, inset, size - 2 * inset, size - 2 * inset)
    if checked:
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(mark or ring, 1.6))
        p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pix)


class HighlightBar(QFrame):
    """Colour buttons, underline toggle, note and delete, floating over the reading pane."""

    colourChosen = Signal(str)
    underlineToggled = Signal(bool)
    noteRequested = Signal()
    deleteRequested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("highlightBar")
        self._colour_buttons: dict[str, QToolButton] = {}  # with the rest, by _made()
        self._theme: Theme | None = None
        self._current: str | None = None
        self.hide()

    def _made(self) -> HighlightBar:
        """The bar with its buttons (made the first time)."""
        if self._colour_buttons:
            return self
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.ArrowCursor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(2)
        for number, colour in enumerate(COLOURS, 1):
            button = self._button(f"Highlight {colour} ({number})")
            button.clicked.connect(lambda _=False, c=colour: self.colourChosen.emit(c))
            self._colour_buttons[colour] = button
            layout.addWidget(button)
        layout.addSpacing(6)
        self._underline = self._button("Underline instead of highlighting (U)", "U")
        self._underline.setCheckable(True)
        font = self._underline.font()
        font.setUnderline(True)
        font.setBold(True)
        self._underline.setFont(font)
        self._underline.toggled.connect(self.underlineToggled)
        layout.addWidget(self._underline)
        self._note = self._button("Add a note (N)", "Note…")
        self._note.clicked.connect(self.noteRequested)
        layout.addWidget(self._note)
        self._delete = self._button("Delete this highlight (Delete)", "Delete")
        self._delete.clicked.connect(self.deleteRequested)
        layout.addWidget(self._delete)
        if self._theme is not None:
            self.set_theme(self._theme)
        return self

    @property
    def underline(self) -> QToolButton:
        return self._made()._underline

    @property
    def note(self) -> QToolButton:
        return self._made()._note

    @property
    def delete(self) -> QToolButton:
        return self._made()._delete

    def _button(self, tip: str, text: str = "") -> QToolButton:
        button = QToolButton(self)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setIconSize(QSize(_SWATCH, _SWATCH))
        if text:
            button.setText(text)
        return button

    def colour_button(self, colour: str) -> QToolButton:
        return self._made()._colour_buttons[colour]

    @property
    def current_colour(self) -> str | None:
        """The colour the bar marks as current (the selected highlight's, or the next one's)."""
        return self._current

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        if self._colour_buttons:  # else when the bar is made
            self.setPalette(theme.palette(self.palette()))
            self._paint_swatches()

    def _paint_swatches(self) -> None:
        if self._theme is None:
            return
        ring, mark = QColor(self._theme.muted), QColor(self._theme.text)
        for colour, button in self._colour_buttons.items():
            fill = self._theme.highlight_colour(colour)
            current = colour == self._current
            button.setIcon(swatch_icon(fill, ring, checked=current, mark=mark))

    def show_for_selection(self, rect: QRect, colour: str, style: str) -> None:
        """Offer to highlight the selection whose first line is ``rect`` (parent coordinates),
        marking the current colour and style."""
        self._current = colour
        self._set_style(style)
        self.note.setToolTip("Highlight and add a note (N)")
        self.delete.hide()
        self._place(rect)

    def show_for_highlight(self, rect: QRect, colour: str, style: str) -> None:
        """Offer to recolour, note or delete the highlight whose first line is ``rect``."""
        self._current = colour
        self._set_style(style)
        self.note.setToolTip("Edit the note and tags (N)")
        self.delete.show()
        self._place(rect)

    def _set_style(self, style: str) -> None:
        self.underline.blockSignals(True)
        self.underline.setChecked(style == "underline")
        self.underline.blockSignals(False)
        self._paint_swatches()

    def _place(self, rect: QRect) -> None:
        self.adjustSize()
        parent = self.parentWidget()
        size = self.sizeHint()
        x = rect.center().x() - size.width() // 2
        y = rect.top() - size.height() - 6
        if y < 2:
            y = rect.bottom() + 8
        if parent is not None:  # kept inside the viewport it floats over
            x = max(4, min(x, parent.width() - size.width() - 4))
            y = max(2, min(y, parent.height() - size.height() - 2))
        self.move(QPoint(x, y))
        self.show()
        self.raise_()
