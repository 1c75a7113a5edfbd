"""``library.review``: the day's review from the whole library, ratings, logs, discards,
favourites, question cards and how many a day, on a real library file."""

import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest

from reader.core.storage.library import Library, NotFound
from tests.review.conftest import add_article


def test_the_days_review_favours_the_long_unseen_and_holds_ten(library, article_of):
    old = [add_article(library, n, days_ago=300 + n) for n in range(4)]
    recent = [add_article(library, 10 + n, days_ago=1) for n in range(4)]
    items = library.review.today()
    assert len(items) == 10 == library.review.per_day
    ids = [i.highlight.id for i in items]
    old_ids = {h for a in old for h in a}
    assert set(ids[:8]) <= old_ids  # 12 old highlights outrank every recent one
    articles = [article_of(h) for h in ids]
    assert all(a != b for a, b in itertools.pairwise(articles))
    assert items[0].article_title.startswith("Article ")
    assert {i.state.stage for i in items} == {"new"}
    assert recent  # made, and outranked


def test_favourites_and_noted_highlights_come_first(library):
    plain = add_article(library, 1, 1, days_ago=100)
    noted = add_article(library, 2, 1, days_ago=100)
    starred = add_article(library, 3, 1, days_ago=100)
    fav_article = add_article(library, 4, 1, days_ago=100)
    library.highlights.update(noted[0], note="why this matters")
    library.review.set_favorite(starred[0])
    library.articles.set_favorite(library.highlights.get(fav_article[0]).article_id)
    order = [i.highlight.id for i in library.review.today()]
    assert order[-1] == plain[0]
    assert set(order[:2]) == {starred[0], fav_article[0]}
    assert order[2] == noted[0]


def test_rating_schedules_logs_and_shrinks_the_day(library):
    for n in range(6):
        add_article(library, n, 2, days_ago=10 + n)
    first = library.review.today()
    assert len(first) == 10
    h = first[0].highlight.id
    state = library.review.rate(h, "good", duration_ms=4200)
    due = datetime.fromisoformat(state.due.replace("Z", "+00:00"))
    assert due - datetime.now(UTC) > timedelta(hours=20)
    assert state.reps == 1 and state.stage == "review" and state.last_review
    after = library.review.today()
    assert len(after) == 9 and h not in {i.highlight.id for i in after}
    assert [i.highlight.id for i in after] == [i.highlight.id for i in first[1:]]
    library.review.rate(h, "again")  # rated twice today: still one of the day's ten
    assert library.review.done_today() == 1
    logs = library.review.logs(h)
    assert [e.rating for e in logs] == ["good", "again"]
    assert logs[0].duration_ms == 4200 and logs[0].due_before is None
    assert logs[1].due_before == state.due
    fsrs_logs = library.review.fsrs_logs()
    assert [int(x.rating) for x in fsrs_logs] == [3, 1]
    assert fsrs_logs[0].review_duration == 4200


def test_a_highlight_due_again_comes_back_on_its_day(library):
    [h] = add_article(library, 1, 1, days_ago=5)
    add_article(library, 2, 1, days_ago=5)
    state = library.review.rate(h, "good")
    due = datetime.fromisoformat(state.due.replace("Z", "+00:00"))
    assert h not in {i.highlight.id for i in library.review.today()}
    later = due + timedelta(minutes=1)
    assert h in {i.highlight.id for i in library.review.today(later)}
    assert h not in {i.highlight.id for i in library.review.today(due - timedelta(days=1))}


def test_discarded_highlights_and_trashed_articles_stay_out(library):
    a = add_article(library, 1, 3, days_ago=50)
    b = add_article(library, 2, 3, days_ago=40)
    library.review.discard(a[0])
    library.trash.delete(library.highlights.get(b[0]).article_id)
    ids = {i.highlight.id for i in library.review.today()}
    assert a[0] not in ids and not ids & set(b)
    assert library.review.state(a[0]).discarded
    assert library.review.done_today() == 1  # a discard counts as one of the day's
    library.review.discard(a[0], False)
    assert not library.review.state(a[0]).discarded


def test_how_many_a_day_is_kept_in_the_library(tmp_path):
    path = tmp_path / "l.db"
    with Library(path) as library:
        for n in range(8):
            add_article(library, n, 3, days_ago=n)
        library.review.set_per_day(4)
        with pytest.raises(ValueError, match="1 to 1000"):
            library.review.set_per_day(0)
    with Library(path) as library:
        assert library.review.per_day == 4
        assert len(library.review.today()) == 4
        assert len(library.review.today(count=12)) == 12


def test_question_cards_keep_their_hidden_part(library):
    [h] = add_article(library, 1, 1)
    exact = library.highlights.get(h).exact
    state = library.review.set_cloze(h, (1, len(exact)))
    assert state.cloze == (1, len(exact))
    assert library.review.today()[0].state.cloze == (1, len(exact))
    with pytest.raises(ValueError, match="outside the passage"):
        library.review.set_cloze(h, (0, len(exact) + 5))
    assert library.review.set_cloze(h, None).cloze is None


def test_unknown_highlights_and_ratings_are_refused(library):
    [h] = add_article(library, 1, 1)
    with pytest.raises(NotFound, match="no highlight with id nope"):
        library.review.rate("nope", "good")
    with pytest.raises(NotFound):
        library.review.discard("nope")
    with pytest.raises(ValueError, match="again, hard, good, easy"):
        library.review.rate(h, "meh")
    assert library.review.logs() == []


def test_a_deleted_highlight_put_back_keeps_its_card(library):
    [h] = add_article(library, 1, 1)
    library.review.rate(h, "easy")
    gone = library.highlights.delete(h)
    assert library.review.today() == []
    library.highlights.restore(gone)
    assert library.review.state(h).reps == 1
    assert [e.rating for e in library.review.logs(h)] == ["easy"]


def test_a_review_changes_the_library_for_the_backup(library):
    [h] = add_article(library, 1, 1)
    count = library.conn.execute("SELECT count FROM change_count").fetchone()[0]
    library.review.rate(h, "good")
    assert library.conn.execute("SELECT count FROM change_count").fetchone()[0] > count


def test_the_days_review_holds_through_the_day(library):
    for n in range(6):
        add_article(library, n, 2, days_ago=10 + n)
    first = [i.highlight.id for i in library.review.today()]
    later = add_article(library, 99, 3, days_ago=900)  # would outrank every one of them
    assert [i.highlight.id for i in library.review.today()] == first
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert set(later) & {i.highlight.id for i in library.review.today(tomorrow)}


def test_rating_out_of_order_never_leaves_one_article_twice_in_a_row(library, article_of):
    a = add_article(library, 1, 3, days_ago=30)
    b = add_article(library, 2, 2, days_ago=20)
    items = library.review.today()
    assert [article_of(i.highlight.id) for i in items] == [1, 2, 1, 2, 1]
    library.review.rate(items[1].highlight.id, "good")  # A A B A would be left
    left = [i.highlight.id for i in library.review.today()]
    articles = [article_of(h) for h in left]
    assert articles == [1, 2, 1]
    assert set(left) <= set(a) | set(b)


@pytest.mark.parametrize("favoured_young", [False, True])
def test_the_choice_read_from_the_oldest_is_the_choice_from_all(
    library, favoured_young, monkeypatch
):
    """``candidates`` reads only the highlights seen before a cutoff (again, further, when
    younger favoured ones could win): the best are those of every highlight scored."""
    from reader.core.reviewing import cards
    from reader.core.reviewing.today import day_bounds
    from reader.core.storage import review
    from reader.core.storage.review import _CANDIDATES_SQL

    monkeypatch.setattr(review, "FIRST_READ", 40)  # the library's 180 read in a few steps

    rng = random.Random(16)
    now = datetime.now(UTC)
    for n in range(60):
        young = favoured_young and n >= 20  # noted, in favourite articles, 3 times the score
        ids = add_article(library, n, 3, days_ago=rng.uniform(*(150, 200) if young else (300, 400)))
        if young:
            library.conn.execute("UPDATE highlights SET note = 'yes' WHERE id IN (?, ?, ?)", ids)
        if young or (n % 9 == 0 and not favoured_young):
            library.articles.set_favorite(library.highlights.get(ids[0]).article_id)
        for hid in ids if not favoured_young else ():
            if rng.random() < 0.3:
                library.conn.execute("UPDATE highlights SET note = 'why' WHERE id = ?", (hid,))
            if rng.random() < 0.1:
                library.review.set_favorite(hid)
            if rng.random() < 0.4:
                when = now - timedelta(days=rng.uniform(1, 300))
                library.review.rate(hid, rng.choice(cards.RATINGS), now=when)
    start, end = day_bounds(now)
    everything = {"today": cards.stamp(start), "end": cards.stamp(end), "cutoff": "9999"}
    for limit in (1, 2, 3, 4):  # the cutoff: the 40th, 80th... oldest of 180 highlights
        full = library.conn.execute(_CANDIDATES_SQL, {**everything, "limit": limit}).fetchall()
        assert len(full) == limit
        assert library.review.candidates(start, end, limit) == full
