"""Checks, backups and restores: `check`, `backup --output`, `restore BACKUP`, damage at open."""

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cli_kit import call

from reader.cli import run
from reader.core.importing.sources import parse_text
from reader.core.storage import backups
from reader.core.storage.integrity import DamagedLibrary, check, open_library
from reader.core.storage.library import Library, LibraryError
from reader.core.storage.restore import restore_backup


def make_library(path: Path, n: int = 3) -> list[str]:
    """A library with ``n`` articles, one highlight each; returns the highlight ids."""
    ids = []
    with Library(path) as lib:
        for i in range(n):
            body = " ".join(f"word{i}-{j}" for j in range(400))
            added = lib.articles.add(parse_text(f"Article {i}\n\n{body}", source=f"/x/{i}.txt"))
            ids.append(lib.highlights.add(added.article_id, 10, 40, note=f"note {i}").id)
    return ids


def damage(path: Path) -> None:
    """Overwrite a few pages in the middle of the file with garbage, as a bad disk might."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:
        f.seek(page * 3)
        f.write(b"\xa5" * page * 4)


def test_check_passes_a_sound_library_and_fails_a_damaged_one(tmp_path, capsys):
    path = tmp_path / "library.db"
    make_library(path)
    code, out, _ = call(capsys, "--library", path, "check")
    assert code == 0
    assert "articles_fts: ok" in out and "highlights_fts: ok" in out
    assert "the library is sound" in out
    damage(path)
    code, out, _ = call(capsys, "--library", path, "check")
    assert code == 1
    assert "FAILED" in out and "the library is damaged" in out
    assert "no good backup" in out


def test_check_finds_a_search_index_out_of_step(tmp_path):
    path = tmp_path / "library.db"
    make_library(path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER highlights_au")  # an edit the index does not see
    conn.execute("UPDATE highlights SET note = 'changed behind the index'")
    conn.commit()
    conn.close()
    report = check(path)
    assert not report.ok
    assert any(line.startswith("search index highlights_fts: FAILED") for line in report.lines)


def test_damaged_library_is_copied_aside_and_the_newest_good_backup_named(tmp_path, capsys):
    path = tmp_path / "library.db"
    ids = make_library(path)
    with Library(path) as lib:
        good = lib.backup(reason="manual")
    damage(path)
    with pytest.raises(DamagedLibrary) as caught:
        open_library(path)
    error = caught.value
    assert error.backup == good
    assert error.aside.name.startswith("library.db.damaged-")
    assert error.aside.read_bytes() == path.read_bytes()
    # the command line says the same in words, and does not make a second copy
    code, _, err = call(capsys, "--library", path, "list")
    assert code == 1
    assert "is damaged" in err and "was not opened" in err
    assert f'restore "{good}"' in err
    copies = [p for p in tmp_path.glob("library.db.damaged-*") if not p.name.endswith("-wal")]
    assert copies == [error.aside]
    # and the restore it names brings everything back
    code, out, _ = call(capsys, "--library", path, "restore", good)
    assert code == 0, out
    assert "before-restore" in out
    with open_library(path) as lib:
        assert {h.id for a in lib.articles.list() for h in lib.highlights.of(a.id)} == set(ids)


def test_restore_keeps_the_current_library_aside(tmp_path):
    path = tmp_path / "library.db"
    make_library(path, 1)
    with Library(path) as lib:
        copy = lib.backup(reason="manual")
        lib.articles.add(parse_text("Later\n\nWritten after the backup.", source="/x/later.txt"))
        before = lib.articles.count()
    done = restore_backup(path, copy)
    assert done.aside is not None and done.aside.name.startswith("library.db.before-restore-")
    assert not path.with_name("library.db-wal").exists() or path.stat().st_size
    with Library(done.aside) as kept:
        assert kept.articles.count() == before == 2
    with Library(path) as lib:
        assert lib.articles.count() == 1
    assert check(path).ok


def test_restore_refuses_a_bad_backup_and_leaves_the_library_alone(tmp_path, capsys):
    path = tmp_path / "library.db"
    make_library(path, 1)
    original = path.read_bytes()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 500)
    code, _, err = call(capsys, "--library", path, "restore", junk)
    assert code == 1 and "not a usable backup" in err
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(LibraryError, match="not an Article Reader library"):
        restore_backup(path, other)
    code, _, err = call(capsys, "--library", path, "restore", tmp_path / "missing.db")
    assert code == 1 and "no backup file" in err
    assert path.read_bytes() == original
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_restore_still_takes_article_ids(tmp_path, capsys):
    path = tmp_path / "library.db"
    make_library(path, 2)
    with Library(path) as lib:
        first = lib.articles.list()[0].id
        lib.trash.delete(first)
    code, out, _ = call(capsys, "--library", path, "restore", first)
    assert code == 0 and f"restored {first}" in out
    with pytest.raises(SystemExit):
        run(["restore", "--help"])
    assert "before-restore" in capsys.readouterr().out


def test_backup_output_writes_a_checked_copy_and_never_overwrites(tmp_path, capsys):
    path = tmp_path / "library.db"
    make_library(path, 2)
    target = tmp_path / "elsewhere" / "copy.db"
    target.parent.mkdir()
    code, out, _ = call(capsys, "--library", path, "backup", "--output", target)
    assert code == 0 and out.strip() == str(target)
    assert backups.is_good(target) and check(target).ok
    code, _, err = call(capsys, "--library", path, "backup", "--output", target)
    assert code == 1 and "already exists" in err
    code, out, _ = call(capsys, "--library", path, "backup", "--output", target.parent)
    assert code == 0 and Path(out.strip()).parent == target.parent


def _fake_backups(library: Path, times: list[datetime], reason: str = "periodic") -> None:
    folder = backups.folder_of(library)
    folder.mkdir(exist_ok=True)
    for t in times:
        path = folder / f"{library.stem}-{t.strftime(backups.STAMP)}-{reason}.db"
        sqlite3.connect(path).close()


def test_rotation_keeps_seven_days_and_four_weeks(tmp_path):
    library = tmp_path / "library.db"
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)  # a Thursday
    # two backups a day for sixty days
    times = [start + timedelta(days=d, hours=h) for d in range(60) for h in (0, 5)]
    _fake_backups(library, times)
    _fake_backups(library, [start - timedelta(days=100)], reason="before-migration")
    backups.rotate(library)
    kept = [b.taken for b in backups.listing(library)]
    last = times[-1]
    days = {t.date() for t in kept}
    assert {(last - timedelta(days=d)).date() for d in range(7)} <= days
    assert all(t.hour == 14 for t in kept if t.year == 2026)  # the newest of each day
    weeks = {t.isocalendar()[:2] for t in kept if t.year == 2026}
    assert len(weeks) == 4
    assert start - timedelta(days=100) in kept  # the newest copy from before a migration
    assert len(kept) <= 7 + 4 + 1


def test_rotation_leaves_the_users_own_backups_and_clears_stale_partials(tmp_path):
    import os

    library = tmp_path / "library.db"
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    _fake_backups(library, [start + timedelta(hours=h) for h in range(3)], reason="manual")
    _fake_backups(library, [start + timedelta(days=d) for d in range(30)])
    folder = backups.folder_of(library)
    stale, fresh = folder / "old.db.partial", folder / "new.db.partial"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    os.utime(stale, (0, 0))
    backups.rotate(library)
    found = backups.listing(library)
    assert sum(b.reason == "manual" for b in found) == 3
    assert not stale.exists() and fresh.exists()


def test_periodic_backup_only_when_due_and_changed(tmp_path, monkeypatch):
    path = tmp_path / "library.db"
    make_library(path, 1)
    with Library(path) as lib:
        first = lib.backup_if_due()
        assert first is not None  # none yet
        assert lib.backup_if_due() is None  # less than a day old
        day_later = datetime.now(UTC) + timedelta(days=1, minutes=1)

        class Later(datetime):
            @classmethod
            def now(cls, tz=None):
                return day_later

        monkeypatch.setattr(backups, "datetime", Later)
        assert lib.backup_if_due() is None  # a day old, but nothing changed
        lib.articles.set_note(lib.articles.list()[0].id, "a change")
        assert lib.backup_if_due() is not None


def test_change_counter_ignores_settings(tmp_path):
    path = tmp_path / "library.db"
    make_library(path, 1)
    before = backups.change_count(path)
    with Library(path) as lib:
        lib.settings.set("geometry", "abc")
        assert backups.change_count(path) == before
        lib.highlights.add(lib.articles.list()[0].id, 0, 5)
    assert backups.change_count(path) > before


def test_the_quick_check_is_skipped_only_for_a_file_as_a_clean_close_left_it(tmp_path, monkeypatch):
    import reader.core.storage.integrity as integrity

    path = tmp_path / "library.db"
    make_library(path)
    checks = []
    real = integrity.quick_problem
    monkeypatch.setattr(integrity, "quick_problem", lambda p: checks.append(p) or real(p))

    with open_library(path) as lib:  # never checked by us before: checked now
        lib.articles.add(parse_text("One more\n\nWritten and closed cleanly.", source="/x/m.txt"))
    assert len(checks) == 1
    assert path.with_name("library.db.verified").exists()
    with open_library(path):  # exactly as we left it: not read again
        pass
    assert len(checks) == 1

    # a writer that has not closed (or was killed): its changes sit in the log, and the
    # file itself still looks as we left it; that is not enough
    before = path.stat().st_mtime_ns
    writer = sqlite3.connect(path)
    writer.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    writer.commit()
    assert path.stat().st_mtime_ns == before
    assert not integrity.is_as_left(path)
    with open_library(path):
        pass
    assert len(checks) == 2
    writer.close()

    # damage by another hand changes the file: found, even after a clean close
    damage(path)
    with pytest.raises(DamagedLibrary):
        open_library(path)
    assert len(checks) == 3
