"""EPUB 2 and 3 books imported into a real library: chapters, outline, metadata, pictures,
footnotes, and every kind of bad book refused with one line and nothing half-imported."""

from __future__ import annotations

import time
import zipfile

import pytest
from epub_kit import Chap, Spec, simple_spec, write_epub
from picture_kit import png

from reader.cli import run
from reader.core.importing.epub.book import read_book
from reader.core.importing.failure import ImportFailure
from reader.core.importing.ingest import import_sources
from reader.core.importing.sources import import_source


@pytest.mark.parametrize("version", [3, 2])
def test_chapters_in_spine_order_with_their_outline_and_metadata(tmp_path, library, version):
    path = write_epub(tmp_path / "book.epub", simple_spec(3, version))
    report = import_sources(library, [path])
    assert report.count("added") == 1, report.failures
    article = library.articles.get(report.results[0].article_id)
    assert article.title == "A Test Book" and article.author == "Ann Author"
    assert article.published == "2001-02-03" and article.source_kind == "epub"
    lines = article.text.split("\n")
    assert lines[0] == "Chapter 1" and lines[4] == "Chapter 2" and lines[8] == "Chapter 3"
    assert lines[9] == "Paragraph 1 of chapter 3."
    info = library.books.info(article.id)
    assert info is not None
    assert (info.language, info.publisher, info.isbn) == ("en", "Test Press", "9780306406157")
    assert info.identifier == "urn:uuid:12345678-1234-1234-1234-123456789abc"
    book = read_book(path)
    assert [m.label for m in book.marks] == ["Chapter 1", "Chapter 2", "Chapter 3"]
    assert [m.cfi for m in book.marks] == ["/6/2[ref1]!/4", "/6/4[ref2]!/4", "/6/6[ref3]!/4"]
    for mark in book.marks:
        assert article.text[mark.offset :].startswith(mark.label)
    stored = [(e.offset, e.label, e.kind, e.level, e.locator) for e in article.outline]
    assert stored == [(m.offset, m.label, "chapter", 1, m.cfi) for m in book.marks]


def test_importing_again_updates_the_same_article(tmp_path, library):
    path = write_epub(tmp_path / "book.epub", simple_spec(2))
    first = import_sources(library, [path]).results[0]
    write_epub(path, simple_spec(3))
    again = import_sources(library, [path]).results[0]
    assert again.article_id == first.article_id and again.status == "updated"
    assert library.books.ids() == [first.article_id]


def test_pictures_come_from_the_archive_and_are_stored(tmp_path, library):
    spec = simple_spec(2)
    spec.chapters[0].extra = '<p><img src="../images/fig.png" alt="A figure"/></p>'
    spec.chapters[1].extra = '<img src="../../../etc/passwd" alt="Outside"/>'
    spec.files["OEBPS/images/fig.png"] = png(40, 30)
    spec.extra_manifest = '<item id="fig" href="images/fig.png" media-type="image/png"/>'
    path = write_epub(tmp_path / "pictures.epub", spec)
    result = import_sources(library, [path]).results[0]
    article = library.articles.get(result.article_id)
    image = next(b for b in article.blocks if b.kind == "image" and b.picture)
    assert image.text == "A figure" and image.src is None
    assert library.pictures.get(image.picture).width == 40
    # The picture outside the book was never read: its alt text stays, nothing else.
    outside = next(b for b in article.blocks if b.text == "Outside")
    assert outside.picture is None


def test_footnotes_stay_in_their_chapter_or_move_to_the_referring_chapter(tmp_path):
    spec = simple_spec(2)
    spec.chapters[0].paragraphs = ["A claim."]
    spec.chapters[0].extra = (
        '<p>Said here<a epub:type="noteref" href="#n1">1</a> and there'
        '<a epub:type="noteref" href="notes.xhtml#n2">2</a>.</p>'
        '<aside epub:type="footnote" id="n1"><p>First note, in the chapter.</p></aside>'
    )
    notes = Chap("Notes", [], file="text/notes.xhtml")
    notes.extra = '<aside epub:type="endnote" id="n2"><p>Second note, kept apart.</p></aside>'
    spec.chapters.append(notes)
    text = read_book(write_epub(tmp_path / "notes.epub", spec)).article.text
    chapter_two = text.index("Chapter 2")
    assert text.index("First note, in the chapter.") < chapter_two
    assert text.index("Second note, kept apart.") < chapter_two
    assert text.count("Second note, kept apart.") == 1


def test_a_chapter_without_a_heading_gets_the_table_of_contents_label(tmp_path):
    spec = simple_spec(2)
    path = write_epub(tmp_path / "b.epub", spec)
    # Rewrite chapter 2 without its <h1>.
    data = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data[name] = z.read(name)
    data["OEBPS/text/ch2.xhtml"] = data["OEBPS/text/ch2.xhtml"].replace(
        b'<h1 id="h2">Chapter 2</h1>', b'<span id="h2"></span>'
    )
    with zipfile.ZipFile(path, "w") as z:
        for name, content in data.items():
            z.writestr(name, content)
    book = read_book(path)
    heading = book.chapters[1].blocks[0]
    assert heading.kind == "heading" and heading.text == "Chapter 2"


def test_the_dispatch_knows_a_book_by_its_content_too(tmp_path, library):
    path = write_epub(tmp_path / "book.zip", simple_spec(1))
    assert import_source(path).source_kind == "epub"
    assert import_sources(library, [path]).count("added") == 1
    assert library.books.ids()


def test_the_command_line_imports_a_book(tmp_path, capsys):
    path = write_epub(tmp_path / "book.epub", simple_spec(2))
    code = run(["--library", str(tmp_path / "lib.db"), "import", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "added" in out and "A Test Book" in out


# -- bad books -----------------------------------------------------------------------


def _rewrite(path, members: dict[str, bytes | None]):
    """The EPUB at ``path`` with members replaced (None: removed) or added."""
    with zipfile.ZipFile(path) as z:
        data = {n: z.read(n) for n in z.namelist()}
    for name, content in members.items():
        if content is None:
            data.pop(name, None)
        else:
            data[name] = content
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in data.items():
            z.writestr(name, content)
    return path


def _refused(library, path, words: str) -> str:
    report = import_sources(library, [path])
    assert not report.results and len(report.failures) == 1
    line = report.failures[0].reason
    assert "\n" not in line and str(path) in line and words in line, line
    assert library.articles.count() == 0 and not library.books.ids()
    return line


def test_drm_is_refused(tmp_path, library):
    path = write_epub(tmp_path / "drm.epub", simple_spec(1))
    enc = (
        b'<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        b'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        b'<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
        b'<enc:CipherData><enc:CipherReference URI="OEBPS/text/ch1.xhtml"/></enc:CipherData>'
        b"</enc:EncryptedData></encryption>"
    )
    _rewrite(path, {"META-INF/encryption.xml": enc})
    _refused(library, path, "DRM")
    other = write_epub(tmp_path / "adobe.epub", simple_spec(1))
    _rewrite(other, {"META-INF/rights.xml": b"<rights/>"})
    _refused(library, other, "DRM")


def test_font_obfuscation_is_not_drm(tmp_path, library):
    path = write_epub(tmp_path / "fonts.epub", simple_spec(1))
    enc = (
        b'<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        b'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        b'<enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>'
        b"</enc:EncryptedData></encryption>"
    )
    _rewrite(path, {"META-INF/encryption.xml": enc})
    assert import_sources(library, [path]).count("added") == 1


def test_a_damaged_zip_or_package_is_refused(tmp_path, library):
    broken = tmp_path / "broken.epub"
    broken.write_bytes(write_epub(tmp_path / "ok.epub", simple_spec(1)).read_bytes()[:300])
    _refused(library, broken, "not a valid EPUB")
    bad_opf = _rewrite(
        write_epub(tmp_path / "opf.epub", simple_spec(1)), {"OEBPS/content.opf": b"<package"}
    )
    _refused(library, bad_opf, "not well-formed")
    no_container = _rewrite(
        write_epub(tmp_path / "nc.epub", simple_spec(1)), {"META-INF/container.xml": None}
    )
    _refused(library, no_container, "container.xml is missing")


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, library, monkeypatch):
    from reader.core.importing.epub import archive

    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 100_000)  # not to write 60 MB here
    path = write_epub(tmp_path / "bomb.epub", simple_spec(1))
    _rewrite(path, {"OEBPS/text/ch1.xhtml": b"<p>" + b"a" * 200_000})
    started = time.perf_counter()
    _refused(library, path, "zip bomb")
    assert time.perf_counter() - started < 2
    # Under the size cap, but packed a thousand to one.
    packed = _rewrite(
        write_epub(tmp_path / "packed.epub", simple_spec(1)), {"x.bin": b"\0" * 12_000_000}
    )
    _refused(library, packed, "zip bomb")


@pytest.mark.parametrize("where", ["spine", "manifest"])
def test_a_path_outside_the_archive_is_refused(tmp_path, library, where):
    spec = simple_spec(1)
    spec.chapters[0].file = "../../escape.xhtml"
    path = write_epub(tmp_path / f"{where}.epub", spec)
    _refused(library, path, "outside the book")


def test_a_chapter_nested_100000_deep_imports_quickly_or_is_refused(tmp_path, library):
    spec = simple_spec(1)
    spec.chapters[0].extra = "<div>" * 100_000 + "deep words" + "</div>" * 100_000
    path = write_epub(tmp_path / "deep.epub", spec)
    started = time.perf_counter()
    report = import_sources(library, [path])
    assert time.perf_counter() - started < 10
    assert report.count("added") == 1, report.failures
    article = library.articles.get(report.results[0].article_id)
    assert "deep words" in article.text and "Paragraph 1 of chapter 1." in article.text


def test_a_hostile_chapter_is_sanitised(tmp_path, library):
    spec = simple_spec(1)
    spec.chapters[0].extra = (
        '<script>alert(1)</script><p onclick="x()">Kept <a href="javascript:x()">text</a>'
        '<img src="http://tracker.example/p.gif" alt=""/></p>'
    )
    article = library.articles.get(
        import_sources(library, [write_epub(tmp_path / "h.epub", spec)]).results[0].article_id
    )
    assert "alert" not in article.text and "Kept text" in article.text
    assert not any(s.href for b in article.blocks for s in b.spans)
    assert not any(b.kind == "image" for b in article.blocks)


def test_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(ImportFailure, match="no such file"):
        read_book(tmp_path / "nothing.epub")


def test_spec_helper_builds_valid_books(tmp_path):
    book = read_book(write_epub(tmp_path / "one.epub", Spec(chapters=[Chap("Only", ["Words."])])))
    assert book.article.text == "Only\nWords."
