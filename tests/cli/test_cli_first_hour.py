"""What a first hour with the command line tripped over: a mistyped --library, quotes found
several times, reversed ranges, missing files, skipped files, help for every option."""

from __future__ import annotations

import argparse
import json

import pytest

from reader.cli.parser import SORTS, build_parser
from reader.core.storage.articles import SORTS as LIBRARY_SORTS
from tests.cli.test_cli import SAMPLES, SEED, call, cli


@pytest.fixture
def lib(tmp_path):
    return tmp_path / "cli.db"


@pytest.fixture
def seeded(lib, capsys):
    code, out, err = call(capsys, "--library", lib, "import", SAMPLES / SEED)
    assert code == 0, err
    return int(out.split()[1])


def test_a_library_in_a_folder_that_does_not_exist_is_an_error(tmp_path, capsys):
    typo = tmp_path / "Documnets" / "library.db"
    code, out, err = call(capsys, "--library", typo, "list")
    assert code == 2 and not out
    assert f"no folder {typo.parent}" in err and not typo.parent.exists()
    code, _, err = call(capsys, "--library", tmp_path, "list")  # a folder, not a file
    assert code == 2 and "is a folder" in err and "library.db" in err


def test_a_new_library_says_where_it_was_made(tmp_path, capsys):
    path = tmp_path / "new.db"
    code, out, err = call(capsys, "--library", path, "list")
    assert code == 0 and err == f"created a new library at {path}\n"
    assert "no articles yet" in out
    code, _, err = call(capsys, "--library", path, "list")
    assert code == 0 and err == ""  # only the first time


def test_the_environment_variable_is_checked_too(tmp_path):
    r = cli("list", lib=tmp_path / "missing" / "lib.db")
    assert r.returncode == 2 and "no folder" in r.stderr


def test_a_quote_found_several_times_says_which_it_took(lib, capsys, seeded):
    code, _, err = call(capsys, "--library", lib, "highlight", seeded, "--quote", "Putin")
    text = json.loads(call(capsys, "--library", lib, "show", seeded, "--json")[1])["text"]
    count = text.count("Putin")
    assert code == 0 and count > 1
    assert f"occurs {count} times" in err and f"occurrence 1 of {count}" in err
    assert "--occurrence N" in err
    code, _, err = call(
        capsys, "--library", lib, "highlight", seeded, "--quote", "Putin", "--occurrence", "2"
    )
    assert code == 0 and f"occurrence 2 of {count}" in err


def test_a_reversed_or_empty_range_is_named(lib, capsys, seeded):
    code, _, err = call(capsys, "--library", lib, "highlight", seeded, "--range", "10:5")
    assert code == 2 and "reversed" in err and "5:10" in err
    code, _, err = call(capsys, "--library", lib, "highlight", seeded, "--range", "7:7")
    assert code == 2 and "empty" in err
    code, _, err = call(capsys, "--library", lib, "highlight", seeded, "--range", "0:99999999")
    assert code == 2 and "outside" in err


@pytest.mark.parametrize("name", ["nope", "not a url"])
def test_a_missing_path_is_no_such_file(lib, capsys, tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    code, _, err = call(capsys, "--library", lib, "import", name)
    assert code == 1 and "no such file" in err and "extension" not in err


def test_a_folder_import_lists_what_it_skipped_in_one_line(lib, capsys, tmp_path):
    folder = tmp_path / "Articles"
    folder.mkdir()
    (folder / "essay.md").write_text("# An essay\n\nSome words to read.\n", encoding="utf-8")
    (folder / "paper.odt").write_bytes(b"PK\x03\x04")
    (folder / "scan.odt").write_bytes(b"PK\x03\x04")
    (folder / "photo.png").write_bytes(b"\x89PNG")
    (folder / ".hidden.pdf").write_bytes(b"%PDF-1.4")  # hidden files are not news
    code, out, _ = call(capsys, "--library", lib, "import", folder)
    assert code == 0
    skipped = [line for line in out.splitlines() if line.startswith("skipped")]
    assert skipped == [
        "skipped 3 files: paper.odt, scan.odt (OpenDocument files are not supported); "
        "photo.png (.png files are not supported)"
    ]
    assert "1 added, 3 skipped" in out
    code, out, _ = call(capsys, "--library", lib, "import", folder, "--json")
    assert {s["reason"] for s in json.loads(out)["skipped"]} == {
        "OpenDocument files are not supported",
        ".png files are not supported",
    }


def _actions(parser: argparse.ArgumentParser):
    for action in parser._actions:  # argparse keeps them private; this is a test
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from ((f"{name} {a.dest}", a) for a in sub._actions)
        else:
            yield f"article-reader {action.dest}", action


def test_every_option_has_help_and_shows_its_default(capsys):
    parser, _ = build_parser()
    missing = [name for name, a in _actions(parser) if not a.help and a.dest != "command"]
    assert missing == []
    with pytest.raises(SystemExit):
        parser.parse_args(["search", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "at most N hits (default: 20)" in text and "print the hits as JSON" in text
    with pytest.raises(SystemExit):
        parser.parse_args(["list", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "(default: added)" in text and "--unread" in text and "default: False" not in text


def test_favourite_is_spelled_both_ways_and_read_marks_articles(lib, capsys, seeded):
    for spelling in ("favourite", "favorite"):
        code, out, _ = call(capsys, "--library", lib, spelling, seeded)
        assert code == 0 and out.startswith("favourite:")
    for option in ("--favourites", "--favorites"):
        rows = json.loads(call(capsys, "--library", lib, "list", option, "--json")[1])
        assert [r["id"] for r in rows] == [seeded]
    assert [
        r["id"] for r in json.loads(call(capsys, "--library", lib, "list", "--unread", "--json")[1])
    ] == [seeded]
    code, out, _ = call(capsys, "--library", lib, "read", seeded)
    assert code == 0 and out.startswith("read:")
    assert call(capsys, "--library", lib, "list", "--unread")[1].strip() == "no articles match"
    code, out, _ = call(capsys, "--library", lib, "read", seeded, "--off")
    assert out.startswith("unread:")


def test_the_list_sorts_as_the_window_does(lib, capsys, seeded):
    assert SORTS == LIBRARY_SORTS
    for sort in SORTS:
        code, out, _ = call(capsys, "--library", lib, "list", "--sort", sort)
        assert code == 0 and ("published" if sort == "published" else "added") in out.split()


@pytest.mark.gui
def test_the_smoke_test_prints_one_line_and_no_qt_noise(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    env["ARTICLE_READER_LIBRARY"] = str(tmp_path / "library.db")
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--quit-after-show"],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("shown: ")
    assert "does not support" not in result.stderr  # propagateSizeHints(), say


def test_the_window_refuses_a_library_in_a_missing_folder_too(tmp_path):
    from reader.gui_launch import launch

    assert launch(str(tmp_path / "nowhere" / "library.db"), []) == 2
    assert not (tmp_path / "nowhere").exists()
