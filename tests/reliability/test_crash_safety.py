"""SIGKILL a process that imports and highlights, 50 times; the library survives every kill."""

import pytest

from .crash_harness import run

pytestmark = pytest.mark.slow


def test_fifty_kills_lose_nothing_that_was_reported(tmp_path):
    result = run(50, tmp_path, seed=7)
    assert result.failures == []
    assert result.kills == 50
    assert result.highlights > 200  # the kills landed while it was busy writing


def test_the_check_after_a_kill_can_fail(tmp_path):
    """The harness's check finds a missing highlight and a search index out of step."""
    import sqlite3

    from reader.core.importing.sources import parse_text
    from reader.core.storage.library import Library

    from .crash_harness import check

    path = tmp_path / "library.db"
    with Library(path) as lib:
        a = lib.articles.add(
            parse_text("Title\n\nSome words to find again later.", source="/t.txt")
        )
        hid = lib.highlights.add(a.article_id, 0, 4, note="kept").id
    assert check(path, {hid}) == []
    assert "1 reported highlight(s) missing" in check(path, {hid, "never-made"})[0]
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER highlights_au")
    conn.execute("UPDATE highlights SET note = 'behind the index'")
    conn.commit()
    conn.close()
    assert any("highlights_fts" in p for p in check(path, {hid}))
