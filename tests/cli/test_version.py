"""The version comes from the install's metadata (pyproject.toml is its one source)."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import reader

ROOT = Path(__file__).resolve().parents[2]


def test_version_is_the_installed_distributions():
    assert reader.__version__ == importlib.metadata.version("article-reader")
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0 and not done.stderr
    assert done.stdout == f"article-reader {reader.__version__}\n"


def test_a_checkout_never_installed_reads_its_pyproject(monkeypatch):
    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    stated = reader.source_version(ROOT)
    assert stated and stated[0].isdigit()
    assert reader.version() == stated  # this test runs from the checkout


def test_without_metadata_or_pyproject_the_version_says_it_is_unknown(monkeypatch, tmp_path):
    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    monkeypatch.setattr(reader, "source_version", lambda root: None)
    assert reader.version() == "0+unknown"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\nversion = "9"\n')
    assert reader.source_version(tmp_path) is None  # another project's file is not ours
    assert reader.source_version(tmp_path / "missing") is None


def test_the_window_start_does_not_look_the_version_up():
    code = "import sys, reader; assert 'importlib.metadata' not in sys.modules, 'eager'"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
