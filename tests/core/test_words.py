"""Whole words for highlights, and finding phrases in an article's text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.search import match_spans
from reader.core.words import find_phrase, snap_to_words


def snapped(text: str, start: int, end: int) -> str:
    s, e = snap_to_words(text, start, end)
    return text[s:e]


def test_a_drag_that_cuts_words_is_widened_to_them():
    text = "There is nothing in the Sky. Another day and a night."
    assert snapped(text, 2, 16) == "There is nothing"  # "ere is nothing"
    start = text.index("Sky")
    assert snapped(text, start, text.index("Another") + 2) == "Sky. Another"  # "Sky. An"
    assert snapped(text, text.index("and") + 1, text.index(" a night") + 2) == "and a"


def test_ends_between_words_or_at_punctuation_stay():
    text = "Words, then more words."
    assert snapped(text, 0, 5) == "Words"
    assert snapped(text, 0, 6) == "Words,"
    assert snapped(text, 7, 11) == "then"


def test_joined_words_stay_whole():
    text = "She won't read the well-read man's l’heure."
    assert snapped(text, text.index("won't") + 1, text.index("won't") + 3) == "won't"
    assert snapped(text, text.index("well") + 6, text.index("well") + 7) == "well-read"
    assert snapped(text, text.index("heure") + 1, text.index("heure") + 2) == "l’heure"


def test_cjk_characters_are_words_of_their_own():
    text = "茶和时间的故事很长"
    assert snap_to_words(text, 2, 4) == (2, 4)
    mixed = "读 Tea 时间"
    assert snapped(mixed, 3, 4) == "Tea"


@given(st.text(alphabet="ab 茶,-'\n", max_size=30), st.data())
def test_snapping_only_widens_and_lands_on_word_edges(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s, e = snap_to_words(text, start, end)
    assert 0 <= s <= start <= end <= e <= len(text)
    if start < end:
        assert snap_to_words(text, s, e) == (s, e)  # already whole


def test_find_phrase_ignores_case_and_spacing():
    text = "Tea and time.\nTEA AND\ttime again; teacups."
    assert find_phrase(text, "tea  and time") == [(0, 12), (14, 26)]
    assert find_phrase(text, "tea", limit=2) == [(0, 3), (14, 17)]
    assert find_phrase(text, "   ") == []
    assert find_phrase(text, "(") == []  # not a pattern


def test_search_terms_are_marked_as_the_search_matched_them():
    text = "The Alliance of Russia and China: an alliance café, allied cafes."
    spans = [text[s:e] for s, e in match_spans(text, "allian")]  # typing: a prefix
    assert spans == ["Alliance", "alliance"]
    assert [text[s:e] for s, e in match_spans(text, "cafe ")] == ["café"]
    assert [text[s:e] for s, e in match_spans(text, '"russia and china"')] == ["Russia and China"]
    assert match_spans(text, '""') == []
    assert match_spans("喝茶的时间", "时间") == [(3, 5)]
