"""The sample articles a new library starts with, so there is something to read at once."""

from __future__ import annotations

from pathlib import Path

from reader.core.storage.library import AddResult, Library

SEEDED_KEY = "samples_seeded"
# Shown first: the newest article tops the list, so the welcome guide is added last.
FIRST = "welcome-to-article-reader.md"


def sample_dir() -> Path:
    """The folder of sample articles: packaged with the app, or beside the source tree.

    Installed, ``sample_articles/`` is the data folder ``reader/sample_articles``
    (pyproject maps it there); from a checkout it sits at the project root.
    """
    package = Path(__file__).resolve().parents[2]
    packaged = package / "sample_articles"
    return packaged if packaged.is_dir() else package.parent / "sample_articles"


def sample_paths() -> list[Path]:
    """Sample files in the order they are added (the welcome guide last)."""
    paths = [
        p
        for p in sample_dir().iterdir()
        if p.suffix.lower() in {".txt", ".md", ".html", ".htm"} and not p.name.startswith(".")
    ]
    return sorted(paths, key=lambda p: (p.name == FIRST, p.name))


def seed_samples(library: Library) -> list[AddResult]:
    """Add the sample articles once per library; later calls do nothing."""
    if library.settings.get(SEEDED_KEY):
        return []
    from reader.core.importing.sources import import_file

    results = [library.articles.add(import_file(path)) for path in sample_paths()]
    library.settings.set(SEEDED_KEY, True)
    return results
