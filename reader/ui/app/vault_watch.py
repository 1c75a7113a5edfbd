"""Watching a vault folder: when the Markdown files of an export folder change (the user
edits notes in Obsidian, say), what they changed in the app's parts comes back into the
library, off the UI thread, as the export would take it (``exporting.readback``).

The folder is chosen with File ▸ Watch Vault Folder… and remembered in the library's
settings; the window watches it again when it next starts. Changes are gathered for a
moment (an editor saves a file in several steps) before the folder is read back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from reader.ui.made import timer

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from reader.core.exporting.readback import ReadBack
    from reader.core.storage.library import Library
    from reader.ui.app.first_paint import FirstPaint
    from reader.ui.jobs import JobRunner
    from reader.ui.settings import Settings

SETTLE_MS = 800  # quiet time after the last change before reading the folder


class VaultWatch(QObject):
    """Watches one folder; ``taken(report)`` after a read-back that took something."""

    taken = Signal(object)

    def __init__(
        self,
        library: Library,
        settings: Settings,
        runner: JobRunner,
        action: QAction,
        tell: Callable[[str], object],
        reload_articles: Callable[[list[int]], object],
        first_paint: FirstPaint,
        parent: QWidget,
    ) -> None:
        """``action`` is the menu's (checked while watching), ``tell`` shows a line in the
        status bar, ``reload_articles`` shows again the open article if it is one of those
        the vault changed."""
        super().__init__(parent)
        self._library, self._settings, self._runner = library, settings, runner
        self._action, self._tell, self._reload = action, tell, reload_articles
        self._parent = parent
        self.folder: Path | None = None
        self._watcher: QFileSystemWatcher | None = None
        self._settle = timer(self, SETTLE_MS)
        self._settle.timeout.connect(self.sync)
        self._running = False
        self._again = False
        remembered = settings["vault_folder"]
        if remembered and Path(remembered).is_dir():
            first_paint.then(lambda: self.start(Path(remembered)))

    @property
    def watching(self) -> bool:
        return self._watcher is not None

    def choose(self, on: bool = True) -> None:
        """The menu's action: ask for a folder and watch it, or stop watching."""
        settings = self._settings
        if not on:
            self.stop()
            settings["vault_folder"] = None
            self._tell("No longer watching the vault folder.")
            return
        from PySide6.QtWidgets import QFileDialog

        start = settings["vault_folder"] or settings["export_dir"] or ""
        chosen = QFileDialog.getExistingDirectory(self._parent, "Watch vault folder", start)
        if not chosen:
            self._action.setChecked(self.watching)
            return
        settings["vault_folder"] = chosen
        self.start(Path(chosen))
        self._tell(
            f"Watching {chosen}: notes edited in its Markdown exports come back into the library."
        )

    def start(self, folder: Path) -> None:
        self.stop()
        self.folder = folder
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._changed)
        self._watcher.fileChanged.connect(self._changed)
        self._watch_files()
        self._action.setChecked(True)
        self.sync()  # what changed while no one watched

    def stop(self) -> None:
        self._settle.stop()
        if self._watcher is not None:
            self._watcher.deleteLater()
        self._watcher = None
        self.folder = None
        self._action.setChecked(False)

    def _watch_files(self) -> None:
        """The folder, and each Markdown file its manifest names (and their folders):
        editors that save by replacing a file drop it from the watch, so this runs again
        after each change."""
        if self._watcher is None or self.folder is None:
            return
        from reader.core.exporting.manifest import read

        paths = {str(self.folder)}
        for relative in read(self.folder).get("md", {}).values():
            path = self.folder / relative
            if path.is_file():
                paths.update((str(path), str(path.parent)))
        missing = sorted(paths - set(self._watcher.files()) - set(self._watcher.directories()))
        if missing:
            self._watcher.addPaths(missing)

    def _changed(self, _path: str) -> None:
        self._settle.start()

    def sync(self):
        """Read the folder back now, on a worker thread; returns the job (None if busy)."""
        folder = self.folder
        if folder is None:
            return None
        if self._running:
            self._again = True  # once this one is done
            return None
        from reader.core.exporting.readback import take_back

        library = self._library
        self._running = True
        job = self._runner.run(lambda _job: take_back(library, folder), "vault")
        job.succeeded.connect(self._done)
        job.failed.connect(lambda e: self._tell(f"Reading the vault: {e}"))
        job.finished.connect(self._finished)
        return job

    def _done(self, report: ReadBack) -> None:
        if report:
            self._tell(report.summary() + ".")
            self._reload(sorted(report.changed_articles))
            self.taken.emit(report)

    def _finished(self) -> None:
        self._running = False
        self._watch_files()
        if self._again:
            self._again = False
            self.sync()
