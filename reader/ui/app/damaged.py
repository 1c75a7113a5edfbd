"""Opening the library for the window, and telling the user in plain words when it cannot be.

A damaged library (it failed the quick check) has already been copied aside by
``integrity.open_library``; here the user is offered the newest good backup
("Restore newest backup") or "Quit". A library that cannot be written is not
opened: the window saves highlights, notes and reading positions as you go, so
it says so and points to the command line, which can still read it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.storage.integrity import DamagedLibrary, open_library
from reader.core.storage.library import Library, LibraryError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QPushButton

APP_NAME = "Article Reader"


def damaged_box(error: DamagedLibrary) -> tuple[QMessageBox, QPushButton | None]:
    """The dialog for a damaged library and its restore button (None without a backup)."""
    from PySide6.QtCore import Qt  # the dialogs load only when needed: not on a good start
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "Your library is damaged.")
    box.setTextFormat(Qt.TextFormat.PlainText)  # paths are never markup
    kept = f"A copy of the damaged file is kept as {error.aside}.\n\n" if error.aside else ""
    details = f"{error.path} failed its check ({error.problem}), so it was not opened.\n\n{kept}"
    restore_button = None
    if error.backup:
        box.setInformativeText(
            details + f"The newest good backup is {error.backup.name}. Restoring it puts "
            "that copy in place of the library; changes made after it was taken are not in it. "
            "The damaged file stays beside it."
        )
        accept = QMessageBox.ButtonRole.AcceptRole
        restore_button = box.addButton("Restore newest backup", accept)
    else:
        box.setInformativeText(details + "There is no good backup of it to restore.")
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore_button or quit_button)
    box.setEscapeButton(quit_button)
    return box, restore_button


def _tell(text: str, details: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, text)
    box.setTextFormat(Qt.TextFormat.PlainText)  # paths are never markup
    box.setInformativeText(details)
    box.exec()


def open_for_window(path: Path) -> Library | None:
    """The library at ``path`` for the window, or None after telling the user why not."""
    try:
        library = open_library(path)
    except DamagedLibrary as error:
        box, restore_button = damaged_box(error)
        box.exec()
        if error.backup is None or box.clickedButton() is not restore_button:
            return None
        from reader.core.storage.restore import restore_backup

        try:
            restore_backup(path, error.backup)
            return open_for_window(path)
        except LibraryError as e:
            _tell("The backup could not be restored.", str(e))
            return None
    except LibraryError as e:
        _tell("Cannot open the library.", str(e))
        return None
    if library.read_only:
        library.close()
        _tell(
            "The library is read-only.",
            f"Article Reader cannot write to {path} (the file or its folder is read-only). "
            "The window saves your highlights, notes and reading position as you go, so it "
            "does not open a library it cannot save to. Make the folder writable and start "
            "again, or read it from the command line, which can: "
            f'article-reader --library "{path}" list',
        )
        return None
    return library
