"""Desktop integration: the entry and AppStream file validate, the icons are the sizes
their names say, ``--install-desktop`` puts everything where the freedesktop specs say,
and a launch without a command tells files and links from commands."""

import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from reader import desktop_install
from reader.cli.parser import OPEN, parse
from reader.gui_launch import normalize_target

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "reader" / "desktop_files"
ENTRY = LINUX / "org.articlereader.ArticleReader.desktop"
METAINFO = LINUX / "org.articlereader.ArticleReader.metainfo.xml"
ICONS = ROOT / "reader" / "resources" / "icons"


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: .ci/run installs it (apt-get install the Debian package)"
    return path


def validate_entry(path: Path) -> None:
    done = subprocess.run(
        [tool("desktop-file-validate"), str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_desktop_entry_validates_and_declares_what_it_opens():
    validate_entry(ENTRY)
    text = ENTRY.read_text(encoding="utf-8")
    mime = next(line for line in text.splitlines() if line.startswith("MimeType="))
    for kind in ("text/html", "text/markdown", "text/plain", "x-scheme-handler/article-reader"):
        assert kind in mime.split("=", 1)[1].split(";")
    assert "Exec=article-reader %U" in text
    assert "Icon=org.articlereader.ArticleReader" in text
    assert "Categories=Office;Viewer;" in text


def test_appstream_metainfo_validates():
    done = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", "--explain", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = METAINFO.read_text(encoding="utf-8")
    assert "<content_rating" in text and "<release version=" in text and "<screenshot" in text


def test_metainfo_screenshots_are_committed_at_the_sizes_it_states():
    import re

    shots = sorted((ROOT / "packaging" / "screenshots").glob("*.png"))
    names = {p.name for p in shots}
    text = METAINFO.read_text(encoding="utf-8")
    for width, height, url in re.findall(r'width="(\d+)" height="(\d+)">([^<]+)<', text):
        name = url.rsplit("/", 1)[1]
        assert name in names, f"{url} has no file in packaging/screenshots/"
        assert png_size(ROOT / "packaging" / "screenshots" / name) == (int(width), int(height))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_icons_exist_at_every_size_and_are_square():
    sizes = sorted(int(p.stem.rsplit("-", 1)[1]) for p in ICONS.glob("article-reader-*.png"))
    assert {16, 32, 48, 64, 128, 256, 512} <= set(sizes)
    for size in sizes:
        assert png_size(ICONS / f"article-reader-{size}.png") == (size, size)


@pytest.mark.gui
def test_the_icon_script_renders_every_size_from_the_svg(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "make_icons.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    made = {p.name: png_size(p) for p in tmp_path.glob("*.png")}
    committed = {p.name: png_size(p) for p in ICONS.glob("*.png")}
    assert made == committed


def test_install_desktop_follows_xdg_data_home(tmp_path, monkeypatch):
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    assert desktop_install.run("--install-desktop") == 0
    entry = home / "applications" / "org.articlereader.ArticleReader.desktop"
    validate_entry(entry)
    exec_line = next(x for x in entry.read_text().splitlines() if x.startswith("Exec="))
    assert exec_line.endswith(" %U") and "/" in exec_line  # an absolute command
    for size in (16, 48, 128, 256):
        icon = home / f"icons/hicolor/{size}x{size}/apps/org.articlereader.ArticleReader.png"
        assert png_size(icon) == (size, size)
    assert (home / "icons/hicolor/scalable/apps/org.articlereader.ArticleReader.svg").exists()
    assert (home / "metainfo/org.articlereader.ArticleReader.metainfo.xml").exists()
    if shutil.which("update-desktop-database"):
        cache = (home / "applications" / "mimeinfo.cache").read_text()
        assert "x-scheme-handler/article-reader=org.articlereader.ArticleReader.desktop" in cache

    assert desktop_install.run("--uninstall-desktop") == 0
    assert not entry.exists()
    assert not list((home / "icons").rglob("org.articlereader.ArticleReader.*"))


def test_install_desktop_from_the_command_needs_no_qt(tmp_path):
    blocked = tmp_path / "blocked" / "PySide6"
    blocked.mkdir(parents=True)
    (blocked / "__init__.py").write_text("raise ImportError('PySide6 is blocked here')\n")
    env = {"XDG_DATA_HOME": str(tmp_path / "d"), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--install-desktop"],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": f"{blocked.parent}:{ROOT}"},
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "applications/org.articlereader.ArticleReader.desktop" in done.stdout
    assert not done.stderr


def test_exec_line_quotes_paths_with_spaces_and_reserved_characters(tmp_path):
    line = desktop_install.exec_line(["/home/a b/venv $x/article-reader", "-m", "100%"])
    assert line == '"/home/a b/venv \\\\$x/article-reader" -m 100%%'
    entry = tmp_path / "x.desktop"
    text = desktop_install.desktop_entry(["/opt/My Apps/article-reader"])
    entry.write_text(text)
    validate_entry(entry)


@pytest.mark.parametrize(
    ("argv", "library", "targets"),
    [
        ([], None, []),
        (["--library", "x.db"], "x.db", []),
        (["notes.md"], None, ["notes.md"]),
        (["--library=x.db", "https://example.org/a"], "x.db", ["https://example.org/a"]),
        (
            ["article-reader://open?article=3&highlight=ab"],
            None,
            ["article-reader://open?article=3&highlight=ab"],
        ),
    ],
)
def test_a_launch_without_a_command_is_for_the_window(argv, library, targets):
    args = parse(argv)
    assert args.command == OPEN and args.targets == targets
    assert getattr(args, "library", None) == library
    assert not args.quit_after_show and args.desktop is None


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["list"], "list"),
        (["--library", "x.db", "show", "3"], "show"),
        (["--lib", "x.db", "show", "3"], "show"),  # argparse's abbreviation of --library
        (["import", "a.md"], "import"),
    ],
)
def test_commands_are_for_the_command_line(argv, command):
    assert parse(argv).command == command


@pytest.mark.parametrize("option", ["--install-desktop", "--uninstall-desktop"])
def test_the_desktop_options_are_the_windows(option):
    args = parse([option])
    assert args.command == OPEN and args.desktop == option
    with pytest.raises(SystemExit) as done:  # one or the other
        parse(["--install-desktop", "--uninstall-desktop"])
    assert done.value.code == 2


def test_targets_become_absolute_paths_and_missing_files_are_named(tmp_path):
    (tmp_path / "a note.md").write_text("# Hi\n")
    assert normalize_target("a note.md", cwd=str(tmp_path)) == str(tmp_path / "a note.md")
    uri = (tmp_path / "a note.md").as_uri()
    assert normalize_target(uri) == str(tmp_path / "a note.md")
    link = "article-reader://open?article=3"
    assert normalize_target(link) == link
    with pytest.raises(ValueError, match=r"gone\.md: no such file"):
        normalize_target("gone.md", cwd=str(tmp_path))
