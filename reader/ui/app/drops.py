"""Files, folders and web links dropped on the window are imported."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject


class DropImports(QObject):
    """An event filter on the window: accepts a drag that carries something importable
    and hands what is dropped to ``import_sources``."""

    def __init__(self, window: QObject, import_sources: Callable[[list[str]], object]) -> None:
        super().__init__(window)
        self._import = import_sources
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        # deferred: the import dialog's module, needed only once something is dragged in
        from reader.ui.dialogs.import_dialog import sources_from_mime

        sources = sources_from_mime(event.mimeData())  # type: ignore[attr-defined]
        if not sources:
            return False
        event.acceptProposedAction()  # type: ignore[attr-defined]
        if kind == QEvent.Type.Drop:
            self._import(sources)
        return True
