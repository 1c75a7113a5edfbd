"""The desktop window (PySide6). See ARCHITECTURE.md for the map of its modules."""
