"""Kindle clippings of a book the library holds as an EPUB become highlights in its text,
whichever of the two is imported first."""

from __future__ import annotations

import pytest
from epub_kit import Chap, Spec, write_epub

from reader.core.importing.ingest import import_sources
from reader.core.importing.kindle_books import same_book

SEA = "Call me Ishmael. Some years ago, never mind how long precisely, I went to sea."
WHALE = "The whale rose slowly from the deep water and looked at the small boat."
BOOK = Spec(
    title="The Long Voyage: A Tale of the Sea",
    authors=["Herman Melville"],
    chapters=[Chap("Loomings", [SEA, "Another paragraph."]), Chap("The Chase", [WHALE])],
)


def _clipping(title: str, meta: str, text: str) -> str:
    return f"{title}\n- {meta} | Added on Monday, March 4, 2019 10:12:34 PM\n\n{text}\n==========\n"


CLIPPINGS = "\ufeff" + "".join(
    [
        _clipping("Long Voyage (Melville, Herman)", "Your Highlight on Location 10-12", SEA),
        _clipping(
            "Long Voyage (Melville, Herman)",
            "Your Note on Location 12",
            "Ishmael, the narrator.",
        ),
        # Kindle's copy differs a little (a typo, a missing comma): found approximately.
        _clipping(
            "Long Voyage (Melville, Herman)",
            "Your Highlight on Location 90-91",
            "The whale rose slowly from the deep water and lookd at the small boat",
        ),
        _clipping(
            "Long Voyage (Melville, Herman)",
            "Your Highlight on Location 200",
            "Words that this edition does not have at all, anywhere in it.",
        ),
    ]
)


@pytest.fixture
def files(tmp_path):
    clippings = tmp_path / "My Clippings.txt"
    clippings.write_text(CLIPPINGS, encoding="utf-8")
    return write_epub(tmp_path / "voyage.epub", BOOK), clippings


def _check_book(library, book_id):
    article = library.articles.get(book_id)
    highlights = {h.exact: h for h in library.highlights.of(book_id)}
    sea = highlights[SEA]
    assert article.text[sea.start : sea.end] == SEA and not sea.orphaned
    assert sea.note == "Ishmael, the narrator." and "kindle" in sea.tags
    whale = next(h for h in highlights.values() if h.exact.startswith("The whale"))
    assert not whale.orphaned and article.text[whale.start : whale.end] == whale.exact
    lost = next(h for h in highlights.values() if h.exact.startswith("Words that"))
    assert lost.orphaned  # kept, for the notes pane's list of orphans
    assert len(highlights) == 3


def test_clippings_after_the_book_anchor_in_its_text(library, files):
    epub, clippings = files
    book_id = import_sources(library, [epub]).results[0].article_id
    report = import_sources(library, [clippings])
    assert report.clippings[0].added == 3
    assert library.articles.count() == 1  # no text-only Kindle article
    _check_book(library, book_id)
    again = import_sources(library, [clippings])
    assert again.clippings[0].added == 0 and len(library.highlights.of(book_id)) == 3


def test_the_book_after_its_clippings_takes_their_highlights(library, files):
    epub, clippings = files
    import_sources(library, [clippings])
    [kindle] = library.articles.list()
    assert len(library.highlights.of(kindle.id)) == 3
    book_id = import_sources(library, [epub]).results[0].article_id
    _check_book(library, book_id)
    assert [a.id for a in library.articles.list()] == [book_id]
    assert [a.id for a in library.articles.list(trashed=True)] == [kindle.id]  # restorable


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("The Long Voyage: A Tale", "Herman Melville"), ("long voyage", "Melville, Herman"), True),
        (("Émile", "Rousseau"), ("Emile (Penguin Classics)", ""), True),
        (("The Long Voyage", "Herman Melville"), ("The Long Voyage", "Jane Austen"), False),
        (("Voyage", "Herman Melville"), ("The Long Voyage", "Herman Melville"), False),
    ],
)
def test_titles_and_authors_match_leniently(a, b, same):
    assert same_book(*a, *b) is same
