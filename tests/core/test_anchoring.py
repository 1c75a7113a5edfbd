"""Tests for placing highlights again after their article's text changed."""

from __future__ import annotations

import doctest
import hashlib
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import anchoring
from reader.core.anchoring import (
    Placement,
    Selector,
    count_occurrences,
    describe,
    find_quote,
    locate,
    place,
    place_all,
    reanchor,
    text_hash,
)
from reader.core.models import Highlight

FOX = "The quick brown fox jumps over the lazy dog near the quiet river bank."
ESSAY = (
    "Reading slowly is a habit that rewards patience.\n"
    "Marginal notes let a reader argue with the author across centuries.\n"
    "A good highlight marks the sentence you will want to find again next year.\n"
    "Most readers never return to their notes, and that is a pity."
)


def test_the_module_example_holds():
    assert doctest.testmod(anchoring).failed == 0


# --- text_hash and describe ---------------------------------------------------------


def test_text_hash_is_sha256_of_utf8():
    assert text_hash("") == hashlib.sha256(b"").hexdigest()
    assert text_hash("日本 😀") == hashlib.sha256("日本 😀".encode()).hexdigest()
    assert text_hash("a") != text_hash("a ")


def test_describe_keeps_quote_context_and_hash():
    sel = describe(FOX, 16, 19)
    assert sel == Selector(16, 19, "fox", FOX[:16], FOX[19:51], text_hash(FOX))
    assert len(sel.suffix) == 32


def test_describe_at_the_edges_of_the_text_has_short_context():
    whole = describe("short", 0, 5)
    assert (whole.exact, whole.prefix, whole.suffix) == ("short", "", "")
    first = describe(FOX, 0, 3)
    assert (first.prefix, first.suffix) == ("", FOX[3:35])
    last = describe(FOX, len(FOX) - 5, len(FOX))
    assert (last.exact, last.prefix, last.suffix) == ("bank.", FOX[-37:-5], "")
    assert describe(FOX, 10, 15, context=4).prefix == "ick "


@pytest.mark.parametrize("start, end", [(0, 0), (5, 5), (6, 5), (-1, 3), (0, 6), (7, 9)])
def test_describe_refuses_empty_or_outside_ranges(start, end):
    with pytest.raises(ValueError, match="0 <= start < end <= 5"):
        describe("hello", start, end)


def test_selector_of_a_highlight():
    sel = describe(FOX, 4, 9)
    highlight = Highlight(
        "id", 1, sel.start, sel.end, sel.exact, sel.prefix, sel.suffix, sel.text_hash
    )
    assert Selector.of(highlight) == sel


# --- locating: one step at a time ------------------------------------------------------


def test_same_text_same_position():
    sel = describe(ESSAY, 60, 75)
    assert place(sel, ESSAY) == Placement(60, 75, ESSAY[60:75], "position")


def test_same_position_after_a_change_further_on():
    sel = describe(ESSAY, 10, 30)
    changed = ESSAY.replace("a pity", "a great pity")
    assert sel.text_hash != text_hash(changed)
    assert place(sel, changed) == Placement(10, 30, ESSAY[10:30], "position")


def test_moved_by_an_insertion_before():
    start = ESSAY.index("A good highlight")
    sel = describe(ESSAY, start, start + 16)
    changed = "Foreword.\n" + ESSAY
    assert place(sel, changed) == Placement(start + 10, start + 26, "A good highlight", "exact")


def test_moved_by_a_deletion_before():
    start = ESSAY.index("their notes")
    sel = describe(ESSAY, start, start + 11)
    changed = ESSAY.replace("Reading slowly is a habit that rewards patience.\n", "")
    new_start = changed.index("their notes")
    assert locate(sel, changed) == (new_start, new_start + 11)


def test_duplicate_quote_is_told_apart_by_its_context():
    text = "First, the cat sat on the mat. Later, the cat ran to the door."
    second = text.index("the cat ran")
    sel = describe(text, second, second + 7)  # the second "the cat"
    changed = "Prologue. " + text.replace("First,", "At first,")
    start = changed.index("the cat ran")
    assert locate(sel, changed) == (start, start + 7)


def test_duplicate_quote_with_the_same_context_is_told_apart_by_position():
    para = "Tea and time go together. "
    text = para * 4
    third = 2 * len(para)
    sel = describe(text, third, third + 3)
    changed = "Note. " + text
    assert locate(sel, changed) == (third + 6, third + 9)


def test_a_common_quote_is_found_far_away_by_its_whole_context():
    filler = "a the b. " * 500
    text = filler + "zz the qq. " + filler
    start = text.index("zz the") + 3
    sel = describe(text, start, start + 3)
    changed = "moved " * 2000 + text
    assert locate(sel, changed) == (start + 12000, start + 12003)


def test_reanchor_uses_where_the_neighbours_went():
    para = "Tea and time go together. "
    text = para * 40
    sels = [describe(text, i * len(para), i * len(para) + 3) for i in range(40)]
    changed = "A much longer note about the text that follows. " * 3 + text
    shift = len(changed) - len(text)
    assert reanchor(sels, changed) == [(s.start + shift, s.end + shift) for s in sels]


def test_approximate_after_small_edits_inside():
    start = FOX.index("quick")
    end = FOX.index(" near")
    sel = describe(FOX, start, end)
    changed = FOX.replace("jumps over", "leaps over")
    placed = place(sel, changed)
    assert placed == Placement(
        start, end, "quick brown fox leaps over the lazy dog", "approximate", 3
    )


def test_approximate_after_a_moved_and_edited_sentence():
    start = ESSAY.index("A good")
    end = ESSAY.index("next year.") + 10
    sel = describe(ESSAY, start, end)
    lines = ESSAY.split("\n")
    lines[2] = lines[2].replace("want to find", "want to find and read")
    changed = "\n".join([lines[2], lines[0], lines[1], lines[3]])
    placed = place(sel, changed)
    assert placed is not None and placed.method == "approximate"
    assert (placed.start, placed.end) == (0, len(lines[2]))


def test_approximate_after_a_move_far_away():
    rng = random.Random(3)
    filler = [
        " ".join("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=5)) for _ in range(60))
        for _ in range(30)
    ]
    moving = "This sentence about marginalia will travel to the other end of the article."
    text = "\n".join([*filler, moving])
    start = text.index(moving)
    sel = describe(text, start, start + len(moving))
    edited = moving.replace("will travel", "travels")
    changed = "\n".join([edited, *filler])
    placed = place(sel, changed)
    assert placed == Placement(0, len(edited), edited, "approximate", 6)
    without_context = Selector(start, start + len(moving), moving)
    assert locate(without_context, changed) == (0, len(edited))


def test_approximate_in_cjk_text():
    text = "茶和时间总是一起出现。我们慢慢地读书，然后写下笔记。最后我们分享这些想法。"
    start = text.index("我们慢慢")
    end = text.index("笔记。") + 3
    sel = describe(text, start, end)
    changed = "前言。" + text.replace("慢慢地", "慢地")
    assert locate(sel, changed) == (start + 3, end + 3 - 1)


def test_orphan_when_the_passage_is_removed():
    start = ESSAY.index("Marginal")
    end = ESSAY.index("centuries.") + 10
    sel = describe(ESSAY, start, end)
    changed = ESSAY[:start] + ESSAY[end + 1 :]
    assert locate(sel, changed) is None


def test_orphan_when_the_text_is_replaced_by_unrelated_text_of_the_same_length():
    start = ESSAY.index("A good highlight")
    sel = describe(ESSAY, start, start + 40)
    unrelated = (
        "Bicycles were once thought too fast for city streets; now the city council wants "
        "more of them, wider lanes and fewer cars. The plan costs little and the shops on "
        "the high street are in favour of it, which surprised everyone at the meeting."
    )
    unrelated = (unrelated * 2)[: len(ESSAY)]
    assert len(unrelated) == len(ESSAY)
    assert locate(sel, unrelated) is None


def test_a_short_quote_whose_place_is_gone_does_not_jump_to_a_stray_copy():
    text = "The cat slept. " + "Words fill the page here. " * 20 + "A cat yawned."
    sel = describe(text, 4, 7)  # the first "cat"
    changed = text.replace("The cat slept.", "The dog slept.")
    assert locate(sel, changed) is None


def test_offsets_count_code_points_so_an_emoji_counts_one():
    text = "😀 smile 😀😀 and then the highlighted words 🎉 end"
    start = text.index("the highlighted")
    sel = describe(text, start, start + 15)
    assert start == 20
    changed = "👍👍👍 " + text.replace("🎉", "🎉🎉")
    assert locate(sel, changed) == (24, 39)
    assert changed[24:39] == "the highlighted"


def test_approximate_after_an_emoji_is_inserted_inside():
    text = "Some words first, then a passage with enough words to be matched again later."
    start = text.index("a passage")
    end = text.index(" later")
    sel = describe(text, start, end)
    changed = "😀" + text.replace("enough words", "enough 😀 words")
    assert locate(sel, changed) == (start + 1, end + 3)


def test_nothing_to_find():
    assert locate(Selector(0, 0, ""), "anything") is None
    assert locate(describe(FOX, 4, 9), "") is None
    assert reanchor([], FOX) == []


def test_positions_beyond_the_new_text_are_harmless():
    sel = describe(ESSAY, len(ESSAY) - 20, len(ESSAY))
    assert locate(sel, ESSAY[-20:]) == (0, 20)


def test_reanchor_keeps_the_given_order_and_marks_orphans():
    a = describe(ESSAY, ESSAY.index("Marginal"), ESSAY.index("Marginal") + 14)
    b = describe(ESSAY, 0, 14)
    c = describe(ESSAY, ESSAY.index("pity"), ESSAY.index("pity") + 4)
    changed = ESSAY.replace("Marginal notes let", "Notes allow").replace("a pity", "sad")
    placed = place_all([a, b, c], changed)
    assert placed[0] is None and placed[2] is None
    assert placed[1] == Placement(0, 14, "Reading slowly", "position")
    assert reanchor([a, b, c], changed) == [None, (0, 14), None]


def test_long_quote_with_scattered_edits():
    words = [f"w{i:04d}x" for i in range(3000)]
    text = " ".join(words)
    start, end = text.index("w0500x"), text.index("w1500x") + 6
    sel = describe(text, start, end)
    edited = list(words)
    for i in range(510, 1500, 50):
        edited[i] = edited[i].upper()
    changed = "Intro. " + " ".join(edited)
    assert locate(sel, changed) == (start + 7, end + 7)


def test_long_quote_whose_first_words_were_deleted():
    rng = random.Random(7)
    words = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=6)) for _ in range(1000)]
    text = " ".join(words)
    start, end = 200 * 7, 600 * 7 + 6
    sel = describe(text, start, end)
    changed = text[:start] + text[start + 28 :]  # the highlight's first four words
    assert locate(sel, changed) == (start, end - 28)


def test_a_corrupt_position_is_only_a_hint():
    sel = describe(ESSAY, 49, 63)
    for start in (-5, 10**6):
        wrong = Selector(start, start + 14, sel.exact, sel.prefix, sel.suffix)
        assert locate(wrong, ESSAY) == (49, 63)


def test_reanchor_does_not_depend_on_the_order_given():
    sels = [describe(ESSAY, s, s + 12) for s in range(0, len(ESSAY) - 12, 17)]
    changed = "Preface.\n" + ESSAY.replace("patience", "great patience").replace("pity", "shame")
    forward = reanchor(sels, changed)
    assert reanchor(sels[::-1], changed)[::-1] == forward
    assert forward == [locate(s, changed) for s in sels]


# --- find_quote and count_occurrences ---------------------------------------------------


def test_find_quote_first_occurrence_by_default():
    assert find_quote(FOX, "the") == (31, 34)
    assert find_quote(FOX, "The") == (0, 3)


def test_find_quote_occurrence_numbering():
    text = "one fish, two fish, red fish"
    assert count_occurrences(text, "fish") == 3
    assert [find_quote(text, "fish", n) for n in (1, 2, 3, 4)] == [(4, 8), (14, 18), (24, 28), None]
    with pytest.raises(ValueError, match="counts from 1"):
        find_quote(text, "fish", 0)


def test_find_quote_tolerates_white_space():
    text = "A heading\nThe first  paragraph\u00a0starts here."
    assert find_quote(text, "heading The first paragraph starts") == (2, 37)
    assert find_quote(text, "  heading\n\nThe  ") == (2, 13)
    assert count_occurrences(text, "first paragraph") == 1


def test_find_quote_matches_literally_and_by_case():
    text = "Costs (in euro) rose by 5.5% [sic] while a+b stayed."
    assert find_quote(text, "(in euro)") == (6, 15)
    assert find_quote(text, "5.5% [sic]") == (24, 34)
    assert find_quote(text, "a+b") == (41, 44)
    assert find_quote(text, "costs") is None
    assert find_quote(text, "not here") is None
    assert count_occurrences(text, "not here") == 0


def test_find_quote_typed_quotes_match_typographic_ones():
    text = "“Don’t panic,” she said. 'Fine.'"
    assert find_quote(text, '"Don\'t panic,"') == (0, 14)
    assert find_quote(text, "'Fine.'") == (25, 32)
    assert find_quote(text, "Don’t") == (1, 6)
    assert find_quote(text, "Don‘t") is None  # only what is typed is loosened


def test_occurrences_do_not_overlap():
    assert count_occurrences("ha ha ha", "ha ha") == 1
    assert find_quote("ha ha ha", "ha ha", 2) is None


@pytest.mark.parametrize("quote", ["", "   ", "\n"])
def test_an_empty_quote_is_refused(quote):
    with pytest.raises(ValueError, match="empty quote"):
        find_quote(FOX, quote)
    with pytest.raises(ValueError, match="empty quote"):
        count_occurrences(FOX, quote)


# --- properties -----------------------------------------------------------------------

LATIN = "abcdefghijklmnopqrstuvwxyzéüßø"
OTHER = "ΑΒΓΔΕΖ中文字漢語😀🎉👍"
DIGITS = "0123456789абвгдеж"  # shares no character with the two above
SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ". ", "\n"])


def words(alphabet: str, min_size: int, max_size: int):
    return st.lists(
        st.tuples(st.text(alphabet, min_size=1, max_size=8), SEPARATORS),
        min_size=min_size,
        max_size=max_size,
    )


def joined(pairs: list[tuple[str, str]]) -> str:
    return "".join(w + s for w, s in pairs)


def passage(pairs: list[tuple[str, str]]) -> str:
    """The words with the separators between them, but none after the last."""
    return joined(pairs)[: -len(pairs[-1][1])]


def edits(alphabet: str, size: int = 6, most: int = 4):
    """Up to ``most`` edits: (where, characters deleted, text inserted)."""
    return st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(0, size), st.text(alphabet, max_size=size)),
        max_size=most,
    )


EDITS = edits(LATIN + OTHER + " ")


def edit(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Delete ``n`` characters at ``at`` (modulo the length) and insert ``new`` there."""
    for at, n, new in edits:
        at %= len(text) + 1
        text = text[:at] + new + text[at + n :]
    return text


def copies(text: str, quote: str) -> int:
    """Occurrences of ``quote`` in ``text``, overlapping ones included."""
    n, at = 0, text.find(quote)
    while at >= 0:
        n, at = n + 1, text.find(quote, at + 1)
    return n


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.text(LATIN + OTHER + " \n", min_size=1, max_size=200), st.data())
def test_unchanged_text_any_range_round_trips(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    sel = describe(text, start, end)
    assert locate(sel, text) == (start, end)
    no_hash = Selector(start, end, sel.exact, sel.prefix, sel.suffix)
    assert locate(no_hash, text) == (start, end)


@PROPERTY
@given(
    words(LATIN + OTHER, 0, 30),
    words(LATIN + OTHER, 1, 8),
    words(LATIN + OTHER, 0, 30),
    EDITS,
    EDITS,
)
def test_edits_outside_the_highlight_move_it_exactly(before, quoted, after, edits1, edits2):
    head, quote = joined(before), passage(quoted)
    tail = quoted[-1][1] + joined(after)
    sel = describe(head + quote + tail, len(head), len(head) + len(quote))
    new_head, new_tail = edit(head, edits1), edit(tail, edits2)
    new = new_head + quote + new_tail
    found = locate(sel, new)
    if copies(new, quote) == 1:
        assert found == (len(new_head), len(new_head) + len(quote))
    elif found is not None:
        # Several copies: if the context cannot tell them apart, the highlight
        # may become an orphan; if it is placed, it is on one of the copies.
        assert new[found[0] : found[1]] == quote
    assert reanchor([sel], new) == [found]


@PROPERTY
@given(
    words(DIGITS, 0, 30),
    words(LATIN + OTHER, 8, 20),
    words(DIGITS, 0, 30),
    edits(LATIN, size=2, most=3),
    edits(DIGITS + " ", size=6),
)
def test_small_edits_inside_a_long_highlight_still_find_it(before, quoted, after, inside, outside):
    # Around the passage, other characters: no near-copy of it can compete.
    head, quote = joined(before), passage(quoted)
    tail = quoted[-1][1] + joined(after)
    edited_chars = sum(max(n, len(new)) for _, n, new in inside)
    if len(quote) < 40 or edited_chars * 8 > len(quote):
        return  # not a long highlight with small edits
    sel = describe(head + quote + tail, len(head), len(head) + len(quote))
    new_quote = edit(quote, inside)
    # Edits outside keep off the quote's edge: an insertion next to an edit
    # inside could fairly be read as part of the highlight.
    new_head = edit(head[:-16], outside) + head[-16:]
    new = new_head + new_quote + tail
    found = locate(sel, new)
    true = (len(new_head), len(new_head) + len(new_quote))
    assert found is not None
    assert found[0] < true[1] and true[0] < found[1]  # overlaps the true range
    # Where an edit touches an end, dropping or keeping the changed word can
    # cost the same; either way the ends move by no more than twice the edits.
    slack = 2 * edited_chars
    assert abs(found[0] - true[0]) <= slack and abs(found[1] - true[1]) <= slack


@PROPERTY
@given(words(LATIN, 0, 30), words(OTHER, 1, 12), words(LATIN, 0, 30), EDITS, EDITS)
def test_a_deleted_highlight_becomes_an_orphan(before, quoted, after, edits1, edits2):
    # The passage's characters occur nowhere else, so no honest match is left.
    head, quote = joined(before), passage(quoted)
    tail = quoted[-1][1] + joined(after)
    sel = describe(head + quote + tail, len(head), len(head) + len(quote))
    other = str.maketrans("", "", OTHER)
    new = edit(head, edits1).translate(other) + edit(tail, edits2).translate(other)
    assert locate(sel, new) is None
    assert reanchor([sel, sel], new) == [None, None]
