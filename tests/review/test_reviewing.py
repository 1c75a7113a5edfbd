"""The review's pure parts: FSRS scheduling, choosing the day's order, question cards."""

import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.reviewing import cards, cloze, today
from reader.core.reviewing.today import Candidate, arrange

NOW = datetime(2025, 3, 10, 9, 30, tzinfo=UTC)


def due_in(card_json: str, when: datetime) -> timedelta:
    due = datetime.fromisoformat(json.loads(card_json)["due"])
    return due - when


def test_a_new_highlight_comes_back_after_days_more_for_an_easier_rating():
    gaps = {}
    for rating in cards.RATINGS:
        card, due = cards.schedule(None, "h1", rating, NOW)
        gaps[rating] = due_in(card, NOW)
        assert due == cards.stamp(NOW + gaps[rating])
        assert json.loads(card)["card_id"] == cards.card_id("h1")
    # no learning steps of minutes: even "again" is tomorrow
    assert timedelta(days=1) <= gaps["again"] <= gaps["hard"] <= gaps["good"] < gaps["easy"]


def test_good_again_and_again_spaces_the_reviews_out():
    card, when, gaps = None, NOW, []
    for _ in range(4):
        card, due = cards.schedule(card, "h1", "good", when)
        gaps.append(due_in(card, when))
        when = datetime.fromisoformat(due.replace("Z", "+00:00"))
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0] * 3
    stage, stability = cards.stage_of(card)
    assert stage == cards.REVIEW and stability > 2


def test_forgetting_a_learned_highlight_brings_it_back_soon():
    card, _due = cards.schedule(None, "h1", "good", NOW)
    later = NOW + timedelta(days=30)
    card, _ = cards.schedule(card, "h1", "good", later)
    then = later + timedelta(days=40)
    forgot, _ = cards.schedule(card, "h1", "again", then)
    recalled, _ = cards.schedule(card, "h1", "good", then)
    assert due_in(forgot, then) <= timedelta(days=7)
    assert due_in(forgot, then) * 4 < due_in(recalled, then)
    assert cards.stage_of(forgot)[1] < cards.stage_of(recalled)[1]  # stability


def test_ratings_are_named_and_others_refused():
    assert [cards.rating_number(r) for r in ("again", "Hard", " good", "EASY")] == [1, 2, 3, 4]
    with pytest.raises(ValueError, match="again, hard, good, easy"):
        cards.rating_number("meh")


def test_the_parser_offers_the_ratings_the_scheduler_knows():
    from reader.cli.parser import RATINGS

    assert RATINGS == cards.RATINGS


def test_a_new_card_is_new():
    assert cards.stage_of(None) == (cards.NEW, None)
    assert cards.stage_of("{}") == (cards.NEW, None)


# -- the day's order -------------------------------------------------------------------


def test_never_two_from_the_same_article_in_a_row():
    pool = [Candidate(f"a{i}", 1, 100 - i) for i in range(6)]
    pool += [Candidate(f"b{i}", 2, 50 - i) for i in range(3)]
    chosen = arrange(pool, 10)
    articles = [c.article_id for c in chosen]
    assert all(x != y for x, y in itertools.pairwise(articles))
    assert len(chosen) == 7  # a b a b a b a: the rest of article 1 would follow itself
    assert chosen[0].highlight_id == "a0"


def test_the_best_first_and_one_article_does_not_fill_the_day():
    pool = [Candidate(f"a{i}", 1, 100 - i) for i in range(20)]
    pool += [Candidate(f"{k}", 10 + k, 40.0) for k in range(5)]
    chosen = arrange(pool, 10)
    assert chosen[0].highlight_id == "a0"
    # article 1's second highlight counts half (49.5 > 40), its third a third (32.7 < 40)
    assert sum(c.article_id == 1 for c in chosen) <= 4
    assert len({c.article_id for c in chosen}) >= 6


def test_one_article_gives_one_highlight_a_day():
    assert len(arrange([Candidate(f"a{i}", 1, 10 - i) for i in range(5)], 10)) == 1


@given(
    st.lists(
        st.tuples(st.integers(1, 6), st.floats(0.5, 1000, allow_nan=False)),
        max_size=60,
    ),
    st.integers(1, 15),
)
def test_arrange_properties(rows, count):
    pool = [Candidate(f"h{i}", a, s) for i, (a, s) in enumerate(rows)]
    chosen = arrange(pool, count)
    assert len(chosen) <= count
    assert len({c.highlight_id for c in chosen}) == len(chosen)
    articles = [c.article_id for c in chosen]
    assert all(x != y for x, y in itertools.pairwise(articles))
    if len({a for a, _ in rows}) >= 2 and rows:
        assert chosen  # there is always a first pick
        assert len(chosen) >= min(count, 2)


def test_the_day_runs_from_local_midnight_to_midnight():
    start, end = today.day_bounds(NOW)
    assert start <= NOW < end
    assert start.astimezone().hour == 0 and start.astimezone().minute == 0
    assert timedelta(hours=23) <= end - start <= timedelta(hours=25)


# -- question cards --------------------------------------------------------------------


def test_a_question_hides_the_part_chosen():
    text = "Memory is the residue of thought."
    part = cloze.find_part(text, "residue")
    assert cloze.question(text, part) == "Memory is the […] of thought."
    assert cloze.find_part(text, "MEMORY") == (0, 6)
    assert cloze.find_part(text, "  of   thought ") == (text.index("of"), len(text) - 1)
    with pytest.raises(ValueError, match="not in the highlighted passage"):
        cloze.find_part(text, "forgetting")
    with pytest.raises(ValueError, match="which words"):
        cloze.find_part(text, "  ")


def test_without_a_choice_the_longest_word_is_hidden():
    text = "Memory is the residue of thought."
    assert cloze.question(text, cloze.pick_part(text)) == "Memory is the […] of thought."
    with pytest.raises(ValueError, match="no word"):
        cloze.pick_part("… — !")
    assert cloze.valid("abc", (0, 3)) and not cloze.valid("abc", (2, 5))
    assert not cloze.valid("abc", None)
