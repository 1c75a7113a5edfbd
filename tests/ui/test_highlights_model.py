"""One highlights model for the open article: what each change tells the panes, and that
nobody reloads every highlight after one change."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument, QUndoStack

from reader.core.document import Block, Utf16Map
from reader.core.models import COLOURS, ImportedArticle
from reader.core.storage.library import Library
from reader.ui import theme as themes
from reader.ui.highlights.model import HighlightsModel
from reader.ui.highlights.undo import (
    AddHighlight,
    ChangeHighlight,
    DeleteHighlight,
    ReattachHighlight,
)
from reader.ui.notes.pane import NotesPane
from reader.ui.reading.document import P_HIGHLIGHTS, Look, build_document
from reader.ui.reading.paint import HighlightPainter, segments
from reader.ui.reading.pane import ReadingPane

pytestmark = pytest.mark.gui

PARAGRAPHS = [
    f"Paragraph {i} holds a sentence worth reading twice, and then some." for i in range(40)
]


class Recorder:
    """Every event of a model and of the notes pane's list filters, in order."""

    def __init__(self, model: HighlightsModel, *lists) -> None:
        self.events: list[tuple] = []
        model.added.connect(lambda h: self.events.append(("added", h.id)))
        model.restored.connect(lambda h: self.events.append(("restored", h.id)))
        model.deleted.connect(lambda h: self.events.append(("deleted", h.id)))
        model.edited.connect(lambda new, old: self.events.append(("edited", new.id, old.id)))
        for name, rows in (("model", model), *((f"list{i}", m) for i, m in enumerate(lists))):
            rows.modelReset.connect(lambda n=name: self.events.append((n, "reset")))
            rows.rowsInserted.connect(lambda _p, a, b, n=name: self.events.append((n, "in", a, b)))
            rows.rowsRemoved.connect(lambda _p, a, b, n=name: self.events.append((n, "out", a, b)))
            rows.dataChanged.connect(
                lambda a, b, _r=(), n=name: self.events.append((n, "changed", a.row(), b.row()))
            )

    def take(self) -> list[tuple]:
        """The events since the last call: row events in any order (a filter hears its
        source's before or after other listeners), then what the model said changed."""
        events, self.events = self.events, []
        rows = sorted(e for e in events if e[0].startswith(("model", "list")))
        return rows + [e for e in events if not e[0].startswith(("model", "list"))]


@dataclass
class Shared:
    """An article shown in a reading pane and a notes pane that share one model."""

    library: Library
    article_id: int
    text: str
    model: HighlightsModel
    reading: ReadingPane
    notes: NotesPane
    stack: QUndoStack
    loads: list[int]  # every read of an article's highlights from the library


@pytest.fixture
def shared(library: Library, qtbot, monkeypatch) -> Shared:
    """An article with 30 highlights, one at the start of each of its first paragraphs."""
    blocks = [Block("paragraph", p) for p in PARAGRAPHS]
    article_id = library.articles.add(
        ImportedArticle("Shared", blocks, "text", source="/s")
    ).article_id
    text = library.articles.get(article_id).text
    for i in range(30):
        at = text.index(f"Paragraph {i} ")
        library.highlights.add(article_id, at, at + 9, colour=COLOURS[i % 6])
    loads: list[int] = []
    real = library.highlights.of
    monkeypatch.setattr(library.highlights, "of", lambda aid: loads.append(aid) or real(aid))
    stack = QUndoStack()
    model = HighlightsModel(library)
    reading = ReadingPane(library, model, stack)
    notes = NotesPane(library, model, stack)
    for pane, size in ((reading, (700, 500)), (notes, (360, 600))):
        qtbot.addWidget(pane)
        pane.resize(*size)
        pane.show()
    reading.show_article(article_id)
    notes.show_article(article_id)
    return Shared(library, article_id, text, model, reading, notes, stack, loads)


def count_painting(monkeypatch, painter: HighlightPainter) -> list[tuple]:
    """Record every run the painter paints or gives back its built format."""
    seen: list[tuple] = []
    paint, restore = painter._paint, painter._restore
    monkeypatch.setattr(
        painter, "_paint", lambda c, seg: seen.append(("paint", seg)) or paint(c, seg)
    )
    monkeypatch.setattr(
        painter, "_restore", lambda c, a, b: seen.append(("restore", a, b)) or restore(c, a, b)
    )
    return seen


def test_both_panes_show_one_load_of_the_article(shared):
    assert shared.loads == [shared.article_id]  # by the reading pane; the notes pane shares it
    assert shared.notes.model.rowCount() == 30 and len(shared.reading.highlights) == 30


def test_a_new_highlight_inserts_one_row_and_paints_only_its_text(shared, qtbot, monkeypatch):
    model, reading, notes, text = shared.model, shared.reading, shared.notes, shared.text
    shared.loads.clear()
    events = Recorder(model, notes.model, notes.orphan_model)
    seen = count_painting(monkeypatch, reading._painter)
    at = text.index("sentence worth", text.index("Paragraph 7 "))
    reading.select_range(at, at + 8)
    reading.setFocus()
    qtbot.keyClick(reading, Qt.Key.Key_H)
    made = shared.library.highlights.get(next(h.id for h in model if h.start == at))
    assert model.row_of(made.id) == 8  # after paragraphs 0 to 7's highlights: reading order
    assert events.take() == [("list0", "in", 8, 8), ("model", "in", 8, 8), ("added", made.id)]
    assert seen == [("paint", segments([made])[0])]  # one run painted, no other touched
    assert shared.loads == []  # nothing was read again
    assert notes.highlights_label.text() == "Highlights (31)"
    assert notes.model.highlights()[8].id == made.id


def test_a_colour_change_changes_one_row_and_repaints_that_highlight(shared, monkeypatch):
    model, notes = shared.model, shared.notes
    shared.loads.clear()
    target = model.highlights()[12]
    events = Recorder(model, notes.model)
    seen = count_painting(monkeypatch, shared.reading._painter)
    colour = "purple" if target.colour != "purple" else "green"
    shared.reading.set_highlight_colour(target.id, colour)
    assert events.take() == [
        ("list0", "changed", 12, 12),
        ("model", "changed", 12, 12),
        ("edited", target.id, target.id),
    ]
    # its run given back its built look, then painted anew; no other run visited
    assert seen[0] == ("restore", target.start, target.end)
    assert [(kind, seg.ids) for kind, seg in seen[1:]] == [("paint", (target.id,))]
    assert notes.model.highlight(12).colour == colour
    shared.stack.undo()
    assert model.get(target.id).colour == target.colour
    assert [e[0] for e in events.take()] == ["list0", "model", "edited"]
    assert shared.loads == []


def test_delete_undo_and_redo_say_deleted_and_restored(shared, qtbot):
    model, reading, notes, stack = shared.model, shared.reading, shared.notes, shared.stack
    shared.loads.clear()
    target = model.highlights()[3]
    reading.select_highlight(target.id)
    notes.select_highlight(target.id)  # as the window does
    assert notes.list.currentIndex().row() == 3
    events = Recorder(model, notes.model)
    reading.setFocus()
    with qtbot.waitSignal(reading.highlightSelected) as selected:
        qtbot.keyClick(reading, Qt.Key.Key_Delete)
    assert selected.args == [None]
    assert events.take() == [("list0", "out", 3, 3), ("model", "out", 3, 3), ("deleted", target.id)]
    assert model.get(target.id) is None and notes.model.rowCount() == 29
    stack.undo()
    assert events.take() == [("list0", "in", 3, 3), ("model", "in", 3, 3), ("restored", target.id)]
    assert model.highlights()[3] == shared.library.highlights.get(target.id)
    stack.redo()
    assert events.take()[-1] == ("deleted", target.id)
    assert shared.loads == []


def test_undoing_an_add_deletes_and_redoing_restores_the_same_highlight(shared):
    model, stack = shared.model, shared.stack
    events = Recorder(model)
    command = AddHighlight(model, shared.article_id, 3, 8, colour="blue", note="why", tags=["t"])
    stack.push(command)
    made = command.highlight
    stack.undo()
    stack.redo()
    kinds = [e for e in events.take() if e[0] in ("added", "deleted", "restored")]
    assert kinds == [("added", made.id), ("deleted", made.id), ("restored", made.id)]
    assert (model.get(made.id).note, model.get(made.id).tags) == ("why", ["t"])


def test_a_note_edit_updates_the_row_the_list_shows(shared):
    notes = shared.notes
    target = shared.model.highlights()[0]
    shared.stack.push(ChangeHighlight(shared.model, target.id, note="A thought", tags=["b", "a"]))
    shown = notes.model.highlight(0)
    assert (shown.note, shown.tags) == ("A thought", ["a", "b"])
    assert shared.library.highlights.get(target.id).note == "A thought"
    shared.stack.undo()
    assert notes.model.highlight(0).note == "" and notes.model.highlight(0).tags == []


def test_attaching_an_orphan_moves_its_row_from_one_list_to_the_other(library, qtbot):
    article_id = library.articles.add(
        ImportedArticle("A", [Block("paragraph", "Old words vanish. Kept.")], "text", source="/a")
    ).article_id
    lost = library.highlights.add(article_id, 0, 9, note="keep")
    kept = library.highlights.add(article_id, 18, 22)
    library.articles.add(
        ImportedArticle("A", [Block("paragraph", "New text here. Kept.")], "text", source="/a")
    )
    model = HighlightsModel(library)
    model.open(article_id)
    stack = QUndoStack()
    notes = NotesPane(library, model, stack)
    qtbot.addWidget(notes)
    notes.show_article(article_id)
    assert [h.id for h in notes.orphan_model.highlights()] == [lost.id]
    events = Recorder(model, notes.model, notes.orphan_model)
    stack.push(ReattachHighlight(model, lost.id, 0, 3))
    got = events.take()
    assert ("list1", "out", 0, 0) in got and ("list0", "in", 0, 0) in got
    assert got[-1] == ("edited", lost.id, lost.id)
    assert [h.id for h in notes.model.highlights()] == [lost.id, kept.id]
    assert notes.orphan_model.rowCount() == 0 and notes.model.highlight(0).exact == "New"
    stack.undo()
    assert [h.id for h in notes.orphan_model.highlights()] == [lost.id]
    assert library.highlights.get(lost.id).orphaned and model.get(lost.id).orphaned


def test_a_change_to_an_article_not_open_is_written_but_moves_no_row(shared):
    library, model = shared.library, shared.model
    other = library.articles.add(
        ImportedArticle("Other", [Block("paragraph", "Elsewhere.")], "text", source="/o")
    ).article_id
    events = Recorder(model)
    shared.stack.push(AddHighlight(model, other, 0, 4))
    assert [h.exact for h in library.highlights.of(other)] == ["Else"]
    assert events.take() == [] and len(model) == 30


def test_the_model_keeps_the_library_order_through_many_changes(library):
    rng = random.Random(5)
    text = " ".join(f"w{i:03d}" for i in range(300))
    article_id = library.articles.add(
        ImportedArticle("Order", [Block("paragraph", text)], "text", source="/r")
    ).article_id
    model = HighlightsModel(library)
    model.open(article_id)
    stack = QUndoStack()
    for step in range(120):
        live = model.highlights()
        choice = rng.random()
        if choice < 0.5 or not live:
            start = rng.randrange(0, len(text) - 20)
            stack.push(AddHighlight(model, article_id, start, start + rng.randrange(1, 20)))
        elif choice < 0.65:
            stack.push(DeleteHighlight(model, rng.choice(live).id))
        elif choice < 0.8:
            stack.push(ChangeHighlight(model, rng.choice(live).id, colour=rng.choice(COLOURS)))
        elif stack.canUndo():
            stack.undo()
        expected = library.highlights.of(article_id)
        assert [(h.start, h.end) for h in model] == [(h.start, h.end) for h in expected], step
        assert sorted(model, key=lambda h: h.id) == sorted(expected, key=lambda h: h.id)


def test_repainting_around_a_change_equals_painting_everything(qapp):
    """The painter's repaint visits only the runs near a change; after any sequence of
    changes the document must look exactly as if every highlight were painted afresh."""
    rng = random.Random(11)
    blocks = [Block("paragraph", "abcdefghij " * 6) for _ in range(4)]
    text = "\n".join(b.text for b in blocks)
    size = len(text)
    look = Look(themes.for_name("light"), 12.0, "serif")

    def fresh(highlights):
        doc = QTextDocument()
        doc.setUndoRedoEnabled(False)
        builder = build_document(doc, blocks, look)
        painter = HighlightPainter(doc, blocks, builder, Utf16Map(text))
        painter.paint(highlights)
        return doc, painter

    def formats(doc):
        cursor = QTextCursor(doc)
        out = []
        for pos in range(1, size + 1):
            cursor.setPosition(pos)
            fmt = cursor.charFormat()
            out.append(
                (fmt.property(P_HIGHLIGHTS), fmt.background().color().name(), fmt.underlineStyle())
            )
        return out

    from reader.core.models import Highlight

    current: list[Highlight] = []
    doc, painter = fresh(current)
    for n in range(150):
        choice = rng.random()
        if choice < 0.45 or not current:
            a = rng.randrange(0, size - 1)
            made = Highlight(
                f"h{n}", 1, a, min(size, a + rng.randrange(1, 30)), "",
                colour=rng.choice(COLOURS), style=rng.choice(("highlight", "underline")),
                created_at=f"2024-01-01T00:{n // 60:02d}:{n % 60:02d}Z",
            )  # fmt: skip
            current.append(made)
            painter.repaint(current, [(made.start, made.end)])
        elif choice < 0.7:
            gone = current.pop(rng.randrange(len(current)))
            painter.repaint(current, [(gone.start, gone.end)])
        else:
            i = rng.randrange(len(current))
            old = current[i]
            a = min(size - 1, max(0, old.start + rng.randrange(-8, 9)))
            new = Highlight(old.id, 1, a, min(size, max(a + 1, old.end + rng.randrange(-8, 9))), "",
                            colour=rng.choice(COLOURS), created_at=old.created_at)  # fmt: skip
            current[i] = new
            painter.repaint(current, [(old.start, old.end), (new.start, new.end)])
        current.sort(key=lambda h: (h.start, h.end, h.created_at))
        assert painter.painted == segments(current), n
    assert formats(doc) == formats(fresh(current)[0])
