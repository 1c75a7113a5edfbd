"""The sync service: one ``sync()`` that the window (on a worker thread) and the command
line both call, and ``start()``/``stop()`` for syncing in the background.

    service = SyncService(library)
    service.configure(Path("~/Sync/reader"), passphrase=None)   # once per library
    result = service.sync()                                     # then any time

One sync: a quick look (nothing changed here, no file grew there: done, in a few
milliseconds); then the records other devices wrote since the last look are merged into
the engine's document; then, in short transactions, what changed here is captured into
the document and the merged rows are written to the library; the records made here go
to this device's log in the folder (through an outbox in the library, so a sync killed
at any point sends them next time); now and then this device's files are compacted
into one snapshot.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.storage.errors import LibraryError
from reader.core.storage.library import Library
from reader.core.storage.synced import BODY, BY_NAME, SYNCED
from reader.core.storage.synced_parts import WAITING
from reader.core.sync import folder as folder_files
from reader.core.sync import pictures
from reader.core.sync.folder import SNAPSHOT, FolderFile, SyncFolder
from reader.core.sync.frames import Damaged
from reader.core.sync.keys import SyncError, folder_keys
from reader.core.sync.replica import INCOMPLETE, UNKNOWN, BadValue, Replica
from reader.core.sync.result import SyncResult
from reader.core.sync.sealing import Sealer, SealError

if TYPE_CHECKING:
    import random

CHUNK = 400  # rows written per transaction: the window's own writes wait no longer
COMPACT_RECORDS = 200  # this many records in our logs: write a snapshot instead
DOC_ROWS = 100  # saved updates kept before they are merged into one
WAITING_RETRY = 30.0  # seconds between looks for the bodies rows wait for, when idle


class SyncService:
    """Sync for one library (its own ``Library`` object, used by one thread at a time)."""

    def __init__(
        self,
        library: Library,
        chance: random.Random | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.library = library
        # a replayable run (the tests): device, client and segment ids drawn from
        # ``chance`` (None in the program: from the system), time between syncs ``clock``
        self._chance = chance
        self._clock = clock
        self._replica: Replica | None = None
        self._generation: int | None = None  # the saved state the replica matches
        self._lock = threading.Lock()  # one sync at a time
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()
        self._stopping = False
        self._waiting_tried = float("-inf")  # when rows waiting for a body were last tried
        self._awaited: set[str] = set()  # the bodies they wait for
        self._picture_files: pictures.PictureFiles | None = None  # the folder's, this sync
        # files of a newer format than this reads: name -> (size, why), read again if grown
        self._too_new: dict[str, tuple[int, str]] = {}
        self.on_result: Callable[[SyncResult | Exception], None] | None = None

    # -- setting up ------------------------------------------------------------

    @property
    def configured(self) -> bool:
        return self.library.sync_state.get("folder") is not None

    @property
    def folder(self) -> Path | None:
        value = self.library.sync_state.get("folder")
        return Path(value) if value else None

    def configure(self, folder: Path, passphrase: str | None = None) -> None:
        """Sync this library through ``folder`` (made if missing). With a passphrase, what
        is written there is encrypted; a folder already encrypted needs its passphrase."""
        folder = Path(folder).expanduser().resolve()
        library = self.library.path.resolve()
        if library.is_relative_to(folder):
            raise SyncError(
                f"{folder} holds the library itself ({library}); choose a folder for sync "
                "alone: the live library is never put in the sync folder"
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise SyncError(f"cannot use {folder} for sync: {e}") from e
        state = self.library.sync_state
        device = state.get("device")
        if device is None or state.get("library_path") != str(library):
            # a copied or moved library is a new device: two must never share files
            device = _new_device_id(self._chance)
        infos = SyncFolder(folder, device, Sealer()).device_infos()
        same = state.get("folder") == str(folder) and state.get("device") == device
        if passphrase is None and same and state.get("key"):  # set up again: keys kept
            keys = {k: bytes.fromhex(v) for k, v in state.get("keys").items()}
            own = state.get("key")
            encryption = next((i["encryption"] for i in infos if i.get("device") == device), None)
        else:
            keys, own, encryption = folder_keys(infos, passphrase, device)
        sealer = Sealer(keys.get(own) if own else None, dict(keys))
        SyncFolder(folder, device, sealer).write_device_info(
            {"created": _now(), "encryption": encryption}
        )
        with self.library.connection.write() as db:
            previous = state.get("folder")
            state.set("folder", str(folder), db)
            state.set("device", device, db)
            state.set("library_path", str(library), db)
            state.set("keys", {k: v.hex() for k, v in keys.items()}, db)
            state.set("key", own, db)
            if previous != str(folder):
                db.execute("DELETE FROM sync_files")
                db.execute("DELETE FROM sync_set_aside")
                state.set("snapshot_due", True, db)  # a new folder gets all we know
        self._replica = None

    def forget(self) -> None:
        """Stop syncing this library (the folder and its files stay as they are)."""
        with self.library.connection.write() as db:
            db.execute("DELETE FROM sync_config WHERE key = 'folder'")

    # -- running in the background ---------------------------------------------

    def start(self, interval: float = 60.0) -> None:
        """Sync on a thread of its own: when ``wake()`` is called (the library or the
        folder changed) and every ``interval`` seconds; results go to ``on_result``."""
        if self._thread is not None:
            return
        self._stopping = False
        self._thread = threading.Thread(
            target=self._run, args=(interval,), name="sync", daemon=True
        )
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self, interval: float) -> None:
        while not self._stopping:
            self._wake.wait(interval)
            self._wake.clear()
            if self._stopping or not self.configured:
                continue
            try:
                result: SyncResult | Exception = self.sync()
            except (SyncError, LibraryError, OSError) as e:
                result = e
            if self.on_result is not None:
                self.on_result(result)

    # -- the one method -----------------------------------------------------------

    def sync(self) -> SyncResult:
        """Send what changed here, apply what changed elsewhere; see the module's doc."""
        with self._lock:
            started = time.perf_counter()
            result = self._sync()
            result.seconds = time.perf_counter() - started
            return result

    def _sync(self) -> SyncResult:
        state = self.library.sync_state
        folder = self._open_folder()
        result = SyncResult()
        arrived = pictures.catch_up(self.library, folder, result.messages)  # waited for
        result.written += arrived
        self._picture_files = pictures.PictureFiles(folder)
        pictures.send(self.library, folder)  # due from a sync cut short
        self._flush_outbox(folder, result)
        files = folder.files()
        known = state.files()
        aside = state.set_aside_files()
        read = {n: size for n, (_, size) in known.items()}  # a file too new: as read
        read |= {n: size for n, (size, _) in self._too_new.items()}
        fresh = [f for f in files if f.name not in aside and read.get(f.name, -1) != f.size]
        names = {f.name for f in files}
        self._too_new = {n: v for n, v in self._too_new.items() if n in names}
        first = not state.get("captured_all", False)
        waiting = state.waiting()
        # rows waiting for a body are tried again with any other news, else now and then
        retry = bool(waiting) and (
            self._clock() - self._waiting_tried > WAITING_RETRY
            or any(folder.has_blob(digest) for digest in self._awaited)
        )
        if not (fresh or first or retry or state.has_pending() or state.get("snapshot_due")):
            result.nothing_new = not arrived
            result.waiting = len(waiting)
            result.messages += [why for _, why in self._too_new.values()]
            self._forget_gone(files, known)
            return result
        self._waiting_tried = self._clock()
        self._awaited.clear()
        replica = self._load()
        try:
            remote, offsets, set_aside = self._read(folder, fresh, known, replica, result)
            result.messages += [why for _, why in self._too_new.values()]
            rows = sorted(replica.changed | set(waiting), key=_table_order)
            replica.changed.clear()
            self._write(folder, replica, rows, remote, offsets, set_aside, first, result)
        except BaseException:
            self._replica = None  # its state may be ahead of the library's: load again
            raise
        self._flush_outbox(folder, result)
        self._compact(folder, replica)
        self._forget_gone(folder.files(), state.files())
        return result

    def _open_folder(self) -> SyncFolder:
        state = self.library.sync_state
        root = state.get("folder")
        if root is None:
            raise SyncError("no sync folder chosen: run `article-reader sync --folder DIR` once")
        root_path = Path(root)
        if not root_path.is_dir():
            raise SyncError(
                f"the sync folder {root_path} is missing (an unmounted drive?); "
                "connect it, or choose another with `article-reader sync --folder DIR`"
            )
        keys = {k: bytes.fromhex(v) for k, v in (state.get("keys") or {}).items()}
        own = state.get("key")
        return SyncFolder(
            root_path,
            state.get("device"),
            Sealer(keys.get(own) if own else None, keys),
            self._chance,
        )

    def _load(self) -> Replica:
        generation = self.library.sync_state.get("generation", 0)
        if self._replica is None or self._generation != generation:
            client = None if self._chance is None else self._chance.getrandbits(32)
            self._replica = Replica(self.library.sync_state.updates(), client)
            self._generation = generation
        return self._replica

    def _read(
        self,
        folder: SyncFolder,
        fresh: list[FolderFile],
        known: dict[str, tuple[str, int]],
        replica: Replica,
        result: SyncResult,
    ) -> tuple[list[bytes], dict[str, tuple[str, int]], dict[str, tuple[str, str]]]:
        """Merge the new records of each grown file into the document. A damaged file is
        set aside whole (none of its new records applied)."""
        remote: list[bytes] = []
        offsets: dict[str, tuple[str, int]] = {}
        set_aside: dict[str, tuple[str, str]] = {}
        for f in fresh:
            segment, offset = known.get(f.name, ("", 0))
            try:
                header, records, end = folder_files.read_from(f.path, 0 if f.own else offset)
                if header is None:
                    continue  # its header is still being written
                if header.get("segment") != segment:
                    header, records, end = folder_files.read_from(f.path, 0)
                assert header is not None
                why = folder_files.too_new(header, f.path, folder.root)
                if why is not None:
                    self._too_new[f.name] = (f.size, why)
                    continue
                self._too_new.pop(f.name, None)
                seg = str(header.get("segment", ""))
                if f.name.endswith(SNAPSHOT) and _covered(replica, header):
                    offsets[f.name] = (seg, end)
                    continue
                updates = [folder.sealer.open(r, seg, header.get("key")) for r in records]
                for update in updates:
                    replica.apply(update)
                remote += updates
                result.received += len(updates)
                offsets[f.name] = (seg, end)
            except SealError as e:
                if "does not know" in str(e):
                    result.messages.append(f"skipped {f.name}: {e}")
                    continue
                set_aside[f.name] = (segment, str(e))
            except (Damaged, ValueError) as e:
                set_aside[f.name] = (segment, str(e))
            except OSError:
                continue  # vanished or unreadable for now: next time
        for name, (_, reason) in set_aside.items():
            result.messages.append(
                f"set aside {name}: {reason}; nothing of it was applied (the device that "
                "wrote it sends everything again in its next snapshot)"
            )
        return remote, offsets, set_aside

    def _write(
        self,
        folder: SyncFolder,
        replica: Replica,
        rows: list[tuple[str, str]],
        remote: list[bytes],
        offsets: dict[str, tuple[str, int]],
        set_aside: dict[str, tuple[str, str]],
        first: bool,
        result: SyncResult,
    ) -> None:
        """Capture and write in short transactions; the remote records and how far the
        files were read are saved with the last, so a sync cut short reads them again."""
        state = self.library.sync_state
        waiting = set(state.waiting())
        chunks = [rows[i : i + CHUNK] for i in range(0, len(rows), CHUNK)] or [[]]
        for n, chunk in enumerate(chunks):
            last = n == len(chunks) - 1
            with self.library.connection.write() as db:
                self.library.synced_rows.begin()
                pending = state.take_pending(db)
                if first and n == 0:
                    for table in SYNCED:
                        for key in self.library.synced_rows.keys(db, table.name):
                            pending.setdefault((table.name, key), {}).update({"*": None, "+": None})
                bodies: dict[str, bytes] = {}
                update, again = replica.capture(
                    db, self.library.synced_rows, pending, state.get("device"), bodies
                )
                folder.put_blobs(bodies)  # before the record that names them
                pictures.note(self.library, db, bodies.values())  # written after the commit
                if update:
                    state.add_update(db, update)
                    state.add_outgoing(db, update)
                targets = sorted(set(chunk) | again, key=_table_order)
                for (table, key), values in zip(targets, replica.many(targets), strict=True):
                    self._write_row(db, folder, table, key, values, waiting, result)
                moved = sorted(("highlights", k) for k in self.library.synced_rows.moved)
                moved += sorted(("outlines", k) for k in self.library.synced_rows.retexted)
                for (table, key), values in zip(moved, replica.many(moved), strict=True):
                    self._write_row(db, folder, table, key, values, waiting, result)
                state.clear_pending(db)  # the writes above noted their own changes
                if last:
                    for update in remote:
                        state.add_update(db, update)
                    for name, (segment, offset) in offsets.items():
                        state.set_file(db, name, segment, offset)
                    for name, (segment, reason) in set_aside.items():
                        state.set_aside(db, name, segment, reason)
                    state.set("captured_all", True, db)
                    if state.update_count(db) > DOC_ROWS:
                        state.replace_updates(db, replica.whole())
                    generation = state.get("generation", 0) + 1
                    state.set("generation", generation, db)
            pictures.send(self.library, folder)
            if last:
                self._generation = generation
        result.waiting = len(state.waiting())

    def _write_row(
        self,
        db: Any,
        folder: SyncFolder,
        table: str,
        key: str,
        values: dict[str, Any] | str | BadValue | None,
        waiting: set[tuple[str, str]],
        result: SyncResult,
    ) -> None:
        rows, state = self.library.synced_rows, self.library.sync_state

        def set_waiting(wait: bool) -> None:
            if wait != ((table, key) in waiting):  # one statement only when it changes
                state.set_waiting(db, table, key, wait)
                (waiting.add if wait else waiting.discard)((table, key))

        if isinstance(values, BadValue):
            result.messages.append(f"not applied: {table} {key}: {values}")
            return
        if values == UNKNOWN:
            return
        if values == INCOMPLETE:
            set_waiting(True)  # tried again when more arrives
            return
        if values is None:
            rows.delete(db, table, key)
            set_waiting(False)
            result.written += 1
            return
        assert isinstance(values, dict)
        for c in BY_NAME[table].columns:
            if c.rule != BODY:
                continue
            digest = values[c.name]
            if digest == rows.body_hash(db, table, key):
                del values[c.name]
                continue
            data = folder.get_blob(digest) if digest else None
            if data is None:
                set_waiting(True)
                if digest:
                    self._awaited.add(digest)
                return
            values[c.name] = data.decode("utf-8")
        try:
            outcome = rows.write(db, table, key, values)
        except (ValueError, TypeError, KeyError) as e:
            result.messages.append(f"not applied: {table} {key}: {e}")
            return
        except Exception as e:  # an integrity error from a hostile row: named, not applied
            if type(e).__name__ != "IntegrityError":
                raise
            result.messages.append(f"not applied: {table} {key}: {e}")
            return
        set_waiting(outcome == WAITING)
        if outcome != WAITING:
            result.written += 1
            if table == "articles" and "blocks" in values:  # its pictures, from the folder
                files = self._picture_files or pictures.PictureFiles(folder)
                pictures.arrived(self.library, files, db, key, result.messages)

    def _flush_outbox(self, folder: SyncFolder, result: SyncResult) -> None:
        outgoing = self.library.sync_state.outgoing()
        if not outgoing:
            return
        name, segment, size = folder.append([record for _, record in outgoing])
        with self.library.connection.write() as db:
            db.executemany("DELETE FROM sync_outbox WHERE seq = ?", [(s,) for s, _ in outgoing])
            state = self.library.sync_state
            state.set_file(db, name, segment, size)
            state.set(
                "records_since_snapshot", state.get("records_since_snapshot", 0) + len(outgoing), db
            )
        result.sent += len(outgoing)

    def _compact(self, folder: SyncFolder, replica: Replica) -> None:
        """Our logs replaced by one snapshot when they hold many records (or a new folder
        needs everything): a device joining later reads one file per device."""
        state = self.library.sync_state
        due = state.get("snapshot_due", False)
        records = state.get("records_since_snapshot", 0)
        own_logs = [f for f in folder.files() if f.own and f.name.endswith(folder_files.LOG)]
        if not due and records < COMPACT_RECORDS and len(own_logs) <= 4:
            return
        name, segment, size = folder.write_snapshot(replica.whole(), replica.state())
        with self.library.connection.write() as db:
            state.set_file(db, name, segment, size)
            state.set("snapshot_due", False, db)
            state.set("records_since_snapshot", 0, db)

    def _forget_gone(self, files: list[FolderFile], known: dict[str, tuple[str, int]]) -> None:
        names = {f.name for f in files}
        gone = [n for n in known if n not in names]
        if gone:
            with self.library.connection.write() as db:
                self.library.sync_state.forget_files(db, gone)


def _covered(replica: Replica, header: dict[str, Any]) -> bool:
    try:
        return replica.covers(bytes.fromhex(str(header.get("state", ""))))
    except ValueError:
        return False


def _table_order(row: tuple[str, str]) -> tuple[int, str]:
    order = {t.name: i for i, t in enumerate(SYNCED)}
    return order.get(row[0], len(order)), row[1]


def _new_device_id(chance: random.Random | None = None) -> str:
    host = re.sub(r"[^a-z0-9]+", "-", socket.gethostname().lower()).strip("-")[:20] or "device"
    tail = os.urandom(4) if chance is None else chance.randbytes(4)
    return f"{host}-{tail.hex()}"


def _now() -> str:
    from reader.core.models import now

    return now()
