"""The Library: storage, migrations, dedupe on re-import, highlights, tags, trash, backups."""

import sqlite3
import threading

import pytest

from reader.core.document import Block
from reader.core.models import ImportedArticle
from reader.core.storage import schema, schema_order, schema_version
from reader.core.storage.library import Library, LibraryError, NotFound


def article(title="An essay", *paragraphs, url=None, source=None, kind="text"):
    paragraphs = paragraphs or ("The first paragraph says something.", "The second one agrees.")
    blocks = [Block("heading", title, level=1)] + [Block("paragraph", p) for p in paragraphs]
    return ImportedArticle(title=title, blocks=blocks, source_kind=kind, url=url, source=source)


def test_add_and_read_back(library):
    result = library.articles.add(article("Hello 😀 world", "Text with émoji 😀 and 中文."))
    assert result.status == "added"
    a = library.articles.get(result.article_id)
    assert a.text == "Hello 😀 world\nText with émoji 😀 and 中文."
    assert a.blocks[0].kind == "heading"
    assert a.word_count == 8  # emoji are not words; each CJK character is one
    assert [s.title for s in library.articles.list()] == ["Hello 😀 world"]


def test_file_has_wal_foreign_keys_and_schema_version(tmp_path):
    path = tmp_path / "lib.db"
    Library(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version.SCHEMA_VERSION
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"articles", "highlights", "tags", "articles_fts", "highlights_fts"} <= names


def test_newer_library_is_refused(tmp_path):
    path = tmp_path / "lib.db"
    Library(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema_version.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(LibraryError, match="newer version of Article Reader"):
        Library(path)


def test_unknown_migration_is_refused(tmp_path):
    path = tmp_path / "lib.db"
    Library(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('article-reader', 'from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(LibraryError, match="newer version"):
        Library(path)


def test_schema_version_lists_every_migration_in_order():
    assert tuple(schema_order.migration_names()) == schema_version.MIGRATIONS


def test_opening_an_up_to_date_library_needs_no_sqlite_utils(tmp_path):
    """sqlite-utils costs ~75 ms of the window's start; only migrations need it."""
    import subprocess
    import sys

    path = tmp_path / "lib.db"
    Library(path).close()
    code = (
        "import sys; from reader.core.storage.library import Library; "
        f"Library({str(path)!r}).articles.list(); "
        "assert 'sqlite_utils' not in sys.modules, 'sqlite_utils was imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(LibraryError, match="not an Article Reader library"):
        Library(path)


def test_existing_library_is_backed_up_before_a_migration(tmp_path, monkeypatch):
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        lib.articles.add(article())

    @schema.migrations(name="zz_test_add_column")
    def _extra(db):
        db.execute("ALTER TABLE articles ADD COLUMN extra TEXT")

    try:
        monkeypatch.setattr(schema_version, "SCHEMA_VERSION", schema_version.SCHEMA_VERSION + 1)
        monkeypatch.setattr(schema_version, "KNOWN", schema_version.KNOWN | {"zz_test_add_column"})
        with Library(path) as lib:
            assert lib.articles.list()[0].title == "An essay"
        backups = list((tmp_path / "lib.db.backups").glob("*before-migration.db"))
        assert len(backups) == 1
        copy = sqlite3.connect(backups[0])
        assert copy.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    finally:
        schema.migrations._migrations.pop()


def test_failed_migration_leaves_the_library_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        lib.articles.add(article())

    @schema.migrations(name="zz_test_broken")
    def _broken(db):
        db.execute("ALTER TABLE articles ADD COLUMN half_done TEXT")
        raise RuntimeError("migration bug")

    try:
        monkeypatch.setattr(schema_version, "KNOWN", schema_version.KNOWN | {"zz_test_broken"})
        with pytest.raises(RuntimeError):
            Library(path)
    finally:
        schema.migrations._migrations.pop()
    with Library(path) as lib:
        columns = {c[1] for c in lib.db.execute("PRAGMA table_info(articles)")}
        assert "half_done" not in columns
        assert lib.articles.count() == 1


def test_same_url_updates_and_reanchors(library):
    first = library.articles.add(article("Essay", "Alpha beta gamma delta.", url="https://e.org/a"))
    start = library.articles.get(first.article_id).text.index("beta gamma")
    h = library.highlights.add(first.article_id, start, start + 10, note="keep me")
    again = library.articles.add(
        article("Essay v2", "New intro.", "Alpha beta gamma delta.", url="https://e.org/a")
    )
    assert again.article_id == first.article_id
    assert again.status == "updated"
    assert library.articles.count() == 1
    moved = library.highlights.get(h.id)
    text = library.articles.get(first.article_id).text
    assert text[moved.start : moved.end] == "beta gamma"
    assert moved.note == "keep me"
    assert moved.state == "anchored"


def test_same_content_again_is_unchanged_and_not_duplicated(library):
    a = library.articles.add(article("Essay", "Same words."))
    b = library.articles.add(article("Essay", "Same words."))
    assert (b.article_id, b.status) == (a.article_id, "unchanged")
    assert library.articles.count() == 1


def test_same_file_reimported_after_edit_updates(library, tmp_path):
    src = str(tmp_path / "notes.md")
    a = library.articles.add(article("Notes", "One.", source=src, kind="markdown"))
    b = library.articles.add(article("Notes", "One. Two.", source=src, kind="markdown"))
    assert b.article_id == a.article_id and b.status == "updated"


def test_highlight_whose_text_is_gone_becomes_an_orphan(library):
    a = library.articles.add(
        article("Essay", "A sentence about volcanoes erupting.", url="https://e.org/v")
    )
    text = library.articles.get(a.article_id).text
    start = text.index("volcanoes")
    h = library.highlights.add(a.article_id, start, start + len("volcanoes erupting"))
    result = library.articles.add(
        article("Essay", "Completely different content now.", url="https://e.org/v")
    )
    assert result.orphaned == 1
    orphan = library.highlights.get(h.id)
    assert orphan.state == "orphaned" and orphan.exact == "volcanoes erupting"
    assert library.highlights.of(a.article_id)[-1].id == h.id
    text = library.articles.get(a.article_id).text
    start = text.index("different")
    fixed = library.highlights.reattach(h.id, start, start + len("different content"))
    assert fixed.state == "anchored" and fixed.exact == "different content"


def test_highlight_edit_delete_restore(library):
    a = library.articles.add(article())
    h = library.highlights.add(a.article_id, 4, 9, colour="green", tags=["one", "#Two"])
    assert h.tags == ["one", "Two"]
    h = library.highlights.update(h.id, note="a note", colour="pink", tags=["three"])
    assert (h.colour, h.note, h.tags) == ("pink", "a note", ["three"])
    gone = library.highlights.delete(h.id)
    assert library.highlights.of(a.article_id) == []
    back = library.highlights.restore(gone)
    assert (back.id, back.note, back.tags, back.colour) == (h.id, "a note", ["three"], "pink")


def test_highlight_validation(library):
    a = library.articles.add(article())
    with pytest.raises(ValueError, match="outside"):
        library.highlights.add(a.article_id, 5, 5000)
    with pytest.raises(ValueError, match="unknown colour"):
        library.highlights.add(a.article_id, 0, 4, colour="chartreuse")
    with pytest.raises(NotFound, match="no article with id 99"):
        library.highlights.add(99, 0, 4)


def test_highlights_in_reading_order(library):
    a = library.articles.add(article())
    library.highlights.add(a.article_id, 20, 25)
    library.highlights.add(a.article_id, 2, 6)
    library.highlights.add(a.article_id, 10, 12)
    assert [h.start for h in library.highlights.of(a.article_id)] == [2, 10, 20]


def test_trash_and_restore_keep_everything(library):
    a = library.articles.add(article())
    library.highlights.add(a.article_id, 4, 9, note="n")
    library.articles.set_note(a.article_id, "article note")
    assert library.articles.note(a.article_id) == "article note"
    library.trash.delete(a.article_id)
    assert library.articles.list() == []
    with pytest.raises(NotFound):
        library.articles.get(a.article_id)
    with pytest.raises(NotFound):
        library.articles.note(a.article_id)
    library.trash.restore(a.article_id)
    assert library.articles.get(a.article_id).note == "article note"
    assert len(library.highlights.of(a.article_id)) == 1


def test_reimport_of_trashed_article_brings_it_back(library):
    a = library.articles.add(article("Essay", "Words.", url="https://e.org/t"))
    library.trash.delete(a.article_id)
    b = library.articles.add(article("Essay", "Words.", url="https://e.org/t"))
    assert b.article_id == a.article_id
    assert library.articles.count() == 1


def test_purge_deletes_for_good(library):
    a = library.articles.add(article())
    library.highlights.add(a.article_id, 4, 9)
    library.trash.delete(a.article_id)
    assert library.trash.purge(older_than_days=0) == 1
    assert library.db.execute("SELECT count(*) FROM highlights").fetchone()[0] == 0


def test_tags_filters_and_sorting(library):
    a = library.articles.add(article("Banana", "One."))
    b = library.articles.add(article("apple", "Two."))
    library.tags.set(a.article_id, ["fruit", "yellow"])
    library.highlights.add(b.article_id, 0, 5, tags=["fruit"])
    library.articles.set_favorite(b.article_id)
    library.articles.set_archived(a.article_id)
    assert [s.title for s in library.articles.list(sort="title", archived=None)] == [
        "apple",
        "Banana",
    ]
    assert [s.title for s in library.articles.list(tag="fruit", archived=None)] == [
        "apple",
        "Banana",
    ]
    assert [s.title for s in library.articles.list()] == ["apple"]
    assert [s.title for s in library.articles.list(archived=True)] == ["Banana"]
    assert [s.title for s in library.articles.list(favorite=True)] == ["apple"]
    assert dict(library.tags.in_use()) == {"fruit": 2, "yellow": 1}
    assert library.articles.list(archived=None, sort="title")[1].tags == ["fruit", "yellow"]


def test_reading_position_and_read_state(library):
    a = library.articles.add(article())
    assert library.articles.list()[0].read is False
    library.articles.mark_read(a.article_id)
    library.articles.set_reading_position(a.article_id, 12)
    row = library.articles.list()[0]
    assert row.read and row.reading_position == 12


def test_settings_round_trip(library):
    assert library.settings.get("geometry", "none") == "none"
    library.settings.set("geometry", {"x": 1, "y": [2, 3]})
    assert library.settings.get("geometry") == {"x": 1, "y": [2, 3]}


def test_saving_a_reading_position_does_not_reindex(library):
    a = library.articles.add(article("Essay", "Plenty of words here."))
    before = library.db.execute("SELECT count(*) FROM articles_fts_data").fetchone()[0]
    for i in range(20):
        library.articles.set_reading_position(a.article_id, i)
    after = library.db.execute("SELECT count(*) FROM articles_fts_data").fetchone()[0]
    assert after == before


def test_backup_is_verified_and_rotated(library):
    """Rotation by day and week is tested in test_backups.py; the same day keeps one."""
    library.articles.add(article())
    paths = [library.backup(reason="periodic") for i in range(5)]
    folder = paths[0].parent
    kept = sorted(folder.glob("*.db"))
    assert kept == [paths[-1]]
    copy = sqlite3.connect(kept[-1])
    assert copy.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert library.backup_if_due(days=1) is None


def test_threads_share_one_library(library):
    errors = []

    def work(n):
        try:
            for i in range(10):
                library.articles.add(article(f"T{n}-{i}", f"Body {n} {i}."))
                library.search(f"Body {n}")
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert library.articles.count() == 40


def test_second_process_writer_gets_a_clear_message(tmp_path, monkeypatch):
    path = tmp_path / "lib.db"
    Library(path).close()
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")  # another process holding the write lock
    monkeypatch.setattr("reader.core.storage.connection.BUSY_TIMEOUT_S", 0.2)
    with Library(path) as lib, pytest.raises(LibraryError, match="busy"):
        lib.articles.add(article())
    other.rollback()


def test_disk_full_rolls_back_and_says_so(library, monkeypatch):
    library.articles.add(article("Before", "Kept."))
    library.db.execute(
        "PRAGMA max_page_count = " + str(library.db.execute("PRAGMA page_count").fetchone()[0])
    )
    big = "word " * 200_000
    with pytest.raises(LibraryError, match="free some disk space"):
        library.articles.add(article("Huge", big))
    assert [s.title for s in library.articles.list()] == ["Before"]


def test_changes_by_another_process_are_noticed(tmp_path):
    path = tmp_path / "lib.db"
    with Library(path) as mine, Library(path) as other:
        mine.changed_elsewhere()
        mine.articles.add(article("Mine", "Words."))
        assert not mine.changed_elsewhere()  # our own writes do not count
        other.articles.add(article("Theirs", "Other words."))
        assert mine.changed_elsewhere()
        assert not mine.changed_elsewhere()


def test_the_trash_lists_deleted_articles_and_deletes_for_good(library):
    kept = library.articles.add(article("Kept", "One.")).article_id
    gone = library.articles.add(article("Gone", "Two.")).article_id
    library.highlights.add(gone, 0, 4)
    library.trash.delete(gone)
    trash = library.articles.list(trashed=True, archived=None)
    assert [(a.id, a.title) for a in trash] == [(gone, "Gone")] and trash[0].deleted_at
    assert library.articles.count(trashed=True, archived=None) == 1
    assert [a.id for a in library.articles.list()] == [kept]
    with pytest.raises(NotFound):
        library.trash.delete_for_good(kept)  # only from the trash
    library.trash.delete_for_good(gone)
    assert library.articles.list(trashed=True, archived=None) == []
    assert library.db.execute("SELECT count(*) FROM highlights").fetchone()[0] == 0


def test_a_backup_does_not_hold_the_writer(library, monkeypatch):
    """Writes go on while a (slow) backup copies the file."""
    import reader.core.storage.library as module

    library.articles.add(article())
    started, release = threading.Event(), threading.Event()
    real_connect = sqlite3.connect

    def connect(path, *args, **kwargs):
        conn = real_connect(path, *args, **kwargs)
        if str(path).endswith(".partial"):
            started.set()
            release.wait(10)
        return conn

    aid = library.articles.list()[0].id
    monkeypatch.setattr(module.sqlite3, "connect", connect)
    worker = threading.Thread(target=library.backup)
    worker.start()
    assert started.wait(10)
    writer = threading.Thread(
        target=library.articles.set_note, args=(aid, "written during the backup")
    )
    writer.start()
    writer.join(3)
    blocked = writer.is_alive()
    release.set()
    writer.join(10)
    assert not blocked, "a write waited for the backup to finish"
    worker.join(10)
    assert library.articles.get(library.articles.list()[0].id).note == "written during the backup"


def test_the_trash_lists_the_most_recently_deleted_first(library):
    first = library.articles.add(article("First", "One.")).article_id
    second = library.articles.add(article("Second", "Two.")).article_id
    library.trash.delete(second)
    library.db.execute(
        "UPDATE articles SET deleted_at = '2020-01-01T00:00:00Z' WHERE id = ?", (second,)
    )
    library.trash.delete(first)
    assert [a.id for a in library.articles.list(trashed=True, archived=None)] == [first, second]


def test_the_list_is_counted_and_paged_from_an_index(library):
    # Reading rows would walk each article's text (archived comes after it): 100 ms at 100k.
    def plan(sql):
        return " ".join(row[-1] for row in library.conn.execute("EXPLAIN QUERY PLAN " + sql))

    where = "WHERE a.deleted_at IS NULL AND a.archived = 0"
    assert "COVERING INDEX" in plan(f"SELECT count(*) FROM articles a {where}")
    assert "COVERING INDEX" in plan(
        f"SELECT count(*) FROM articles a {where} AND opened_at IS NULL"
    )
    paged = f"SELECT a.id FROM articles a {where} ORDER BY a.added_at DESC, a.id DESC LIMIT 9"
    assert "INDEX articles_listed" in plan(paged) and "TEMP B-TREE" not in plan(paged)
    for order, index in (
        ("a.published DESC, a.id DESC", "articles_by_published"),
        ("a.progress DESC, a.id DESC", "articles_by_progress"),
    ):
        paged = f"SELECT a.id FROM articles a {where} ORDER BY {order} LIMIT 9"
        assert f"INDEX {index}" in plan(paged) and "TEMP B-TREE" not in plan(paged)


@pytest.mark.parametrize("sort", ["added", "oldest", "published", "title", "progress"])
def test_paging_after_a_row_lists_every_article_once_in_order(library, sort):
    for i in range(23):  # added within the same second: ties broken by id
        imported = article(f"Essay {i % 7}", f"Paragraph number {i}.")
        imported.published = None if i % 3 == 0 else f"2024-03-{10 + i % 5:02d}"
        library.articles.add(imported)
    library.articles.set_archived(5, True)
    for i in range(1, 23, 4):  # ties in progress too
        library.articles.set_reading_position(i, 3, progress=0.25 * (i % 3))
    whole = [a.id for a in library.articles.list(sort=sort)]
    paged, last = [], None
    while True:
        page = library.articles.list(sort=sort, limit=4, after=last)
        if not page:
            break
        paged += [a.id for a in page]
        last = page[-1]
    assert paged == whole and len(whole) == 22


def test_paging_the_trash_after_a_row(library):
    ids = [library.articles.add(article(f"Essay {i}", f"Text {i}.")).article_id for i in range(5)]
    for article_id in ids:
        library.trash.delete(article_id)
    whole = [a.id for a in library.articles.list(trashed=True)]
    first = library.articles.list(trashed=True, limit=2)
    rest = library.articles.list(trashed=True, after=first[-1])
    assert [a.id for a in first + rest] == whole


def test_highlights_read_again_after_any_write(library, tmp_path):
    # The last answer is kept for the next caller, never past a write from anywhere.
    aid = library.articles.add(article("An essay", "Some words to highlight here.")).article_id
    first = library.highlights.add(aid, 0, 4)
    assert [h.id for h in library.highlights.of(aid)] == [first.id]
    listed = library.highlights.of(aid)
    listed.clear()  # each caller gets its own list
    assert len(library.highlights.of(aid)) == 1
    second = library.highlights.add(aid, 5, 10)  # through the library
    assert [h.id for h in library.highlights.of(aid)] == [first.id, second.id]
    library.conn.execute("UPDATE highlights SET note = 'direct' WHERE id = ?", (first.id,))
    assert library.highlights.of(aid)[0].note == "direct"  # on this connection, outside it
    other = sqlite3.connect(library.path)
    with other:
        other.execute("UPDATE highlights SET colour = 'green' WHERE id = ?", (second.id,))
    other.close()
    assert library.highlights.of(aid)[1].colour == "green"  # by another connection


def test_commits_are_synced_each_time_except_inside_a_bulk_import(tmp_path):
    from reader.core.importing.ingest import import_sources

    lib = Library(tmp_path / "l.db")
    sync = lambda: lib.conn.execute("PRAGMA synchronous").fetchone()[0]  # noqa: E731
    assert sync() == 2  # FULL: a highlight reported made survives a power cut
    seen = []
    real_add = lib.articles.add
    lib.articles.add = lambda imported: seen.append(sync()) or real_add(imported)
    for n in range(3):
        (tmp_path / f"{n}.md").write_text(f"# Note {n}\n\nSome text for note {n}.\n")
    report = import_sources(lib, [tmp_path / f"{n}.md" for n in range(3)])
    assert report.count("added") == 3
    assert seen == [1, 1, 1]  # NORMAL while the files go in
    assert sync() == 2  # and FULL again after the one synced commit at the end
    lib.close()


def test_reading_progress_is_kept_and_sorts_the_list(library):
    first = library.articles.add(article("First", "x" * 100)).article_id
    second = library.articles.add(article("Second", "y" * 100)).article_id
    library.articles.set_reading_position(first, 40, progress=0.75)
    library.articles.set_reading_position(second, 50)  # the share above the position
    assert library.articles.get(first).progress == 0.75
    assert 0.4 < library.articles.get(second).progress < 0.5
    assert [a.id for a in library.articles.list(sort="progress")] == [first, second]
    library.articles.set_reading_position(first, 10, progress=7)  # clamped
    assert library.articles.list(article_id=first)[0].progress == 1.0


def test_unread_filter_and_marking_unread(library):
    ids = [library.articles.add(article(f"Essay {i}", f"Words {i}.")).article_id for i in range(3)]
    library.articles.mark_read(ids[0])
    assert [a.id for a in library.articles.list(read=False, sort="oldest")] == ids[1:]
    assert library.articles.count(read=False) == 2 and library.articles.count(read=True) == 1
    library.articles.set_reading_position(ids[0], 5)
    library.articles.mark_read(ids[0], False)
    assert library.articles.count(read=False) == 3
    assert library.articles.get(ids[0]).reading_position == 5  # the place is kept


def test_sorting_by_date_published_puts_undated_articles_last(library):
    dated = {"2021-05-01": None, "2024-03-14T10:00:00+00:00": None, None: None}
    for published in dated:
        imported = article(f"Published {published}", f"Text {published}.")
        imported.published = published
        dated[published] = library.articles.add(imported).article_id
    listed = [a.published for a in library.articles.list(sort="published")]
    assert listed == ["2024-03-14T10:00:00+00:00", "2021-05-01", None]
    with pytest.raises(ValueError, match="published"):
        library.articles.list(sort="nope")
