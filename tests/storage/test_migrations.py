"""A library made by the first schema opens, is backed up, migrates, and keeps everything."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.cli import run
from reader.core.storage import backups, schema_version
from reader.core.storage.integrity import check, open_library
from reader.core.storage.library import LibraryError

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "library-v1.db"


@pytest.fixture
def old_library(tmp_path) -> Path:
    path = tmp_path / "library.db"
    shutil.copyfile(FIXTURE, path)  # never migrate the committed file
    return path


def rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT id, title, text, blocks, note, favorite, archived, deleted_at, url, "
            "reading_position FROM articles ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def test_the_fixture_is_the_first_schema():
    conn = sqlite3.connect(f"{FIXTURE.as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == [schema_version.MIGRATIONS[0]]
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
    conn.close()


def test_a_first_schema_library_migrates_with_a_backup_first(old_library):
    before = rows(old_library)
    with open_library(old_library) as lib:
        assert lib.articles.count(archived=None) == 3  # and one in the trash
        assert lib.articles.count(trashed=True) == 1
        first = lib.articles.get(1)
        assert first.title == "Tidal power in the Severn"
        assert first.note == "Check the 2010 report." and first.favorite
        assert "📚" in lib.articles.get(3).text
        # what came after the first schema works on the old articles
        assert {h.article_id for h in lib.search("barrage")} == {1}
        h = lib.highlights.add(1, 4, 15, note="new", tags=["energy"])
        assert lib.highlights.of(1)[0].id == h.id
    assert rows(old_library) == before  # nothing of the old data changed
    conn = sqlite3.connect(old_library)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version.SCHEMA_VERSION
    conn.close()
    assert check(old_library).ok
    # the copy taken before the migration is the old file, checked
    (taken,) = [b for b in backups.listing(old_library) if b.reason == "before-migration"]
    assert backups.is_good(taken.path)
    assert rows(taken.path) == before
    copy = sqlite3.connect(taken.path)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    copy.close()


def test_a_library_from_a_newer_version_is_refused_naming_both(old_library, capsys):
    conn = sqlite3.connect(old_library)
    conn.execute("PRAGMA user_version = 42")
    conn.close()
    original = old_library.read_bytes()
    with pytest.raises(LibraryError) as caught:
        open_library(old_library)
    message = str(caught.value)
    assert "newer version of Article Reader" in message
    assert "schema 42" in message and f"knows {schema_version.SCHEMA_VERSION}" in message
    assert run(["--library", str(old_library), "list"]) == 1
    assert "schema 42" in capsys.readouterr().err
    assert old_library.read_bytes() == original  # not touched, not "upgraded down"
    assert not backups.folder_of(old_library).exists()


def test_a_library_with_an_unknown_migration_names_its_schema(old_library):
    with open_library(old_library):
        pass
    conn = sqlite3.connect(old_library)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('article-reader', 'from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    newer = schema_version.SCHEMA_VERSION + 1
    with pytest.raises(LibraryError, match=f"schema {newer}, this version knows {newer - 1}"):
        open_library(old_library)
