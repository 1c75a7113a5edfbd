"""Review state across devices: a card's schedule, favourite, cloze and discard travel;
reviews made on two devices are all kept in the log; a card's rows converge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.sync.devices import FileSync, article, devices, export


def _cards(library):
    return library.conn.execute(
        "SELECT highlight_id, card, due, reps, favorite, discarded_at, cloze_start, cloze_end "
        "FROM review_cards ORDER BY highlight_id"
    ).fetchall()


def _log(library):
    return library.conn.execute(
        "SELECT id, highlight_id, rating, reviewed_at, due_after FROM review_log ORDER BY id"
    ).fetchall()


def test_review_state_travels_and_every_review_is_kept(tmp_path):
    a, b = pair = devices(tmp_path, 2)
    sync = FileSync(pair)
    try:
        added = a.library.articles.add(article("Cards", "Remember this sentence well."))
        h = a.library.highlights.add(added.article_id, 0, 8, note="why")
        when = datetime(2026, 1, 5, 9, tzinfo=UTC)
        a.library.review.rate(h.id, "good", now=when)
        a.library.review.set_cloze(h.id, (0, 4))
        sync.settle()
        assert _cards(b.library) == _cards(a.library)
        assert len(_log(b.library)) == 1
        # both devices review the card before hearing of each other
        a.library.review.rate(h.id, "hard", now=when + timedelta(days=3))
        b.library.review.rate(h.id, "easy", now=when + timedelta(days=4))
        b.library.review.set_favorite(h.id)
        sync.settle()
        assert _log(a.library) == _log(b.library)
        assert len(_log(a.library)) == 3  # none of the reviews lost
        assert _cards(a.library) == _cards(b.library)
        assert _cards(a.library)[0][4] == 1  # the favourite made on b
        assert export(a.library) == export(b.library)
    finally:
        for d in pair:
            d.close()


def test_review_state_made_before_the_upgrade_is_sent(tmp_path):
    """A library that synced before review state did: its cards are noted as new by the
    migration, so the next sync sends them (here: the pending rows the migration adds)."""
    a, b = pair = devices(tmp_path, 2)
    try:
        added = a.library.articles.add(article("Cards", "Remember this sentence well."))
        h = a.library.highlights.add(added.article_id, 0, 8)
        a.sync()
        a.library.review.rate(h.id, "good")
        with a.library.connection.write() as db:  # as before the migration: never noted
            db.execute("DELETE FROM sync_pending")
        from reader.core.storage.schema_sync2 import sync_review_state

        with a.library.connection.write() as db:
            from sqlite_utils import Database

            sync_review_state(Database(db))
        FileSync(pair).settle()
        assert _cards(b.library) == _cards(a.library)
        assert len(_log(b.library)) == 1
    finally:
        for d in pair:
            d.close()
