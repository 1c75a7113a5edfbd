"""Before Qt can abort with a cryptic message, the launcher says what is missing and the fix."""

import subprocess
import sys
from pathlib import Path

import pytest

from reader import gui_launch


@pytest.fixture
def linux(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")


def test_missing_libxcb_cursor_names_the_package(linux, monkeypatch):
    monkeypatch.setattr(gui_launch, "_has_library", lambda name: False)
    problem = gui_launch.platform_problem()
    assert "libxcb-cursor0" in problem and "apt install" in problem


def test_no_display_points_to_the_command_line(linux, monkeypatch):
    monkeypatch.delenv("DISPLAY")
    assert "no display" in gui_launch.platform_problem()


def test_all_well_on_x11_with_the_library(linux, monkeypatch):
    monkeypatch.setattr(gui_launch, "_has_library", lambda name: True)
    assert gui_launch.platform_problem() is None


@pytest.mark.parametrize("platform", ["offscreen", "wayland"])
def test_other_platforms_are_not_second_guessed(linux, monkeypatch, platform):
    monkeypatch.setenv("QT_QPA_PLATFORM", platform)
    monkeypatch.setattr(gui_launch, "_has_library", lambda name: False)
    assert gui_launch.platform_problem() is None


def test_the_app_exits_with_one_line_instead_of_a_qt_abort(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "xcb"}
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "no display" in result.stderr


def test_the_first_launch_on_a_library_decides_without_qtnetwork(tmp_path):
    import os

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(root)}
    code = (
        "import sys, time; from pathlib import Path; from reader.gui_launch import _first_window;"
        f"print(_first_window(Path({str(tmp_path / 'l.db')!r})), "
        "'PySide6.QtNetwork' in sys.modules, flush=True); time.sleep(float(sys.argv[1]))"
    )
    first = subprocess.Popen(
        [sys.executable, "-c", code, "5"], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert first.stdout.readline().split() == ["True", "False"]
        # while the first holds the library's lock, a second launch is not the first
        second = subprocess.run(
            [sys.executable, "-c", code, "0"], env=env, capture_output=True, text=True
        )
        assert second.stdout.split() == ["False", "False"], second.stderr
    finally:
        first.kill()
        first.wait()
