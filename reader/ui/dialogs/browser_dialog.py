"""File > Browser Extension…: where the window serves the extension, and the tokens that
pair it (a new one shown once, to paste into the extension's options; revoking one)."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader.core.endpoint.tokens import DEFAULT_PORT, PORT_KEY, Pairings
from reader.core.storage.library import Library

EXPLAINED = (
    "The Article Reader extension for Firefox and Chromium-based browsers saves the page "
    "you are reading, as your browser shows it, with a click; a selection becomes a "
    "highlight. Make a token here and paste it into the extension's options."
)


class Endpoint(Protocol):
    """The window's endpoint, as the dialog sees it."""

    problem: str

    @property
    def address(self) -> str | None: ...

    def port(self) -> int: ...

    def restart(self) -> None: ...


class BrowserDialog(QDialog):
    changed = Signal(str)  # a line for the status bar

    def __init__(self, library: Library, endpoint: Endpoint, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Browser Extension")
        self.setObjectName("browser_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.library, self.endpoint = library, endpoint
        self.pairings = Pairings(library.settings)
        explained = QLabel(EXPLAINED, self)
        explained.setWordWrap(True)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.port = QSpinBox(self)
        self.port.setRange(1024, 65535)
        self.port.setValue(endpoint.port() or DEFAULT_PORT)
        self.port.setToolTip("The port on 127.0.0.1; the extension's options must name the same")
        apply = QPushButton("&Use This Port", self)
        apply.clicked.connect(self._use_port)
        port_row = QHBoxLayout()
        label = QLabel("&Port:", self)
        label.setBuddy(self.port)
        port_row.addWidget(label)
        port_row.addWidget(self.port)
        port_row.addWidget(apply)
        port_row.addStretch(1)

        self.list = QListWidget(self)
        self.list.setAccessibleName("Paired browsers")
        self.token = QLineEdit(self)
        self.token.setReadOnly(True)
        self.token.setPlaceholderText("A new token shows here, once")
        self.copy = QPushButton("&Copy", self)
        self.copy.setEnabled(False)
        self.copy.clicked.connect(self._copy)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token, 1)
        token_row.addWidget(self.copy)
        new = QPushButton("&New Token", self)
        new.clicked.connect(self._new)
        self.revoke = QPushButton("&Revoke", self)
        self.revoke.clicked.connect(self._revoke)
        self.list.currentRowChanged.connect(lambda row: self.revoke.setEnabled(row >= 0))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(new, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.revoke, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(explained)
        layout.addWidget(self.state)
        layout.addLayout(port_row)
        layout.addWidget(QLabel("Paired browsers:", self))
        layout.addWidget(self.list, 1)
        layout.addLayout(token_row)
        layout.addWidget(buttons)
        self.resize(520, 400)
        self.show_state()
        self._fill()

    def show_state(self, _said: str = "") -> None:
        address = self.endpoint.address
        if address:
            self.state.setText(f"Serving on {address} while this window is open.")
        else:
            self.state.setText(self.endpoint.problem or "Starting…")

    def _fill(self) -> None:
        self.list.clear()
        for p in self.pairings.all():
            item = QListWidgetItem(f"{p.label} — paired {p.created[:10]} ({p.id})", self.list)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
        if not self.list.count():
            self.list.addItem(QListWidgetItem("No browser paired yet"))
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.revoke.setEnabled(False)

    def _new(self) -> None:
        token = self.pairings.new("browser")
        self.token.setText(token)
        self.token.selectAll()
        self.token.setFocus()
        self.copy.setEnabled(True)
        self._fill()
        self.changed.emit("A new token: paste it into the extension's options")

    def _copy(self) -> None:
        QApplication.clipboard().setText(self.token.text())
        self.changed.emit("Token copied")

    def _revoke(self) -> None:
        item = self.list.currentItem()
        pairing = item.data(Qt.ItemDataRole.UserRole) if item else None
        if pairing and self.pairings.revoke(pairing):
            self._fill()
            self.changed.emit("Revoked: that browser can no longer save here until paired again")

    def _use_port(self) -> None:
        self.library.settings.set(PORT_KEY, self.port.value())
        self.endpoint.restart()
        self.state.setText(f"Serving on port {self.port.value()}…")
        self.changed.emit(f"The browser extension is now served on port {self.port.value()}")
