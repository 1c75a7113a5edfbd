"""Exporting to files: safe names, atomic writes, re-exports that update files in place."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from reader.core.document import Block, canonical_text
from reader.core.exporting import atomic as export_atomic
from reader.core.exporting import atomic_write, safe_filename, summarize, write_files
from reader.core.exporting.manifest import MANIFEST_NAME
from reader.core.models import Article, Highlight

BLOCKS = [
    Block("paragraph", "Héllo 😀 wörld, a first paragraph."),
    Block("paragraph", "Second one."),
]
TEXT = canonical_text(BLOCKS)


def summary(
    article_id=1, title="A Title", note="", highlight_note="", exported="2024-05-01T12:00:00Z"
):
    article = Article(
        id=article_id, title=title, blocks=BLOCKS, text=TEXT, url=f"https://x.example/{article_id}"
    )
    start = TEXT.index("wörld")
    h = Highlight(f"h{article_id}", article_id, start, start + 5, "wörld", note=highlight_note)
    return summarize(article, [h], exported_at=exported)


def listing(directory) -> list[str]:
    """The export files in a folder, without the export's own manifest."""
    return sorted(n for n in os.listdir(directory) if n != MANIFEST_NAME)


@pytest.fixture
def out(tmp_path):
    """An empty directory of the test's own (the shared fixtures put a home in tmp_path)."""
    directory = tmp_path / "exports"
    directory.mkdir()
    return directory


# safe_filename --------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("../../etc/passwd", "etc-passwd.md"),
        ("CON", "_CON.md"),
        ("con.md", "_con.md.md"),
        ("nul", "_nul.md"),
        ("LPT1.txt", "_LPT1.txt.md"),
        ("a/b\\c", "a-b-c.md"),
        ("...", "article-5.md"),
        ("", "article-5.md"),
        ("   \t\n ", "article-5.md"),
        ("Notes: On/Off?", "Notes - On-Off.md"),
        ("Wait... what", "Wait. what.md"),
        ("trailing dots...", "trailing dots.md"),
        (".hidden", "hidden.md"),
        ("-rf", "rf.md"),
        ('<b>"Quoted"</b> *star* | pipe', "b'Quoted'-b star - pipe.md"),
        ("C# and [[links]] ^id", "C and ((links)) id.md"),
        ("evil\u202etxt.exe", "eviltxt.exe.md"),
        ("😀 日本語のタイトル", "😀 日本語のタイトル.md"),
    ],
)
def test_safe_filename(title, expected):
    assert safe_filename(title, "md", 5) == expected


def test_safe_filename_bounds_characters_and_bytes():
    long_ascii = safe_filename("word " * 100, "md")
    assert len(long_ascii) <= 100 and long_ascii.endswith("word.md")
    cjk = safe_filename("漢" * 500, "html")
    assert len(cjk.encode("utf-8")) <= 200 and cjk.endswith("漢.html")
    emoji = safe_filename("👩‍👩‍👧" * 100, "md")
    assert len(emoji.encode("utf-8")) <= 200
    assert not emoji.removesuffix(".md").endswith("\u200d")
    assert emoji.removesuffix(".md").endswith("👧")  # whole family sequences only
    with_id = safe_filename("x" * 500, "md", 42, suffix=" (42)")
    assert with_id.endswith("x (42).md") and len(with_id) <= 100


def test_safe_filename_rejects_a_bad_extension():
    with pytest.raises(ValueError, match="extension"):
        safe_filename("t", "../md")


# atomic_write ---------------------------------------------------------------


def test_atomic_write_writes_exact_bytes_and_keeps_mode(out):
    path = out / "out.csv"
    atomic_write(path, "a,b\r\nü,😀\n")
    assert path.read_bytes() == "a,b\r\nü,😀\n".encode()
    if os.name == "posix":
        path.chmod(0o640)
        atomic_write(path, "new")
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text() == "new" and os.listdir(out) == ["out.csv"]


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_atomic_write_failure_leaves_the_old_file(out, monkeypatch, failing):
    path = out / "note.md"
    path.write_text("old content")

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(export_atomic.os, failing, disk_full)
        with pytest.raises(OSError) as info:
            atomic_write(path, "new content " * 1000)
    assert info.value.errno == errno.ENOSPC
    assert path.read_text() == "old content"
    assert os.listdir(out) == ["note.md"]  # no temporary file left behind


# write_files ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "jsonld", "csv"])
def test_write_files_creates_the_directory_and_one_file_per_article(out, fmt):
    outdir = out / "new" / "dir"
    paths = write_files([summary(1, "First"), summary(2, "Second")], fmt, outdir)
    assert [p.name for p in paths] == [f"First.{fmt}", f"Second.{fmt}"]
    assert all(p.parent == outdir and p.read_text(encoding="utf-8") for p in paths)
    assert "wörld" in paths[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["md", "html", "jsonld", "csv"])
def test_reexport_updates_the_same_file(out, fmt):
    [first] = write_files([summary(1, "Title")], fmt, out)
    [again] = write_files([summary(1, "Title", highlight_note="now with a note")], fmt, out)
    assert again == first and listing(out) == [first.name]
    assert "now with a note" in first.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["md", "html", "jsonld"])
def test_reexport_after_a_title_change_renames_the_file(out, fmt):
    [first] = write_files([summary(1, "Old title")], fmt, out)
    [again] = write_files([summary(1, "New title")], fmt, out)
    assert again.name == f"New title.{fmt}" and listing(out) == [f"New title.{fmt}"]
    assert "New title" in again.read_text(encoding="utf-8") and not first.exists()


@pytest.mark.parametrize("fmt", ["md", "html", "jsonld", "csv"])
def test_unchanged_data_leaves_the_file_untouched(out, fmt):
    [path] = write_files([summary(1, exported="2024-05-01T12:00:00Z")], fmt, out)
    before = path.read_bytes()
    os.utime(path, (1_000_000_000, 1_000_000_000))
    write_files([summary(1, exported="2025-01-01T00:00:00Z")], fmt, out)
    assert path.read_bytes() == before and path.stat().st_mtime == 1_000_000_000
    write_files([summary(1, note="changed", highlight_note="changed")], fmt, out)
    assert path.read_bytes() != before


def test_the_same_title_twice_gets_deterministic_names(out):
    a, b = summary(3, "Same"), summary(9, "Same")
    paths = write_files([b, a], "md", out)
    assert [p.name for p in paths] == ["Same (9).md", "Same.md"]
    # Alone, each article finds its own file again.
    assert write_files([summary(9, "Same")], "md", out)[0].name == "Same (9).md"
    assert write_files([summary(3, "Same")], "md", out)[0].name == "Same.md"
    assert listing(out) == ["Same (9).md", "Same.md"]


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_a_file_that_is_not_this_articles_is_never_overwritten(out, fmt):
    mine = out / f"Title.{fmt}"
    mine.write_text("# My own note about Title\n", encoding="utf-8")
    [path] = write_files([summary(4, "Title")], fmt, out)
    assert path.name == f"Title (4).{fmt}"
    assert mine.read_text(encoding="utf-8") == "# My own note about Title\n"


def test_case_insensitive_collisions_are_avoided(out):
    paths = write_files([summary(1, "Case"), summary(2, "CASE")], "md", out)
    assert [p.name for p in paths] == ["Case.md", "CASE (2).md"]


def test_a_summary_given_twice_maps_to_one_file(out):
    paths = write_files([summary(1), summary(1)], "csv", out)
    assert paths[0] == paths[1] and len(listing(out)) == 1


def test_an_output_that_cannot_be_a_folder_reports_the_error(tmp_path):
    """A file where the folder should be (root may write anywhere, but not there)."""
    blocker = tmp_path / "notes"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(OSError):
        write_files([summary(1)], "md", blocker)
    with pytest.raises(OSError):
        write_files([summary(1)], "md", blocker / "sub")
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"
