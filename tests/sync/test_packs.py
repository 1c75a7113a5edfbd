"""Article bodies in the folder: a sync's new bodies packed into one file, each body
written once; a pack cut off or damaged is passed over until it arrives whole; bodies
written one a file (the first cut's layout) are still read."""

from __future__ import annotations

from reader.core.sync.folder import PACK
from reader.core.sync.sealing import Sealer
from tests.sync.devices import FileSync, article, devices, export


def _packs(folder):
    return sorted(folder.rglob(f"*{PACK}"))


def test_a_syncs_bodies_go_in_one_pack_and_each_body_is_written_once(tmp_path):
    a, b = devices(tmp_path, 2)
    for i in range(30):
        a.library.articles.add(article(f"Article {i}", f"Body number {i}."))
    a.sync()
    assert len(_packs(a.folder)) == 1
    assert not list(a.folder.rglob("*.arblob"))
    FileSync([a, b]).everywhere()
    b.sync()
    assert export(a.library) == export(b.library)
    # b has every body already: its first sync sends its rows, no body again
    assert not list((b.folder / "devices" / b.id).rglob(f"*{PACK}"))
    a.library.articles.add(article("One more", "A new body."))
    a.sync()
    assert len(_packs(a.folder)) == 2
    a.close()
    b.close()


def test_a_pack_cut_off_or_damaged_is_passed_over_until_it_arrives_whole(tmp_path):
    a, b = devices(tmp_path, 2)
    for i in range(5):
        a.library.articles.add(article(f"Article {i}", f"Body number {i}."))
    a.sync()
    FileSync([a, b]).everywhere()
    (pack,) = _packs(b.folder)
    whole = pack.read_bytes()
    pack.write_bytes(whole[: len(whole) - 10])  # the last body cut off
    result = b.sync()
    assert result.waiting == 1  # the others are written; that one waits for its text
    assert b.library.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
    damaged = bytearray(whole)
    damaged[-3] ^= 0xFF
    pack.write_bytes(bytes(damaged))
    assert b.sync().waiting == 1  # a body failing its checksum is never written
    pack.write_bytes(whole)
    b.sync()
    assert export(a.library) == export(b.library)
    a.close()
    b.close()


def test_bodies_written_one_a_file_are_still_read(tmp_path):
    from reader.core.sync import folder as folder_files
    from reader.core.sync import frames

    a, b = devices(tmp_path, 2)
    a.library.articles.add(article("Old layout", "A body in a file of its own."))
    a.sync()
    (pack,) = _packs(a.folder)
    body = next(iter(_bodies(a)))
    pack.unlink()
    # as the first cut wrote it: blobs/<first two>/<name>.arblob, a header and one record
    name = body[0]
    path = a.folder / "devices" / a.id / "blobs" / name[:2] / f"{name}.arblob"
    path.parent.mkdir(parents=True)
    header = {"format": folder_files.FORMAT, "kind": "blob", "segment": name, "key": None}
    path.write_bytes(
        frames.header_bytes(header) + frames.record_bytes(Sealer().seal(body[1], name))
    )
    FileSync([a, b]).everywhere()
    b.sync()
    assert export(a.library) == export(b.library)
    a.close()
    b.close()


def _bodies(device):
    from reader.core.storage.synced_rows import blob_hash

    for (blocks,) in device.library.conn.execute("SELECT blocks FROM articles"):
        data = blocks.encode("utf-8")
        yield blob_hash(data), data
