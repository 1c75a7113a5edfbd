"""Spare PySide6 from reading the source of every module we import.

After ``PySide6.QtCore`` is imported, PySide calls a hook on every new module
(``shibokensupport.feature.feature_imported``) that reads the module's source
with ``inspect.getsource`` to see whether it mentions PySide6, for its optional
``__feature__`` switches (snake_case, true_property), which this app does not
use. A start of the window imports about 80 modules after PySide6, ours and the
standard library's (``typing``, ``inspect``, ``dataclasses``, ...): 6-10 ms of
reading source. Here they are entered in PySide's table beforehand with the
answer the scan gives them: the window's modules use PySide6 (0), the core's,
the command line's and the standard library's do not (-1); both mean "no
feature". If a PySide version moves the table, nothing is entered and PySide
scans as before.
"""

from __future__ import annotations

import os
import sys

import PySide6.QtCore  # noqa: F401 - installs the hook and its table

# Submodules of the standard library a start imports after this (not loaded yet).
STDLIB_SUBMODULES = ("json.decoder", "json.encoder", "json.scanner", "sqlite3.dbapi2")


def enter_our_modules() -> int:
    """Answer PySide's scan for every module of ``reader`` and of the standard library;
    how many were entered."""
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return 0
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the reader package
    entered = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(("_", "."))]  # no __pycache__
        package = "reader" + folder[len(root) :].replace(os.sep, ".")
        for file in files:
            if not file.endswith(".py"):
                continue
            name = package if file == "__init__.py" else f"{package}.{file[:-3]}"
            if name not in table:
                table[name] = 0 if name.startswith("reader.ui") else -1
                entered += 1
    stdlib = sys.stdlib_module_names
    loaded = [n for n in list(sys.modules) if n.partition(".")[0] in stdlib]
    for name in (*stdlib, *loaded, *STDLIB_SUBMODULES):
        if name not in table:
            table[name] = -1
            entered += 1
    return entered
