"""Related passages in a real library: vectors stored, found, kept in step, never itself."""

import pytest

from reader.core.storage.errors import NotFound
from tests.related.conftest import article_with, highlight_paragraph

CATS = "Cats sleep for most of the day, curled up somewhere warm and quiet in the house."
FELINES = "Domestic felines spend the majority of their hours dozing in cosy, peaceful spots."
TAXES = "The new fiscal policy raises income taxes for the highest earners from next April."
BRIDGE = "Engineers finished the suspension bridge across the river two years behind schedule."


def test_true_paraphrase_ranks_first_for_nine_in_ten(paraphrase_library):
    library, cases = paraphrase_library
    library.related.embed_pending()
    firsts = [library.related.find(h, limit=1)[0].article_id == p for h, p in cases]
    assert sum(firsts) / len(firsts) >= 0.9


def test_a_short_coarse_pass_keeps_the_same_answers(paraphrase_library, monkeypatch):
    """The first pass over 64 dimensions keeps a shortlist for the full cosine: cut to 12
    of the 160 rows, every query still gets the first answer the whole matrix gives, and
    most the same three."""
    from reader.core.storage import related

    library, cases = paraphrase_library
    library.related.embed_pending()
    monkeypatch.setattr(related, "SHORTLIST", 10_000)
    whole = [[i.article_id for i in library.related.find(h, limit=3)] for h, _ in cases]
    monkeypatch.setattr(related, "SHORTLIST", 12)
    short = [[i.article_id for i in library.related.find(h, limit=3)] for h, _ in cases]
    assert [w[0] for w in whole] == [s[0] for s in short]
    assert sum(w == s for w, s in zip(whole, short, strict=True)) >= 0.75 * len(cases)


def test_finds_the_same_meaning_in_other_words_and_never_itself(library):
    a = article_with(library, "Cats", CATS, TAXES)
    b = article_with(library, "Felines", BRIDGE, FELINES)
    cats = highlight_paragraph(library, a, CATS)
    items = library.related.find(cats, limit=5)  # nothing embedded yet: done on the spot
    library.related.embed_pending()
    items = library.related.find(cats, limit=5)
    assert items[0].article_id == b and items[0].kind == "passage"
    assert items[0].text == FELINES
    assert all(i.highlight_id != cats for i in items)
    own = library.articles.get(a).text.index(CATS)
    assert all(not (i.article_id == a and i.start <= own < i.end) for i in items)
    assert [i.score for i in items] == sorted((i.score for i in items), reverse=True)


def test_a_highlight_is_listed_once_not_again_as_its_passage(library):
    a = article_with(library, "Cats", CATS)
    b = article_with(library, "Felines", FELINES, BRIDGE)
    cats = highlight_paragraph(library, a, CATS)
    felines = highlight_paragraph(library, b, FELINES)
    library.related.embed_pending()
    items = library.related.find(cats, limit=5)
    assert items[0].kind == "highlight" and items[0].highlight_id == felines
    assert not [
        i for i in items if i.kind == "passage" and i.article_id == b and "felines" in i.text
    ]


def test_vectors_follow_changes_and_deletions(library):
    a = article_with(library, "Cats", CATS)
    b = article_with(library, "Felines", FELINES, TAXES)
    cats = highlight_paragraph(library, a, CATS)
    library.related.embed_pending()
    assert library.related.pending() == 0
    library.trash.delete(b)
    library.trash.delete_for_good(b)
    assert library.related.find(cats) == []
    assert (
        library.conn.execute(
            "SELECT count(*) FROM related_vectors WHERE article_id = ?", (b,)
        ).fetchone()[0]
        == 0
    )


def test_trashed_articles_are_left_out(library):
    a = article_with(library, "Cats", CATS)
    b = article_with(library, "Felines", FELINES)
    cats = highlight_paragraph(library, a, CATS)
    library.related.embed_pending()
    assert library.related.find(cats)
    library.trash.delete(b)
    assert library.related.find(cats) == []


def test_unknown_highlight_is_not_found(library):
    with pytest.raises(NotFound):
        library.related.find("no-such-id")


def test_embedding_stops_when_cancelled_and_resumes(library):
    for i in range(5):
        article_with(library, f"A{i}", CATS + f" Number {i}.")
    seen = []
    done = library.related.embed_pending(
        batch=1, progress=lambda d, t: seen.append((d, t)), cancelled=lambda: len(seen) >= 2
    )
    assert done == 2 and library.related.pending() == 3
    assert library.related.embed_pending() == 3 and library.related.pending() == 0
