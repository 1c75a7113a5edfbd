"""Pictures in the sync folder: each picture one content-addressed file, written once.

    FOLDER/devices/<device id>/pictures/<name>.arpic

``<name>`` is the picture's sha256 (in an encrypted folder a keyed hash of it, as for
bodies: a plain hash would tell which known picture you saved). A file is a header, then
two records sealed like every record (encrypted when the folder is): the picture's facts
(media type, width, height) as JSON, then its bytes. It is written under a temporary name,
synced and renamed, so it is never seen half-written; a device writes a picture only when
no device's file of it is there, and never rewrites one. A copy still arriving is passed
over; one whose bytes do not match its name, or that fails its checksums or does not open,
is set aside (named once in the sync's messages) and another device's copy is looked for.

Which picture sits where travels in the article's body (its image blocks name their
pictures); ``library.synced_pictures`` makes the uses from it on the receiving device,
and remembers the pictures still on their way: ``catch_up`` attaches them when they come.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from reader.core.models import Picture
from reader.core.storage.library import Library
from reader.core.storage.pictures import EXTENSIONS
from reader.core.storage.synced_pictures import named_in
from reader.core.sync import frames
from reader.core.sync.folder import FORMAT, SyncFolder, sync_dir, write_whole
from reader.core.sync.sealing import SealError

PICTURE = ".arpic"
MAX_SIDE = 100_000  # facts past these are damage or a hostile file (imports keep 2,560)
MAX_PIXELS = 40_000_000  # as the importer's limit
NAME = 64  # hex characters of a picture file's name (sha256 or HMAC-SHA256)


class Bad(Exception):
    """A picture file that is whole but wrong: set aside."""


class PictureFiles:
    """The folder's picture files, as one sync sees them (listed once, when first asked)."""

    def __init__(self, folder: SyncFolder) -> None:
        self.folder = folder
        self.mine = folder.mine / "pictures"
        self._index: dict[str, list[Path]] | None = None

    def _listing(self) -> dict[str, list[Path]]:
        """Name -> every copy (each device's, and the copies a file-sync engine made)."""
        if self._index is None:
            index: dict[str, list[Path]] = {}
            try:
                dirs = [d.path for d in os.scandir(self.folder.devices) if d.is_dir()]
            except FileNotFoundError:
                dirs = []
            for d in sorted(dirs):
                try:
                    entries = list(os.scandir(Path(d) / "pictures"))
                except (FileNotFoundError, NotADirectoryError):
                    continue
                for entry in entries:
                    name = entry.name
                    if name.startswith(".") or not name.endswith(PICTURE) or len(name) < NAME:
                        continue  # ours being written (a temporary name), or not ours
                    index.setdefault(name[:NAME], []).append(Path(entry.path))
            self._index = index
        return self._index

    def has(self, digest: str) -> bool:
        listing = self._listing()
        return any(name in listing for name in self.folder.sealer.blob_names(digest))

    def put(self, pictures: Iterable[Picture]) -> int:
        """Write each picture no device has written; returns how many were written. Each
        file is synced before its rename, the folder once after them all."""
        written = 0
        for picture in pictures:
            if self.has(picture.digest):
                continue
            self.mine.mkdir(parents=True, exist_ok=True)
            name = self.folder.sealer.blob_name(picture.digest)
            segment = os.urandom(12).hex()
            header = {
                "format": FORMAT,
                "kind": "picture",
                "segment": segment,
                "key": self.folder.sealer.key_id,
            }
            facts = {"type": picture.media_type, "w": picture.width, "h": picture.height}
            seal = self.folder.sealer.seal
            data = (
                frames.header_bytes(header)
                + frames.record_bytes(seal(json.dumps(facts).encode("utf-8"), segment))
                + frames.record_bytes(seal(picture.data, segment, _level(picture)))
            )
            path = self.mine / f"{name}{PICTURE}"
            write_whole(path, data)
            self._listing().setdefault(name, []).append(path)
            written += 1
        if written:
            sync_dir(self.mine)
        return written

    def get(self, digest: str, aside: dict[str, str]) -> tuple[Picture | None, dict[str, str]]:
        """The picture, checked against its digest, from the first sound copy; and the
        copies found bad (relative name -> why), to be set aside. Copies named in
        ``aside`` (name -> its size when set aside) are passed over while unchanged."""
        listing = self._listing()
        bad: dict[str, str] = {}
        for name in self.folder.sealer.blob_names(digest):
            for path in listing.get(name, []):
                rel = path.relative_to(self.folder.root).as_posix()
                try:
                    size = path.stat().st_size
                    if aside.get(rel) == str(size):
                        continue
                    picture = _read(self.folder, path, digest)
                except OSError:
                    continue  # vanished, or not readable yet
                except Bad as e:
                    bad[rel] = str(e)
                    continue
                if picture is not None:
                    return picture, bad
        return None, bad


def _read(folder: SyncFolder, path: Path, digest: str) -> Picture | None:
    """A picture file's picture; None while it is still arriving; ``Bad`` if wrong."""
    try:
        parsed = frames.parse(path.read_bytes())
        if parsed.header is None or len(parsed.records) < 2:
            return None  # still arriving (a file-sync engine writes in place)
        segment, key = str(parsed.header.get("segment", "")), parsed.header.get("key")
        facts = json.loads(folder.sealer.open(parsed.records[0], segment, key))
        data = folder.sealer.open(parsed.records[1], segment, key)
    except SealError as e:
        if "does not know" in str(e):
            return None  # sealed with a key this device lacks: another copy may do
        raise Bad(str(e)) from e
    except (frames.Damaged, ValueError) as e:
        raise Bad(str(e)) from e
    if hashlib.sha256(data).hexdigest() != digest:
        raise Bad("its bytes do not match its name (damaged)")
    try:
        media, width, height = facts["type"], facts["w"], facts["h"]
    except (KeyError, TypeError) as e:
        raise Bad(f"its facts are not a picture's ({e})") from e
    if media not in EXTENSIONS:
        raise Bad(f"its media type {media!r} is not a picture's")
    sides = (width, height)
    if not all(type(v) is int and 0 < v <= MAX_SIDE for v in sides) or width * height > MAX_PIXELS:
        raise Bad(f"its size {width!r} × {height!r} is not a picture's")
    return Picture(digest, media, width, height, data)


def note(library: Library, db: sqlite3.Connection, bodies: Iterable[bytes]) -> None:
    """In the transaction that captures ``bodies`` (blocks JSON): if they name pictures,
    pictures are due to be sent, so a sync killed before ``send`` sends them next time."""
    if any(named_in(body.decode("utf-8")) for body in bodies):
        library.sync_state.set("pictures_due", True, db)


def send(library: Library, folder: SyncFolder) -> int:
    """When pictures are due (a capture named some, or the migration of a library that
    synced before pictures travelled): write every stored picture the folder lacks, after
    the capture's transaction (the window's writes never wait for the files), before the
    records naming them leave the outbox. Returns how many were written."""
    state = library.sync_state
    if not state.get("pictures_due", False):
        return 0
    parts = library.synced_pictures
    files = PictureFiles(folder)
    written = files.put(parts.stored(d for d in parts.every_digest() if not files.has(d)))
    state.set("pictures_due", False)
    return written


def arrived(
    library: Library, files: PictureFiles, db: sqlite3.Connection, uid: str, messages: list[str]
) -> None:
    """An article's body from another device was written here: its picture uses made,
    with the pictures stored here or in the folder; the others waited for."""
    parts = library.synced_pictures
    article_id = parts.article_id(db, uid)
    if article_id is None:
        return
    (blocks,) = db.execute("SELECT blocks FROM articles WHERE id = ?", (article_id,)).fetchone()
    named = named_in(blocks)
    missing = set(named) - parts.have(db, named)
    found = _fetch(library, files, db, missing, messages)
    parts.attach(db, article_id, found)


def catch_up(library: Library, folder: SyncFolder, messages: list[str]) -> int:
    """Pictures waited for that have arrived since: stored and attached to the articles
    that name them. Returns how many arrived."""
    parts = library.synced_pictures
    waits = parts.waits()
    if not waits:
        return 0
    files = PictureFiles(folder)
    here = {d for d in waits if files.has(d)}
    if not here:
        return 0
    with library.connection.write() as db:
        found = _fetch(library, files, db, here, messages)
        for article_id in sorted({a for d in found for a in waits[d]}):
            parts.attach(db, article_id, found)
    return len(found)


def _fetch(
    library: Library,
    files: PictureFiles,
    db: sqlite3.Connection,
    digests: set[str],
    messages: list[str],
) -> dict[str, Picture]:
    state = library.sync_state
    aside = {name: segment for name, (segment, _) in state.set_aside_files().items()}
    found: dict[str, Picture] = {}
    for digest in sorted(digests):
        picture, bad = files.get(digest, aside)
        for name, reason in bad.items():
            try:
                size = str((files.folder.root / name).stat().st_size)
            except OSError:
                continue  # gone since: nothing to set aside
            state.set_aside(db, name, size, reason)
            aside[name] = size
            messages.append(
                f"set aside {name}: {reason}; the picture is looked for in other copies, "
                "and its article shows its alt text until one comes"
            )
        if picture is not None:
            found[digest] = picture
    return found


def _level(picture: Picture) -> int:
    """JPEG, PNG, GIF and WebP are compressed already (zlib took longer than the write
    and saved nothing); SVG is text."""
    return 6 if picture.media_type == "image/svg+xml" else 0
