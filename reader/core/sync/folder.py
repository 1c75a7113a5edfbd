"""The sync folder's layout: each device writes only its own files, under its own id, so
a file-sync engine never sees two writers on one file.

    FOLDER/devices/<device id>/device.json          who it is; the key's salt (encrypted)
    FOLDER/devices/<device id>/log-000001.arlog     changes, appended (framed records)
    FOLDER/devices/<device id>/snapshot-000007.arsnap   everything it knew, compacted
    FOLDER/devices/<device id>/packs/pack-<id>.arpack   article bodies, each written once:
                                                   a sync's new bodies packed in one file
    FOLDER/devices/<device id>/blobs/ab/<name>.arblob   one body a file (read, no longer
                                                   written: two fsyncs a body was too slow)

Files a file-sync engine made of ours (``log-000001.sync-conflict-….arlog``,
``log-000001 (conflicted copy ….).arlog``) are read like any other: they keep their
suffix, and each file says in its header whose it is. Files being written are
``.tmp`` and ignored. The live library is never put here.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.sync import frames
from reader.core.sync.sealing import Sealer, SealError

if TYPE_CHECKING:
    import random

LOG, SNAPSHOT, BLOB, PACK = ".arlog", ".arsnap", ".arblob", ".arpack"
SEGMENT_LIMIT = 8 * 1024 * 1024  # a log this big is closed and a new one begun
PACK_LIMIT = 64 * 1024 * 1024  # a pack this big is closed and the next bodies go in another
_NUMBER = re.compile(r"^(log|snapshot)-(\d{6,})")
# The format of what this program writes, in every file's header and device.json; files
# of a format up to it are read, newer ones refused (``too_new``), never applied in part.
#   1: the first cut (a header without "format" is read as 1)
#   2: a row made on two devices carries each device's first values (``KEY|COL#DEVICE``,
#      see replica.py); format 1 files are read the same way
FORMAT = 2


@dataclass
class FolderFile:
    name: str  # relative to the folder, with "/": how sync_files knows it
    path: Path
    size: int
    device: str  # the folder it is in (its header says whose it really is)
    own: bool  # this device's own file (not a copy a file-sync engine made)


class SyncFolder:
    def __init__(
        self, root: Path, device_id: str, sealer: Sealer, chance: random.Random | None = None
    ) -> None:
        self.root = root
        self._chance = chance  # a replayable run (the tests): segment ids drawn from it
        self.device_id = device_id
        self.sealer = sealer
        self.devices = root / "devices"
        self.mine = self.devices / device_id
        self._packs: dict[str, tuple[Path, str, str | None, int]] | None = None  # see _packed

    # -- looking ---------------------------------------------------------------

    def files(self) -> list[FolderFile]:
        """Every log and snapshot of every device (conflict copies too), snapshots first."""
        found = []
        try:
            device_dirs = [d for d in os.scandir(self.devices) if d.is_dir()]
        except FileNotFoundError:
            return []
        for d in device_dirs:
            for entry in os.scandir(d.path):
                name = entry.name
                if name.startswith(".") or not name.endswith((LOG, SNAPSHOT)):
                    continue
                if not entry.is_file():
                    continue
                own = (
                    d.name == self.device_id
                    and _NUMBER.match(name) is not None
                    and (name == _own_name(name))
                )
                found.append(
                    FolderFile(
                        f"devices/{d.name}/{name}",
                        Path(entry.path),
                        entry.stat().st_size,
                        d.name,
                        own,
                    )
                )
        found.sort(key=lambda f: (not f.name.endswith(SNAPSHOT), f.name))
        return found

    def device_infos(self) -> list[dict[str, Any]]:
        """What each device said about itself (``device.json`` and any copies of it)."""
        infos = []
        try:
            dirs = [d for d in os.scandir(self.devices) if d.is_dir()]
        except FileNotFoundError:
            return []
        for d in dirs:
            for entry in os.scandir(d.path):
                if entry.name.startswith("device") and entry.name.endswith(".json"):
                    try:
                        info = json.loads(Path(entry.path).read_text("utf-8"))
                    except (OSError, ValueError):
                        continue  # half-written or damaged: the device writes it again
                    if isinstance(info, dict) and isinstance(info.get("device"), str):
                        infos.append(info)
        return infos

    # -- writing our own files -------------------------------------------------

    def write_device_info(self, info: dict[str, Any]) -> None:
        self.mine.mkdir(parents=True, exist_ok=True)
        info = {"format": FORMAT, "device": self.device_id, "name": socket.gethostname(), **info}
        _atomic_write(self.mine / "device.json", json.dumps(info, indent=1).encode("utf-8"))

    def _own_numbers(self) -> list[tuple[int, str, Path]]:
        out = []
        if self.mine.is_dir():
            for entry in os.scandir(self.mine):
                m = _NUMBER.match(entry.name)
                if (
                    m
                    and entry.name == _own_name(entry.name)
                    and entry.name.endswith((LOG, SNAPSHOT))
                ):
                    out.append((int(m.group(2)), m.group(1), Path(entry.path)))
        return sorted(out)

    def append(self, payloads: list[bytes]) -> tuple[str, str, int]:
        """Append records to this device's current log (a new one when there is none or
        it is full); synced to disk. Returns the file's name, its segment id and size."""
        own = self._own_numbers()
        path = None
        if own and own[-1][1] == "log" and own[-1][2].stat().st_size < SEGMENT_LIMIT:
            path = own[-1][2]
            header = _read_header(path)
            if header is None:  # our own header cut off (a crash as it was made): start over
                path = None
        if path is None:
            number = own[-1][0] + 1 if own else 1
            path = self.mine / f"log-{number:06d}{LOG}"
            header = self._header("log")
            self.mine.mkdir(parents=True, exist_ok=True)
            _atomic_write(path, frames.header_bytes(header))
        assert header is not None
        segment = header["segment"]
        data = b"".join(frames.record_bytes(self.sealer.seal(p, segment)) for p in payloads)
        with open(path, "ab") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
            size = f.tell()
        return f"devices/{self.device_id}/{path.name}", segment, size

    def write_snapshot(self, update: bytes, state: bytes) -> tuple[str, str, int]:
        """Write everything this device knows as one snapshot, then remove its own older
        logs and snapshots (the snapshot holds them). Returns name, segment id, size."""
        own = self._own_numbers()
        number = own[-1][0] + 1 if own else 1
        header = self._header("snapshot", state=state.hex())
        data = frames.header_bytes(header) + frames.record_bytes(
            self.sealer.seal(update, header["segment"])
        )
        path = self.mine / f"snapshot-{number:06d}{SNAPSHOT}"
        self.mine.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, data)
        for _, _, old in own:
            old.unlink(missing_ok=True)
        return f"devices/{self.device_id}/{path.name}", header["segment"], len(data)

    def _header(self, kind: str, **extra: Any) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "device": self.device_id,
            "kind": kind,
            "segment": self._segment_id(),
            "key": self.sealer.key_id,
            **extra,
        }

    def _segment_id(self) -> str:
        return (os.urandom(12) if self._chance is None else self._chance.randbytes(12)).hex()

    # -- bodies ----------------------------------------------------------------

    def has_blob(self, digest: str) -> bool:
        return self._blob_path(digest) is not None or self._in_pack(digest) is not None

    def put_blobs(self, bodies: dict[str, bytes]) -> None:
        """Write the bodies no device has written yet, packed into one file (each pack
        written whole, synced, then renamed): one file and two fsyncs for a sync's
        bodies, where a file per body took most of a large library's first sync."""
        new = {d: data for d, data in bodies.items() if not self.has_blob(d)}
        group: dict[str, bytes] = {}
        size = 0
        for digest, data in new.items():
            group[digest] = data
            size += len(data)
            if size >= PACK_LIMIT:
                self._write_pack(group)
                group, size = {}, 0
        if group:
            self._write_pack(group)

    def _write_pack(self, bodies: dict[str, bytes]) -> None:
        segment = self._segment_id()
        header = {"format": FORMAT, "kind": "pack", "segment": segment, "key": self.sealer.key_id}
        records, index, offset = [], [], 0
        for digest, data in bodies.items():
            record = frames.record_bytes(self.sealer.seal(data, segment))
            index.append([self.sealer.blob_name(digest), offset])
            records.append(record)
            offset += len(record)
        listing = self.sealer.seal(json.dumps(index).encode("utf-8"), segment)
        path = self.mine / "packs" / f"pack-{segment}{PACK}"
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(
            path, frames.header_bytes(header) + frames.record_bytes(listing) + b"".join(records)
        )
        self._packs = None  # read again when next asked

    def get_blob(self, digest: str) -> bytes | None:
        """A body by its hash, checked against it; None when it has not arrived (yet)."""
        from reader.core.storage.synced_rows import blob_hash

        for path in self._blob_paths(digest):
            try:
                raw = path.read_bytes()
                parsed = frames.parse(raw)
                if parsed.header is None or len(parsed.records) != 1:
                    continue  # still arriving
                data = self.sealer.open(
                    parsed.records[0], parsed.header["segment"], parsed.header.get("key")
                )
            except (OSError, frames.Damaged, Exception):
                continue
            if blob_hash(data) == digest:
                return data
        packed = self._in_pack(digest)
        if packed is not None:
            path, segment, key, offset = packed
            try:
                with open(path, "rb") as f:
                    record, _ = frames.read_record(f, offset)
                data = self.sealer.open(record, segment, key)
            except (OSError, frames.Damaged, SealError):
                return None  # changed since its listing was read: next time
            if blob_hash(data) == digest:
                return data
        return None

    def _in_pack(self, digest: str) -> tuple[Path, str, str | None, int] | None:
        if self._packs is None:
            self._packs = self._packed()
        for name in self.sealer.blob_names(digest):
            if name in self._packs:
                return self._packs[name]
        return None

    def _packed(self) -> dict[str, tuple[Path, str, str | None, int]]:
        """Every whole pack's bodies: name -> (pack, its segment, its key, offset). A pack
        still arriving, damaged, or sealed with a key this device lacks is passed over."""
        found: dict[str, tuple[Path, str, str | None, int]] = {}
        try:
            dirs = [d.path for d in os.scandir(self.devices) if d.is_dir()]
        except FileNotFoundError:
            return found
        for d in dirs:
            packs = Path(d) / "packs"
            if not packs.is_dir():
                continue
            for entry in os.scandir(packs):  # conflict copies too: same content
                if entry.name.startswith(".") or not entry.name.endswith(PACK):
                    continue
                try:
                    with open(entry.path, "rb") as f:
                        found_header = frames.parse_header(f.read(frames.MAX_HEADER + 32))
                        if found_header is None:
                            continue
                        header, start = found_header
                        if too_new(header, Path(entry.path), self.root):
                            continue  # a newer program's: its bodies wait for an update
                        segment, key = str(header.get("segment", "")), header.get("key")
                        listing, base = frames.read_record(f, start)
                    index = json.loads(self.sealer.open(listing, segment, key))
                    for name, offset in index:
                        found.setdefault(str(name), (Path(entry.path), segment, key, base + offset))
                except (OSError, ValueError, TypeError, frames.Damaged, SealError):
                    continue  # still arriving or damaged: its bodies are looked for again later
        return found

    def _blob_path(self, digest: str) -> Path | None:
        return next(iter(self._blob_paths(digest)), None)

    def _blob_paths(self, digest: str) -> list[Path]:
        paths = []
        try:
            dirs = [d.path for d in os.scandir(self.devices) if d.is_dir()]
        except FileNotFoundError:
            return []
        for name in self.sealer.blob_names(digest):
            for d in dirs:
                sub = Path(d) / "blobs" / name[:2]
                exact = sub / f"{name}{BLOB}"
                if exact.exists():
                    paths.append(exact)
                elif sub.is_dir():  # a copy a file-sync engine renamed
                    paths += [
                        p
                        for p in sub.iterdir()
                        if p.name.startswith(name) and p.name.endswith(BLOB)
                    ]
        return paths


def too_new(header: dict[str, Any], path: Path, root: Path) -> str | None:
    """Why a file cannot be read by this program (written in a newer format), or None.
    ``frames.Damaged`` for a format that is not a number."""
    fmt = header.get("format", 1)
    if isinstance(fmt, bool) or not isinstance(fmt, int):
        raise frames.Damaged(f"its format is {fmt!r}, not a number")
    if fmt <= FORMAT:
        return None
    writer = header.get("device", path.parent.name)
    return (
        f"{path.relative_to(root)} in the sync folder {root} was written by a newer "
        f"Article Reader (sync format {fmt}; this one reads up to {FORMAT}) on device "
        f"{writer}: nothing of it was applied; update Article Reader on this device to "
        "sync with it"
    )


def _own_name(name: str) -> str:
    """The name as this device writes it (a conflict copy's name is longer)."""
    m = _NUMBER.match(name)
    if not m:
        return ""
    suffix = LOG if name.endswith(LOG) else SNAPSHOT
    return f"{m.group(1)}-{m.group(2)}{suffix}"


def _read_header(path: Path) -> dict[str, Any] | None:
    with open(path, "rb") as f:
        data = f.read(frames.MAX_HEADER + 32)
    try:
        found = frames.parse_header(data)
    except frames.Damaged:
        return None
    return found[0] if found else None


def read_from(path: Path, offset: int) -> tuple[dict[str, Any] | None, list[bytes], int]:
    """A file's header and its whole records after ``offset`` (0: from the start), and the
    offset after the last whole record. ``frames.Damaged`` if it is not sound."""
    with open(path, "rb") as f:
        head = f.read(frames.MAX_HEADER + 32)
        found = frames.parse_header(head)
        if found is None:
            return None, [], 0
        header, body = found
        start = max(offset, body)
        f.seek(start)
        rest = f.read()
    records, used = frames.parse_records(rest, start)
    return header, records, start + used


def _atomic_write(path: Path, data: bytes) -> None:
    """Written under a temporary name, synced, then renamed: never seen half-written."""
    write_whole(path, data)
    sync_dir(path.parent)


def write_whole(path: Path, data: bytes) -> None:
    """``data`` written to a temporary name, synced, and renamed to ``path``; the folder
    itself is not synced (``sync_dir``, once for a batch of files)."""
    # unique per writer: two syncs of one library in one process may write the same file
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def sync_dir(path: Path) -> None:
    """The folder's entries (new names, renames) synced to disk, where the system can."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
