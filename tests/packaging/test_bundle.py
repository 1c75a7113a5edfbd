"""The standalone bundle: PyInstaller builds packaging/pyinstaller/article-reader.spec,
and the built program starts offscreen on a new library, shows the samples, exits cleanly;
its command line imports a web page, from a file and from a local web server, with the
parts the spec trims (babel's locale data, GTK) gone and nothing fetched from outside.

The build's work folder stays in the system's temporary folder between runs, so a
second run reuses PyInstaller's analysis (a first build takes a minute or two).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from local_server import RecordingServer

pytestmark = [pytest.mark.gui, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "pyinstaller" / "article-reader.spec"
# One build folder per checkout: kept between runs (PyInstaller reuses its analysis),
# never shared by two checkouts building at once.
WORK = Path(tempfile.gettempdir()) / (
    "article-reader-pyinstaller-" + hashlib.sha1(str(ROOT).encode()).hexdigest()[:10]
)


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
    library.parent.mkdir()  # a new library is made only in a folder that exists (issue 18)
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

    from importlib.metadata import version

    shown = subprocess.run([str(bundle), "--version"], capture_output=True, text=True, env=env)
    assert shown.stdout == f"article-reader {version('article-reader')}\n", shown.stderr


def test_the_bundle_installs_its_own_desktop_entry(bundle, tmp_path):
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(tmp_path / "d")}
    done = subprocess.run(
        [str(bundle), "--install-desktop"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    entry = (tmp_path / "d/applications/org.articlereader.ArticleReader.desktop").read_text()
    assert f"Exec={bundle} %U" in entry
    assert (tmp_path / "d/icons/hicolor/256x256/apps/org.articlereader.ArticleReader.png").exists()


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Field Notes on Hedgerows</title><meta name="author" content="Ada Hedge"></head>
<body><article><h1>Field Notes on Hedgerows</h1>
<p>Hedgerows are the oldest living boundaries in the countryside; some have stood for
a thousand years, and they still mark how the land was divided.</p>
<p>They shelter birds, insects and small mammals along their length.</p>
<p>Counting the woody species in a thirty-yard stretch gives a rough age: one species
for every century of the hedge.</p></article></body></html>"""


def test_the_bundle_imports_a_web_page_from_a_file_and_from_a_server(bundle, tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    env = {
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        # anything fetched from outside fails (and says so) rather than reaching the network
        "http_proxy": "http://127.0.0.1:9",
        "https_proxy": "http://127.0.0.1:9",
        "no_proxy": "127.0.0.1",
    }

    def run(*args):
        done = subprocess.run(
            [str(bundle), "--library", str(tmp_path / "lib.db"), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Traceback" not in done.stderr and "Failed fetching" not in done.stderr, done.stderr
        return done.stdout

    assert run("import", "page.html").startswith("added")
    assert "thirty-yard stretch" in run("show", "1")
    exported = run("export", "1", "--format", "md")  # the shipped template is in the bundle
    assert exported.startswith("---\n") and "Field Notes on Hedgerows" in exported

    def serve(handler):
        handler.reply(PAGE.replace("Hedgerows", "Drystone Walls").encode())

    with RecordingServer({"/walls.html": serve}) as server:
        assert run("import", f"{server.base}/walls.html").startswith("added")
    assert server.requests == ["GET /walls.html"]
    assert "Field Notes on Drystone Walls" in run("list")
    # the related-passages model travels in the bundle and loads without the network
    made = json.loads(run("highlight", "1", "--quote", "mark how the land was divided", "--json"))
    related = json.loads(run("related", made["id"], "--json"))
    assert any("land was divided" in r["text"] and r["article_id"] == 2 for r in related), related
    internal = bundle.parent / "_internal"
    assert not (internal / "libgtk-3.so.0").exists()
    assert sorted(p.name for p in (internal / "babel" / "locale-data").iterdir()) == [
        "en.dat",
        "root.dat",
    ]
