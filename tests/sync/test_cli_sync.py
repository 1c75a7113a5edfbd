"""``article-reader sync`` and the highlights trash on the command line, between two
libraries sharing one folder, in processes where Qt cannot be imported."""

from __future__ import annotations

import json

from reader.cli import run
from tests.cli.test_cli import cli


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.returncode, self.stdout, self.stderr = code, out, err


def call(capsys, *args, lib, stdin=None) -> Result:
    """The command line in this process (``cli`` runs it in one without Qt)."""
    code = run(["--library", str(lib), *map(str, args)])
    out, err = capsys.readouterr()
    return Result(code, out, err)


ESSAY = "# Essay\n\nThe quick brown fox jumps over the lazy dog.\n"


def test_two_libraries_sync_through_one_folder_on_the_command_line(tmp_path, capsys):
    folder, a, b = tmp_path / "Sync", tmp_path / "a.db", tmp_path / "b.db"
    page = tmp_path / "essay.md"
    page.write_text(ESSAY, encoding="utf-8")
    assert call(capsys, "import", page, lib=a).returncode == 0
    made = call(capsys, "highlight", 1, "--quote", "brown fox", "--note", "from a", "--json", lib=a)
    hid = json.loads(made.stdout)["id"]
    first = cli("sync", "--folder", folder, lib=a)  # no Qt needed
    assert first.returncode == 0, first.stderr
    assert f"synced with {folder}" in first.stdout
    joined = call(capsys, "sync", "--folder", folder, "--json", lib=b)
    assert joined.returncode == 0, joined.stderr
    assert json.loads(joined.stdout)["applied"] == 2
    listed = json.loads(call(capsys, "highlights", 1, "--json", lib=b).stdout)
    assert [(h["id"], h["note"]) for h in listed] == [(hid, "from a")]
    # deleted on b, edited on a: deleted everywhere, the edit kept in the trash
    assert call(capsys, "edit-highlight", hid, "--delete", lib=b).returncode == 0
    assert call(capsys, "edit-highlight", hid, "--note", "edited on a", lib=a).returncode == 0
    for lib in (a, b, a):
        assert call(capsys, "sync", lib=lib).returncode == 0
    for lib in (a, b):
        trash = json.loads(call(capsys, "highlights", "--trash", "--json", lib=lib).stdout)
        assert [(h["id"], h["note"], h["exact"]) for h in trash] == [
            (hid, "edited on a", "brown fox")
        ]
        text = call(capsys, "highlights", "--trash", lib=lib).stdout
        assert "edited on a" in text and "brown fox" in text
    assert call(capsys, "restore-highlight", hid, lib=a).returncode == 0
    for lib in (a, b):
        assert call(capsys, "sync", lib=lib).returncode == 0
    assert (
        json.loads(call(capsys, "highlights", 1, "--json", lib=b).stdout)[0]["note"]
        == "edited on a"
    )
    again = call(capsys, "sync", "--json", lib=b)
    assert json.loads(again.stdout)["up_to_date"] is True


def test_sync_says_what_to_do(tmp_path, capsys):
    lib = tmp_path / "l.db"
    never = call(capsys, "sync", lib=lib)
    assert never.returncode == 2 and "sync --folder" in never.stderr
    inside = call(capsys, "sync", "--folder", tmp_path, lib=lib)
    assert inside.returncode == 2 and "never put in the sync folder" in inside.stderr
    no_terminal = cli("sync", "--folder", tmp_path / "s", "--encrypt", lib=lib, stdin="")
    assert no_terminal.returncode == 2 and "ARTICLE_READER_SYNC_PASSPHRASE" in no_terminal.stderr
    assert "the highlights trash is empty" in call(capsys, "highlights", "--trash", lib=lib).stdout
