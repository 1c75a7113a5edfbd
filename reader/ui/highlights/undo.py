"""Undoable highlight changes: add, delete, change look or note, reattach.

Every change to a highlight made in the window goes through one of these
commands on the window's ``QUndoStack``. Commands talk to the ``Library`` and
announce each change on :class:`HighlightEvents`, one per stack, so that both
panes repaint whoever pushed the command and whether it is done or undone.

    stack.push(AddHighlight(library, stack, article_id, 10, 42, colour="green"))
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from reader.core.models import Highlight
from reader.core.storage.library import Library, LibraryError

_EVENTS_NAME = "reader-highlight-events"
_MERGE_LOOK = 0x4C4F4F4B  # ChangeHighlight look-only commands merge with each other


class HighlightEvents(QObject):
    """Announces highlight changes made by commands on one undo stack."""

    changed = Signal(int)  # article id
    failed = Signal(str)  # a message for the user: the change could not be made

    @classmethod
    def of(cls, stack: QUndoStack) -> HighlightEvents:
        """The events object of ``stack``, made on first use as the stack's child."""
        found = stack.findChild(QObject, _EVENTS_NAME)
        if isinstance(found, cls):
            return found
        events = cls(stack)
        events.setObjectName(_EVENTS_NAME)
        return events


class _Command(QUndoCommand):
    """Runs ``_redo``/``_undo``; a library error makes the command obsolete and is announced."""

    def __init__(self, library: Library, stack: QUndoStack, text: str) -> None:
        super().__init__(text)
        self.library = library
        self.events = HighlightEvents.of(stack)
        self.article_id: int | None = None

    def redo(self) -> None:
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step) -> None:
        try:
            step()
        except (LibraryError, ValueError) as e:
            self.setObsolete(True)
            self.events.failed.emit(str(e))
            return
        if self.article_id is not None:
            self.events.changed.emit(self.article_id)

    def _redo(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _undo(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class AddHighlight(_Command):
    """Highlight ``text[start:end]``; redo after undo brings back the same id."""

    def __init__(
        self,
        library: Library,
        stack: QUndoStack,
        article_id: int,
        start: int,
        end: int,
        *,
        colour: str = "yellow",
        style: str = "highlight",
        note: str = "",
        tags: Iterable[str] = (),
    ) -> None:
        super().__init__(library, stack, "Highlight")
        self.article_id = article_id
        self._args = dict(
            start=start, end=end, colour=colour, style=style, note=note, tags=list(tags)
        )
        self.highlight: Highlight | None = None
        self._removed: Highlight | None = None

    @property
    def highlight_id(self) -> str | None:
        return self.highlight.id if self.highlight else None

    def _redo(self) -> None:
        if self._removed is not None:
            self.highlight = self.library.highlights.restore(self._removed)
        else:
            a = self._args
            self.highlight = self.library.highlights.add(
                self.article_id,
                a["start"],
                a["end"],
                colour=a["colour"],
                style=a["style"],
                note=a["note"],
                tags=a["tags"],
            )

    def _undo(self) -> None:
        self._removed = self.library.highlights.delete(self.highlight.id)


class DeleteHighlight(_Command):
    """Delete a highlight; undo restores it with its id, note and tags."""

    def __init__(self, library: Library, stack: QUndoStack, highlight_id: str) -> None:
        super().__init__(library, stack, "Delete highlight")
        self.highlight_id = highlight_id
        self._removed: Highlight | None = None

    def _redo(self) -> None:
        self._removed = self.library.highlights.delete(self.highlight_id)
        self.article_id = self._removed.article_id

    def _undo(self) -> None:
        self.library.highlights.restore(self._removed)


class ChangeHighlight(_Command):
    """Change a highlight's colour, style, note or tags (what is not None)."""

    def __init__(
        self,
        library: Library,
        stack: QUndoStack,
        highlight_id: str,
        *,
        colour: str | None = None,
        style: str | None = None,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> None:
        before = library.highlights.get(highlight_id)
        look_only = note is None and tags is None
        super().__init__(library, stack, "Change highlight" if look_only else "Edit note")
        self.highlight_id = highlight_id
        self.article_id = before.article_id
        self.new = dict(
            colour=colour, style=style, note=note, tags=None if tags is None else list(tags)
        )
        self.old = dict(
            colour=before.colour if colour is not None else None,
            style=before.style if style is not None else None,
            note=before.note if note is not None else None,
            tags=list(before.tags) if tags is not None else None,
        )
        self._look_only = look_only

    def id(self) -> int:
        return _MERGE_LOOK if self._look_only else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Consecutive colour/style changes of one highlight undo as one step."""
        if not isinstance(other, ChangeHighlight) or other.highlight_id != self.highlight_id:
            return False
        for key in ("colour", "style"):
            if other.new[key] is not None:
                if self.new[key] is None:
                    self.old[key] = other.old[key]
                self.new[key] = other.new[key]
        return True

    def _redo(self) -> None:
        self.library.highlights.update(self.highlight_id, **self.new)

    def _undo(self) -> None:
        self.library.highlights.update(self.highlight_id, **self.old)


class ReattachHighlight(_Command):
    """Anchor a highlight (an orphan, usually) to ``text[start:end]``; undo puts it back."""

    def __init__(
        self, library: Library, stack: QUndoStack, highlight_id: str, start: int, end: int
    ) -> None:
        super().__init__(library, stack, "Attach highlight")
        self.before = library.highlights.get(highlight_id)
        self.highlight_id = highlight_id
        self.article_id = self.before.article_id
        self.start, self.end = start, end

    def _redo(self) -> None:
        self.library.highlights.reattach(self.highlight_id, self.start, self.end)

    def _undo(self) -> None:
        # The library has no "make orphan again": swap the row back as it was.
        current = self.library.highlights.delete(self.highlight_id)
        try:
            self.library.highlights.restore(self.before)
        except LibraryError:
            self.library.highlights.restore(current)
            raise
