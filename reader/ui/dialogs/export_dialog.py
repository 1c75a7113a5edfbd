"""The export dialog (what, which format, where) and the export job it starts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.storage.library import Library
from reader.ui.jobs import Job, JobRunner
from reader.ui.settings import Settings
from reader.ui.status import Notice

ARTICLE, LIBRARY = "article", "library"
WHOLE = "html-full"  # the whole article as HTML, pictures inside (``exporting.whole``)


def format_labels() -> dict[str, str]:
    """Export formats by key with their labels (loads the exporters on first use); the
    whole article as HTML follows the summary formats."""
    from reader.core import exporting

    labels = {key: getattr(spec, "label", key) for key, spec in exporting.FORMATS.items()}
    return {**labels, WHOLE: "Whole article (HTML, with pictures)"}


def default_folder() -> str:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return str(Path(docs or Path.home()) / "Article Reader exports")


class ExportDialog(QDialog):
    """Choose this article or the whole library, a format and a folder."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        article_title: str | None,
        library_count: int,
        scope: str = ARTICLE,
        fmt: str = "md",
        folder: str | None = None,
        template: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export highlights and notes")
        self.setObjectName("export_dialog")
        self.this_article = QRadioButton(self)
        self.this_article.setObjectName("scope_article")
        self.this_article.setText(
            f"This article: {_short(article_title)}" if article_title else "This article"
        )
        self.this_article.setEnabled(article_title is not None)
        self.whole_library = QRadioButton(self)
        self.whole_library.setObjectName("scope_library")
        noun = "article" if library_count == 1 else "articles"
        self.whole_library.setText(f"The whole library ({library_count} {noun})")
        self.whole_library.setEnabled(library_count > 0)
        group = QButtonGroup(self)
        group.addButton(self.this_article)
        group.addButton(self.whole_library)
        self.format = QComboBox(self)
        self.format.setObjectName("format")
        for key, label in format_labels().items():
            self.format.addItem(label, key)
        self.folder = QLineEdit(folder or default_folder(), self)
        self.folder.setObjectName("folder")
        self.folder.setMinimumWidth(320)
        browse = QPushButton("Choose…", self)
        browse.setObjectName("browse")
        browse.clicked.connect(self._browse)
        self.template = QLineEdit(template or "", self)
        self.template.setObjectName("template")
        self.template.setPlaceholderText("Default template")
        self.template.setToolTip(
            "A Jinja2 Markdown template (.md.j2); empty for the default, or default.md.j2 "
            "in the templates folder of your config folder"
        )
        self.template_browse = QPushButton("Choose…", self)
        self.template_browse.setObjectName("browse_template")
        self.template_browse.clicked.connect(self._browse_template)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        scope_box = QVBoxLayout()
        scope_box.setSpacing(2)
        scope_box.addWidget(self.this_article)
        scope_box.addWidget(self.whole_library)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("Export:", scope_box)
        form.addRow("Format:", self.format)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(self.template_browse)
        form.addRow("Template:", template_row)
        form.addRow("Folder:", where)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)

        self.set_scope(scope)
        self.set_format(fmt)
        self.format.currentIndexChanged.connect(self._check)
        self.folder.textChanged.connect(self._check)
        self._check()

    # -- fields, also for tests and scripts --------------------------------------

    def scope(self) -> str:
        return ARTICLE if self.this_article.isChecked() else LIBRARY

    def set_scope(self, scope: str) -> None:
        wanted = self.this_article if scope == ARTICLE else self.whole_library
        if not wanted.isEnabled():
            wanted = self.whole_library if wanted is self.this_article else self.this_article
        wanted.setChecked(True)

    def fmt(self) -> str:
        return self.format.currentData()

    def set_format(self, fmt: str) -> None:
        self.format.setCurrentIndex(max(0, self.format.findData(fmt)))

    def template_path(self) -> str:
        """The chosen Markdown template ("" for the default); only Markdown takes one."""
        return self.template.text().strip() if self.fmt() == "md" else ""

    def _browse_template(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Markdown template", self.template.text(), "Templates (*.j2 *.jinja *.md)"
        )
        if chosen:
            self.template.setText(chosen)

    def destination(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()

    def set_destination(self, folder: str | Path) -> None:
        self.folder.setText(str(folder))

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Export to folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _check(self) -> None:
        ok = bool(self.folder.text().strip()) and (
            self.this_article.isEnabled() or self.whole_library.isEnabled()
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        templated = self.fmt() == "md"
        self.template.setEnabled(templated)
        self.template_browse.setEnabled(templated)


class Exporter(QObject):
    """Runs the export dialog and the export job for a window; says in the status bar
    where the files went (and what notes came back from the folder first)."""

    vaultChanged = Signal(list)  # ids of articles whose notes came back from the folder

    def __init__(
        self,
        library: Library,
        runner: JobRunner,
        settings: Settings,
        notice: Notice,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._library, self._runner = library, runner
        self._settings, self._notice, self._window = settings, notice, parent
        self._article_id: int | None = None

    def ask(self, article_id: int | None, title: str | None) -> ExportDialog:
        self._article_id = article_id
        settings = self._settings
        dialog = ExportDialog(
            self._window,
            article_title=title if article_id is not None else None,
            library_count=self._library.articles.count(archived=None),
            scope=settings["export_scope"],
            fmt=settings["export_format"],
            folder=settings["export_dir"],
            template=settings["export_template"] or "",
        )
        dialog.accepted.connect(lambda: self.run(dialog))
        dialog.open()
        return dialog

    def run(self, dialog: ExportDialog) -> Job:
        scope, fmt, folder = dialog.scope(), dialog.fmt(), dialog.destination()
        settings = self._settings
        settings["export_scope"], settings["export_format"] = scope, fmt
        settings["export_dir"] = str(folder)
        template = dialog.template_path()
        if fmt == "md":
            settings["export_template"] = template
        if scope == ARTICLE and self._article_id is not None:
            ids = [self._article_id]
        else:
            ids = [s.id for s in self._library.articles.list(archived=None)]
        self._notice.show_text("Exporting…", timeout=0)
        work = export_work(self._library, ids, fmt, folder, template or None)
        job = self._runner.run(work, "export")
        job.succeeded.connect(lambda done: self._exported(done[0], done[1], folder))
        job.failed.connect(lambda e: self._notice.show_text(f"Export failed: {e}"))
        return job

    def _exported(self, paths: list[Path], report, folder: Path) -> None:
        n = len(set(paths))
        taken = f"{report.summary()}. " if report else ""
        if report and report.changed_articles:
            self.vaultChanged.emit(sorted(report.changed_articles))
        self._notice.show_link(
            f"{taken}Exported {n} file{'s' if n != 1 else ''} to ",
            folder,
            "Open Folder",
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))),
        )


def export_work(
    library: Library, article_ids: list[int], fmt: str, folder: Path, template: str | None = None
):
    """The job function: read back what was edited in the folder's Markdown files since
    the last export (``readback``), summarise each article and write one file per article
    (Markdown through ``template``; a template error fails the job, naming file and line).
    Its result: the files written, and the read-back's report (None for other formats)."""

    def work(job: Job):
        from reader.core import exporting
        from reader.core.exporting.readback import take_back
        from reader.core.exporting.summary import summarize_articles

        if fmt == WHOLE:
            from reader.core.exporting.whole import write_whole  # deferred: as above

            written = write_whole(
                library, article_ids, folder, progress=job.report, cancelled=job.is_cancelled
            )
            return written, None  # no read-back: the vault is Markdown

        report = None
        if fmt == "md" and Path(folder).is_dir():
            report = take_back(library, folder, article_ids)
        summaries = summarize_articles(
            library, article_ids, progress=job.report, cancelled=job.is_cancelled
        )
        return exporting.write_files(summaries, fmt, folder, template=template), report

    return work


def _short(title: str | None, limit: int = 48) -> str:
    """A title for a button label: cut short, and "&" doubled so Qt shows it (not a mnemonic)."""
    title = title or ""
    title = title if len(title) <= limit else f"{title[: limit - 1]}…"
    return f"“{title}”".replace("&", "&&")
