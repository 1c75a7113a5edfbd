"""The desktop window (PySide6). See ARCHITECTURE.md for the map of its modules."""

from reader.ui.pyside_scan import enter_our_modules

enter_our_modules()
