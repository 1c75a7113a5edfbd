"""Every test gets its own library, settings and home: nothing touches the user's real files."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
SAMPLES = ROOT / "reader" / "sample_articles"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("ARTICLE_READER_LIBRARY", str(tmp_path / "library.db"))
    # windows do not serve the browser extension (a child process each) unless a test asks
    monkeypatch.setenv("ARTICLE_READER_BROWSER_PORT", "off")
    # nor run the related passages' child process (the model) unless a test asks
    monkeypatch.setenv("ARTICLE_READER_RELATED", "off")


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"development corpus not found at {CORPUS} (it lives in ../shared)")
    return CORPUS


@pytest.fixture
def library(tmp_path):
    from reader.core.storage.library import Library

    with Library(tmp_path / "test-library.db") as lib:
        yield lib
