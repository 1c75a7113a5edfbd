"""Footnotes linked both ways at import: a reference's link points at its note, the note's
link points back at the reference, across chapters and whether or not the book linked back."""

from __future__ import annotations

from epub_kit import Chap, simple_spec, write_epub

from reader.core.footnotes import note_href, note_offset
from reader.core.importing.epub.book import read_book


def _links(article) -> dict[int, str]:
    """Every link in the article: its start in the canonical text -> its address."""
    found, at = {}, 0
    for block in article.blocks:
        for span in block.spans:
            if span.kind == "link" and span.href:
                found[at + span.start] = span.href
        at += len(block.text) + 1
    return found


def _book(tmp_path):
    spec = simple_spec(2)
    spec.chapters[0].paragraphs = ["A claim."]
    spec.chapters[0].extra = (
        '<p>Said here<a id="r1" epub:type="noteref" href="#n1">1</a> and there'
        '<sup id="r2"><a epub:type="noteref" href="notes.xhtml#n2">2</a></sup>, '
        'and <a href="https://example.org/">a web link</a>.</p>'
        '<aside epub:type="footnote" id="n1"><p><a href="#r1">1.</a> First note.</p></aside>'
    )
    notes = Chap("Notes", [], file="text/notes.xhtml")
    notes.extra = '<aside epub:type="endnote" id="n2"><p>Second note, no link back.</p></aside>'
    spec.chapters.append(notes)
    return read_book(write_epub(tmp_path / "notes.epub", spec)).article


def test_a_reference_links_to_its_note_and_the_note_back(tmp_path):
    article = _book(tmp_path)
    text, links = article.text, _links(article)
    ref1 = text.index("Said here") + len("Said here")
    assert text[ref1] == "1"
    note1 = text.index("1. First note.")
    assert links[ref1] == note_href(note1)
    assert links[note1] == note_href(ref1)
    # The far note moved to the chapter and got a link back at its start.
    ref2 = text.index("and there") + len("and there")
    note2 = text.index("↩ Second note, no link back.")
    assert links[ref2] == note_href(note2) and links[note2] == note_href(ref2)
    # A web link is untouched; every in-book link lands inside the text.
    assert "https://example.org/" in links.values()
    for href in links.values():
        target = note_offset(href)
        assert target is None or 0 <= target < len(text)


def test_a_link_to_an_element_that_is_not_a_note_stays_dropped(tmp_path):
    spec = simple_spec(1)
    spec.chapters[0].extra = '<p id="p9">Here.</p><p>See <a href="#p9">above</a>.</p>'
    article = read_book(write_epub(tmp_path / "plain.epub", spec)).article
    assert _links(article) == {}
    assert "↩" not in article.text


def test_note_offset_reads_only_its_own_addresses():
    assert note_offset(note_href(1234)) == 1234
    for href in (None, "", "#at:", "#at:-3", "#at:1²", "#n1", "https://x.org/#at:3"):
        assert note_offset(href) is None
