"""How fast the reading pane opens a long article with many highlights.

Run by hand: ``python bench/open_article.py`` (``--quick`` for a smaller run).
Builds an article of 100k words of real-looking prose in several block kinds
(headings, paragraphs with inline spans, quotes, lists, code, tables, images,
rules), stores it in a temporary library with 1,000 highlights (some
overlapping, some underlines), then measures, in one process, offscreen:

1. building the QTextDocument from the blocks;
2. painting the highlights as character formats, against the same highlights
   as extra selections (the ratio is what DESIGN.md's performance notes claim);
3. the first layout and paint of the pane (``grab()`` forces a real paint),
   and a repaint after scrolling with formats against with extra selections;
4. ``show_article`` end to end (library read, build, highlights, layout, paint).

Prints medians of a few repetitions. Figures, not a test: nothing here fails.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QTextCharFormat, QTextCursor, QUndoStack
from PySide6.QtWidgets import QApplication, QTextEdit

from reader.core.document import Block, Span, Utf16Map
from reader.core.library import Library
from reader.core.models import COLOURS, ImportedArticle
from reader.ui import theme
from reader.ui.highlight_paint import HighlightPainter
from reader.ui.reading_document import Look, SafeDocument, build_document
from reader.ui.reading_pane import ReadingPane

_PROSE = """the of and to in a is that for it as was with be by on not he this are or his from at
which but have an they you were her she there been one all we their has would when what
more if no out so said who will each about how up them then some could into time only
other new very after most also made over did many before must through years where much
your way well down should because each just those people how too little state good very
make world still own see men work long get here between both life being under never day
same another know while last might us great old year off come since against go came
right used take three reading slowly attention margin notebook letter library window
evening morning garden river mountain question answer memory history language careful
patient quiet thought sentence paragraph chapter author reader marginalia scholar
manuscript"""
WORDS = _PROSE.split()


def sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(WORDS, k=n)
    return " ".join(words).capitalize() + rng.choice(".....?!;")


def paragraph(rng: random.Random, n_words: int) -> Block:
    parts, left = [], n_words
    while left > 0:
        n = min(left, rng.randint(6, 24))
        parts.append(sentence(rng, n))
        left -= n
    text = " ".join(parts)
    spans = []
    for kind in ("bold", "italic", "code", "link"):
        if rng.random() < 0.4 and len(text) > 40:
            a = rng.randrange(0, len(text) - 20)
            spans.append(
                Span(
                    a,
                    a + rng.randint(4, 16),
                    kind,
                    "https://example.org/" + str(a) if kind == "link" else None,
                )
            )
    spans.sort(key=lambda s: s.start)
    return Block("paragraph", text, spans=tuple(spans))


def make_blocks(n_words: int, seed: int = 7) -> list[Block]:
    rng = random.Random(seed)
    blocks: list[Block] = [Block("heading", "A long read on slow reading", level=1)]
    words = 0
    while words < n_words:
        roll = rng.random()
        if roll < 0.04:
            block = Block(
                "heading", sentence(rng, rng.randint(3, 7))[:-1], level=rng.choice((2, 3))
            )
            blocks.append(block)
        elif roll < 0.10:
            blocks.append(Block("quote", sentence(rng, rng.randint(12, 40)), level=1))
        elif roll < 0.15:
            for _ in range(rng.randint(2, 5)):
                blocks.append(
                    Block(
                        "list_item",
                        sentence(rng, rng.randint(5, 15)),
                        level=1,
                        ordered=roll < 0.125,
                    )
                )
        elif roll < 0.18:
            for i in range(rng.randint(3, 8)):
                blocks.append(Block("code", "    " * (i % 3) + f"value = read(page, {i})"))
        elif roll < 0.20:
            blocks.append(Block("table_row", "Name\tYear\tPages", header=True))
            for _ in range(rng.randint(2, 5)):
                blocks.append(
                    Block(
                        "table_row",
                        f"{rng.choice(WORDS)}\t{rng.randint(1800, 2024)}\t{rng.randint(10, 900)}",
                    )
                )
        elif roll < 0.21:
            blocks.append(Block("image", "A photograph of " + sentence(rng, 5)[:-1].lower()))
        elif roll < 0.215:
            blocks.append(Block("rule"))
        else:
            blocks.append(paragraph(rng, rng.randint(40, 160)))
        words += len(blocks[-1].text.split())
    return blocks


def add_highlights(library: Library, article_id: int, text: str, n: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    library.db.execute("PRAGMA synchronous = OFF")  # setup speed only; nothing measured here
    step = len(text) // n
    for i in range(n):
        start = i * step + rng.randrange(0, max(1, step // 2))
        length = rng.randint(20, 400) if i % 10 else step * 2  # every tenth overlaps the next
        end = min(len(text), start + length)
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            library.add_highlight(
                article_id,
                start,
                end,
                colour=COLOURS[i % len(COLOURS)],
                style="underline" if i % 7 == 0 else "highlight",
            )


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` calls."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--highlights", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="20k words, 200 highlights, 2 runs")
    args = parser.parse_args()
    if args.quick:
        args.words, args.highlights, args.repeat = 20_000, 200, 2
    app = QApplication.instance() or QApplication(sys.argv[:1])

    with tempfile.TemporaryDirectory() as tmp, Library(Path(tmp) / "bench.db") as library:
        blocks = make_blocks(args.words)
        imported = ImportedArticle("Bench", blocks, "text", source=str(Path(tmp) / "bench.txt"))
        article_id = library.add(imported).article_id
        article = library.article(article_id)
        add_highlights(library, article_id, article.text, args.highlights)
        highlights = library.highlights(article_id)
        u16 = Utf16Map(article.text)
        look = Look(theme.for_name("light"), 13.0)
        print(
            f"article: {article.word_count:,} words, {len(blocks):,} blocks, "
            f"{len(article.text):,} characters; {len(highlights):,} highlights"
        )

        def build():
            doc = SafeDocument()
            return doc, build_document(doc, article.blocks, look)

        t_build = timed(build, args.repeat)

        def formats():
            doc, builder = build()
            started = time.perf_counter()
            HighlightPainter(doc, article.blocks, builder, u16).paint(highlights)
            return time.perf_counter() - started

        t_formats = statistics.median(formats() for _ in range(args.repeat))

        pane = ReadingPane(library, QUndoStack())
        pane.resize(1000, 800)
        pane.show()
        app.processEvents()

        def extra_selections() -> float:
            pane.setExtraSelections([])
            started = time.perf_counter()
            selections = []
            for h in highlights:
                sel = QTextEdit.ExtraSelection()
                cursor = QTextCursor(pane.document())
                cursor.setPosition(u16.to_utf16(h.start))
                cursor.setPosition(u16.to_utf16(h.end), QTextCursor.MoveMode.KeepAnchor)
                fmt = QTextCharFormat()
                fmt.setBackground(look.theme.highlight_colour(h.colour))
                sel.cursor, sel.format = cursor, fmt
                selections.append(sel)
            pane.setExtraSelections(selections)
            pane.grab()
            return time.perf_counter() - started

        def formats_on_pane() -> float:
            pane._painter.paint([])
            pane.grab()
            started = time.perf_counter()
            pane._painter.paint(highlights)
            pane.grab()
            return time.perf_counter() - started

        def end_to_end():
            pane.show_article(None)
            app.processEvents()
            started = time.perf_counter()
            pane.show_article(article_id, 0)
            pane.grab()
            return time.perf_counter() - started

        t_e2e = statistics.median(end_to_end() for _ in range(args.repeat))

        # First layout and paint of a freshly shown pane.
        def first_paint():
            fresh = ReadingPane(library, QUndoStack())
            fresh.resize(1000, 800)
            fresh.show_article(article_id, 0)
            started = time.perf_counter()
            fresh.show()
            fresh.grab()
            elapsed = time.perf_counter() - started
            fresh.close()
            fresh.deleteLater()
            app.processEvents()
            return elapsed

        t_first = statistics.median(first_paint() for _ in range(args.repeat))

        def scroll_repaints() -> float:
            bar = pane.verticalScrollBar()
            started = time.perf_counter()
            for i in range(10):
                bar.setValue(bar.maximum() * i // 10)
                pane.grab()
            return (time.perf_counter() - started) / 10

        pane.show_article(article_id, 0)
        t_scroll_formats = statistics.median(scroll_repaints() for _ in range(args.repeat))
        pane.show_article(article_id, 0)
        t_formats_pane = statistics.median(formats_on_pane() for _ in range(args.repeat))
        # Same highlights as extra selections, on a document without painted highlights.
        pane._painter.paint([])
        t_extra = statistics.median(extra_selections() for _ in range(args.repeat))
        t_scroll_extra = statistics.median(scroll_repaints() for _ in range(args.repeat))
        pane.setExtraSelections([])
        pane.show_article(article_id, 0)
        pane.grab()

        def one_more() -> float:
            started = time.perf_counter()
            pane.select_range(200, 260)
            pane.highlight_selection("green")
            pane.grab()
            elapsed = time.perf_counter() - started
            pane._stack.undo()
            return elapsed

        t_one = statistics.median(one_more() for _ in range(args.repeat))
        full_layout_started = time.perf_counter()
        pane.document().documentLayout().blockBoundingRect(pane.document().lastBlock())
        t_layout_rest = time.perf_counter() - full_layout_started

    def ms(t: float) -> str:
        return f"{t * 1000:8.1f} ms"

    print(f"build document ({len(blocks):,} blocks)        {ms(t_build)}")
    print(f"highlights as character formats     {ms(t_formats)}   (document not shown)")
    print(f"  the same on the shown pane + grab {ms(t_formats_pane)}")
    print(
        f"highlights as extra selections+grab {ms(t_extra)}   "
        f"({t_extra / t_formats_pane:.1f}x the formats on the pane)"
    )
    print(f"first layout + paint (show, grab)   {ms(t_first)}")
    print(f"repaint after a scroll, formats     {ms(t_scroll_formats)}")
    print(
        f"repaint after a scroll, extra sels  {ms(t_scroll_extra)}   "
        f"({t_scroll_extra / t_scroll_formats:.1f}x)"
    )
    print(f"rest of the layout, after scrolling {ms(t_layout_rest)}")
    print(f"show_article end to end (+ grab)    {ms(t_e2e)}")
    print(f"one more highlight (H, save, paint) {ms(t_one)}")


if __name__ == "__main__":
    main()
