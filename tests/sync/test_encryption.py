"""An encrypted sync folder: nothing readable in it, the passphrase needed to join, a
wrong one refused, a changed byte caught by the seal."""

from __future__ import annotations

import struct
import zlib

import pytest

from reader.core.sync import frames
from reader.core.sync.keys import SyncError
from tests.sync.devices import Device, FileSync, article, export

PASSPHRASE = "correct horse battery staple"


def test_an_encrypted_folder_syncs_and_holds_nothing_readable(tmp_path):
    a = Device(tmp_path, "a", passphrase=PASSPHRASE)
    added = a.library.articles.add(article("Secret plans", "The vault code is 4711."))
    a.library.articles.set_note(added.article_id, "my private note")
    a.sync()
    shared = tmp_path / "shared"
    FileSync([a]).copy(a, _Folder(shared))  # a's files, its salt with them, reach b
    with pytest.raises(SyncError, match="encrypted: give its passphrase"):
        Device(tmp_path, "b", folder=shared)
    with pytest.raises(SyncError, match="wrong passphrase"):
        Device(tmp_path, "c", passphrase="wrong", folder=shared)
    b = Device(tmp_path, "d", passphrase=PASSPHRASE, folder=shared)
    b.sync()
    assert export(a.library) == export(b.library)
    assert b.library.articles.note(b.library.articles.list()[0].id) == "my private note"
    files = [p for p in shared.rglob("*") if p.is_file()]
    assert any(p.suffix == ".arpack" for p in files)
    for path in files:
        data = path.read_bytes()
        for secret in (b"vault", b"4711", b"Secret", b"private", b"plans"):
            assert secret not in data, path
    a.close()
    b.close()


def test_a_changed_byte_in_an_encrypted_record_is_caught_by_its_seal(tmp_path):
    a = Device(tmp_path, "a", passphrase="pw")
    for i in range(3):
        a.library.articles.add(article(f"T{i}", "Words."))
        a.sync()
    shared = tmp_path / "shared"
    FileSync([a]).copy(a, _Folder(shared))
    log = next(shared.rglob("*.arlog"))
    data = bytearray(log.read_bytes())
    data[-3] ^= 1
    found = frames.parse_header(bytes(data))
    assert found is not None
    log.write_bytes(_reframe(bytes(data), found[1]))  # checksums fit: only the seal can tell
    b = Device(tmp_path, "b", passphrase="pw", folder=shared)
    result = b.sync()
    assert any("set aside" in m and "does not open" in m for m in result.messages)
    a.close()
    b.close()


class _Folder:
    """Stands for a device in ``FileSync.copy`` when only its folder is needed."""

    def __init__(self, folder):
        self.folder = folder


def _reframe(data: bytes, start: int) -> bytes:
    """The file with every record's CRC made to fit its (changed) payload."""
    out = bytearray(data[:start])
    pos = start
    while pos + 8 <= len(data):
        size = struct.unpack_from(">I", data, pos)[0]
        payload = data[pos + 8 : pos + 8 + size]
        out += struct.pack(">II", size, zlib.crc32(payload)) + payload
        pos += 8 + size
    return bytes(out)
