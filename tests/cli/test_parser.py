"""The one parser: no command opens the window (with its files, links and options), a
command runs the command line; parsing a launch costs argparse and nothing more."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.parser import FORMATS, HIDDEN, OPEN, build_parser, names_a_command, parse

ROOT = Path(__file__).resolve().parents[2]


def help_text(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as done:
        parse(argv)
    assert done.value.code == 0
    return capsys.readouterr().out


def test_help_lists_every_command_and_says_what_no_command_does(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    text = help_text(capsys, ["--help"])
    assert "Without a command, opens the desktop window." in " ".join(text.split())
    _, commands = build_parser()
    # what the help lists (a command's other spellings in brackets after it) is exactly
    # what the launch treats as a command
    listed = set()
    for line in text.split("\n  COMMAND\n", 1)[1].split("\noptions:")[0].splitlines():
        if line.startswith("    ") and not line.startswith("     "):
            name, *rest = line.split()
            aliases = rest[0] if rest and rest[0].startswith("(") else ""
            listed |= {name, *aliases.strip("()").split(",")} - {""}
    assert listed == commands - HIDDEN and OPEN in commands and commands >= HIDDEN
    assert {"favourite", "favorite"} <= commands  # the window says Favourite


def test_the_windows_own_help_names_its_options(capsys):
    text = help_text(capsys, ["open", "--help"])
    assert "FILE_OR_URL" in text and "--install-desktop" in text and "--library" in text
    assert "--quit-after-show" not in text  # for smoke tests only
    assert help_text(capsys, ["notes.md", "--help"]) == text  # no command: the window's


def test_the_window_options_parse():
    args = parse(["--library", "x.db", "--quit-after-show", "a.md", "https://example.org/b"])
    assert (args.command, args.library, args.quit_after_show) == (OPEN, "x.db", True)
    assert args.targets == ["a.md", "https://example.org/b"]
    assert parse(["open", "a.md"]).targets == ["a.md"]
    assert parse(["--", "list"]).targets == ["list"]  # after "--", a file called "list"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], False),
        (["--library", "list"], False),  # "list" is the library's file name here
        (["--library=x.db", "list"], True),
        (["--quit-after-show"], False),
        (["--version"], True),
        (["-h", "notes.md"], True),
        (["notes.md", "list"], False),  # the first word decides
        (["article-reader://open?article=3"], False),
        (["search", "x"], True),
    ],
)
def test_the_first_word_decides_between_window_and_command_line(argv, expected):
    assert names_a_command(argv, build_parser()[1]) is expected


def test_mistakes_exit_2_with_argparses_message(capsys):
    for argv in (["--bogus"], ["list", "--bogus"], ["show"]):
        with pytest.raises(SystemExit) as done:
            parse(argv)
        assert done.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith("usage: article-reader") and "error:" in err, argv


def test_export_formats_are_the_exporters():
    from reader.core.exporting import FORMATS as EXPORTERS

    assert set(FORMATS) == set(EXPORTERS)


def test_parsing_a_launch_imports_argparse_and_nothing_else_heavy():
    code = (
        "import sys; before = set(sys.modules)\n"
        "from reader.app import main\n"
        "from reader.cli.parser import parse\n"
        "parse(['--library', 'x.db', 'notes.md']); parse(['list', '--json'])\n"
        "new = set(sys.modules) - before\n"
        "ours = sorted(m for m in new if m.startswith('reader'))\n"
        "print(ours)\n"
        "tops = {m.split('.')[0] for m in new}\n"
        "heavy = tops & {'sqlite3', 'sqlite_utils', 'PySide6', 'shiboken6', 'dataclasses',\n"
        "                'platformdirs', 'json', 'wcwidth', 'email', 'http'}\n"
        # pathlib itself brings urllib.parse (Python 3.11); urllib.request is the heavy part
        "heavy |= new & {'importlib.metadata', 'urllib.request'}\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(
        [
            "reader",
            "reader.app",
            "reader.cli",
            "reader.cli.parser",
            "reader.cli.parser_browser",  # the pair and serve commands, argparse only
            "reader.cli.parser_feeds",
            "reader.core",
            "reader.core.colours",
            "reader.core.paths",
            "reader.gui_launch",
            "reader.window_socket",
        ]
    )
