"""The window's settings, declared with their defaults and kept in the library file.

Only declared keys exist: reading or writing any other key is a ``KeyError``,
so a typo fails in a test instead of silently storing nothing.

    settings = Settings(library)
    settings["theme"] = "dark"
    settings["font_size"]  # -> 0 until set (0 means "the pane's default")
"""

from __future__ import annotations

from typing import Any

from ..core.library import Library

PREFIX = "ui."

DEFAULTS: dict[str, Any] = {
    "geometry": None,  # QMainWindow.saveGeometry(), base64
    "window_state": None,  # QMainWindow.saveState(), base64
    "splitter": None,  # pane widths in pixels
    "theme": "system",  # system, light, sepia or dark
    "font_size": 0,  # points; 0: the reading pane's default
    "typeface": "serif",  # serif or sans: the article text's typeface
    "highlight_colour": "yellow",  # what H highlights in: one of models.COLOURS
    "highlight_style": "highlight",  # or "underline"
    "last_article": None,  # the article open when the window closed
    "sort": "added",  # added or title
    "filter": "all",  # all, favorites, archived, trash or tag:<name>
    "export_dir": None,
    "export_format": "md",
    "export_scope": "article",  # article or library
    "export_template": "",  # a Markdown template file; empty: the default template
    "import_dir": None,
}


class Settings:
    """Declared settings over ``Library.setting``; values are anything JSON holds."""

    def __init__(self, library: Library) -> None:
        self._library = library

    def __getitem__(self, key: str) -> Any:
        return self._library.setting(PREFIX + _check(key), DEFAULTS[key])

    def __setitem__(self, key: str, value: Any) -> None:
        self._library.set_setting(PREFIX + _check(key), value)

    def get(self, key: str) -> Any:
        return self[key]

    def reset(self, key: str) -> None:
        self[key] = DEFAULTS[_check(key)]


def _check(key: str) -> str:
    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r} (declare it in reader/ui/settings.py)")
    return key
