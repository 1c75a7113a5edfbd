"""Properties of any book: its canonical text is its chapters' texts joined in spine order,
and each chapter mark points at its chapter's heading."""

from __future__ import annotations

import tempfile
from pathlib import Path

from epub_kit import Chap, Spec, write_epub
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.document import clean_text
from reader.core.importing.epub.book import read_book

# Words that survive sanitising as themselves (no markup, no lone spaces), any script.
words = st.text(
    alphabet=st.characters(
        whitelist_categories=("Lu", "Ll", "Lo", "Nd", "So"), max_codepoint=0x1F64F
    ),
    min_size=1,
    max_size=12,
)
sentences = st.lists(words, min_size=1, max_size=8).map(" ".join)
chapters = st.lists(
    st.tuples(sentences, st.lists(sentences, min_size=0, max_size=4)), min_size=1, max_size=6
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chapters=chapters, version=st.sampled_from([2, 3]))
def test_the_text_is_the_chapters_joined_and_marks_point_at_headings(chapters, version):
    spec = Spec(version=version, chapters=[Chap(t, list(ps)) for t, ps in chapters])
    with tempfile.TemporaryDirectory() as folder:
        book = read_book(write_epub(Path(folder) / "b.epub", spec))
    assert book.article.text == "\n".join(c.text for c in book.chapters)
    assert len(book.chapters) == len(chapters)
    for chapter in book.chapters:
        assert book.article.text[chapter.start :].startswith(chapter.text)
    assert len(book.marks) == len(chapters)
    for mark, chapter, (title, _) in zip(book.marks, book.chapters, chapters, strict=True):
        assert mark.offset == chapter.start
        assert book.article.text[mark.offset :].startswith(clean_text(title))
        assert mark.cfi == chapter.cfi
