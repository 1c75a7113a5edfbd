"""Vectors made by another model, or at another size, are dropped and made again."""

import pytest

from reader.core import embedding
from reader.core.storage.errors import LibraryError
from reader.core.storage.library import Library
from reader.core.storage.related import MODEL_KEY
from tests.related.conftest import article_with, highlight_paragraph
from tests.related.test_related_storage import BRIDGE, CATS, FELINES, TAXES


def models(library) -> set[str]:
    return {r[0] for r in library.conn.execute("SELECT model FROM related_articles")}


@pytest.fixture
def embedded(library):
    a = article_with(library, "Cats", CATS, TAXES)
    b = article_with(library, "Felines", BRIDGE, FELINES)
    cats = highlight_paragraph(library, a, CATS)
    highlight_paragraph(library, b, FELINES)
    library.related.embed_pending()
    assert library.related.pending() == 0
    return library, cats, b


def reopened(library) -> Library:
    """The same file in a new process's eyes (a Library checks the model once)."""
    library.close()
    return Library(library.path)


def test_another_models_vectors_are_made_again(embedded, monkeypatch):
    library, cats, b = embedded
    assert models(library) == {embedding.MODEL}
    assert library.settings.get(MODEL_KEY) == embedding.MODEL
    everything = 2 + 2  # two highlights, two articles
    monkeypatch.setattr(embedding, "MODEL", "wordllama l2_supercat 256, retrained")
    with reopened(library) as again:
        assert again.related.pending() == everything  # the old vectors are gone
        assert again.conn.execute("SELECT count(*) FROM related_vectors").fetchone()[0] == 0
        assert again.related.embed_pending() == everything
        assert models(again) == {"wordllama l2_supercat 256, retrained"}
        assert again.settings.get(MODEL_KEY) == "wordllama l2_supercat 256, retrained"
        assert again.related.find(cats)[0].article_id == b
    monkeypatch.undo()  # and back: made again once more
    with Library(library.path) as back:
        assert not back.related.same_model()
        assert back.related.embed_pending() == everything and models(back) == {embedding.MODEL}
        assert back.related.same_model()


def test_vectors_of_another_size_are_made_again(embedded):
    library, cats, b = embedded
    with library.transaction():
        library.conn.execute("UPDATE related_vectors SET vector = zeroblob(64)")
    with reopened(library) as again:
        assert not again.related.same_model()
        assert again.related.embed_pending() == 4  # dropped, made again
        assert again.related.find(cats)[0].article_id == b
        sizes = {r[0] for r in again.conn.execute("SELECT length(vector) FROM related_vectors")}
        assert sizes == {embedding.DIM}


def test_the_same_model_keeps_its_vectors(embedded):
    library, *_ = embedded
    ids = library.conn.execute("SELECT id FROM related_vectors ORDER BY id").fetchall()
    with reopened(library) as again:
        assert again.related.pending() == 0
        assert again.conn.execute("SELECT id FROM related_vectors ORDER BY id").fetchall() == ids


def test_a_read_only_library_with_another_models_vectors_says_so(embedded, monkeypatch):
    library, cats, _ = embedded
    library.close()
    monkeypatch.setattr(embedding, "MODEL", "another model 256")
    with Library(library.path, read_only=True) as ro, pytest.raises(LibraryError) as e:
        ro.related.find(cats)
    assert "another model" in str(e.value) and "writable" in str(e.value)


def test_a_busy_library_still_answers_with_the_vector_made_on_the_spot(embedded, tmp_path):
    import sqlite3

    library, cats, b = embedded
    library.conn.execute("DELETE FROM related_vectors WHERE highlight_id = ?", (cats,))
    library.connection.writer.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(library.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        assert library.related.find(cats)[0].article_id == b
    finally:
        other.execute("ROLLBACK")
        other.close()
    stored = "SELECT count(*) FROM related_vectors WHERE highlight_id = ?"
    assert library.conn.execute(stored, (cats,)).fetchone()[0] == 0  # stored next time
