"""Where a passage is in a long article: chapter and page from the outline."""

from hypothesis import given
from hypothesis import strategies as st

from reader.core.models import OutlineEntry
from reader.core.outline import Location, locate

BOOK = [
    OutlineEntry(0, "Part One", level=1, locator="/6/2!"),
    OutlineEntry(0, "The Voyage", level=2, locator="/6/4!"),
    OutlineEntry(500, "The Storm", level=2, locator="/6/6!"),
    OutlineEntry(900, "Part Two", level=1, locator="/6/8!"),
]
PAPER = [OutlineEntry(o, str(n), kind="page", locator=str(n)) for n, o in ((1, 0), (2, 300))]


def test_a_passage_is_in_the_deepest_chapter_that_has_begun():
    assert locate(BOOK, 10).chapter.label == "The Voyage"  # its part begins at the same place
    assert locate(BOOK, 499).chapter.label == "The Voyage"
    assert locate(BOOK, 500).chapter.label == "The Storm"
    assert locate(BOOK, 5000).chapter.label == "Part Two"


def test_a_page_and_a_chapter_together_read_as_a_reader_cites_them():
    both = [*BOOK, *PAPER]
    assert locate(both, 350).label == "The Voyage · p. 2"
    assert locate(PAPER, 299).label == "p. 1"
    assert locate(PAPER, 299).page_label == "p. 1"


def test_no_outline_or_a_place_before_it_has_no_location():
    assert not locate([], 10)
    assert locate([], 10).label == ""
    assert not locate([OutlineEntry(100, "Late")], 5)
    assert Location().page_label == ""


@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=30, unique=True), st.data())
def test_the_page_found_starts_at_or_before_the_offset_and_the_next_after(starts, data):
    starts.sort()
    pages = [OutlineEntry(o, str(i + 1), kind="page") for i, o in enumerate(starts)]
    offset = data.draw(st.integers(starts[0], 12_000))
    page = locate(pages, offset).page
    assert page is not None and page.offset <= offset
    later = [p for p in pages if p.offset > page.offset]
    assert not later or later[0].offset > offset
