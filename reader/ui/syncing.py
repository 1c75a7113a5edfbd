"""Sync in the window's background: the core's ``SyncService`` on a thread of its own,
woken when this library changes (a look at its change list every two seconds) and when
the sync folder changes (``QFileSystemWatcher``), and every minute besides.

The service has its own ``Library`` (its own connection to the same file), so a long
sync never holds the window's connection; the window reloads what a sync wrote the way
it reloads what the command line wrote (``show_outside_changes``). Nothing here runs
before the first paint, and the sync engine is imported only when a folder is set.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

if TYPE_CHECKING:
    from reader.core.storage.library import Library
    from reader.core.sync.result import SyncResult
    from reader.core.sync.service import SyncService
    from reader.ui.jobs import Job, JobRunner

LOOK_MS = 2000  # how often the window's library is asked whether it changed
EVERY_S = 60.0  # a sync at least this often: a folder on a network drive sends no events


class WindowSync(QObject):
    """Starts, wakes and stops background sync; says what each sync did."""

    synced = Signal(object)  # a SyncResult, on the UI thread
    failed = Signal(str)  # what went wrong, and the fix
    changed = Signal()  # set up, started or stopped: the dialog shows it
    _arrived = Signal(object)  # from the sync thread: queued to the UI thread

    def __init__(self, library: Library, runner: JobRunner, parent: QObject | None = None):
        super().__init__(parent)
        self._library = library  # the window's: only asked whether it changed
        self._runner = runner
        self._own: Library | None = None  # the service's own connection
        self._service: SyncService | None = None
        self._watcher: QFileSystemWatcher | None = None
        self._look = QTimer(self)
        self._look.setInterval(LOOK_MS)
        self._look.timeout.connect(self._look_for_changes)
        self._arrived.connect(self._relay)
        self.last: SyncResult | Exception | None = None
        # the last sync that sent or applied something, and when (the latest may be
        # "up to date": the dialog shows both)
        self.last_change: tuple[datetime, SyncResult] | None = None
        self.busy = False  # setting up (deriving a key takes a moment)

    # -- state ---------------------------------------------------------------------

    @property
    def folder(self) -> Path | None:
        value = self._library.sync_state.get("folder")
        return Path(value) if value else None

    @property
    def encrypted(self) -> bool:
        return bool(self._library.sync_state.get("key"))

    @property
    def running(self) -> bool:
        return self._service is not None

    # -- starting and stopping -------------------------------------------------------

    def start(self) -> None:
        """Sync in the background when this library has a sync folder (after the first
        paint: the engine's import waits until then)."""
        if self._service is None and self.folder is not None:
            self._begin()

    def _begin(self) -> None:
        # the sync engine (pycrdt) and its own connection: only for a library that syncs
        from reader.core.storage.library import Library
        from reader.core.sync.service import SyncService

        self._own = Library(self._library.path)
        self._service = SyncService(self._own)
        self._service.on_result = self._arrived.emit
        self._service.start(interval=EVERY_S)
        self._service.wake()
        self._watch()
        self._look.start()
        self.changed.emit()

    def stop(self) -> None:
        """Stop the thread (a sync under way finishes its short transaction first)."""
        self._look.stop()
        if self._watcher is not None:
            self._watcher.deleteLater()
            self._watcher = None
        if self._service is not None:
            self._service.stop()
            self._service = None
        if self._own is not None:
            self._own.close()
            self._own = None

    def sync_now(self) -> None:
        if self._service is not None:
            self._service.wake()

    def set_up(self, folder: Path, passphrase: str | None) -> Job:
        """Choose (or change) the folder, with a passphrase to encrypt; off the UI thread:
        the key comes from scrypt. Syncs at once when done."""
        self.stop()
        self.busy = True
        self.changed.emit()
        path = self._library.path

        def configure(_job: Job) -> None:
            from reader.core.storage.library import Library
            from reader.core.sync.service import SyncService  # the engine: on use

            with Library(path) as own:
                SyncService(own).configure(folder, passphrase)

        job = self._runner.run(configure, "sync setup")
        job.succeeded.connect(lambda _r: self._set_up())
        job.failed.connect(self._setup_failed)
        return job

    def _set_up(self) -> None:
        self.busy = False
        self._library.changed_elsewhere()  # the setup was written by another connection
        self.start()

    def _setup_failed(self, error: BaseException) -> None:
        self.busy = False
        self.last = error if isinstance(error, Exception) else None
        self.failed.emit(str(error))
        self.start()  # as before, if it synced before
        self.changed.emit()

    def forget(self) -> None:
        """Stop syncing this library; the folder keeps its files."""
        self.stop()
        from reader.core.sync.service import SyncService  # the engine: on use

        SyncService(self._library).forget()
        self.last = None
        self.changed.emit()

    # -- waking ----------------------------------------------------------------------

    def _look_for_changes(self) -> None:
        if self._service is not None and self._library.sync_state.has_pending():
            self._service.wake()

    def _watch(self) -> None:
        """Every device's directory and file in the folder: a file-sync engine's copy of
        another device's log wakes the sync."""
        folder = self.folder
        if folder is None:
            return
        if self._watcher is None:
            self._watcher = QFileSystemWatcher(self)
            self._watcher.directoryChanged.connect(self._folder_changed)
            self._watcher.fileChanged.connect(self._folder_changed)
        devices = folder / "devices"
        paths = [folder, devices]
        if devices.is_dir():
            for device in devices.iterdir():
                if device.is_dir():
                    paths.append(device)
                    paths += [p for p in device.iterdir() if p.suffix in (".arlog", ".arsnap")]
                    if (device / "pictures").is_dir():  # a picture waited for arrives
                        paths.append(device / "pictures")
        known = set(self._watcher.files()) | set(self._watcher.directories())
        new = [str(p) for p in paths if str(p) not in known and p.exists()]
        if new:
            self._watcher.addPaths(new)

    def _folder_changed(self, _path: str) -> None:
        if self._service is not None:
            self._service.wake()
            self._watch()  # a new device or file: watched too

    def _relay(self, result: SyncResult | Exception) -> None:
        self.last = result
        if not isinstance(result, Exception) and (result.written or result.sent):
            self.last_change = (datetime.now(), result)
        if isinstance(result, Exception):
            self.failed.emit(str(result))
        else:
            self.synced.emit(result)
        self._watch()
        self.changed.emit()
