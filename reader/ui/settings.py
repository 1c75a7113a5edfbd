"""The window's settings, declared with their defaults and kept in the library file,
except where the window sits (``WINDOW_STATE``): that belongs to this computer, not
to a library that may be synced to another one, so it goes to QSettings.

Only declared keys exist: reading or writing any other key is a ``KeyError``,
so a typo fails in a test instead of silently storing nothing.

    settings = Settings(library)
    settings["theme"] = "dark"
    settings["font_size"]  # -> 0 until set (0 means "the pane's default")
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from reader.core.paths import config_dir
from reader.core.storage.library import Library

PREFIX = "ui."

DEFAULTS: dict[str, Any] = {
    "geometry": None,  # QMainWindow.saveGeometry(), base64
    "window_state": None,  # QMainWindow.saveState(), base64
    "splitter": None,  # pane widths in pixels
    "panes": None,  # which side panes show: {"library": bool, "notes": bool}
    "theme": "system",  # system, light, sepia or dark
    "font_size": 0,  # points; 0: the reading pane's default
    "typeface": "serif",  # serif or sans: the article text's typeface
    "column_width": "medium",  # narrow, medium or wide (reading/document.py COLUMN_WIDTHS)
    "line_spacing": "normal",  # tight, normal or loose
    "dim_pictures": False,  # pictures a little dimmed in the dark theme
    "highlight_colour": "yellow",  # what H highlights in: one of models.COLOURS
    "highlight_style": "highlight",  # or "underline"
    "last_article": None,  # the article open when the window closed
    "sort": "added",  # one of articles.SORTS: added, oldest, published, title, progress
    "filter": "all",  # all, unread, favorites, archived, trash or tag:<name>
    "export_dir": None,
    "export_format": "md",
    "export_scope": "article",  # article or library
    "export_template": "",  # a Markdown template file; empty: the default template
    "import_dir": None,
    "vault_folder": None,  # a Markdown export folder watched for notes edited there
}


# Geometry and pane widths: per computer, in window_state_file() (README, "Where your
# library lives"). Earlier versions kept them in the library, which is still read.
WINDOW_STATE = ("geometry", "window_state", "splitter", "panes")


def window_state_file() -> Path:
    """An INI file in the user's config folder (``~/.config/article-reader`` on Linux)."""
    return config_dir() / "window.ini"


class Settings:
    """Declared settings over ``library.settings`` (and QSettings for ``WINDOW_STATE``);
    values are anything JSON holds."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self._window: QSettings | None = None

    def __getitem__(self, key: str) -> Any:
        if _check(key) in WINDOW_STATE:
            raw = self._window_store().value(key)
            if isinstance(raw, str):
                return json.loads(raw)
        return self._library.settings.get(PREFIX + key, DEFAULTS[key])

    def __setitem__(self, key: str, value: Any) -> None:
        if _check(key) in WINDOW_STATE:
            store = self._window_store()
            store.setValue(key, json.dumps(value))
            store.sync()
            return
        self._library.settings.set(PREFIX + key, value)

    def _window_store(self) -> QSettings:
        if self._window is None:
            self._window = QSettings(str(window_state_file()), QSettings.Format.IniFormat)
        return self._window

    def get(self, key: str) -> Any:
        return self[key]

    def reset(self, key: str) -> None:
        self[key] = DEFAULTS[_check(key)]


def _check(key: str) -> str:
    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r} (declare it in reader/ui/settings.py)")
    return key
