"""Pictures travel with their articles: each one content-addressed file in the folder,
written once, checked on read; the uses made on the receiving device from the body."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from reader.core.document import Block
from reader.core.models import ImportedArticle, Picture
from reader.core.storage.library import Library
from tests.sync.devices import Device, FileSync, devices

URL = "https://example.org/pictured"


def picture(seed: str) -> Picture:
    data = f"picture bytes {seed}".encode() * 50
    return Picture(hashlib.sha256(data).hexdigest(), "image/png", 40, 30, data)


def pictured(title: str, *pictures: Picture, url: str = URL) -> ImportedArticle:
    blocks = [Block("paragraph", f"{title} opens with a paragraph.")]
    for i, p in enumerate(pictures):
        blocks.append(
            Block("image", f"Alt {i}", src=f"https://example.org/{i}.png", picture=p.digest)
        )
        blocks.append(Block("caption", f"Caption {i}"))
    blocks.append(Block("paragraph", "The end."))
    return ImportedArticle(title, blocks, "url", url=url, pictures={p.digest: p for p in pictures})


def uses(library: Library, url: str = URL) -> list[tuple[str, str, str]]:
    row = library.conn.execute("SELECT id FROM articles WHERE url = ?", (url,)).fetchone()
    assert row is not None, "the article did not arrive"
    return [(u.digest, u.alt, u.caption) for u in library.pictures.of(row[0])]


def stored(library: Library) -> set[str]:
    return {r[0] for r in library.conn.execute("SELECT hash FROM pictures")}


def picture_files(device: Device) -> list[Path]:
    return sorted((device.folder / "devices" / device.id / "pictures").glob("*.arpic"))


def test_an_articles_pictures_arrive_with_it_and_a_late_joiner_gets_them(tmp_path):
    a, b = devices(tmp_path, 2)
    first, second = picture("first"), picture("second")
    a.library.articles.add(pictured("Pictured", first, second))
    FileSync([a, b]).settle()
    expected = [(first.digest, "Alt 0", "Caption 0"), (second.digest, "Alt 1", "Caption 1")]
    assert uses(b.library) == expected
    assert b.library.pictures.get(first.digest) == first  # bytes, type and size
    assert len(picture_files(a)) == 2 and picture_files(b) == []  # written once, by a
    # a device joining later gets them from the folder
    c = Device(tmp_path, "c")
    sync = FileSync([a, b, c])
    sync.settle()
    assert uses(c.library) == expected
    assert stored(c.library) == {first.digest, second.digest}
    assert picture_files(c) == []
    for d in (a, b, c):
        d.close()


def test_a_picture_file_is_written_once_and_never_rewritten(tmp_path):
    a, b = devices(tmp_path, 2)
    shared = picture("shared")
    a.library.articles.add(pictured("One", shared, url="https://example.org/one"))
    sync = FileSync([a, b])
    sync.settle()
    (path,) = picture_files(a)
    stamp = path.stat().st_mtime_ns
    b.library.articles.add(pictured("Two", shared, url="https://example.org/two"))
    a.library.articles.add(pictured("Three", shared, url="https://example.org/three"))
    sync.settle()
    assert picture_files(a) == [path] and path.stat().st_mtime_ns == stamp
    assert picture_files(b) == []  # a's file was there: b wrote none
    assert uses(a.library, "https://example.org/two")[0][0] == shared.digest
    for d in (a, b):
        d.close()


def test_a_picture_arriving_late_is_attached_on_a_later_sync(tmp_path):
    a, b = devices(tmp_path, 2)
    late = picture("late")
    a.library.articles.add(pictured("Late", late))
    a.sync()
    sync = FileSync([a, b])
    sync.copy(a, b)
    for p in (b.folder / "devices" / a.id / "pictures").glob("*.arpic"):
        p.unlink()  # the log and the body came; the picture is still on its way
    result = b.sync()
    assert not result.messages
    assert uses(b.library) == []  # the article is here, shown with its alt text
    art = b.library.conn.execute("SELECT blocks FROM articles WHERE url = ?", (URL,)).fetchone()
    assert late.digest in art[0]  # the body still names the picture
    assert b.sync().nothing_new  # no error, nothing lost while it waits
    sync.copy(a, b)
    result = b.sync()
    assert not result.nothing_new and result.written >= 1
    assert uses(b.library) == [(late.digest, "Alt 0", "Caption 0")]
    assert b.library.pictures.get(late.digest) == late
    assert not b.library.conn.execute("SELECT * FROM sync_picture_waits").fetchall()
    for d in (a, b):
        d.close()


def test_a_damaged_or_half_arrived_picture_file_is_never_taken(tmp_path):
    a, b = devices(tmp_path, 2)
    pic = picture("damaged")
    a.library.articles.add(pictured("Damaged", pic))
    a.sync()
    sync = FileSync([a, b])
    sync.copy(a, b)
    (copy,) = (b.folder / "devices" / a.id / "pictures").glob("*.arpic")
    whole = copy.read_bytes()
    copy.write_bytes(whole[: len(whole) - 10])  # still arriving
    assert not b.sync().messages
    assert uses(b.library) == []
    # whole in size, but a byte of the picture changed and its checksum made to fit
    import zlib

    from reader.core.sync import frames

    parsed = frames.parse(whole)
    data = zlib.decompress(parsed.records[1])
    bad = zlib.compress(data[:-1] + bytes([data[-1] ^ 1]))
    head = whole[: len(whole) - len(frames.record_bytes(parsed.records[1]))]
    copy.write_bytes(head + frames.record_bytes(bad))
    result = b.sync()
    assert any("set aside" in m and copy.name in m for m in result.messages), result.messages
    assert uses(b.library) == []
    assert not b.sync().messages  # named once
    copy.write_bytes(whole)  # the file-sync engine delivers it again, whole
    b.sync()
    assert uses(b.library) == [(pic.digest, "Alt 0", "Caption 0")]
    for d in (a, b):
        d.close()


def test_pictures_in_an_encrypted_folder_are_encrypted(tmp_path):
    a = Device(tmp_path, "a", passphrase="correct horse")
    pic = picture("secret")
    a.library.articles.add(pictured("Secret", pic))
    a.sync()
    b = Device(tmp_path, "b", passphrase="correct horse", folder=a.folder)  # one folder
    b.sync()
    (path,) = picture_files(a)
    raw = path.read_bytes()
    assert pic.digest not in path.name  # the name is a keyed hash
    assert b"picture bytes secret" not in raw and b"image/png" not in raw
    assert uses(b.library) == [(pic.digest, "Alt 0", "Caption 0")]
    for d in (a, b):
        d.close()


def test_a_reimport_without_a_picture_removes_it_on_the_other_device(tmp_path):
    a, b = devices(tmp_path, 2)
    kept, dropped = picture("kept"), picture("dropped")
    a.library.articles.add(pictured("Changing", kept, dropped))
    sync = FileSync([a, b])
    sync.settle()
    assert stored(b.library) == {kept.digest, dropped.digest}
    a.library.articles.add(pictured("Changing", kept))  # imported again, one picture fewer
    sync.settle()
    assert uses(b.library) == [(kept.digest, "Alt 0", "Caption 0")]
    assert stored(b.library) == {kept.digest}  # the other went with its last use
    article = a.library.conn.execute("SELECT id FROM articles").fetchone()[0]
    a.library.trash.delete(article)
    sync.settle()
    assert stored(b.library) == {kept.digest}  # in the trash, an article keeps its pictures
    a.library.trash.delete_for_good(article)
    sync.settle()
    assert stored(b.library) == set() and stored(a.library) == set()
    for d in (a, b):
        d.close()


def test_a_library_that_synced_before_pictures_travelled_sends_them(tmp_path):
    a, b = devices(tmp_path, 2)
    pic = picture("old")
    a.library.articles.add(pictured("Old", pic))
    a.sync()
    for p in picture_files(a):  # as a sync before this version left the folder
        p.unlink()
    a.library.sync_state.set("pictures_due", True)  # what the migration notes
    a.library.articles.add(pictured("Other", url="https://example.org/other"))
    a.sync()
    assert len(picture_files(a)) == 1
    assert a.library.sync_state.get("pictures_due") is False
    for d in (a, b):
        d.close()


def test_pictures_copied_half_written_or_under_a_conflict_copys_name_still_arrive(tmp_path):
    a, b, c = devices(tmp_path, 3)
    pics = [picture(f"copied {i}") for i in range(4)]
    a.library.articles.add(pictured("Copied", *pics))
    a.sync()
    sync = FileSync([a, b, c], seed=3)
    sync.copy(a, b, "half")  # some files cut off at a random byte
    b.sync()
    sync.copy(a, b, "all")
    for path in (b.folder / "devices" / a.id / "pictures").glob("*.arpic"):
        path.rename(path.with_name(f"{path.name[:-6]} (conflicted copy 2024-01-01).arpic"))
    result = b.sync()
    assert not result.messages
    assert [u[0] for u in uses(b.library)] == [p.digest for p in pics]
    sync.settle()
    assert [u[0] for u in uses(c.library)] == [p.digest for p in pics]
    for d in (a, b, c):
        d.close()


def test_a_picture_file_with_hostile_facts_is_set_aside(tmp_path):
    import json

    from reader.core.sync import frames
    from reader.core.sync.folder import SyncFolder
    from reader.core.sync.pictures import PictureFiles
    from reader.core.sync.sealing import Sealer

    a, b = devices(tmp_path, 2)
    pic = picture("hostile")
    a.library.articles.add(pictured("Hostile", pic))
    a.sync()
    FileSync([a, b]).copy(a, b)
    (copy,) = (b.folder / "devices" / a.id / "pictures").glob("*.arpic")
    parsed = frames.parse(copy.read_bytes())
    seal = Sealer().seal
    segment = parsed.header["segment"]
    for facts in ({"type": "text/html", "w": 4, "h": 3}, {"type": "image/png", "w": 10**9, "h": 1}):
        copy.write_bytes(
            frames.header_bytes(parsed.header)
            + frames.record_bytes(seal(json.dumps(facts).encode(), segment))
            + frames.record_bytes(seal(pic.data, segment, 0))
        )
        found, bad = PictureFiles(SyncFolder(b.folder, b.id, Sealer())).get(pic.digest, {})
        assert found is None and "not a picture's" in next(iter(bad.values()))
    assert any("set aside" in m for m in b.sync().messages)
    assert uses(b.library) == []
    for d in (a, b):
        d.close()


def test_a_sync_cut_short_before_its_pictures_were_written_writes_them_next(tmp_path, monkeypatch):
    from reader.core.sync import pictures as picture_sync

    a, b = devices(tmp_path, 2)
    pic = picture("cut short")
    a.library.articles.add(pictured("Cut short", pic))

    def killed(self, pictures):
        raise KeyboardInterrupt  # the program killed as it was about to write them

    monkeypatch.setattr(picture_sync.PictureFiles, "put", killed)
    with pytest.raises(KeyboardInterrupt):
        a.sync()
    monkeypatch.undo()
    assert picture_files(a) == [] and a.library.sync_state.get("pictures_due") is True
    FileSync([a, b]).settle()
    assert len(picture_files(a)) == 1
    assert uses(b.library) == [(pic.digest, "Alt 0", "Caption 0")]
    for d in (a, b):
        d.close()
