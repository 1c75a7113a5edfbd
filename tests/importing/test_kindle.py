"""Kindle's My Clippings.txt: books become articles of their passages; notes, bookmarks,
BOMs, CRLF, the old "Loc." format; importing again adds nothing twice."""

from __future__ import annotations

import pytest

from reader.core.importing.ingest import import_sources
from reader.core.importing.kindle import book_url, import_clippings, looks_like_clippings, parse

SEP = "=========="

# The shape of a current Kindle (2013 on): a BOM before each entry, CRLF line ends.
MODERN = "\r\n".join(
    [
        "\ufeffThe Art of Attention (Jane Doe)",
        "- Your Highlight on page 12 | Location 180-182 | Added on Monday, March 4, 2019 "
        "10:12:34 PM",
        "",
        "Attention is the beginning of devotion.",
        SEP,
        "\ufeffThe Art of Attention (Jane Doe)",
        "- Your Note on page 12 | Location 182 | Added on Monday, March 4, 2019 10:13:00 PM",
        "",
        "Mary Oliver, quoted.",
        SEP,
        "\ufeffThe Art of Attention (Jane Doe)",
        "- Your Bookmark on page 30 | Location 400 | Added on Monday, March 4, 2019 11:00:00 PM",
        "",
        "",
        SEP,
        "\ufeffThe Art of Attention (Jane Doe)",
        "- Your Highlight on page 3 | Location 40-41 | Added on Sunday, March 3, 2019 9:00:00 AM",
        "",
        "We read to know we are not alone, said someone, perhaps.",
        SEP,
        "\ufeffThe Art of Attention (Jane Doe)",
        "- Your Note on page 90 | Location 1200 | Added on Tuesday, March 5, 2019 8:00:00 AM",
        "",
        "A note on its own: the whole book is about noticing.",
        SEP,
        "\ufeffAnother Book: With a Colon (Smith, John)",
        "- Your Highlight at location 55-56 | Added on Saturday, 16 June 2018 10:41:46",
        "",
        'A passage with "quotes" and an émoji 😀.',
        SEP,
        "",
    ]
)

# The shape of a Kindle Keyboard (2010-2012): "Loc." with an abbreviated end, no BOM, LF.
OLD = "\n".join(
    [
        "Walden (Henry David Thoreau)",
        "- Highlight Loc. 1273-74  | Added on Friday, March 30, 2012, 09:30 AM",
        "",
        "I went to the woods because I wished to live deliberately.",
        SEP,
        "Walden (Henry David Thoreau)",
        "- Note Loc. 1274  | Added on Friday, March 30, 2012, 09:31 AM",
        "",
        "The famous one.",
        SEP,
        "Walden (Henry David Thoreau)",
        "- Bookmark Loc. 2000  | Added on Friday, March 30, 2012, 10:00 AM",
        "",
        "",
        SEP,
        "Walden (Henry David Thoreau)",
        "- Highlight on Page 5 | Loc. 70-75  | Added on Thursday, March 29, 2012, 08:00 PM",
        "",
        "Most men lead lives of quiet desperation.",
        SEP,
        "",
    ]
)


@pytest.fixture
def clippings(tmp_path):
    def write(text: str, name: str = "My Clippings.txt"):
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        return path

    return write


def by_title(library):
    return {a.title: library.articles.get(a.id) for a in library.articles.list()}


def test_each_book_becomes_an_article_of_its_passages(library, clippings):
    path = clippings(MODERN)
    assert looks_like_clippings(path)
    report = import_clippings(library, path)
    assert (report.books, report.added, report.bookmarks) == (2, 3, 1)
    books = by_title(library)
    art = books["The Art of Attention"]
    assert art.author == "Jane Doe" and art.url == book_url("The Art of Attention", "Jane Doe")
    # Passages in location order (40 before 180), each a paragraph and a highlight.
    assert [b.text for b in art.blocks] == [
        "We read to know we are not alone, said someone, perhaps.",
        "Attention is the beginning of devotion.",
    ]
    highlights = library.highlights.of(art.id)
    assert [art.text[h.start : h.end] for h in highlights] == [b.text for b in art.blocks]
    devotion = highlights[1]
    assert devotion.note == "Mary Oliver, quoted."  # the note follows its highlight
    assert devotion.created_at == "2019-03-04T22:12:34Z"
    assert art.note == "Location 1200: A note on its own: the whole book is about noticing."
    other = books["Another Book: With a Colon"]
    assert other.author == "Smith, John"
    assert library.highlights.of(other.id)[0].exact == 'A passage with "quotes" and an émoji 😀.'
    assert library.highlights.of(other.id)[0].created_at == "2018-06-16T10:41:46Z"


def test_the_old_location_format(library, clippings):
    report = import_clippings(library, clippings(OLD))
    assert (report.books, report.added, report.bookmarks, report.unreadable) == (1, 2, 1, [])
    walden = by_title(library)["Walden"]
    assert walden.author == "Henry David Thoreau"
    highlights = library.highlights.of(walden.id)
    assert [h.exact for h in highlights] == [
        "Most men lead lives of quiet desperation.",  # Loc. 70 before Loc. 1273
        "I went to the woods because I wished to live deliberately.",
    ]
    assert highlights[1].note == "The famous one."  # Loc. 1274 lies in 1273-74
    assert highlights[1].created_at == "2012-03-30T09:30:00Z"
    [clip] = [c for c in parse(OLD)[0] if c.text.startswith("I went")]
    assert (clip.start, clip.end) == (1273, 1274)


def test_importing_again_adds_nothing_twice_and_a_longer_file_adds_the_new(library, clippings):
    path = clippings(MODERN)
    import_clippings(library, path)
    before = {a.title: [h.id for h in library.highlights.of(a.id)] for a in library.articles.list()}
    again = import_clippings(library, path)
    assert (again.added, again.notes) == (0, 0)
    after = {a.title: [h.id for h in library.highlights.of(a.id)] for a in library.articles.list()}
    assert after == before and len(library.articles.list()) == 2
    art = by_title(library)["The Art of Attention"]
    assert art.note.count("A note on its own") == 1
    # The Kindle adds a clipping at the end of the file: one new highlight, placed.
    more = MODERN + "\r\n".join(
        [
            "\ufeffThe Art of Attention (Jane Doe)",
            "- Your Highlight on page 50 | Location 700-701 | Added on Wednesday, March 6, "
            "2019 7:00:00 AM",
            "",
            "Noticing is a form of love.",
            SEP,
            "",
        ]
    )
    report = import_clippings(library, clippings(more))
    assert report.added == 1
    art = by_title(library)["The Art of Attention"]
    texts = [art.text[h.start : h.end] for h in library.highlights.of(art.id)]
    assert texts[-1] == "Noticing is a form of love." and len(texts) == 3
    assert not any(h.orphaned for h in library.highlights.of(art.id))


def test_through_the_import_command_and_not_for_ordinary_text(library, clippings, tmp_path):
    path = clippings(OLD)
    ordinary = tmp_path / "essay.txt"
    ordinary.write_text("A Title\n\nJust a text file, with ========== inside.\n", "utf-8")
    assert not looks_like_clippings(ordinary)
    report = import_sources(library, [path, ordinary])
    assert [c.added for c in report.clippings] == [2]
    assert [r.title for r in report.results] == ["A Title"]
    assert "2 Kindle highlights" in report.summary()


def test_the_command_line_prints_the_report(clippings, tmp_path, capsys):
    from reader.cli import run

    path = clippings(MODERN)
    assert run(["--library", str(tmp_path / "k.db"), "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Kindle clippings from My Clippings.txt: 2 book(s), 3 new highlight(s)" in out
    assert "1 bookmark(s) skipped" in out


def test_an_entry_that_is_not_a_clipping_is_reported(library, clippings):
    text = OLD + "Some title\nnot a metadata line\n\ntext\n" + SEP + "\n"
    report = import_clippings(library, clippings(text))
    assert report.added == 2 and report.unreadable == ["Some title"]


def test_a_library_exports_to_a_readwise_csv_that_reads_back_field_by_field(library, clippings):
    """Kindle books (no web address) and a web article, through csv.DictReader."""
    import csv
    import io
    from datetime import UTC, datetime

    from reader.core.document import Block
    from reader.core.exporting import render_many, summarize
    from reader.core.exporting.readwise_csv import HEADER
    from reader.core.models import ImportedArticle

    import_clippings(library, clippings(MODERN))
    web = library.articles.add(
        ImportedArticle(
            'Web, "quoted"',
            [Block("paragraph", "Line one, with a comma. And more.")],
            "url",
            url="https://example.org/web?a=1&b=2",
            author="A. Writer",
        )
    ).article_id
    library.highlights.add(web, 0, 8, colour="blue", note='say "hi",\nthen go', tags=["x y"])
    summaries = [
        summarize(library.articles.get(a.id), library.highlights.of(a.id))
        for a in library.articles.list()
    ]
    text = render_many(summaries, "csv")
    assert text.startswith(",".join(HEADER) + "\r\n") and not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    expected = []
    for s in summaries:
        for n, h in enumerate(s.highlights, start=1):
            created = datetime.strptime(h.created_at, "%Y-%m-%dT%H:%M:%SZ")
            tags = " ".join(f".{t.replace(' ', '_')}" for t in [*h.tags, h.colour])
            expected.append(
                {
                    "Highlight": h.exact,
                    "Title": s.title,
                    "Author": s.author or "",
                    "URL": s.url if s.url and s.url.startswith("https://") else "",
                    "Note": " ".join(p for p in (tags, h.note) if p),
                    "Location": str(n),
                    "Date": created.strftime("%Y-%m-%d %H:%M:%S"),
                }
            )
    assert rows == expected
    for row in rows:  # every date is ISO 8601 and reads back as the creation time
        assert datetime.fromisoformat(row["Date"]).replace(tzinfo=UTC)
    assert {r["URL"] for r in rows} == {"", "https://example.org/web?a=1&b=2"}


def test_a_highlight_changed_on_the_kindle_counts_once_as_its_latest_version(library, clippings):
    text = "\n".join(
        [
            "Walden (Henry David Thoreau)",
            "- Your Highlight on Location 100-101 | Added on Friday, March 30, 2012 9:30:00 AM",
            "",
            "I went to the woods",
            SEP,
            "Walden (Henry David Thoreau)",
            "- Your Highlight on Location 100-102 | Added on Friday, March 30, 2012 9:31:00 AM",
            "",
            "I went to the woods because I wished to live deliberately.",
            SEP,
            "Walden (Henry David Thoreau)",
            "- Your Highlight on Location 100-102 | Added on Friday, March 30, 2012 9:32:00 AM",
            "",
            "I went to the woods because I wished to live deliberately.",
            SEP,
            "",
        ]
    )
    report = import_clippings(library, clippings(text))
    assert report.added == 1
    [walden] = library.articles.list()
    [h] = library.highlights.of(walden.id)
    assert h.exact == "I went to the woods because I wished to live deliberately."
    assert h.created_at == "2012-03-30T09:32:00Z"


def test_library_batch_is_all_or_nothing(library):
    from reader.core.document import Block
    from reader.core.models import ImportedArticle

    aid = library.articles.add(
        ImportedArticle("T", [Block("paragraph", "words")], "text")
    ).article_id
    with pytest.raises(RuntimeError), library.transaction():
        library.articles.set_note(aid, "half done")
        raise RuntimeError("stop")
    assert library.articles.get(aid).note == ""
