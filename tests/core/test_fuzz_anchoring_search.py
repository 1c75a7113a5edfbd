"""Fuzzing anchoring (random texts, highlights and edits) and search (random queries
against a real FTS5 library). Nothing raises, nothing runs past its time bound, and
every answer is well formed."""

from __future__ import annotations

import sqlite3

import pytest
from fuzzing import fuzz, hard_limit
from hypothesis import assume, given
from hypothesis import strategies as st

from reader.core.anchoring import describe, place, place_all
from reader.core.document import Block
from reader.core.models import ImportedArticle
from reader.core.search import fts_expression, parse_query
from reader.core.storage.library import Library

# -- anchoring -------------------------------------------------------------------------

VOCABULARY = ["fish", "red", "blue", "the", "one", "two", " ", " ", ". ", "\n", "é", "🍵", "中文"]
texts = st.lists(st.sampled_from(VOCABULARY) | st.text(max_size=3), min_size=1, max_size=120).map(
    "".join
)
edits = st.lists(
    st.tuples(
        st.floats(0, 1), st.integers(0, 12), st.sampled_from(VOCABULARY) | st.text(max_size=6)
    ),
    max_size=6,
)


@st.composite
def highlighted(draw):
    text = draw(texts)
    assume(len(text) >= 1)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, min(len(text), start + 80)))
    return text, start, end


def apply(text: str, changes) -> tuple[str, list[tuple[int, int]]]:
    """The edited text, and the spans of the old text each edit touched."""
    touched = []
    for where, length, insert in changes:
        at = round(where * len(text))
        touched.append((at, at + length))  # positions in the text as it was at that edit
        text = text[:at] + insert + text[at + length :]
    return text, touched


def check(placement, text: str) -> None:
    if placement is not None:
        assert 0 <= placement.start < placement.end <= len(text)
        assert text[placement.start : placement.end] == placement.exact


@fuzz(300, deadline_ms=2000)
@given(case=highlighted(), changes=edits)
def test_anchoring_random_edits(case, changes):
    text, start, end = case
    selector = describe(text, start, end)
    new, _ = apply(text, changes)
    with hard_limit(10):
        placement = place(selector, new)
    check(placement, new)
    if not changes:
        assert placement is not None and (placement.start, placement.end) == (start, end)


@fuzz(150, deadline_ms=2000)
@given(case=highlighted(), where=st.floats(0, 1), insert=st.text(min_size=1, max_size=20))
def test_an_edit_away_from_the_highlight_keeps_its_text(case, where, insert):
    """An edit that leaves the quote and its context alone: the quote is still found."""
    text, start, end = case
    assume(text[start:end].strip())
    selector = describe(text, start, end)
    lo, hi = max(0, start - 32), min(len(text), end + 32)
    at = round(where * len(text))
    assume(at <= lo or at >= hi)
    new = text[:at] + insert + text[at:]
    with hard_limit(10):
        placement = place(selector, new)
    check(placement, new)
    assert placement is not None and placement.exact == selector.exact


@fuzz(60, deadline_ms=3000)
@given(text=texts, ranges=st.lists(st.tuples(st.floats(0, 1), st.integers(1, 40)), max_size=20),
       changes=edits)  # fmt: skip
def test_placing_many_highlights(text, ranges, changes):
    assume(text)
    selectors = []
    for where, length in ranges:
        start = min(round(where * len(text)), len(text) - 1)
        selectors.append(describe(text, start, min(len(text), start + length)))
    new, _ = apply(text, changes)
    with hard_limit(15):
        placements = place_all(selectors, new)
    assert len(placements) == len(selectors)
    for placement in placements:
        check(placement, new)


@pytest.mark.parametrize("kind", ["repetitive", "long quote", "many copies"])
def test_anchoring_big_texts_is_bounded(kind):
    if kind == "repetitive":
        text = "ab" * 100_000
        selector = describe(text, 50_000, 52_000)
        new = text[:51_000] + "x" * 300 + text[51_000:]
    elif kind == "long quote":
        text = " ".join(f"word{i}" for i in range(40_000))
        selector = describe(text, 10_000, 60_000)
        new = text.replace("word1", "w0rd1")
    else:
        text = "fish. " * 50_000
        selector = describe(text, 150_000, 150_005)
        new = "red " + text
    with hard_limit(20):
        placement = place(selector, new)
    check(placement, new)


# -- search ----------------------------------------------------------------------------

FTS_SYNTAX = [
    '"', "'", "*", "^", ":", "(", ")", "{", "}", "+", "-", "NEAR", "NEAR(", "AND", "OR",
    "NOT", "title:", "text:", "note:", "{title text}:", "\\", "%", "_", "\0", "中文", "日本",
    "한국", "🍵", "é", "\u0301", "\u200b", "\ufeff", "\U0010ffff",
]  # fmt: skip
lone_surrogates = st.integers(0xD800, 0xDFFF).map(chr)
queries = st.lists(
    st.sampled_from(FTS_SYNTAX) | st.text(max_size=8) | lone_surrogates | st.just(" "),
    max_size=12,
).map("".join)


@pytest.fixture(scope="module")
def search_library(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "library.db"
    with Library(path) as library:
        for n, (title, text) in enumerate(
            [
                ("Red fish", "One fish, two fish, red fish, blue fish. NEAR AND OR NOT."),
                ("一杯茶的时间", "早上醒来，我做的第一件事不是看手机，而是烧水 🍵。"),
                ('Quotes "and" stars*', "Title: text: note: {braces} (parens) ^caret -minus."),
            ]
        ):
            imported = ImportedArticle(title, [Block("paragraph", text)], "text", source=f"/s/{n}")
            article_id = library.articles.add(imported).article_id
            library.highlights.add(article_id, 0, 8, note=f"note {text[:12]}")
            library.articles.set_note(article_id, text[::-1])
        yield library


@fuzz(300, deadline_ms=2000)
@given(query=queries)
def test_search_any_query(search_library, query):
    with hard_limit(10):
        hits = search_library.search(query)
    assert isinstance(hits, list) and len(hits) <= 50
    for hit in hits:
        assert isinstance(hit.snippet, str)


@fuzz(300, deadline_ms=2000)
@given(query=queries)
def test_the_expression_is_never_an_fts5_syntax_error(query):
    expression = fts_expression(query)
    if expression is None:
        assert not any(parse_query(query))
        return
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, text)")
    db.execute("INSERT INTO t VALUES ('red fish', 'one fish two fish')")
    db.execute("SELECT * FROM t WHERE t MATCH ?", (expression.encode("utf-8", "ignore").decode(),))


def test_known_troublemakers(search_library):
    for query in ['"', '""', '"a', "a\"b\"c\"", "NEAR(", "*", "^", "-", "AND OR", "中\udcff",
                  "\0", "title:red", "{title}:x", "a" * 10_000, "中" * 5_000]:  # fmt: skip
        assert isinstance(search_library.search(query), list), query
