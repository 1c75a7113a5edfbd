"""Article Reader: a desktop reader and annotator for saved articles.

``reader.__version__`` is the installed distribution's version (pyproject.toml is its
one source), looked up on first use: importlib.metadata costs a start about 30 ms.
"""

from __future__ import annotations

from pathlib import Path

APP_NAME = "Article Reader"
DISTRIBUTION = "article-reader"
UNKNOWN_VERSION = "0+unknown"  # PEP 440: a version that sorts first and says it is unknown


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def version() -> str:
    """The version of this install: its metadata; from a source checkout that was never
    installed, the version its pyproject.toml states; else ``0+unknown``."""
    # deferred: importlib.metadata (~30 ms), only when the version is shown
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version(DISTRIBUTION)
    except PackageNotFoundError:
        return source_version(Path(__file__).resolve().parent.parent) or UNKNOWN_VERSION


def source_version(root: Path) -> str | None:
    """The version in ``root/pyproject.toml`` when that is this project's, else None."""
    import tomllib  # deferred: only a checkout that was never installed reads it

    try:
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    except (OSError, ValueError, KeyError):
        return None
    return project.get("version") if project.get("name") == DISTRIBUTION else None
