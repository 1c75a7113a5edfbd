"""The reading pane: exact text, highlights made by selecting, undo, links, position, themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QTextCursor, QTextDocument, QUndoStack

from reader.core.document import Block, Span, Utf16Map
from reader.core.models import ImportedArticle
from reader.core.storage.library import Library
from reader.ui.dialogs.note_editor import NoteEditor
from reader.ui.reading.document import P_HIGHLIGHTS
from reader.ui.reading.menu import build_context_menu
from reader.ui.reading.pane import ReadingPane

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_articles"
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"

EVERY_KIND = [
    Block("heading", "A title with 🍵 tea", level=1),
    Block("heading", "A smaller heading", level=3),
    Block(
        "paragraph",
        "Plain, bold, italic, code and a link; then 😀 and é\u0301 and\u00a0nbsp.",
        spans=(
            Span(7, 11, "bold"),
            Span(13, 19, "italic"),
            Span(21, 25, "code"),
            Span(32, 36, "link", "https://example.org/a"),
        ),
    ),
    Block(
        "paragraph", "A javascript link here.", spans=(Span(2, 12, "link", "javascript:alert(1)"),)
    ),
    Block("quote", "A quoted sentence.", level=1),
    Block("quote", "A quote inside a quote.", level=2),
    Block("list_item", "First bullet", level=1),
    Block("list_item", "Nested numbered", level=2, ordered=True),
    Block("list_item", "Second bullet", level=1),
    Block("list_item", "One", level=1, ordered=True),
    Block("code", "def read(article):"),
    Block("code", "    return article.text  # 🐍"),
    Block("code", ""),
    Block("table_row", "Name\tWords\tLanguage", header=True),
    Block("table_row", "Tea\t1200\t中文"),
    Block("image", "A cup of tea on a desk", src="https://example.org/tea.png"),
    Block("image", "", src="https://example.org/nothing.png"),
    Block("rule", ""),
    Block("paragraph", "早上醒来，我做的第一件事不是看手机，而是烧水 🍵。"),
    Block("paragraph", "Zero\u200bwidth, soft\u00adhyphen, tab\there, emoji 👩‍👩‍👧 family."),
    Block("paragraph", ""),
    Block("paragraph", "The end."),
]


def add(
    library: Library, blocks: list[Block], title: str = "Test", source: str = "/t/a.txt"
) -> int:
    return library.articles.add(ImportedArticle(title, blocks, "text", source=source)).article_id


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def make_pane(qtbot, stack):
    def make(library: Library, article_id: int | None = None, size=(820, 640)) -> ReadingPane:
        pane = ReadingPane(library, stack)
        qtbot.addWidget(pane)
        pane.resize(*size)
        pane.show()
        qtbot.waitExposed(pane)
        if article_id is not None:
            pane.show_article(article_id)
        return pane

    return make


def ids_at(pane: ReadingPane, offset: int) -> list[str]:
    """Highlight ids painted on the character at a code-point offset."""
    u16 = Utf16Map(pane.document_text_as_canonical())
    cursor = QTextCursor(pane.document())
    cursor.setPosition(u16.to_utf16(offset + 1))  # the format of the character before
    value = cursor.charFormat().property(P_HIGHLIGHTS)
    return value.split() if value else []


def painted(pane: ReadingPane, text: str) -> list[bool]:
    return [bool(ids_at(pane, i)) and text[i] != "\n" for i in range(len(text))]


# -- the text ------------------------------------------------------------------


def test_blocks_of_every_kind_render_as_the_canonical_text(library, make_pane):
    article_id = add(library, EVERY_KIND)
    pane = make_pane(library, article_id)
    assert pane.document_text_as_canonical() == library.articles.get(article_id).text
    assert pane.document().blockCount() == len(EVERY_KIND)
    assert pane.document().isUndoRedoEnabled() is False


def test_list_markers_and_images_add_no_characters(library, make_pane):
    blocks = [Block("list_item", "a", level=1), Block("image", "alt"), Block("rule")]
    pane = make_pane(library, add(library, blocks))
    assert pane.document().toRawText() == "a\u2029alt\u2029"
    assert pane.document().firstBlock().textList() is not None


def _import_file():
    importing = pytest.importorskip(
        "reader.core.importing.sources", reason="the importer is not there yet"
    )
    return importing.import_file


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.*")), ids=lambda p: p.name)
def test_sample_articles_render_as_their_canonical_text(library, make_pane, path):
    article_id = library.articles.add(_import_file()(path)).article_id
    pane = make_pane(library, article_id)
    assert pane.document_text_as_canonical() == library.articles.get(article_id).text


def _corpus_pages() -> list[Path]:
    return sorted(CORPUS.glob("*.html")) + sorted(CORPUS.glob("readability/*/source.html"))


@pytest.mark.parametrize(
    "path", _corpus_pages() or [None], ids=lambda p: str(p.relative_to(CORPUS)) if p else "none"
)
def test_corpus_pages_render_as_their_canonical_text(library, make_pane, path):
    if path is None:
        pytest.skip(f"development corpus not found at {CORPUS} (it lives in ../shared)")
    article_id = library.articles.add(_import_file()(path)).article_id
    pane = make_pane(library, article_id)
    text = library.articles.get(article_id).text
    assert pane.document_text_as_canonical() == text
    # Selecting across the whole article and highlighting stores exactly what was selected.
    start, end = 0, len(text)
    pane.select_range(start, end)
    made = pane.highlight_selection()
    if made is not None:
        assert made.exact == text[made.start : made.end] == text.strip()


def test_load_resource_returns_nothing_even_for_existing_files(library, make_pane, tmp_path):
    image = tmp_path / "secret.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    pane = make_pane(library, add(library, EVERY_KIND))
    for url in (QUrl.fromLocalFile(str(image)), QUrl("secret.png"), QUrl("https://example.org/x")):
        result = pane.loadResource(QTextDocument.ResourceType.ImageResource.value, url)
        assert not result
        assert not pane.document().resource(QTextDocument.ResourceType.ImageResource.value, url)


def test_links_open_only_http_in_the_browser_and_never_navigate(library, make_pane, qtbot):
    article_id = add(library, EVERY_KIND)
    pane = make_pane(library, article_id)
    opened: list[QUrl] = []
    pane.open_url = opened.append
    text = library.articles.get(article_id).text
    js = text.index("javascript link") + 2
    cursor = QTextCursor(pane.document())
    cursor.setPosition(Utf16Map(text).to_utf16(js + 1))
    assert not cursor.charFormat().isAnchor()  # a javascript: link is not a link at all

    link = text.index("link;")
    rect = pane.visible_rect_of(link, link + 4)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [u.toString() for u in opened] == ["https://example.org/a"]
    pane.anchorClicked.emit(QUrl("javascript:alert(1)"))
    pane.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert len(opened) == 1
    assert pane.document_text_as_canonical() == text  # still the article


# -- highlighting by selecting ---------------------------------------------------


CASES = {
    "latin": ([Block("paragraph", "Reading slowly is a habit worth keeping for life.")], "a habit"),
    "after emoji": (
        [Block("paragraph", "Tea 🍵 first, then 😀 the reading of long essays.")],
        "the reading",
    ),
    "emoji inside": ([Block("paragraph", "Say 👩‍👩‍👧 and 🍵 twice.")], "👩‍👩‍👧 and 🍵"),
    "chinese": (
        [
            Block("heading", "一杯茶的时间 🍵", level=1),
            Block("paragraph", "早上醒来，我做的第一件事不是看手机，而是烧水。"),
        ],
        "第一件事",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_select_press_h_then_reopen_finds_the_same_highlight(tmp_path, qtbot, case):
    blocks, quote = CASES[case]
    path = tmp_path / "reopen.db"
    library = Library(path)
    article_id = add(library, blocks)
    text = library.articles.get(article_id).text
    start = text.index(quote)
    end = start + len(quote)

    stack = QUndoStack()
    pane = ReadingPane(library, stack)
    qtbot.addWidget(pane)
    pane.resize(700, 500)
    pane.show()
    pane.show_article(article_id)
    pane.setFocus()
    pane.select_range(start, end)
    qtbot.keyClick(pane, Qt.Key.Key_H)
    [made] = library.highlights.of(article_id)
    assert (made.start, made.end, made.exact) == (start, end, quote)
    pane.set_highlight_colour(made.id, "blue")
    pane.select_highlight(made.id)
    qtbot.keyClick(pane, Qt.Key.Key_N)
    editor = pane.findChild(NoteEditor)
    editor.note_edit.setPlainText("A note on it")
    editor.tags_edit.setText("tea, habits")
    editor.accept()
    pane.close()
    pane.deleteLater()
    library.close()

    library = Library(path)
    pane = ReadingPane(library, QUndoStack())
    qtbot.addWidget(pane)
    pane.resize(700, 500)
    pane.show_article(article_id)
    flags = painted(pane, text)
    assert flags == [start <= i < end for i in range(len(text))]
    assert set(ids_at(pane, start)) == {made.id}
    again = library.highlights.get(made.id)
    assert (again.colour, again.note, again.tags) == ("blue", "A note on it", ["habits", "tea"])
    library.close()


def test_selection_is_trimmed_of_white_space(library, make_pane):
    blocks = [Block("paragraph", "One two three."), Block("paragraph", "Four five.")]
    article_id = add(library, blocks)
    pane = make_pane(library, article_id)
    text = library.articles.get(article_id).text
    pane.select_range(text.index("three") - 1, text.index("Four") + 4)
    assert pane.selected_range() == (text.index("three"), text.index("Four") + 4)
    pane.select_range(text.index(".") + 1, text.index("Four"))  # only the paragraph break
    assert pane.selected_range() is None
    assert pane.highlight_selection() is None


def test_selection_range_signal_reports_code_points(library, make_pane, qtbot):
    article_id = add(library, [Block("paragraph", "😀😀 abc")])
    pane = make_pane(library, article_id)
    with qtbot.waitSignal(pane.selectionRangeChanged) as signal:
        pane.select_range(1, 5)
    assert signal.args == [(1, 5)]


def test_overlapping_highlights_stay_visible(library, make_pane):
    article_id = add(library, [Block("paragraph", "aaaa bbbb cccc dddd eeee")])
    pane = make_pane(library, article_id)
    first = library.highlights.add(article_id, 0, 15, colour="yellow")
    second = library.highlights.add(article_id, 10, 24, colour="blue", style="underline")
    inner = library.highlights.add(article_id, 11, 13, colour="pink")
    library.highlights.add(article_id, 16, 17, colour="pink")
    pane.reload_highlights()
    assert ids_at(pane, 2) == [first.id]
    assert ids_at(pane, 10) == [second.id, first.id]  # the shorter one first
    assert ids_at(pane, 12)[0] == inner.id
    assert ids_at(pane, 20) == [second.id]

    def fmt(offset):
        cursor = QTextCursor(pane.document())
        cursor.setPosition(offset + 1)
        return cursor.charFormat()

    yellow = fmt(2).background().color()
    assert fmt(10).background().color() == yellow  # one's background, the other's underline
    assert fmt(10).underlineStyle() != fmt(10).UnderlineStyle.NoUnderline
    assert fmt(12).background().color() not in (yellow, fmt(16).background().color())  # blend
    assert fmt(20).background().style() == Qt.BrushStyle.NoBrush  # underline only
    assert fmt(20).underlineColor().isValid()


def test_click_selects_the_innermost_highlight_and_escape_clears(library, make_pane, qtbot):
    article_id = add(library, [Block("paragraph", "Some words to highlight and click on.")])
    pane = make_pane(library, article_id)
    outer = library.highlights.add(article_id, 0, 30)
    inner = library.highlights.add(article_id, 11, 20, colour="green")
    pane.reload_highlights()
    rect = pane.visible_rect_of(14, 16)
    with qtbot.waitSignal(pane.highlightSelected) as signal:
        qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [inner.id]
    assert pane.selected_highlight() == inner.id
    assert pane.bar.isVisible()
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert pane.selected_highlight() == outer.id  # clicking again reaches the outer one
    pane.setFocus()
    with qtbot.waitSignal(pane.highlightSelected) as signal:
        qtbot.keyClick(pane, Qt.Key.Key_Escape)
    assert signal.args == [None]
    assert not pane.bar.isVisible()


def test_delete_key_deletes_and_undo_restores(library, make_pane, qtbot, stack):
    article_id = add(library, [Block("paragraph", "Keep this passage and then lose it.")])
    pane = make_pane(library, article_id)
    h = library.highlights.add(article_id, 5, 17, colour="green", note="why", tags=["x"])
    pane.reload_highlights()
    pane.select_highlight(h.id)
    pane.setFocus()
    with qtbot.waitSignal(pane.highlightsChanged) as signal:
        qtbot.keyClick(pane, Qt.Key.Key_Delete)
    assert signal.args == [article_id]
    assert library.highlights.of(article_id) == []
    assert ids_at(pane, 6) == []
    stack.undo()
    back = library.highlights.get(h.id)
    assert (back.start, back.end, back.note, back.tags) == (5, 17, "why", ["x"])
    assert ids_at(pane, 6) == [h.id]
    stack.redo()
    assert ids_at(pane, 6) == []


def test_colour_change_is_undoable(library, make_pane, stack):
    article_id = add(library, [Block("paragraph", "Colours change and change back.")])
    pane = make_pane(library, article_id)
    h = library.highlights.add(article_id, 0, 7, colour="yellow")
    pane.reload_highlights()
    cursor = QTextCursor(pane.document())
    cursor.setPosition(2)
    before = cursor.charFormat().background().color().name()
    pane.set_highlight_colour(h.id, "purple")
    pane.set_highlight_colour(h.id, "green")  # merges with the previous change
    assert library.highlights.get(h.id).colour == "green"
    cursor.setPosition(2)
    assert cursor.charFormat().background().color().name() != before
    stack.undo()
    assert library.highlights.get(h.id).colour == "yellow"
    cursor.setPosition(2)
    assert cursor.charFormat().background().color().name() == before


def test_add_is_undoable_and_redo_keeps_the_id(library, make_pane, stack):
    article_id = add(library, [Block("paragraph", "Undo and redo a new highlight.")])
    pane = make_pane(library, article_id)
    pane.select_range(0, 4)
    made = pane.highlight_selection("orange", "underline")
    assert (made.colour, made.style) == ("orange", "underline")
    stack.undo()
    assert library.highlights.of(article_id) == []
    stack.redo()
    assert [h.id for h in library.highlights.of(article_id)] == [made.id]
    assert ids_at(pane, 1) == [made.id]


def test_highlight_bar_and_context_menu(library, make_pane, qtbot):
    article_id = add(library, [Block("paragraph", "Pick a colour from the bar or the menu.")])
    pane = make_pane(library, article_id)
    pane.select_range(7, 13)
    pane._show_bar()
    assert pane.bar.isVisible()
    rect = pane.visible_rect_of(7, 13)
    menu = build_context_menu(pane, rect.center())
    texts = [a.text() for a in menu.actions()]
    assert "Highlight" in texts and "Add note…" in texts and "Highlight in" in texts
    qtbot.mouseClick(pane.bar.colour_button("pink"), Qt.MouseButton.LeftButton)
    [h] = library.highlights.of(article_id)
    assert (h.exact, h.colour) == ("colour", "pink")
    assert pane.current_colour == "pink"
    menu = build_context_menu(pane, rect.center())
    texts = [a.text() for a in menu.actions()]
    assert "Delete highlight" in texts and "Edit note and tags…" in texts


def test_h_with_a_window_action_fires_once(library, make_pane, qtbot):
    from PySide6.QtGui import QAction, QKeySequence

    article_id = add(library, [Block("paragraph", "Only one highlight per key press.")])
    pane = make_pane(library, article_id)
    action = QAction("Highlight", pane.window())
    action.setShortcut(QKeySequence("H"))
    action.triggered.connect(lambda: pane.highlight_selection())
    pane.window().addAction(action)
    pane.activateWindow()
    pane.setFocus()
    pane.select_range(0, 4)
    qtbot.keyClick(pane, Qt.Key.Key_H)
    assert len(library.highlights.of(article_id)) == 1


def test_attach_orphan_to_the_selection_and_undo(library, make_pane, stack):
    old = [Block("paragraph", "A sentence that will vanish entirely."), Block("paragraph", "Kept.")]
    article_id = add(library, old)
    h = library.highlights.add(article_id, 2, 10, note="orphan note")
    add(library, [Block("paragraph", "Something new."), Block("paragraph", "Kept.")])
    assert library.highlights.get(h.id).orphaned
    pane = make_pane(library, article_id)
    assert pane.attach_orphan(h.id) is False  # nothing selected
    pane.select_range(0, 9)
    assert pane.attach_orphan(h.id) is True
    now = library.highlights.get(h.id)
    assert (now.orphaned, now.exact, now.note) == (False, "Something", "orphan note")
    assert ids_at(pane, 3) == [h.id]
    stack.undo()
    assert library.highlights.get(h.id).orphaned
    assert ids_at(pane, 3) == []


def test_reading_position_is_saved_and_restored(library, make_pane, qtbot):
    blocks = [Block("paragraph", f"Paragraph {i} " + "with some words " * 30) for i in range(80)]
    article_id = add(library, blocks)
    pane = make_pane(library, article_id)
    text = library.articles.get(article_id).text
    target = text.index("Paragraph 40 ")
    with qtbot.waitSignal(pane.positionChanged, timeout=3000) as signal:
        pane.scroll_to_offset(target)
    assert abs(signal.args[0] - target) < 600
    assert library.articles.get(article_id).reading_position == signal.args[0]
    position = signal.args[0]
    pane.show_article(None)
    assert pane.article_id is None
    again = make_pane(library, article_id)
    assert again.reading_position() == position
    assert again.verticalScrollBar().value() > 0
    top = again.cursorForPosition(QPoint(again.width() // 2, 5)).position()
    assert abs(top - position) < 600


def test_scroll_to_offset_flashes_briefly(library, make_pane, qtbot):
    article_id = add(library, [Block("paragraph", "word " * 40) for _ in range(60)])
    pane = make_pane(library, article_id)
    pane.scroll_to_offset(9000, flash=True)
    assert pane.extraSelections()
    qtbot.waitUntil(lambda: not pane.extraSelections(), timeout=3000)


def test_themes_and_font_size_keep_text_and_highlights(library, make_pane):
    article_id = add(library, EVERY_KIND)
    pane = make_pane(library, article_id)
    h = library.highlights.add(article_id, 2, 7)
    pane.reload_highlights()
    text = library.articles.get(article_id).text
    for name in ("sepia", "dark", "light"):
        pane.set_theme(name)
        assert pane.document_text_as_canonical() == text
        assert ids_at(pane, 3) == [h.id]
    pane.set_theme("dark")
    assert pane.viewport().palette().base().color().lightness() < 80
    size = pane.font_size
    pane.zoom(2)
    assert pane.font_size == size + 2
    pane.set_font_size(100)
    assert pane.font_size <= 40
    assert ids_at(pane, 3) == [h.id]
    with pytest.raises(ValueError):
        pane.set_theme("neon")


@pytest.mark.parametrize("typeface", ["serif", "sans"])
def test_column_is_about_seventy_characters(library, make_pane, typeface):
    article_id = add(library, [Block("paragraph", "word " * 300)])
    pane = make_pane(library, article_id, size=(1600, 600))
    pane.set_typeface(typeface)
    block = pane.document().firstBlock()
    line = block.layout().lineAt(0)
    assert 55 <= line.textLength() <= 85
    margin = pane.document().rootFrame().frameFormat().leftMargin()
    assert margin > 300  # centred in a wide window


def test_show_none_clears(library, make_pane, qtbot):
    article_id = add(library, [Block("paragraph", "Something.")])
    pane = make_pane(library, article_id)
    pane.show_article(None)
    assert pane.document_text_as_canonical() == ""
    assert pane.selected_range() is None


def test_keyboard_alone_can_select_and_highlight(library, make_pane, qtbot):
    article_id = add(library, [Block("paragraph", "Keys 🍵 only, no mouse at all.")])
    pane = make_pane(library, article_id)
    pane.setFocus()
    cursor = pane.textCursor()
    cursor.setPosition(0)
    pane.setTextCursor(cursor)
    for _ in range(6):  # "Keys 🍵": the emoji is one step, two UTF-16 units
        qtbot.keyClick(pane, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert pane.selected_range() == (0, 6)
    qtbot.keyClick(pane, Qt.Key.Key_H)
    [h] = library.highlights.of(article_id)
    assert h.exact == "Keys 🍵"


def test_a_change_that_cannot_be_made_is_dropped_and_announced(library, stack):
    from reader.ui.highlights.undo import DeleteHighlight, HighlightEvents

    messages: list[str] = []
    HighlightEvents.of(stack).failed.connect(messages.append)
    stack.push(DeleteHighlight(library, stack, "no-such-highlight"))
    assert stack.count() == 0
    assert messages == ["no highlight with id no-such-highlight"]
