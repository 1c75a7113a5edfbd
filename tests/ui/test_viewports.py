"""The viewport workaround (``reader/ui/viewports.py``): it still works, and is still needed.

Which classes PySide has made shows in a fresh process only (any test before this one
may have made them all), so the checks run the window, or a bare list, in a child.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QListView, QTextBrowser

from reader.ui import viewports
from reader.ui.viewports import own_viewport

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]

# QWidget subclasses the window never uses: PySide makes them only when it searches for
# the class of a viewport it was handed unwrapped.
UNUSED = ("QCalendarWidget", "QDial", "QLCDNumber", "QMdiArea", "QSplashScreen")

CHILD = r"""
import json, sys
from pathlib import Path
import PySide6.QtWidgets as widgets
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

unused = sys.argv[-1].split(",")
made = lambda: [name for name in unused if name in vars(widgets)]
lazy = made() == []  # else this PySide makes every class at import: nothing to see

if sys.argv[1] == "window":
    from reader.ui.app.start import run_app

    def shown(window):
        window.grab()

        def report():  # once the work after the first paint (the notes pane) is done
            print(json.dumps({"lazy": lazy, "made": made(), "notes": bool(window.notes_pane)}))
            window.close()
            QApplication.quit()

        QTimer.singleShot(200, report)

    sys.exit(run_app(Path(sys.argv[2]), on_shown=shown))
else:  # a list whose viewport nobody wrapped
    app = QApplication([])
    widgets.QListView().viewport()
    print(json.dumps({"lazy": lazy, "made": made()}))
"""


def _child(*args: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args, ",".join(UNUSED)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(next(x for x in done.stdout.splitlines() if x.startswith("{")))
    if not result["lazy"]:
        pytest.skip(f"PySide6 {viewports.PYSIDE_VERSION} makes every class at import")
    return result


@pytest.mark.skipif(not viewports.APPLIES, reason="a PySide newer than the workaround")
@pytest.mark.parametrize("kind", [QListView, QTextBrowser])
def test_the_named_child_is_the_viewport(qtbot, kind):
    area = kind()
    qtbot.addWidget(area)
    found = own_viewport(area)
    assert found is not None
    assert found is area.viewport()
    assert type(found).__name__ == "QWidget"


def test_the_window_starts_without_pyside_searching_its_viewports(seeded, tmp_path):
    """Fails when a scroll area in the window (the article list, the reading pane, the
    notes pane's lists) hands Python its viewport unwrapped, or the wrapping stops working."""
    if not viewports.APPLIES:
        pytest.skip("a PySide newer than the workaround: see the next test")
    result = _child("window", str(seeded.path))
    assert result["notes"]
    assert result["made"] == []


def test_pyside_still_searches_an_unwrapped_viewport():
    """Fails when this PySide no longer searches: the workaround is then not needed here
    (delete reader/ui/viewports.py), or, past CHECKED_UP_TO, it is (raise it)."""
    result = _child("list")
    searched = result["made"] == list(UNUSED)
    if viewports.APPLIES:
        assert searched, f"PySide6 {viewports.PYSIDE_VERSION} no longer searches: drop it"
    else:
        assert not searched, f"PySide6 {viewports.PYSIDE_VERSION} still searches: check it"
