"""Search over articles, highlights and notes: ranking, snippets, odd queries, CJK."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.document import Block
from reader.core.models import ImportedArticle
from reader.core.search import MARK_CLOSE, MARK_OPEN, fts_expression, marked, parse_query


def add(library, title, *paragraphs, url=None):
    blocks = [Block("paragraph", p) for p in paragraphs]
    return library.articles.add(
        ImportedArticle(title=title, blocks=blocks, source_kind="text", url=url)
    )


@pytest.fixture
def filled(library):
    a = add(library, "Volcanoes of Iceland", "Lava flows and volcanic ash.", "Eruptions again.")
    b = add(library, "Cooking", "Rice and beans. The volcano cake is a dessert.")
    c = add(library, "Alliance politics", "An alliance between Russia and China is possible.")
    h = library.highlights.add(c.article_id, 3, 11, note="about the alliance idea")
    library.articles.set_note(b.article_id, "Try the lava cake recipe next week.")
    return library, a.article_id, b.article_id, c.article_id, h


def test_hits_of_every_kind_with_marked_snippets(filled):
    library, a, b, c, h = filled
    hits = library.search("lava")
    kinds = {(hit.article_id, hit.kind) for hit in hits}
    assert (a, "article") in kinds and (b, "note") in kinds
    for hit in hits:
        assert MARK_OPEN in hit.snippet and MARK_CLOSE in hit.snippet
    alliance = library.search("alliance")
    assert {(x.kind, x.article_id) for x in alliance} >= {("article", c), ("highlight", c)}
    hl = next(x for x in alliance if x.kind == "highlight")
    assert hl.highlight_id == h.id and hl.position == h.start


def test_snippets_are_one_line(filled):
    library, *_ = filled
    for hit in library.search("eruptions"):
        assert "\n" not in hit.snippet


def test_title_matches_rank_first(filled):
    library, a, *_ = filled
    hits = [x for x in library.search("volcano") if x.kind == "article"]
    assert hits[0].article_id == a  # prefix match, title weighted


def test_article_hit_knows_where_the_word_is(filled):
    library, _, b, *_ = filled
    hit = next(x for x in library.search("beans") if x.kind == "article")
    text = library.articles.get(b).text
    assert text[hit.position : hit.position + 5] == "beans"


def test_prefix_search_as_you_type(filled):
    library, a, *_ = filled
    assert any(x.article_id == a for x in library.search("Erup"))
    assert library.search("Erup ") == []  # a finished word does not match as a prefix


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "AND OR",
        "NOT",
        "title:",
        "*",
        "a AND (b",
        "NEAR(",
        "^x",
        "{}",
        "-",
        '""',
        "'",
        "col : x",
    ],
)
def test_fts_syntax_never_crashes(filled, query):
    library, *_ = filled
    library.search(query)  # no exception


def test_syntax_words_still_search_as_words(filled):
    library, _, _, c, _ = filled
    assert any(x.article_id == c for x in library.search('"alliance'))
    assert any(x.article_id == c for x in library.search("russia AND china"))


def test_quoted_phrase(filled):
    library, _, _, c, _ = filled
    assert any(x.article_id == c for x in library.search('"russia and china"'))
    assert not any(x.kind == "article" for x in library.search('"china and russia"'))


def test_trashed_articles_are_not_found(filled):
    library, a, *_ = filled
    library.trash.delete(a)
    assert all(x.article_id != a for x in library.search("lava"))


def test_cjk_substring_search(library):
    r = add(library, "武汉的声音", "有英勇的你，才有英雄的城！", "茶🍵和时间")
    hits = library.search("英雄")
    assert hits and hits[0].article_id == r.article_id
    text = library.articles.get(r.article_id).text
    assert text[hits[0].position : hits[0].position + 2] == "英雄"
    assert library.search("时间")[0].article_id == r.article_id


def test_diacritics_are_folded(library):
    r = add(library, "Café", "Une crème brûlée au café.")
    assert library.search("creme")[0].article_id == r.article_id


def test_marked_escapes_between_marks():
    snippet = f"a <b> {MARK_OPEN}x&y{MARK_CLOSE} c"
    import html

    assert marked(snippet, "<b>", "</b>", html.escape) == "a &lt;b&gt; <b>x&amp;y</b> c"


def test_parse_query():
    assert parse_query('russia-china "new alliance" x') == [
        ["russia", "china"],
        ["new", "alliance"],
        ["x"],
    ]
    assert fts_expression("   ") is None
    assert fts_expression("alli") == '"alli"*'


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40))
def test_any_query_is_a_valid_fts_expression(filled, query):
    library, *_ = filled  # searching changes nothing, so sharing it between examples is fine
    library.search(query)


def test_best_hits_in_the_trash_do_not_crowd_out_the_rest(library):
    # The index ranks before the trash is filtered out: pages are fetched until enough are left.
    trashed = [add(library, f"Comet {i}", "comet " * 20 + str(i)).article_id for i in range(40)]
    kept = [
        add(library, f"Note {i}", f"A comet passed by, number {i}.").article_id for i in range(5)
    ]
    for article_id in trashed:
        h = library.highlights.add(article_id, 0, 5)
        assert h.exact == "comet"
        library.trash.delete(article_id)
    hits = library.search("comet", limit=3)
    assert [hit.kind for hit in hits] == ["article"] * 3
    assert {hit.article_id for hit in hits} <= set(kept)
    assert {hit.article_id for hit in library.search("comet", limit=50)} == set(kept)


def test_searching_notes_and_highlights_aside_gives_the_same_hits(filled):
    from reader.core.search import run_search

    library, *_ = filled
    for query in ("lava", "alliance", "volcan", '"rice and beans"'):
        together = run_search(library.connection.reader(), query, limit=20)
        assert library.search(query, limit=20) == together  # notes and highlights aside
