"""Every undoable change to a highlight: add, delete, change look or note, reattach.

Each change made in the window is one of these commands on the window's
``QUndoStack``, so Ctrl+Z undoes it whichever pane made it. A command changes the
highlight through the window's :class:`~reader.ui.highlights.model.HighlightsModel`,
which writes to the ``Library`` and tells both panes what changed. A change the
library refuses makes the command obsolete (the stack drops it) and is said through
the model's ``failed``.

    stack.push(AddHighlight(highlights, article_id, 10, 42, colour="green"))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from PySide6.QtGui import QUndoCommand

from reader.core.models import Highlight
from reader.core.storage.library import LibraryError
from reader.ui.highlights.model import HighlightsModel

_MERGE_LOOK = 0x4C4F4F4B  # ChangeHighlight look-only commands merge with each other


class _Command(QUndoCommand):
    """Runs ``_redo``/``_undo``; a library error makes the command obsolete and is announced."""

    def __init__(self, highlights: HighlightsModel, text: str) -> None:
        super().__init__(text)
        self.highlights = highlights

    def redo(self) -> None:
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step: Callable[[], object]) -> None:
        try:
            step()
        except (LibraryError, ValueError) as e:
            self.setObsolete(True)
            self.highlights.failed.emit(str(e))

    def _redo(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _undo(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class AddHighlight(_Command):
    """Highlight ``text[start:end]``; redo after undo brings back the same id."""

    def __init__(
        self,
        highlights: HighlightsModel,
        article_id: int,
        start: int,
        end: int,
        *,
        colour: str = "yellow",
        style: str = "highlight",
        note: str = "",
        tags: Iterable[str] = (),
    ) -> None:
        super().__init__(highlights, "Highlight")
        self.article_id = article_id
        self.start, self.end = start, end
        self.colour, self.style = colour, style
        self.note = note
        self.tags: tuple[str, ...] = tuple(tags)
        self.highlight: Highlight | None = None  # as the library made it
        self._removed: Highlight | None = None  # as it was when undone, for redo

    @property
    def highlight_id(self) -> str | None:
        return self.highlight.id if self.highlight else None

    def _redo(self) -> None:
        if self._removed is not None:
            self.highlight = self.highlights.restore(self._removed)
            return
        self.highlight = self.highlights.add(
            self.article_id,
            self.start,
            self.end,
            colour=self.colour,
            style=self.style,
            note=self.note,
            tags=self.tags,
        )

    def _undo(self) -> None:
        assert self.highlight is not None
        self._removed = self.highlights.delete(self.highlight.id)


class DeleteHighlight(_Command):
    """Delete a highlight; undo restores it with its id, note and tags."""

    def __init__(self, highlights: HighlightsModel, highlight_id: str) -> None:
        super().__init__(highlights, "Delete highlight")
        self.highlight_id = highlight_id
        self._removed: Highlight | None = None

    def _redo(self) -> None:
        self._removed = self.highlights.delete(self.highlight_id)
        if self._removed is not None:
            self.highlights.removed.emit(self._removed)

    def _undo(self) -> None:
        assert self._removed is not None
        self.highlights.restore(self._removed)


class Edit(NamedTuple):  # not a dataclass: 7x cheaper to make at startup
    """What a :class:`ChangeHighlight` sets; None leaves that part as it is."""

    colour: str | None = None
    style: str | None = None
    note: str | None = None
    tags: tuple[str, ...] | None = None


class ChangeHighlight(_Command):
    """Change a highlight's colour, style, note or tags (what is not None)."""

    def __init__(
        self,
        highlights: HighlightsModel,
        highlight_id: str,
        *,
        colour: str | None = None,
        style: str | None = None,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> None:
        before = highlights.highlight(highlight_id)
        look_only = note is None and tags is None
        super().__init__(highlights, "Change highlight" if look_only else "Edit note")
        self.highlight_id = highlight_id
        self.new = Edit(colour, style, note, None if tags is None else tuple(tags))
        self.old = Edit(  # only what this command changes
            before.colour if colour is not None else None,
            before.style if style is not None else None,
            before.note if note is not None else None,
            tuple(before.tags) if tags is not None else None,
        )
        self._look_only = look_only

    def id(self) -> int:
        return _MERGE_LOOK if self._look_only else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Consecutive colour/style changes of one highlight undo as one step."""
        if not isinstance(other, ChangeHighlight) or other.highlight_id != self.highlight_id:
            return False
        if other.new.colour is not None:
            if self.new.colour is None:
                self.old = self.old._replace(colour=other.old.colour)
            self.new = self.new._replace(colour=other.new.colour)
        if other.new.style is not None:
            if self.new.style is None:
                self.old = self.old._replace(style=other.old.style)
            self.new = self.new._replace(style=other.new.style)
        return True

    def _apply(self, edit: Edit) -> None:
        self.highlights.update(
            self.highlight_id, colour=edit.colour, style=edit.style, note=edit.note, tags=edit.tags
        )

    def _redo(self) -> None:
        self._apply(self.new)

    def _undo(self) -> None:
        self._apply(self.old)


class ReattachHighlight(_Command):
    """Anchor a highlight (an orphan, usually) to ``text[start:end]``; undo puts it back."""

    def __init__(
        self, highlights: HighlightsModel, highlight_id: str, start: int, end: int
    ) -> None:
        super().__init__(highlights, "Attach highlight")
        self.before = highlights.highlight(highlight_id)
        self.highlight_id = highlight_id
        self.start, self.end = start, end

    def _redo(self) -> None:
        self.highlights.reattach(self.highlight_id, self.start, self.end)

    def _undo(self) -> None:
        self.highlights.put_back(self.before)
