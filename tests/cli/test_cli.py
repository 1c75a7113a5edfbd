"""The command line, end to end on a real library file; the core runs with Qt unimportable."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_kit import call

from reader.cli import run

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "reader" / "sample_articles"
SEED = "putin-russia-china-alliance.txt"

NO_QT = """
import importlib.abc, sys
class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError(f"{name} is blocked: the core and CLI must not need Qt")
sys.meta_path.insert(0, NoQt())
from reader.app import main
code = main(sys.argv[1:])
assert not any(m.startswith(("PySide6", "shiboken6")) for m in sys.modules)
sys.exit(code)
"""


def cli(*args, lib=None, stdin=None) -> subprocess.CompletedProcess:
    """Run the command line in a fresh interpreter where PySide6 cannot be imported."""
    env = dict(os.environ)
    if lib:
        env["ARTICLE_READER_LIBRARY"] = str(lib)
    return subprocess.run(
        [sys.executable, "-c", NO_QT, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        input=stdin,
        timeout=120,
    )


@pytest.fixture
def lib(tmp_path):
    return tmp_path / "cli.db"


@pytest.fixture
def seeded(lib, capsys):
    code, out, err = call(capsys, "--library", lib, "import", SAMPLES / SEED)
    assert code == 0, err
    return int(out.split()[1])


def test_every_command_runs_without_qt(lib, tmp_path):
    """Each subcommand, once, in a process where importing PySide6 fails."""
    r = cli("import", SAMPLES, lib=lib)
    assert r.returncode == 0, r.stderr
    rows = json.loads(cli("list", "--json", lib=lib).stdout)
    seed = next(row for row in rows if row["title"].startswith("A powerful"))
    i = str(seed["id"])
    steps = [
        ("list",),
        ("show", i),
        ("show", i, "--json"),
        (
            "highlight",
            i,
            "--quote",
            "unprecedented high level",
            "--colour",
            "green",
            "--note",
            "Putin's words",
            "--tag",
            "russia-china",
        ),
        ("highlights", i),
        ("highlights", "--all", "--since", "1d", "--json"),
        ("review", "--json"),
        ("note", i, "Compare with the 2019 Valdai speech."),
        ("note", i),
        ("tag", i, "politics"),
        ("tags",),
        ("favorite", i),
        ("archive", i, "--off"),
        ("search", "alliance"),
        ("search", "alliance", "--json"),
        ("export", i, "--format", "md"),
        ("export", "--all", "--format", "csv"),
        ("export", "--all", "--format", "jsonld", "--output", tmp_path / "out"),
        ("delete", i),
        ("list", "--trash"),
        ("restore", i),
        ("empty-trash",),
        ("backup",),
        ("--help",),
    ]
    for step in steps:
        r = cli(*step, lib=lib)
        assert r.returncode == 0, (step, r.stderr)
    hl = json.loads(cli("highlights", i, "--json", lib=lib).stdout)[0]
    rated = cli("review", "rate", hl["id"], "good", lib=lib)
    assert rated.returncode == 0 and rated.stdout.strip().endswith("Z"), rated.stderr
    assert cli("edit-highlight", hl["id"], "--colour", "blue", lib=lib).returncode == 0
    assert cli("edit-highlight", hl["id"], "--delete", lib=lib).returncode == 0


def test_python_dash_m_reader(lib):
    env = {**os.environ, "ARTICLE_READER_LIBRARY": str(lib)}
    r = subprocess.run(
        [sys.executable, "-m", "reader", "list"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert r.returncode == 0 and "no articles yet" in r.stdout


def test_library_option_and_environment(tmp_path, capsys, monkeypatch):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    monkeypatch.setenv("ARTICLE_READER_LIBRARY", str(a))
    assert call(capsys, "import", SAMPLES / SEED)[0] == 0
    assert call(capsys, "list", "--library", b)[1].startswith("no articles")
    assert "A powerful" in call(capsys, "list")[1]
    assert a.exists() and b.exists()


def test_default_library_is_in_the_user_data_folder(monkeypatch):
    from reader.cli import default_library_path

    monkeypatch.delenv("ARTICLE_READER_LIBRARY")
    path = default_library_path()
    assert path.name == "library.db" and "article-reader" in str(path)


def test_list_and_show_json(lib, capsys, seeded):
    code, out, _ = call(capsys, "--library", lib, "list", "--json")
    rows = json.loads(out)
    assert {"id", "title", "url", "added", "highlights"} <= rows[0].keys()
    code, out, _ = call(capsys, "--library", lib, "show", seeded, "--json")
    assert code == 0
    data = json.loads(out)
    assert {"id", "title", "url", "author", "site", "published", "text"} <= data.keys()
    assert "unprecedented high level" in data["text"]


def test_highlight_round_trip_through_every_format(lib, capsys, seeded, tmp_path):
    import markdown

    code, out, err = call(
        capsys,
        "--library",
        lib,
        "highlight",
        seeded,
        "--quote",
        "unprecedented high level",
        "--colour",
        "green",
        "--note",
        "Putin's words",
        "--tag",
        "russia-china",
        "--json",
    )
    assert code == 0, err
    h = json.loads(out)
    text = json.loads(call(capsys, "--library", lib, "show", seeded, "--json")[1])["text"]
    assert text[h["start"] : h["end"]] == "unprecedented high level"
    call(capsys, "--library", lib, "note", seeded, "Compare with the 2019 Valdai speech.")

    docs = {}
    for fmt in ("md", "html", "jsonld", "csv"):
        code, out, err = call(capsys, "--library", lib, "export", seeded, "--format", fmt)
        assert code == 0, err
        docs[fmt] = out
        for needle in ("unprecedented high level", "russia-china", "green"):
            assert needle in out, (fmt, needle)
        assert "Putin" in out and "words" in out, fmt  # the note (escaped as the format needs)

    html = markdown.markdown(docs["md"])
    assert "unprecedented high level" in html and "<blockquote>" in html
    assert "Compare with the 2019 Valdai speech." in docs["md"]
    assert f"^h-{h['id']}" in docs["md"]

    collection = json.loads(docs["jsonld"])
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    items = collection["first"]["items"]
    assert len(items) == 1
    selectors = {s["type"]: s for s in items[0]["target"]["selector"]}
    pos, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
    assert text[pos["start"] : pos["end"]] == quote["exact"] == "unprecedented high level"

    rows = list(csv.DictReader(io.StringIO(docs["csv"])))
    assert list(rows[0].keys()) == [
        "Highlight",
        "Title",
        "Author",
        "URL",
        "Note",
        "Location",
        "Date",
    ]
    assert rows[0]["Highlight"] == "unprecedented high level"
    assert "Putin's words" in rows[0]["Note"]


def test_export_all_to_folder_updates_in_place(lib, capsys, tmp_path):
    call(capsys, "--library", lib, "import", SAMPLES)
    out_dir = tmp_path / "notes"
    code, out, err = call(
        capsys, "--library", lib, "export", "--all", "--format", "md", "--output", out_dir
    )
    assert code == 0, err
    assert len(out.splitlines()) == len(list(SAMPLES.iterdir()))  # one path per file written
    first = sorted(p.name for p in out_dir.glob("*.md"))
    assert len(first) == len(list(SAMPLES.iterdir()))
    assert (out_dir / ".article-reader-export.json").is_file()  # the folder's manifest
    call(capsys, "--library", lib, "export", "--all", "--format", "md", "--output", out_dir)
    assert sorted(p.name for p in out_dir.glob("*.md")) == first


def test_quote_errors_are_clear(lib, capsys, seeded):
    code, _, err = call(capsys, "--library", lib, "highlight", seeded, "--quote", "not there")
    assert code == 2 and "not in article" in err
    code, _, err = call(
        capsys, "--library", lib, "highlight", seeded, "--quote", "Putin", "--occurrence", "99"
    )
    assert code == 2 and "--occurrence 1.." in err
    code, out, _ = call(
        capsys,
        "--library",
        lib,
        "highlight",
        seeded,
        "--quote",
        "Putin",
        "--occurrence",
        "2",
        "--json",
    )
    assert code == 0
    text = json.loads(call(capsys, "--library", lib, "show", seeded, "--json")[1])["text"]
    second = text.index("Putin", text.index("Putin") + 1)
    assert json.loads(out)["start"] == second


def test_missing_article_is_a_clear_error(lib, capsys):
    code, _, err = call(capsys, "--library", lib, "show", "42")
    assert code == 1 and "no article with id 42" in err


def test_bad_files_fail_alone_and_exit_1(lib, capsys, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("A good title\n\nSome words in a paragraph.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    pdf = tmp_path / "notes.pdf"
    pdf.write_bytes(b"%PDF-1.4 ...")
    code, out, err = call(capsys, "--library", lib, "import", good, empty, binary, pdf)
    assert code == 1
    assert "A good title" in out
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 3
    for name in ("empty.txt", "photo.txt", "notes.pdf"):
        assert sum(name in line for line in lines) == 1


def test_newer_library_message(lib, capsys):
    import sqlite3

    call(capsys, "--library", lib, "list")
    conn = sqlite3.connect(lib)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    code, _, err = call(capsys, "--library", lib, "list")
    assert code == 1 and "newer version of Article Reader" in err


def test_export_to_an_unusable_folder_is_a_clear_error(lib, capsys, seeded, tmp_path):
    blocker = tmp_path / "notes.md"
    blocker.write_text("mine", encoding="utf-8")
    code, _, err = call(capsys, "--library", lib, "export", seeded, "--output", blocker)
    assert code == 1 and "cannot write the export to" in err and "notes.md" in err


def test_list_columns_line_up_with_wide_characters():
    from reader.cli.output import cells as _cells
    from reader.cli.output import fit as _fit

    family = "👩\u200d👩\u200d👧"
    texts = ("一杯茶的时间 🍵", "plain title", "很长的中文标题" * 5, "emoji 😀" * 9, family * 15)
    for text in texts:
        cut = _fit(text, 20)
        assert _cells(cut) == 20, cut
    assert _fit("abc", 5) == "abc  "
    assert _fit("abcdefgh", 5) == "abcd…"


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("e\u0301te\u0301", 3),  # "été" with combining accents: the accents take no column
        ("été", 3),
        ("👩\u200d👩\u200d👧", 2),  # one family emoji, three people joined
        ("漢字", 4),  # CJK: two columns each
        ("日本語のタイトル", 16),
        ("🇫🇷", 2),  # a flag: two regional indicators, one picture
        ("", 0),
    ],
)
def test_terminal_columns_count_what_a_terminal_shows(text, columns):
    from reader.cli.output import cells

    assert cells(text) == columns


def test_cutting_to_a_width_never_splits_a_character_from_its_accent_or_an_emoji_sequence():
    from reader.cli.output import fit

    assert fit("e\u0301te\u0301 et plus", 4) == "e\u0301te\u0301…"
    assert fit("👩\u200d👩\u200d👧" * 3, 4) == "👩\u200d👩\u200d👧… "
    assert fit("漢字漢字", 6) == "漢字… "


def test_every_core_module_imports_without_qt():
    code = NO_QT.split("from reader.app import main")[0] + (
        "import importlib, pkgutil, reader.core\n"
        "for m in pkgutil.walk_packages(reader.core.__path__, 'reader.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "import reader.core.importing.sources as i\n"
        "i.parse_html('<p>x</p>'); i.parse_markdown('# t\\n\\nSome words.')\n"
        "assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_trash_listing_and_emptying(lib, capsys, seeded):
    call(capsys, "--library", lib, "delete", seeded)
    code, out, _ = call(capsys, "--library", lib, "list", "--trash", "--json")
    assert code == 0 and [row["id"] for row in json.loads(out)] == [seeded]
    code, out, _ = call(capsys, "--library", lib, "empty-trash")
    assert code == 0 and "1 article" in out
    assert json.loads(call(capsys, "--library", lib, "list", "--trash", "--json")[1]) == []


def test_export_without_ids_or_all_says_what_to_do(tmp_path, capsys):

    code = run(["--library", str(tmp_path / "l.db"), "export", "--format", "md"])
    assert code != 0
    assert "--all for every one" in capsys.readouterr().err
