"""The daily review in the window: one big card at a time, rated with keys 1-4.

A card shows the passage large, its article, its note and tags. A question card hides a
part of the passage until Space shows it. Below: Again, Hard, Good and Easy with when
each brings the highlight back; and Edit Note (N), Open in Article (O), Discard (D,
undoable from the status bar), Favourite (F) and Make Question (Q: the words selected in
the passage, or the longest word). The day's review comes from ``library.review.today``;
when it is done the card says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from reader.core.reviewing import cloze
from reader.core.reviewing.cards import RATINGS
from reader.core.storage.library import Library, LibraryError
from reader.core.storage.review import ReviewItem
from reader.ui.made import named
from reader.ui.theme import Theme

CARD_WIDTH = 760
SERIF = ["Noto Serif", "Georgia", "DejaVu Serif", "serif"]
Tell = Callable[..., None]  # the window's notice: (text, button label, action)


def until(due: str | None, now: datetime | None = None) -> str:
    """How long until ``due``, as a button says it: "1 day", "3 weeks", "2 months"."""
    if not due:
        return ""
    moment = datetime.fromisoformat(due.replace("Z", "+00:00"))
    days = max(0.0, (moment - (now or datetime.now(UTC))).total_seconds() / 86400)
    for size, unit in ((365, "year"), (30, "month"), (7, "week"), (1, "day")):
        if days >= size * 0.95 or unit == "day":
            n = max(1, round(days / size))
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return ""


def _label(parent: QWidget, name: str, size: float, *, serif: bool = False) -> QLabel:
    label = named(QLabel(parent), name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # article text is never read as HTML
    label.setWordWrap(True)
    font = QFont(label.font())
    if serif:
        font.setFamilies(SERIF)
    font.setPointSizeF(size)
    label.setFont(font)
    return label


class ReviewView(QWidget):
    """Today's review. ``opened(article_id, highlight_id)`` to read a highlight in its
    article; ``edited(article_id)`` after its note changed."""

    opened = Signal(int, str)
    edited = Signal(int)

    def __init__(self, library: Library, theme: Theme, tell: Tell, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("review")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._library = library
        self._tell = tell
        self.items: list[ReviewItem] = []
        self.position = 0
        self.reviewed = 0
        self.revealed = True
        self._shown_at = time.monotonic()

        self.progress = _label(self, "review_progress", 10.5)
        self.article = _label(self, "review_article", 11.5)
        self.passage = _label(self, "review_passage", 21, serif=True)
        self.passage.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = _label(self, "review_hint", 11)
        self.note = _label(self, "review_note", 14, serif=True)
        self.tags = _label(self, "review_tags", 11)
        self.card = named(QFrame(self), "review_card")
        self.card.setFrameShape(QFrame.Shape.StyledPanel)
        self.card.setMaximumWidth(CARD_WIDTH)
        self.card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        inside = QVBoxLayout(self.card)
        inside.setContentsMargins(36, 28, 36, 28)
        inside.setSpacing(14)
        for widget in (self.article, self.passage, self.hint, self.note, self.tags):
            inside.addWidget(widget)

        self.rate_buttons: dict[str, QPushButton] = {}
        rates = QHBoxLayout()
        for n, rating in enumerate(RATINGS, 1):
            button = named(QPushButton(self), f"rate_{rating}")
            button.setMinimumHeight(48)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, r=rating: self.rate(r))
            button.setToolTip(f"{rating.capitalize()} ({n})")
            self.rate_buttons[rating] = button
            rates.addWidget(button)
        self.reveal_button = QPushButton("Show the Hidden Words (Space)", self)
        self.reveal_button.setObjectName("reveal")
        self.reveal_button.setMinimumHeight(48)
        self.reveal_button.clicked.connect(self.reveal)
        rates.addWidget(self.reveal_button)
        tools = QHBoxLayout()
        self.tool_buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("note", "Edit Note (N)", self.edit_note),
            ("open", "Open in Article (O)", self.open_in_article),
            ("favourite", "Favourite (F)", self.toggle_favourite),
            ("question", "Make Question (Q)", self.toggle_question),
            ("discard", "Discard (D)", self.discard),
        ):
            button = named(QPushButton(text, self), f"review_{name}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setFlat(True)
            button.clicked.connect(slot)
            self.tool_buttons[name] = button
            tools.addWidget(button)
        self.done = _label(self, "review_done", 16, serif=True)
        self.done.setAlignment(Qt.AlignmentFlag.AlignCenter)

        column = QVBoxLayout()
        column.setSpacing(16)
        column.addStretch(1)
        column.addWidget(self.progress)
        column.addWidget(self.card)
        column.addLayout(rates)
        column.addLayout(tools)
        column.addWidget(self.done)
        column.addStretch(2)
        holder = QWidget(self)
        holder.setMaximumWidth(CARD_WIDTH)
        holder.setLayout(column)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addWidget(holder, 100)
        outer.addStretch(1)
        self._holder = holder
        self.set_theme(theme)

    # -- what is shown -----------------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._paint_card()
        muted = f"color: {theme.muted};"
        for label in (self.progress, self.article, self.tags, self.hint):
            label.setStyleSheet(muted)
        self.note.setStyleSheet(f"color: {theme.text}; font-style: italic;")
        self.passage.setStyleSheet(f"color: {theme.text};")
        self.done.setStyleSheet(f"color: {theme.text};")

    def _paint_card(self) -> None:
        """The card on the theme's paper, its left edge in the highlight's colour."""
        theme, item = self._theme, self.current
        edge = theme.underline_colour(item.highlight.colour if item else "yellow").name()
        self.card.setStyleSheet(
            f"#review_card {{ background: {theme.background}; border: 1px solid {theme.rule};"
            f" border-left: 5px solid {edge}; border-radius: 10px; }}"
        )

    def start(self) -> None:
        """Read today's review afresh and show its first card."""
        self.items = self._library.review.today()
        self.position = 0
        self.reviewed = 0
        self._show()

    @property
    def current(self) -> ReviewItem | None:
        return self.items[self.position] if 0 <= self.position < len(self.items) else None

    def _show(self) -> None:
        item = self.current
        working = item is not None
        for widget in (self.card, *self.rate_buttons.values(), *self.tool_buttons.values()):
            widget.setVisible(working)
        self.done.setVisible(not working)
        if item is None:
            self.reveal_button.hide()
            done = self._library.review.done_today()
            self.progress.setText("Daily review")
            self.done.setText(
                f"Done for today: {done} highlight{'s' if done != 1 else ''} reviewed.\n"
                "Come back tomorrow."
                if done
                else "Nothing to review today: highlight passages as you read, and they "
                "will come back here."
            )
            return
        h, state = item.highlight, item.state
        self._paint_card()
        total = len(self.items)
        self.progress.setText(f"Daily review · {self.position + 1} of {total}")
        self.article.setText(item.article_title)
        question = state.cloze is not None and cloze.valid(h.exact, state.cloze)
        self.revealed = not question
        self.passage.setText(cloze.question(h.exact, state.cloze) if question else h.exact)  # type: ignore[arg-type]
        self.hint.setText("A question card: recall the hidden words, then press Space.")
        self.hint.setVisible(question)
        self.note.setText(h.note)
        self.note.setVisible(bool(h.note.strip()))
        self.tags.setText("  ".join(f"#{t}" for t in h.tags))
        self.tags.setVisible(bool(h.tags))
        self.tool_buttons["favourite"].setText(
            "Unfavourite (F)" if state.favorite else "Favourite (F)"
        )
        self.tool_buttons["question"].setText(
            "Plain Card (Q)" if state.cloze else "Make Question (Q)"
        )
        previews = self._library.review.preview(h.id)
        for n, (rating, button) in enumerate(self.rate_buttons.items(), 1):
            button.setText(f"{n}  {rating.capitalize()}\n{until(previews[rating])}")
            button.setVisible(self.revealed)
        self.reveal_button.setVisible(not self.revealed)
        self._shown_at = time.monotonic()

    # -- what the reader does -------------------------------------------------------

    def reveal(self) -> None:
        item = self.current
        if item is None or self.revealed:
            return
        self.revealed = True
        self.passage.setText(item.highlight.exact)
        self.hint.hide()
        self.reveal_button.hide()
        for button in self.rate_buttons.values():
            button.show()

    def rate(self, rating: str) -> None:
        item = self.current
        if item is None or not self.revealed:
            return
        spent = int((time.monotonic() - self._shown_at) * 1000)
        try:
            state = self._library.review.rate(item.highlight.id, rating, duration_ms=spent)
        except LibraryError as e:
            self._tell(f"Could not save the rating: {e}")
            return
        self.reviewed += 1
        self._tell(f"Rated {rating}: back in {until(state.due)}.")
        self.position += 1
        self._show()

    def discard(self) -> None:
        item = self.current
        if item is None:
            return
        hid = item.highlight.id
        try:
            self._library.review.discard(hid)
        except LibraryError as e:
            self._tell(f"Could not discard it: {e}")
            return
        del self.items[self.position]
        self._show()

        def undo() -> None:
            self._library.review.discard(hid, False)
            self.items.insert(self.position, item)
            self._show()

        self._tell("Discarded from the review.", "Undo", undo)

    def toggle_favourite(self) -> None:
        item = self.current
        if item is not None:
            item.state = self._library.review.set_favorite(
                item.highlight.id, not item.state.favorite
            )
            self._show()

    def toggle_question(self) -> None:
        """Hide the selected words of the passage (or the longest word); on a question
        card, make it plain again."""
        item = self.current
        if item is None:
            return
        h = item.highlight
        if item.state.cloze is not None:
            part = None
        elif self.passage.hasSelectedText() and self.revealed:
            start = self.passage.selectionStart()
            part = (start, start + len(self.passage.selectedText()))
        else:
            try:
                part = cloze.pick_part(h.exact)
            except ValueError as e:
                self._tell(f"Cannot make a question: {e}.")
                return
        item.state = self._library.review.set_cloze(h.id, part)
        self._show()

    def edit_note(self):
        item = self.current
        if item is None:
            return None
        from reader.ui.dialogs.note_editor import NoteEditor  # on first use, as the panes do

        h = item.highlight
        known = [name for name, _ in self._library.tags.in_use()]
        editor = NoteEditor(h.exact, h.note, h.tags, known, parent=self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def save() -> None:
            try:
                item.highlight = self._library.highlights.update(
                    h.id, note=editor.note(), tags=editor.tags()
                )
            except LibraryError as e:
                self._tell(f"Could not save the note: {e}")
                return
            self.edited.emit(h.article_id)
            self._show()

        editor.accepted.connect(save)
        editor.open()
        return editor

    def open_in_article(self) -> None:
        item = self.current
        if item is not None:
            self.opened.emit(item.highlight.article_id, item.highlight.id)
