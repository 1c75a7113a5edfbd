"""``export --format html --full``: the whole article in one page, pictures inside as data:
URIs, captions under them, highlights marked, notes beside them, nothing to fetch."""

from __future__ import annotations

import base64
import re

import lxml.html
from picture_kit import article_with_pictures

from reader.cli import run
from reader.core.document import Block, Span
from reader.core.exporting.whole import CSP, whole_article, write_whole
from reader.core.models import ImportedArticle


def highlight(library, article_id: int, phrase: str, colour="green", note=""):
    article = library.articles.get(article_id)
    start = article.text.index(phrase)
    return library.highlights.add(article_id, start, start + len(phrase), colour=colour, note=note)


def test_the_whole_article_with_its_pictures_highlights_and_notes(library):
    imported = article_with_pictures("Whole", [(640, 480), (300, 200)])
    article_id = library.articles.add(imported).article_id
    highlight(library, article_id, "Caption 1: what picture 1", note="A note <b>kept</b> as text")
    highlight(library, article_id, "Paragraph 0.0 of Whole", colour="blue")
    _, page = whole_article(library, article_id)
    doc = lxml.html.document_fromstring(page)
    images = doc.findall(".//img")
    assert len(images) == 2
    uses = library.pictures.of(article_id)
    for img, use in zip(images, uses, strict=True):
        src = img.get("src")
        assert src.startswith(f"data:{use.media_type};base64,")
        assert base64.b64decode(src.split(",", 1)[1]) == library.pictures.data(use.digest)
        assert img.get("alt") == f"Picture {uses.index(use)}"
    captions = ["".join(f.itertext()) for f in doc.findall(".//figcaption")]
    assert captions == ["Caption 0: what picture 0 shows.", "Caption 1: what picture 1 shows."]
    marks = doc.findall(".//mark")
    assert {m.get("class") for m in marks} == {"hl-green", "hl-blue"}
    assert "Caption 1: what picture 1" in "".join("".join(m.itertext()) for m in marks)
    notes = ["".join(a.itertext()) for a in doc.findall(".//aside")]
    assert notes == ["A note <b>kept</b> as text"]  # escaped: text, not markup
    assert "The last paragraph ends the article." in page
    assert f'content="{CSP}"' in page and "img-src data:" in CSP
    # Nothing in it names anything to load.
    assert not re.search(r'(src|href)="(?!data:|https?:|mailto:)', page)
    assert not re.search(r'src="https?:', page)


def test_hostile_text_and_links_stay_inert(library):
    blocks = [
        Block(
            "paragraph",
            "<script>alert(1)</script> and a link",
            spans=(Span(32, 36, "link", "javascript:alert(1)"),),
        ),
        Block(
            "paragraph", "A real link here.", spans=(Span(2, 11, "link", "https://example.org/"),)
        ),
        Block("image", "A picture that never came", src="https://example.org/x.png"),
    ]
    article_id = library.articles.add(
        ImportedArticle("<img src=x onerror=alert(1)>", blocks, "html")
    ).article_id
    _, page = whole_article(library, article_id)
    assert "<script>" not in page and "javascript:" not in page and "<img src=x" not in page
    assert '<a href="https://example.org/">' in page
    assert "[Picture: A picture that never came]" in page


def test_the_command_line_writes_whole_pages(library, tmp_path, capsys):
    article_id = library.articles.add(article_with_pictures("Cli", [(200, 100)])).article_id
    library.close()
    base = ["--library", str(library.path), "export", str(article_id), "--format", "html", "--full"]
    assert run(base) == 0
    page = capsys.readouterr().out
    assert page.count("<img ") == 1 and "data:image/png;base64," in page
    assert run([*base, "--output", str(tmp_path / "out")]) == 0
    [written] = (tmp_path / "out").glob("*.html")
    assert written.name == "Cli (full).html"
    capsys.readouterr()
    assert run([*base[:-2], "md", "--full"]) != 0  # only with HTML
    assert "--full" in capsys.readouterr().err


def test_write_whole_replaces_the_page_on_re_export(library, tmp_path):
    article_id = library.articles.add(article_with_pictures("Again", [(200, 100)])).article_id
    first = write_whole(library, [article_id], tmp_path / "out")
    second = write_whole(library, [article_id], tmp_path / "out")
    assert first == second and len(list((tmp_path / "out").iterdir())) == 1


def test_summaries_carry_the_pictures_inside_or_beside_a_highlight(library, tmp_path):
    from reader.core.exporting import render, summarize_articles, write_files

    imported = article_with_pictures("Summary", [(200, 100), (300, 150), (120, 90)], words=3)
    article_id = library.articles.add(imported).article_id
    uses = library.pictures.of(article_id)
    beside = highlight(library, article_id, "Caption 0: what picture 0")  # its caption
    inside = highlight(library, article_id, "Picture 1")  # its alt text
    far = highlight(library, article_id, "Paragraph 1.1 of Summary")  # no picture near
    [summary] = summarize_articles(library, [article_id])
    assert [p.digest for p in summary.pictures_of(beside.id)] == [uses[0].digest]
    assert [p.digest for p in summary.pictures_of(inside.id)] == [uses[1].digest]
    assert summary.pictures_of(far.id) == ()

    page = render(summary, "html")
    assert page.count("<img ") == 2 and page.count("data:image/png;base64,") == 2
    assert "img-src data:" in page
    assert not re.search(r"picture[0-9a-f]{16}x\d", page)  # every stand-in replaced

    out = tmp_path / "notes"
    [md_file] = write_files([summary], "md", out)
    text = md_file.read_text(encoding="utf-8")
    attachments = sorted((out / "attachments").iterdir())
    assert len(attachments) == 2
    for picture in summary.pictures:
        assert f"](attachments/{picture.file_name})" in text
        assert (out / "attachments" / picture.file_name).read_bytes() == picture.data
    # A re-export writes no second copy; the standard output has no links to a folder.
    [summary_again] = summarize_articles(library, [article_id])
    write_files([summary_again], "md", out)
    assert sorted((out / "attachments").iterdir()) == attachments
    from reader.core.exporting import render_many

    assert "attachments/" not in render_many([summary], "md")
    for fmt in ("jsonld", "csv"):
        assert "data:image" not in render(summary, fmt) and "attachments/" not in render(
            summary, fmt
        )
