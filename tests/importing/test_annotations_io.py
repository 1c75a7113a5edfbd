"""JSON-LD exports import back: into the same library (updates) and into another (by URL)."""

import json

import pytest

from reader.core.document import Block
from reader.core.exporting import render_many
from reader.core.exporting.summary import summarize
from reader.core.importing.annotations import import_annotations
from reader.core.importing.ingest import import_sources
from reader.core.models import ImportedArticle
from reader.core.storage.library import Library

TEXT = [
    "Intro 😀 with emoji.",
    "The quick brown fox jumps over the lazy dog.",
    "中文的句子在这里。",
]


def essay(url="https://example.org/essay", paragraphs=TEXT):
    blocks = [Block("paragraph", p) for p in paragraphs]
    return ImportedArticle(title="Essay", blocks=blocks, source_kind="url", url=url)


def export(library, article_id, path):
    s = summarize(library.articles.get(article_id), library.highlights.of(article_id))
    path.write_text(render_many([s], "jsonld"), encoding="utf-8")
    return path


@pytest.fixture
def annotated(library, tmp_path):
    a = library.articles.add(essay()).article_id
    text = library.articles.get(a).text
    fox = text.index("brown fox")
    library.highlights.add(a, fox, fox + 9, colour="green", note="a note", tags=["animals"])
    zh = text.index("句子")
    library.highlights.add(a, zh, zh + 2, colour="purple", style="underline")
    return library, a, export(library, a, tmp_path / "notes.jsonld")


def test_into_another_library_by_url(annotated, tmp_path):
    _, _, path = annotated
    with Library(tmp_path / "other.db") as other:
        other.articles.add(
            ImportedArticle(
                title="x", blocks=[Block("paragraph", "Unrelated.")], source_kind="text"
            )
        )
        b = other.articles.add(essay(paragraphs=["A new first line.", *TEXT])).article_id
        report = import_annotations(other, path)
        assert (report.added, report.updated, report.skipped) == (2, 0, [])
        text = other.articles.get(b).text
        got = {text[h.start : h.end]: h for h in other.highlights.of(b)}
        assert set(got) == {"brown fox", "句子"}
        assert (got["brown fox"].colour, got["brown fox"].note) == ("green", "a note")
        assert got["brown fox"].tags == ["animals"]
        assert (got["句子"].colour, got["句子"].style) == ("purple", "underline")


def test_into_the_same_library_updates_instead_of_duplicating(annotated):
    library, a, path = annotated
    data = json.loads(path.read_text(encoding="utf-8"))
    report = import_annotations(library, path)
    assert (report.added, report.updated) == (0, 2)
    assert len(library.highlights.of(a)) == len(data["first"]["items"]) == 2


def test_missing_article_keeps_them_as_orphans_until_it_is_imported(annotated, tmp_path):
    _, _, path = annotated
    with Library(tmp_path / "empty.db") as other:
        report = import_annotations(other, path)
        assert (report.added, report.orphaned) == (2, 2)
        assert all("no article has its URL" in n for n in report.notes)
        [placeholder] = other.articles.list()
        assert placeholder.title == "Annotations for https://example.org/essay"
        assert all(h.orphaned for h in other.highlights.of(placeholder.id))
        # Importing the same file again adds nothing twice.
        again = import_annotations(other, path)
        assert (again.added, again.updated) == (0, 2)
        assert len(other.highlights.of(placeholder.id)) == 2
        # The article arrives (same URL): the orphans are placed in it.
        result = other.articles.add(essay())
        assert result.article_id == placeholder.id and result.orphaned == 0
        text = other.articles.get(placeholder.id).text
        assert {text[h.start : h.end] for h in other.highlights.of(placeholder.id)} == {
            "brown fox",
            "句子",
        }


def test_text_gone_from_a_url_matched_article_is_kept_as_orphan(annotated, tmp_path):
    _, _, path = annotated
    with Library(tmp_path / "other.db") as other:
        b = other.articles.add(essay(paragraphs=["Entirely different words."])).article_id
        report = import_annotations(other, path)
        assert report.orphaned == 2
        assert all(h.orphaned for h in other.highlights.of(b))


def test_through_the_import_command_path(annotated, tmp_path):
    _, _, path = annotated
    bad = tmp_path / "bad.jsonld"
    bad.write_text("{not json", encoding="utf-8")
    with Library(tmp_path / "other.db") as other:
        other.articles.add(essay())
        report = import_sources(other, [path, bad])
        assert report.annotations[0].added == 2
        assert len(report.failures) == 1 and "bad.jsonld" in report.failures[0].reason
