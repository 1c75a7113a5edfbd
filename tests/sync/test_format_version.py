"""The sync folder's format: each file's header and device.json say which format wrote
them; files of an older format are read as before, files of a newer one are refused with
a message naming the folder and the fix, and nothing of them is applied until then."""

from __future__ import annotations

import json

from reader.core.sync import folder as folder_files
from reader.core.sync import frames
from reader.core.sync.folder import FORMAT
from reader.core.sync.service import SyncService
from tests.sync.devices import Device, FileSync, article, devices


def _made_on_a(a: Device) -> str:
    added = a.library.articles.add(article("Formats", "Words that travel.", url="https://x.org/f"))
    a.library.highlights.add(added.article_id, 0, 5, note="kept")
    a.sync()
    return a.library.articles.get(added.article_id).title


def _copy_as(a: Device, b: Device, fmt: int | None) -> None:
    """a's files into b's folder, each header saying format ``fmt`` (None: no format)."""
    FileSync([a, b]).copy(a, b)
    for path in (b.folder / "devices" / a.id).rglob("*.ar*"):
        data = path.read_bytes()
        found = frames.parse_header(data)
        assert found is not None
        header, end = found
        header.pop("format", None)
        if fmt is not None:
            header["format"] = fmt
        path.write_bytes(frames.header_bytes(header) + data[end:])


def _titles(d: Device) -> list[str]:
    return [r[0] for r in d.library.conn.execute("SELECT title FROM articles")]


def test_what_a_device_writes_says_its_format(tmp_path):
    a, b = devices(tmp_path, 2)
    try:
        made = _made_on_a(a)
        a.library.articles.set_favorite(a.library.articles.list()[0].id)
        a.sync()  # the first sync wrote a snapshot, this one a log
        assert made
        mine = a.folder / "devices" / a.id
        assert json.loads((mine / "device.json").read_text())["format"] == FORMAT
        files = [p for p in mine.rglob("*.ar*")]
        assert {p.suffix for p in files} == {".arsnap", ".arlog", ".arpack"}
        for path in files:
            header = frames.parse_header(path.read_bytes())
            assert header is not None and header[0]["format"] == FORMAT
    finally:
        a.close()
        b.close()


def test_files_of_the_older_format_are_read_as_before(tmp_path):
    for old in (1, None):  # the first cut wrote 1; a header without one counts as 1
        a, b = devices(tmp_path / str(old), 2)
        try:
            title = _made_on_a(a)
            _copy_as(a, b, old)
            result = b.sync()
            assert result.messages == []
            assert _titles(b) == [title]
            assert b.library.conn.execute("SELECT note FROM highlights").fetchall() == [("kept",)]
        finally:
            a.close()
            b.close()


def test_files_of_a_newer_format_are_refused_whole_until_this_program_is_updated(
    tmp_path, monkeypatch
):
    a, b = devices(tmp_path, 2)
    try:
        title = _made_on_a(a)
        _copy_as(a, b, FORMAT + 1)
        result = b.sync()
        assert _titles(b) == []  # nothing of it applied
        assert result.messages, "the refusal is said"
        message = result.messages[0]
        assert f"devices/{a.id}/snapshot-" in message and str(b.folder) in message
        assert f"sync format {FORMAT + 1}" in message
        assert "update Article Reader on this device" in message
        db = b.library.conn
        assert db.execute("SELECT count(*) FROM sync_set_aside").fetchone() == (0,)
        read = [r[0] for r in db.execute("SELECT name FROM sync_files")]
        assert not [n for n in read if a.id in n], "not marked as read"
        again = b.sync()  # still said, and quickly
        assert again.nothing_new and again.messages == [message]

        monkeypatch.setattr(folder_files, "FORMAT", FORMAT + 1)  # this device updated
        updated = SyncService(b.library)
        result = updated.sync()
        assert result.messages == []
        assert _titles(b) == [title]
        assert db.execute("SELECT note FROM highlights").fetchall() == [("kept",)]
    finally:
        a.close()
        b.close()


def test_a_format_that_is_not_a_number_is_set_aside(tmp_path):
    a, b = devices(tmp_path, 2)
    try:
        _made_on_a(a)
        _copy_as(a, b, None)
        (log,) = (b.folder / "devices" / a.id).glob("*.arsnap")
        data = log.read_bytes()
        found = frames.parse_header(data)
        assert found is not None
        header, end = found
        log.write_bytes(frames.header_bytes({**header, "format": "two"}) + data[end:])
        result = b.sync()
        assert any("set aside" in m and "format" in m for m in result.messages)
        assert _titles(b) == []
    finally:
        a.close()
        b.close()
