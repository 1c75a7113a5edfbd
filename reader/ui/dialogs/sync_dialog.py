"""File > Sync…: choose the folder a file-sync app (Syncthing, Dropbox, a network drive)
keeps the same on each computer, optionally with a passphrase; see the last sync; sync
now or stop. It opens without blocking; setting up runs in the background."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from reader.ui.syncing import WindowSync

EXPLAINED = (
    "Choose a folder that a file-sync app (Syncthing, Dropbox, iCloud Drive, a network "
    "drive) keeps the same on your computers, and choose it on each of them. Your "
    "highlights, notes, tags and articles then follow you; window settings stay here."
)


class SyncDialog(QDialog):
    def __init__(self, syncing: WindowSync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync")
        self.setObjectName("sync_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.syncing = syncing
        explained = QLabel(EXPLAINED, self)
        explained.setWordWrap(True)

        self.folder = QLineEdit(self)
        self.folder.setPlaceholderText("A folder kept in sync, e.g. ~/Sync/Article Reader")
        self.folder.setText(str(syncing.folder or ""))
        choose = QPushButton("&Choose…", self)
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        self.encrypt = QCheckBox("&Encrypt what is written to the folder", self)
        self.encrypt.setToolTip(
            "Only computers given the same passphrase can read your library from the folder"
        )
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("Passphrase (the same on every computer)")
        self.encrypt.setChecked(syncing.encrypted)
        self.encrypt.toggled.connect(self._update)
        self.folder.textChanged.connect(self._update)
        self.passphrase.textChanged.connect(self._update)
        form = QFormLayout()
        label = QLabel("&Folder:", self)
        label.setBuddy(self.folder)  # the mnemonic goes to the field, not the row
        form.addRow(label, row)
        form.addRow("", self.encrypt)
        form.addRow("&Passphrase:", self.passphrase)

        self.status = QLabel(self)
        self.status.setObjectName("sync_status")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.apply = buttons.addButton("&Start Syncing", QDialogButtonBox.ButtonRole.ApplyRole)
        self.now = buttons.addButton("Sync &Now", QDialogButtonBox.ButtonRole.ActionRole)
        self.off = buttons.addButton("S&top Syncing", QDialogButtonBox.ButtonRole.ActionRole)
        self.apply.clicked.connect(self.start_syncing)
        self.now.clicked.connect(syncing.sync_now)
        self.off.clicked.connect(syncing.forget)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(explained)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        syncing.changed.connect(self._update)
        self._update()
        self.resize(560, self.sizeHint().height())

    def _choose(self) -> None:
        start = self.folder.text() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Sync Folder", start)
        if chosen:
            self.folder.setText(chosen)

    def start_syncing(self) -> None:
        text = self.folder.text().strip()
        if not text:
            return
        passphrase = self.passphrase.text() if self.encrypt.isChecked() else None
        self.syncing.set_up(Path(text).expanduser(), passphrase or None)
        self.passphrase.clear()

    def _update(self) -> None:
        s = self.syncing
        running = s.running and not s.busy
        self.passphrase.setEnabled(self.encrypt.isChecked())
        wanted = self.folder.text().strip()
        changed = wanted != str(s.folder or "") or self.encrypt.isChecked() != s.encrypted
        needs_phrase = self.encrypt.isChecked() and not self.passphrase.text() and changed
        self.apply.setText("&Start Syncing" if s.folder is None else "&Apply")
        self.apply.setEnabled(bool(wanted) and not s.busy and changed and not needs_phrase)
        self.now.setEnabled(running)
        self.off.setEnabled(s.folder is not None and not s.busy)
        self.status.setText(self.status_text())

    def status_text(self) -> str:
        s = self.syncing
        if s.busy:
            return "Setting up the folder…"
        if isinstance(s.last, Exception):
            return f"Sync failed: {s.last}"
        if s.folder is None:
            return "Not syncing."
        if s.last is None:
            return f"Syncing with {s.folder}."
        text = f"Synced with {s.folder}: {s.last.summary()} ({s.last.seconds:.2f} s)."
        if s.last_change is not None and s.last_change[1] is not s.last:
            when, change = s.last_change
            text += f"\nLast change, at {when:%H:%M}: {change.summary()}."
        if s.last.messages:
            text += "\n" + "\n".join(s.last.messages[:3])
        return text
