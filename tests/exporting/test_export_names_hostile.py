"""Export file names from hostile titles: written for real, they stay in the chosen folder.

Each title becomes a file in a fresh folder; the test then checks, on the file
system, that exactly the expected files exist there and nowhere else (not in the
parent folder), and that every name would be valid on Windows (no reserved
characters or device names, no trailing dot or space), macOS (no colon, NFC) and
Linux (no slash or NUL, at most 255 bytes).
"""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pathvalidate import validate_filename

from reader.core.document import Block, canonical_text
from reader.core.exporting import FORMATS, summarize, write_files
from reader.core.exporting.manifest import MANIFEST_NAME
from reader.core.models import Article, Highlight

WINDOWS_FORBIDDEN = set('<>:"/\\|?*') | {chr(n) for n in range(32)}
DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")
}
HOSTILE = [
    "../../x",
    "../../../../../../etc/passwd",
    "..",
    ".",
    "/",
    "/etc/passwd",
    "C:\\Windows\\System32\\x",
    "\\\\server\\share\\x",
    "~/x",
    "CON",
    "con",
    "nul.txt",
    "NUL .txt",
    "COM1",
    "lpt9.md",
    "COM¹",
    "CONIN$",
    "x" * 300,
    "é" * 300,
    "😀" * 300,
    "👩‍👩‍👧" * 60,
    "." * 50,
    "...",
    "\x00\x01\x1f\x7f control \t\n\r characters",
    "right-to-left \u202etxt.exe",
    "\u2066isolate\u2069 \u200f mark",
    "trailing dots...",
    "trailing spaces   ",
    " . . . ",
    "",
    " ",
    "\u3000",
    "-rf",
    ".bashrc",
    "a:b",
    "e\u0301 decomposed",
    "\ufeffbom",
    "line\u2028separator\u2029paragraph",
]


def summary(article_id: int, title: str):
    blocks = [Block("paragraph", "Some text to highlight.")]
    text = canonical_text(blocks)
    article = Article(id=article_id, title=title, blocks=blocks, text=text)
    highlight = Highlight(f"h{article_id}", article_id, 0, 4, "Some")
    return summarize(article, [highlight], exported_at="2024-05-01T12:00:00Z")


def assert_portable(name: str) -> None:
    stem = name.rsplit(".", 1)[0]
    assert name and not set(name) & WINDOWS_FORBIDDEN, name
    assert not name.endswith((".", " ")) and not stem.endswith((".", " ")), name
    assert name.split(".")[0].rstrip(" ").upper() not in DEVICES, name
    assert name not in (".", "..") and not name.startswith((".", "-", " ")), name
    assert len(name) <= 255 and len(name.encode("utf-8")) <= 255, name
    assert unicodedata.normalize("NFC", name) == name, name
    assert not any(unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") for ch in name), name
    assert not any(ch in name for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    # and what pathvalidate, which the code uses too, says of Windows, macOS and Linux at once
    validate_filename(name, platform="universal", additional_reserved_names=["CONIN$", "CONOUT$"])


def export_and_check(titles: list[str], root: Path, fmt: str) -> None:
    folder = root / "chosen" / "exports"
    folder.mkdir(parents=True)
    summaries = [summary(n + 1, title) for n, title in enumerate(titles)]
    paths = write_files(summaries, fmt, folder)
    manifest = folder / MANIFEST_NAME  # the folder's own record of which file is whose
    written = sorted(p for p in root.rglob("*") if p.is_file() and p != manifest)
    assert written == sorted(set(paths)), "a file was written outside the chosen folder"
    assert len(set(paths)) == len(titles)  # one file each, none overwriting another
    assert len({p.name.casefold() for p in paths}) == len(titles)  # also case-insensitively
    for path in paths:
        assert path.parent == folder and path.resolve().parent == folder.resolve()
        assert_portable(path.name)
        assert path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_hostile_titles_stay_in_the_folder(tmp_path, fmt):
    export_and_check(HOSTILE, tmp_path, fmt)


@pytest.mark.parametrize("title", HOSTILE, ids=range(len(HOSTILE)))
def test_each_hostile_title_alone(tmp_path, title):
    export_and_check([title], tmp_path, "md")


titles = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(titles | st.sampled_from(HOSTILE), min_size=1, max_size=4))
def test_any_titles_stay_in_the_folder(names):
    with tempfile.TemporaryDirectory() as root:
        export_and_check(names, Path(root), "md")
