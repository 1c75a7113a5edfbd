"""The edit distance anchoring counts with, against the textbook algorithm."""

from __future__ import annotations

import doctest

from hypothesis import given
from hypothesis import strategies as st

from reader.core import edit_distance
from reader.core.edit_distance import columns, distance, match_ends

words = st.text(alphabet="abcé😀 ", max_size=40)


def levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def best_ending_at(pattern: str, text: str, end: int) -> int:
    """Fewest errors of ``pattern`` against any stretch of ``text`` ending at ``end``."""
    return min(levenshtein(pattern, text[start:end]) for start in range(end + 1))


def test_the_examples_in_the_module_hold():
    assert doctest.testmod(edit_distance).failed == 0


@given(words, words)
def test_distance_is_levenshtein(a, b):
    assert distance(a, b) == levenshtein(a, b)


@given(words.filter(bool), words)
def test_free_columns_give_the_best_match_ending_at_each_place(pattern, text):
    assert columns(pattern, text, free=True) == [
        best_ending_at(pattern, text, end) for end in range(len(text) + 1)
    ]


@given(words.filter(bool), words, st.integers(0, 4))
def test_match_ends_are_within_k_and_cover_every_run(pattern, text, k):
    found = match_ends(pattern, text, 0, len(text), k)
    good = [end for end in range(1, len(text) + 1) if best_ending_at(pattern, text, end) <= k]
    assert all(best_ending_at(pattern, text, end) == errors <= k for end, errors in found)
    runs = sum(1 for i, end in enumerate(good) if i == 0 or good[i - 1] != end - 1)
    assert len(found) == runs
