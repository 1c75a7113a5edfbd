"""The folder as file-sync engines leave it: late, out of order, twice, half-written,
conflict copies; cut-off and damaged files; crashes in the middle of a sync."""

from __future__ import annotations

import pytest

from reader.core.sync import folder as folder_files
from reader.core.sync import frames
from reader.core.sync.keys import SyncError
from reader.core.sync.service import SyncService
from tests.sync.devices import Device, FileSync, article, devices, export


@pytest.fixture
def pair(tmp_path):
    made = devices(tmp_path, 2)
    yield made
    for d in made:
        d.close()


def work(device: Device, n: int, start: int = 0) -> None:
    """``n`` changes, each synced on its own (so each is its own record)."""
    for i in range(start, start + n):
        added = device.library.articles.add(article(f"{device.name} {i}", f"Body {i} here."))
        device.library.highlights.add(added.article_id, 0, 4, note=f"{device.name} note {i}")
        device.sync()


@pytest.mark.parametrize("mode", ["some", "half", "conflict", "twice"])
def test_files_copied_late_out_of_order_twice_half_written_or_renamed_still_converge(
    tmp_path, mode
):
    trio = devices(tmp_path, 3)
    sync = FileSync(trio, seed=len(mode))
    for round_ in range(3):
        for d in trio:
            work(d, 2, start=round_ * 2)
        sync.everywhere(mode)  # the awkward copy first...
        for d in trio:
            d.sync()
    sync.settle()  # ...then, one day, everything arrives
    exports = {export(d.library) for d in trio}
    assert len(exports) == 1
    assert trio[0].library.articles.count() == 18
    for d in trio:
        d.close()


def test_a_conflict_copy_is_read_without_its_original(pair):
    a, b = pair
    work(a, 3)
    for rel, path in a.own_files().items():
        target = b.folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(folder_files.LOG):
            target = target.with_name(
                target.name.replace(".arlog", " (conflicted copy 2024-05-01).arlog")
            )
        target.write_bytes(path.read_bytes())
    b.sync()
    assert b.library.articles.count() == 3


def test_a_log_cut_off_mid_write_is_read_to_its_last_whole_record_and_finished_later(pair):
    a, b = pair
    work(a, 4)
    [(rel, path)] = [(r, p) for r, p in a.own_files().items() if r.endswith(folder_files.LOG)]
    data = path.read_bytes()
    _header, records, end = folder_files.read_from(path, 0)
    assert len(records) == 3 and end == len(data)  # the first change went to a snapshot
    FileSync(pair).copy(a, b)
    cut = len(data) - 10  # inside the last record
    (b.folder / rel).write_bytes(data[:cut])
    result = b.sync()
    assert result.messages == []
    assert b.library.articles.count() == 3
    (b.folder / rel).write_bytes(data)  # the copy finishes
    b.sync()
    assert b.library.articles.count() == 4
    assert export(a.library) == export(b.library)


def test_a_damaged_file_is_set_aside_with_a_message_and_nothing_of_it_applied(pair):
    a, b = pair
    work(a, 2)
    FileSync(pair).copy(a, b)
    b.sync()
    assert b.library.articles.count() == 2
    work(a, 3, start=2)
    [(rel, path)] = [(r, p) for r, p in a.own_files().items() if r.endswith(folder_files.LOG)]
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF  # a flipped byte in the last record: the two before it are sound
    FileSync(pair).copy(a, b)
    (b.folder / rel).write_bytes(bytes(data))
    result = b.sync()
    assert any("set aside" in m and "checksum" in m and rel in m for m in result.messages)
    assert b.library.articles.count() == 2  # not the two sound new records either
    assert b.library.sync_state.set_aside_files()
    assert b.sync().nothing_new  # set aside: not read again and again


def test_a_device_recovers_from_a_damaged_copy_through_the_next_snapshot(pair):
    a, b = pair
    work(a, 2)
    FileSync(pair).copy(a, b)
    [(rel, _)] = [(r, p) for r, p in a.own_files().items() if r.endswith(folder_files.LOG)]
    (b.folder / rel).write_bytes(b"ARSYNC1\nrubbish rubbish rubbish")
    assert any("set aside" in m for m in b.sync().messages)
    a.library.sync_state.set("snapshot_due", True)
    a.sync()
    FileSync(pair).copy(a, b)
    b.sync()
    assert export(a.library) == export(b.library)


def test_frames_tell_cut_off_from_damaged():
    data = (
        frames.header_bytes({"segment": "s"})
        + frames.record_bytes(b"one")
        + frames.record_bytes(b"two")
    )
    assert frames.parse(data).records == [b"one", b"two"]
    for cut in range(1, len(data)):
        parsed = frames.parse(data[:cut])  # never an error: just fewer records
        assert parsed.records == [b"one", b"two"][: len(parsed.records)]
    with pytest.raises(frames.Damaged):
        frames.parse(data[:-1] + b"X")
    with pytest.raises(frames.Damaged):
        frames.parse(b"NOTOURS!" + data[8:])


def test_a_sync_that_fails_halfway_changes_nothing_and_the_next_one_completes(pair, monkeypatch):
    a, b = pair
    work(a, 3)
    FileSync(pair).copy(a, b)
    from reader.core.storage import synced_rows

    real = synced_rows.SyncedRows.write
    calls = {"n": 0}

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError("disk full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(synced_rows.SyncedRows, "write", failing)
    before = export(b.library)
    with pytest.raises(OSError):
        b.sync()
    assert export(b.library) == before
    monkeypatch.setattr(synced_rows.SyncedRows, "write", real)
    b.sync()
    assert export(a.library) == export(b.library)


def test_a_record_made_but_not_yet_written_to_the_folder_is_sent_next_time(pair, monkeypatch):
    a, b = pair
    a.library.articles.add(article("Kept", "Not lost."))
    monkeypatch.setattr(
        folder_files.SyncFolder,
        "append",
        lambda *a, **k: (_ for _ in ()).throw(OSError("unplugged")),
    )
    with pytest.raises(OSError):
        a.sync()
    monkeypatch.undo()
    assert a.library.sync_state.outgoing()  # waiting in the library, not lost
    a.sync()
    FileSync(pair).copy(a, b)
    b.sync()
    assert [x.title for x in b.library.articles.list()] == ["Kept"]


def test_nothing_new_is_cheap(pair):
    a, _b = pair
    work(a, 2)
    FileSync(pair).settle()
    result = a.sync()
    assert result.nothing_new and result.seconds < 0.05


def test_the_library_is_never_put_in_the_folder(tmp_path):
    from reader.core.storage.library import Library

    with Library(tmp_path / "lib" / "library.db") as library:
        with pytest.raises(SyncError, match="never put in the sync folder"):
            SyncService(library).configure(tmp_path / "lib")
        with pytest.raises(SyncError, match="never put in the sync folder"):
            SyncService(library).configure(tmp_path)
        SyncService(library).configure(tmp_path / "sync")
        assert not list((tmp_path / "sync").rglob("*.db"))


def test_each_device_writes_only_under_its_own_id(pair):
    a, b = pair
    work(a, 2)
    work(b, 2)
    for d in pair:
        written = {p.relative_to(d.folder).parts[:2] for p in d.folder.rglob("*") if p.is_file()}
        assert written == {("devices", d.id)}


def test_a_copied_library_is_a_new_device(tmp_path, pair):
    a, _ = pair
    a.library.conn.execute("PRAGMA wal_checkpoint(FULL)")
    copy = tmp_path / "copy.db"
    copy.write_bytes(a.library.path.read_bytes())
    from reader.core.storage.library import Library

    with Library(copy) as library:
        service = SyncService(library)
        service.configure(a.folder)
        assert library.sync_state.get("device") != a.id


def test_sync_without_a_folder_says_how_to_choose_one(tmp_path):
    import shutil

    from reader.core.storage.library import Library

    with Library(tmp_path / "l.db") as library:
        service = SyncService(library)
        with pytest.raises(SyncError, match="sync --folder"):
            service.sync()
        service.configure(tmp_path / "usb")
        shutil.rmtree(tmp_path / "usb")
        with pytest.raises(SyncError, match="is missing"):
            service.sync()
