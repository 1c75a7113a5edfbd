"""Fuzzing the W3C Web Annotation importer: random JSON shaped like annotations, and
nesting deep enough to overflow the stack. Only ``ValueError`` (one clear line) may come
out, and an annotation file that fails leaves the library as it was."""

from __future__ import annotations

import json

from fuzzing import fuzz, hard_limit
from hypothesis import given
from hypothesis import strategies as st

from reader.core.document import Block
from reader.core.exporting import render, summarize, w3c
from reader.core.importing.annotations import import_annotations
from reader.core.models import ImportedArticle
from reader.core.storage.library import Library

KEYS = [
    "@context", "id", "type", "items", "first", "next", "total", "target", "source",
    "selector", "exact", "prefix", "suffix", "start", "end", "body", "value", "purpose",
    "motivation", "created", "modified", "refinedBy",
]  # fmt: skip
VALUES = [
    "Annotation", "AnnotationPage", "AnnotationCollection", "TextQuoteSelector",
    "TextPositionSelector", "TextualBody", "highlighting", "commenting", "tagging",
    "https://example.org/a", "urn:article-reader:article:1", "urn:uuid:x", "yellow",
]  # fmt: skip
scalars = (
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats()
    | st.sampled_from(VALUES) | st.text(max_size=20)
)  # fmt: skip
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), children, max_size=6)
    ),
    max_leaves=40,
)


@fuzz(150)
@given(document=documents)
def test_random_annotation_documents(document):
    text = json.dumps(document)
    with hard_limit(10):
        try:
            parsed = w3c.parse(text)
        except ValueError as e:
            assert "\n" not in str(e)
            return
    assert isinstance(parsed, list)


def test_deep_nesting_is_a_clear_error():
    for text in ("[" * 100_000 + "]" * 100_000, '{"a":' * 5000 + "1" + "}" * 5000):
        with hard_limit(10):
            try:
                w3c.parse(text)
            except ValueError as e:
                # Python 3.11's json gives up (RecursionError, said as "nested too deeply");
                # 3.13's reads it, and it holds no annotation
                message = str(e)
                assert "nested too deeply" in message or "no Annotation" in message, message
            else:
                raise AssertionError("accepted")
    for depth in (500, 5000):  # a chain of embedded "next" pages
        page = '{"type": "AnnotationPage", "items": [], "next": ' * depth + "{}" + "}" * depth
        with hard_limit(10):
            try:
                w3c.parse(page)
            except ValueError as e:
                assert "nested too deeply" in str(e) or "not a W3C" in str(e)


def test_failed_annotation_files_leave_the_library_as_it_was(tmp_path):
    with Library(tmp_path / "library.db") as library:
        text = "One fish, two fish, red fish, blue fish."
        article = ImportedArticle("Fish", [Block("paragraph", text)], "html", url="https://x.org/f")
        article_id = library.articles.add(article).article_id
        library.highlights.add(article_id, 0, 8, note="kept")
        good = json.loads(render(summarize(library.articles.get(article_id), []), "jsonld"))
        folder = tmp_path / "annotations"
        folder.mkdir()

        @fuzz(60)
        @given(document=documents, mix=st.booleans())
        def check(document, mix):
            data = dict(good, first=document) if mix else document
            path = folder / "notes.jsonld"
            path.write_text(json.dumps(data), encoding="utf-8")
            before = list(library.db.conn.iterdump())
            with hard_limit(10):
                try:
                    import_annotations(library, path)
                except ValueError as e:
                    assert "\n" not in str(e)
                    assert list(library.db.conn.iterdump()) == before

        check()
        assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
