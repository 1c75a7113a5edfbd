"""The standalone bundle: PyInstaller builds packaging/pyinstaller/article-reader.spec,
and the built program starts offscreen on a new library, shows the samples, exits cleanly.

The build's work folder stays in the system's temporary folder between runs, so a
second run reuses PyInstaller's analysis (a first build takes a minute or two).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "pyinstaller" / "article-reader.spec"
WORK = Path(tempfile.gettempdir()) / "article-reader-pyinstaller"


@pytest.fixture(scope="module")
def bundle() -> Path:
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(WORK / "dist"),
            "--workpath",
            str(WORK / "build"),
            str(SPEC),
        ],
        capture_output=True,
        text=True,
        cwd=WORK.parent,
        timeout=900,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    program = WORK / "dist" / "article-reader" / "article-reader"
    assert program.exists(), f"no program at {program}"
    return program


def test_the_bundle_starts_shows_the_samples_and_exits_cleanly(bundle, tmp_path):
    library = tmp_path / "new" / "library.db"
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "ARTICLE_READER_LIBRARY": str(library),
    }
    done = subprocess.run(
        [str(bundle), "--quit-after-show"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("shown: Welcome to Article Reader"), done.stdout
    assert "(6 articles)" in done.stdout
    assert "Traceback" not in done.stderr

    listed = subprocess.run(
        [str(bundle), "list"], capture_output=True, text=True, env=env, timeout=120
    )
    assert listed.returncode == 0 and "The Craft of Slow Reading" in listed.stdout


def test_the_bundle_installs_its_own_desktop_entry(bundle, tmp_path):
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(tmp_path / "d")}
    done = subprocess.run(
        [str(bundle), "--install-desktop"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    entry = (tmp_path / "d/applications/org.articlereader.ArticleReader.desktop").read_text()
    assert f"Exec={bundle} %U" in entry
    assert (tmp_path / "d/icons/hicolor/256x256/apps/org.articlereader.ArticleReader.png").exists()
