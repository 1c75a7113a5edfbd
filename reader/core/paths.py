"""The user's folders for Article Reader: data (the library) and config (templates,
where the window sits), as platformdirs names them on each platform."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "article-reader"


def config_dir() -> Path:
    """``~/.config/article-reader`` on Linux (``$XDG_CONFIG_HOME``), the platform's own
    elsewhere. On Linux it is worked out without importing platformdirs (window start)."""
    if sys.platform.startswith("linux"):  # what platformdirs answers there
        folder = os.environ.get("XDG_CONFIG_HOME", "")
        folder = folder if folder.strip() else os.path.expanduser("~/.config")
        return Path(folder) / APP
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    """Where the default library lives (``~/.local/share/article-reader`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))
