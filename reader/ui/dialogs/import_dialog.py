"""Importing from the window: choosing files, a folder or a URL, and running the import.

``Importer.start(sources)`` imports in the background; when there is more than
one source a progress dialog appears that can cancel the rest, and at the end a
short report names every file that failed and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from reader.core.storage.library import Library
from reader.ui.jobs import Job, JobRunner
from reader.ui.message_box import fit_width

if TYPE_CHECKING:
    from reader.core.importing.ingest import ImportReport

FILE_FILTER = (
    "Articles, books and annotations "
    "(*.html *.htm *.md *.markdown *.txt *.epub *.pdf *.jsonld *.json);;"
    "Books (*.epub);;PDF documents (*.pdf);;"
    "W3C Web Annotations (*.jsonld *.json);;Kindle clippings (*.txt);;All files (*)"
)
SHOW_FAILURES = 12  # in the message; all of them are in "Show Details"


def choose_files(parent: QWidget, start: str | None) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, "Import files", start or "", FILE_FILTER)
    return paths


def choose_folder(parent: QWidget, start: str | None) -> str | None:
    return QFileDialog.getExistingDirectory(parent, "Import a folder", start or "") or None


def is_web_url(text: str) -> bool:
    url = QUrl(text.strip())
    return url.isValid() and url.scheme() in ("http", "https") and bool(url.host())


class UrlDialog(QDialog):
    """Asks for one http(s) address; Import stays disabled until the address is one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import from URL")
        self.field = QLineEdit(self)
        self.field.setObjectName("url")
        self.field.setPlaceholderText("https://example.org/an-article")
        self.field.setMinimumWidth(420)
        clip = QGuiApplication.clipboard().text().strip() if QGuiApplication.clipboard() else ""
        if is_web_url(clip):
            self.field.setText(clip)
            self.field.selectAll()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Address of the web page:", self))
        layout.addWidget(self.field)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._check)
        self._check(self.field.text())

    def _check(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(is_web_url(text))

    def url(self) -> str:
        return self.field.text().strip()


def sources_from_mime(mime: QMimeData) -> list[str]:
    """Local files and folders, and http(s) links, from a drop or a paste."""
    found = []
    for url in mime.urls():
        if url.isLocalFile():
            found.append(url.toLocalFile())
        elif url.scheme() in ("http", "https"):
            found.append(url.toString())
    if not found and mime.hasText():
        found = [line.strip() for line in mime.text().splitlines() if is_web_url(line)]
    return found


def annotation_lines(report: ImportReport) -> list[str]:
    """What the annotation and Kindle imports say: a summary per file, then each orphan."""
    lines = []
    for part in [*report.annotations, *report.clippings]:
        lines.append(part.summary())
        lines += [f"  {line}" for line in part.lines()]
    return lines


def failure_lines(report: ImportReport) -> list[str]:
    """One line per failure, naming the file (or URL) and why."""
    lines = []
    for failure in report.failures:
        name = Path(failure.source).name if "://" not in failure.source else failure.source
        reason = failure.reason.removeprefix(f"cannot import {failure.source}: ")
        lines.append(f"{name}: {reason}")
    return lines


def picture_lines(report: ImportReport) -> list[str]:
    """The pictures imported articles could not keep, one line each, under a heading."""
    if not report.problems:
        return []
    lines = ["Pictures not kept (the articles imported without them):"]
    for problem in report.problems:
        name = Path(problem.source).name if "://" not in problem.source else problem.source
        lines.append(f"  {name}: {problem.reason.removeprefix(problem.source + ': ')}")
    return lines


class Importer(QObject):
    """Runs imports for a window: a progress dialog for batches, a report at the end."""

    finished = Signal(object)  # ImportReport
    failed = Signal(str)  # the import stopped: the library is in trouble

    def __init__(self, library: Library, runner: JobRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._library = library
        self._runner = runner
        self._window = parent
        self.progress: QProgressDialog | None = None
        self.report_box: QMessageBox | None = None
        self.job: Job | None = None

    def start(self, sources: list[str]) -> Job | None:
        if not sources:
            return None
        from reader.core.importing.ingest import import_sources

        library = self._library
        # A web page's pictures and a PDF's pages can take a while: a URL and a PDF get the
        # progress dialog too (it shows only after 400 ms), with its Cancel.
        first = sources[0]
        single = len(sources) == 1 and not Path(first).is_dir() and not is_web_url(first)
        single = single and not first.lower().endswith(".pdf")

        def work(job: Job) -> ImportReport:
            return import_sources(library, sources, progress=job.report, cancelled=job.is_cancelled)

        job = self._runner.run(work, "import")
        self.job = job
        if not single:
            self.progress = self._progress_dialog(job)
            job.progress.connect(self._progressed)
        job.succeeded.connect(self._done)
        job.failed.connect(self._failed)
        return job

    def _progress_dialog(self, job: Job) -> QProgressDialog:
        dialog = QProgressDialog("Looking for articles…", "Cancel", 0, 0, self._window)
        label = QLabel("Looking for articles…", dialog)
        label.setTextFormat(Qt.TextFormat.PlainText)  # file names and addresses are not markup
        dialog.setLabel(label)
        dialog.setWindowTitle("Importing")
        dialog.setObjectName("import_progress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)  # a quick batch never flashes a dialog
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        dialog.canceled.connect(job.cancel)
        return dialog

    def _progressed(self, done: int, total: int, source: str) -> None:
        dialog = self.progress
        if dialog is None:
            return
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))
        if source:
            name = Path(source).name if "://" not in source else source
            dialog.setLabelText(f"Importing {done + 1} of {total}: {name}")

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _done(self, report: ImportReport) -> None:
        self._close_progress()
        if report.failures or report.problems or report.annotations or report.clippings:
            self.report_box = self._report_box(report)
            self.report_box.open()
        self.finished.emit(report)

    def _failed(self, error: BaseException) -> None:
        self._close_progress()
        message = f"The import stopped: {error}"
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Import stopped",
            message,
            QMessageBox.StandardButton.Ok,
            self._window,
        )
        box.setObjectName("import_report")
        box.setTextFormat(Qt.TextFormat.PlainText)  # addresses and file names are not markup
        fit_width(box).open()
        self.report_box = box
        self.failed.emit(message)

    def _report_box(self, report: ImportReport) -> QMessageBox:
        lines = failure_lines(report)
        notes = annotation_lines(report) + picture_lines(report)
        box = QMessageBox(self._window)
        box.setObjectName("import_report")
        box.setIcon(QMessageBox.Icon.Warning if lines else QMessageBox.Icon.Information)
        box.setWindowTitle("Import finished")
        box.setText(f"Import finished: {report.summary()}.")
        shown = lines[:SHOW_FAILURES]
        more = len(lines) - len(shown)
        text = "\n".join(notes[:SHOW_FAILURES])
        if lines:
            text += "\n\n" if text else ""
            text += "These could not be imported:\n" + "\n".join(f"• {line}" for line in shown)
            text += f"\n…and {more} more (see Show Details)" if more else ""
        box.setInformativeText(text)
        if more or len(notes) > SHOW_FAILURES:
            box.setDetailedText("\n".join(notes + lines))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setTextFormat(Qt.TextFormat.PlainText)
        return fit_width(box)
