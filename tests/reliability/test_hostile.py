"""A hostile environment, with real processes: a full disk, a read-only folder, two writers.

The full disk is a small tmpfs mounted for the test (CI runs as root); where
mounting is not allowed, a file-size limit (RLIMIT_FSIZE) in the writing process
stands in for it. The read-only folder is a tmpfs remounted read-only.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .crash_harness import check

ROOT = Path(__file__).resolve().parents[2]


def _mount(folder: Path, options: str) -> bool:
    folder.mkdir(exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    return done.returncode == 0


def _umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a 1.5 MB filesystem, or None when mounting is not allowed here."""
    folder = tmp_path / "disk"
    if not _mount(folder, "size=1536k"):
        yield None
        return
    yield folder
    _umount(folder)


def python(code: str, *, fsize: int | None = None) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter, with a file-size limit when asked."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=limit if fsize else None,
        timeout=120,
    )


def cli(*args: object, library: Path, fsize: int | None = None) -> subprocess.CompletedProcess:
    argv = ", ".join(repr(str(a)) for a in ("--library", library, *args))
    return python(f"import sys; from reader.app import main; sys.exit(main([{argv}]))", fsize=fsize)


FILL = """
import json, sys
from pathlib import Path
from reader.core.importing.sources import parse_text
from reader.core.storage.integrity import open_library
from reader.core.storage.library import LibraryError

lib = open_library(Path({path!r}))
ids = []
for i in range(5):
    a = lib.articles.add(parse_text(f"Small {{i}}\\n\\nA few words to highlight in article {{i}}.",
                           source=f"/s/{{i}}.txt"))
    ids.append(lib.highlights.add(a.article_id, 0, 5, note=f"kept {{i}}").id)
error = None
for i in range(10_000):  # import until the disk is full
    body = " ".join(f"filler{{i}}x{{j}}" for j in range(20_000))
    try:
        lib.articles.add(parse_text(f"Big {{i}}\\n\\n{{body}}", source=f"/big/{{i}}.txt"))
    except LibraryError as e:
        error = str(e)
        break
note_error = None
try:  # saving a long note on a full disk
    lib.articles.set_note(lib.articles.list()[-1].id, "note " * 2_000_000)
except LibraryError as e:
    note_error = str(e)
print(json.dumps({{"ids": ids, "error": error, "note_error": note_error}}))
"""


def test_disk_full_while_importing_and_saving(small_disk, tmp_path):
    if small_disk is not None:
        path, fsize = small_disk / "library.db", None
    else:  # no mount allowed: a 1.5 MB file-size limit in the writer instead
        path, fsize = tmp_path / "library.db", 1536 * 1024
    done = python(FILL.format(path=str(path)), fsize=fsize)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    for error in (result["error"], result["note_error"]):
        assert error is not None, "the disk never filled up"
        assert str(path) in error
        assert "disk is full" in error or "free some disk space" in error, error
    # intact, with every highlight made before the disk filled
    assert check(path, set(result["ids"])) == []
    # the command line says the same in one line, and changes nothing
    big = tmp_path / "big.txt"
    big.write_text("Huge\n\n" + " ".join(f"w{i}" for i in range(300_000)), encoding="utf-8")
    imported = cli("import", big, library=path, fsize=fsize)
    assert imported.returncode == 1
    assert "free some disk space" in imported.stderr, imported.stderr
    assert check(path, set(result["ids"])) == []
    listed = cli("list", "--json", library=path)
    assert listed.returncode == 0 and "Huge" not in listed.stdout


@pytest.fixture
def read_only_folder(tmp_path):
    """A library with one highlighted article, in a folder remounted read-only."""
    folder = tmp_path / "ro"
    mounted = _mount(folder, "size=4m")
    if not mounted and os.geteuid() == 0:
        pytest.skip("running as root where mounting is not allowed: permissions bind no one")
    path = folder / "library.db"
    made = cli("import", ROOT / "sample_articles", library=path)
    assert made.returncode == 0, made.stderr
    first = json.loads(cli("list", "--json", library=path).stdout)[-1]["id"]
    hl = cli("highlight", first, "--range", "0:10", "--note", "mine", library=path)
    assert hl.returncode == 0, hl.stderr
    if not mounted:  # an ordinary user: permissions do it
        for item in (*folder.iterdir(), folder):
            item.chmod(0o555 if item.is_dir() else 0o444)
        yield path, first
        folder.chmod(0o755)
        return
    remount = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True)
    if remount.returncode != 0:
        _umount(folder)
        pytest.skip(f"cannot remount read-only: {remount.stderr.decode().strip()}")
    yield path, first
    _umount(folder)


def test_read_only_library_reads_and_refuses_writes(read_only_folder):
    path, first = read_only_folder
    listed = cli("list", library=path)
    assert listed.returncode == 0, listed.stderr
    assert "read-only" in listed.stderr  # told, once, on standard error
    shown = cli("highlights", first, library=path)
    assert shown.returncode == 0 and "note: mine" in shown.stdout
    assert cli("search", "the", library=path).returncode == 0
    assert cli("check", library=path).returncode == 0
    for write in (("note", first, "new note"), ("delete", first), ("backup",)):
        refused = cli(*write, library=path)
        assert refused.returncode == 1, write
        assert "read-only" in refused.stderr and "make it writable" in refused.stderr, (
            write,
            refused.stderr,
        )
        assert "Traceback" not in refused.stderr


def test_two_command_line_writers_at_once(tmp_path):
    """Six imports, then six highlights, started together on a new library: each succeeds
    or says the library is busy; nothing is corrupted and every success is there."""
    path = tmp_path / "library.db"
    sources = []
    for i in range(6):
        source = tmp_path / f"a{i}.txt"
        source.write_text(f"Article {i}\n\n" + f"lorem ipsum {i} " * 3000, encoding="utf-8")
        sources.append(source)
    env = {**os.environ, "ARTICLE_READER_LIBRARY": str(path)}

    def start(*args: object) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "reader", *map(str, args)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def finish(procs: list[subprocess.Popen]) -> list[str]:
        outs = []
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0 or (p.returncode == 1 and "is busy" in err), err
            assert "Traceback" not in err
            outs.append(out if p.returncode == 0 else "")
        return outs

    imports = finish([start("import", s) for s in sources])
    assert check(path, set()) == []
    ids = [int(line.split()[1]) for line in filter(None, imports)]
    assert len(ids) == len(set(ids)) >= 1
    made = finish(
        [start("highlight", ids[i % len(ids)], "--range", f"{i}:{i + 20}") for i in range(6)]
    )
    highlight_ids = {out.split()[0] for out in made if out}
    assert check(path, highlight_ids) == []


def test_a_writer_holding_the_library_gives_a_clear_busy_message(tmp_path):
    path = tmp_path / "library.db"
    assert cli("import", ROOT / "sample_articles", library=path).returncode == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(30)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        first = json.loads(cli("list", "--json", library=path).stdout)[0]["id"]  # reads go on
        refused = cli("note", first, "while it is held", library=path)
        assert refused.returncode == 1
        assert "is busy" in refused.stderr and "try again" in refused.stderr
    finally:
        holder.kill()
        holder.wait()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert cli("note", first, "after it let go", library=path).returncode == 0
