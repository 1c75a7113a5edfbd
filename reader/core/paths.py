"""The user's folders for Article Reader: data (the library) and config (templates,
where the window sits), as platformdirs names them on each platform; and the files that
ship inside the package (icons, sample articles, desktop files)."""

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
    import platformdirs  # deferred: ~10 ms at the window's start; Linux does without it

    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def shipped(*parts: str) -> Path:
    """A file or folder shipped inside the ``reader`` package (``shipped("resources",
    "article-reader.svg")``), found the same way installed, in the bundle and in a source
    checkout: the data folders live in ``reader/`` in the source tree too."""
    # deferred: importlib.resources costs ~15 ms cold, and most commands never need it
    from importlib.resources import files

    # A Path, not just a Traversable: the package is always unpacked on disk (a wheel
    # install, the bundle, a checkout), and Qt and shutil want file names. A Traversable
    # is no PathLike, but on disk it is a Path and its str is the file name.
    return Path(str(files("reader").joinpath(*parts)))


def default_library_path() -> Path:
    """The library a launch uses without ``--library``: ``$ARTICLE_READER_LIBRARY``, else
    ``library.db`` in the user data folder."""
    env = os.environ.get("ARTICLE_READER_LIBRARY")
    return Path(env).expanduser() if env else data_dir() / "library.db"


def data_dir() -> Path:
    """Where the default library lives (``~/.local/share/article-reader`` on Linux)."""
    import platformdirs  # deferred: see config_dir

    return Path(platformdirs.user_data_dir(APP, appauthor=False))
