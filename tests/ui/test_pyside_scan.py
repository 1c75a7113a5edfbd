"""PySide6 is spared reading our modules' source at startup, and told what it would find."""

import importlib
import sys

import pytest

import reader.ui  # noqa: F401 - enters the modules
from reader.ui.pyside_scan import enter_our_modules

pytestmark = pytest.mark.gui

feature = sys.modules.get("shibokensupport.feature")
needs_table = pytest.mark.skipif(
    not isinstance(getattr(feature, "pyside_feature_dict", None), dict),
    reason="this PySide6 keeps no table of scanned modules (the scan runs as before)",
)


@needs_table
def test_every_module_a_start_imports_is_entered_with_the_scans_answer():
    table = feature.pyside_feature_dict
    names = [
        "reader.ui.app.main_window",
        "reader.ui.library.pane",
        "reader.ui.dialogs.export_dialog",
        "reader.core.storage.library",
        "reader.core.search",
        "reader.cli.commands",
        "json",
        "sqlite3",
        "dataclasses",
        "typing",
    ]
    for name in names:
        assert name in table, name
        module = importlib.import_module(name)
        scanned = 0 if feature._mod_uses_pyside(module) else -1  # what PySide would find
        assert table[name] == scanned, name


@needs_table
def test_a_later_call_enters_nothing_twice():
    enter_our_modules()  # anything loaded since the first call
    assert enter_our_modules() == 0
