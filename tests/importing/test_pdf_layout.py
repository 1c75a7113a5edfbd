"""The PDF layout's rules on pages of lines made by hand (no PDFium): running heads,
columns, paragraphs, broken words, where each page starts; and page labels read from
a PDF written byte by byte."""

from __future__ import annotations

import pdf_maker
import pytest

from reader.core.importing.pdf.hyphens import Vocabulary, join_broken
from reader.core.importing.pdf.layout import furniture, lay_out, reading_order
from reader.core.importing.pdf.reading import Line, Page
from reader.core.importing.sources import import_source

WIDTH, HEIGHT, STEP = 600.0, 800.0, 14.0


def page(number: int, rows: list[tuple[float, float, str]], size: float = 11.0) -> Page:
    """A page whose lines are (x0, top, text), each as wide as a column or the page."""
    lines = []
    for x0, top, text in rows:
        width = 240 if x0 >= WIDTH / 2 or text.startswith("col:") else 480
        x1 = x0 + min(width, 8 * len(text))  # a long line fills its column
        lines.append(Line(text.removeprefix("col:"), x0, top - 12, x1, top, size))
    return Page(number, WIDTH, HEIGHT, lines=lines)


def body(first_top: float, texts: list[str], x0: float = 60) -> list[tuple[float, float, str]]:
    return [(x0, first_top - n * STEP, text) for n, text in enumerate(texts)]


def test_running_heads_and_page_numbers_go_body_stays():
    pages = [
        page(
            n,
            [
                (60, 780, f"Journal of Tests, vol. {n}"),
                *body(700, [f"Body text {n} here."]),
                (290, 30, str(n)),
            ],
        )
        for n in range(1, 5)
    ]
    dropped = furniture(pages)
    assert dropped == {n: {0, 2} for n in range(1, 5)}
    laid = lay_out(pages)
    assert [b.text for b in laid.blocks] == [f"Body text {n} here." for n in range(1, 5)]


def test_a_line_at_the_top_of_one_page_only_is_kept():
    pages = [
        page(1, [(60, 780, "A Title Line"), *body(700, ["Text."])]),
        page(2, body(700, ["More."])),
    ]
    assert furniture(pages) == {1: set(), 2: set()}


def test_a_body_that_starts_high_on_the_page_is_not_a_running_head():
    """Each page opens with "Chapter N" in the top margin's zone, but as the body's first
    line (no gap below it): it stays."""
    pages = [page(n, body(770, [f"Chapter {n}", "Its first words."])) for n in range(1, 5)]
    assert furniture(pages) == {n: set() for n in range(1, 5)}


def test_two_columns_read_left_then_right_with_a_title_across():
    rows = [(60, 760, "A title across the page")]
    rows += body(700, [f"col:left {n}" for n in range(5)])
    rows += body(700, [f"right {n}" for n in range(5)], x0=320)
    rows.insert(3, rows.pop())  # the PDF's own order mixes them
    order = [line.text for line in reading_order(page(1, rows))]
    assert order == ["A title across the page"] + [f"left {n}" for n in range(5)] + [
        f"right {n}" for n in range(5)
    ]


def test_one_column_keeps_the_pdf_order():
    rows = body(700, ["First line of a paragraph that runs on", "and a short one."])
    assert [line.text for line in reading_order(page(1, rows))] == [r[2] for r in rows]


@pytest.mark.parametrize(
    ("text", "line", "joined"),
    [
        ("a well-", "known result", "a well-known result"),  # a compound keeps its hyphen
        ("the hyphen-", "ation of words", "the hyphenation of words"),  # a suffix: joined
        ("an extra-", "ordinary case", "an extraordinary case"),  # used whole elsewhere
        ("soft extra\u00ad", "ordinary", "soft extraordinary"),  # a soft hyphen always goes
        ("the year 1999-", "2000 range", "the year 1999- 2000 range"),  # not a word
        ("the A-", "Team", "the A- Team"),  # a capital after it: not a broken word
        ("ends here.", "Next", "ends here. Next"),
    ],
)
def test_broken_words(text, line, joined):
    vocabulary = Vocabulary(["we saw an extraordinary thing", "it is well known and known"])
    result, at = join_broken(text, line, vocabulary)
    assert result == joined
    assert result[at:] == line


def test_paragraphs_break_at_space_and_indent_and_join_across_pages():
    first = page(
        1,
        body(700, ["The first paragraph runs on and on along the line", "over two lines."])
        + body(660, ["The second one starts after a gap and runs to the foot of the"]),
    )
    second = page(
        2,
        body(700, ["page, where it goes on for a while and fills the line", "and ends."])
        + body(672, ["Another paragraph, this one right after the last line", "of the one"])
        + body(644, ["before."])
        + body(630, ["Indented start of a third."], x0=80),
    )
    laid = lay_out([first, second])
    assert [b.text for b in laid.blocks] == [
        "The first paragraph runs on and on along the line over two lines.",
        "The second one starts after a gap and runs to the foot of the page, where it goes"
        " on for a while and fills the line and ends.",
        "Another paragraph, this one right after the last line of the one before.",
        "Indented start of a third.",
    ]
    text = "\n".join(b.text for b in laid.blocks)
    assert laid.page_starts[0] == 0
    assert text[laid.page_starts[1] :].startswith("page, where it goes on")


def test_larger_type_makes_headings_by_size():
    rows = page(1, [(60, 760, "A Big Title")], size=20).lines
    rows += page(1, [(60, 720, "A Section")], size=14).lines
    rows += page(
        1, body(690, ["Body words in a paragraph, and many more of them", "to read."])
    ).lines
    laid = lay_out([_with(rows)])
    assert [(b.kind, b.level, b.text) for b in laid.blocks] == [
        ("heading", 1, "A Big Title"),
        ("heading", 2, "A Section"),
        ("paragraph", 0, "Body words in a paragraph, and many more of them to read."),
    ]
    assert laid.headings == [(0, "A Big Title"), (12, "A Section")]


def _with(lines: list[Line]) -> Page:
    return Page(1, WIDTH, HEIGHT, lines=lines)


def test_an_empty_page_starts_where_the_next_text_does():
    laid = lay_out([page(1, body(700, ["One."])), page(2, []), page(3, body(700, ["Three."]))])
    assert laid.page_starts == [0, 5, 5]


def test_page_labels_and_a_title_from_the_first_line(tmp_path):
    path = pdf_maker.handmade_pdf(
        tmp_path / "book.pdf",
        [["Preface"], ["Contents"], ["Chapter One.", "It begins."], ["It goes on."]],
        roman_front=2,
    )
    article = import_source(path)
    assert article.title == "Preface"  # no metadata title, no larger type: the first line
    pages = [(e.label, e.locator) for e in article.outline if e.kind == "page"]
    assert pages == [("i", "1"), ("ii", "2"), ("1", "3"), ("2", "4")]
    firsts = ["Preface", "Contents", "Chapter One.", "It goes"]
    for entry, first in zip(article.outline, firsts, strict=True):
        assert article.text[entry.offset :].startswith(first)
