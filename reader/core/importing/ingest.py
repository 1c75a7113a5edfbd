"""Import many sources into a library: progress, cancelling, and a report of what failed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.importing.annotations import (
    AnnotationReport,
    import_annotations,
    is_annotation_file,
)
from reader.core.storage.library import AddResult, Library, LibraryError

Progress = Callable[[int, int, str], None]  # done, total, current source


@dataclass
class Failure:
    source: str
    reason: str

    def __str__(self) -> str:
        return self.reason


@dataclass
class ImportReport:
    """What an import did. ``problems``: one line for each picture an imported article
    could not keep (the article itself imported)."""

    results: list[AddResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    problems: list[Failure] = field(default_factory=list)
    annotations: list[AnnotationReport] = field(default_factory=list)
    clippings: list = field(default_factory=list)  # kindle.ClippingsReport, one per file
    skipped: list[Path] = field(default_factory=list)  # files in folders of other kinds
    cancelled: bool = False

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in ("added", "updated", "unchanged") if self.count(s)]
        if self.annotations:
            parts.append(f"{sum(r.added + r.updated for r in self.annotations)} annotations")
        if self.clippings:
            parts.append(f"{sum(r.added for r in self.clippings)} Kindle highlights")
        if self.failures:
            parts.append(f"{len(self.failures)} failed")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.problems:
            n = len(self.problems)
            parts.append(f"{n} picture{'s' if n != 1 else ''} not kept")
        if self.cancelled:
            parts.append("cancelled")
        return ", ".join(parts) or "nothing to import"

    def skipped_line(self, shown: int = 4) -> str:
        """One line naming the files the folders held that were not imported, by reason:
        ``skipped 3 files: a.odt, b.odt (OpenDocument files are not supported); c.png ...``."""
        if not self.skipped:
            return ""
        from reader.core.importing.sources import unsupported_reason  # deferred: above

        by_reason: dict[str, list[str]] = {}
        for path in sorted(self.skipped):
            by_reason.setdefault(unsupported_reason(path), []).append(path.name)
        groups = []
        for reason, names in by_reason.items():
            more = f" and {len(names) - shown} more" if len(names) > shown else ""
            groups.append(f"{', '.join(names[:shown])}{more} ({reason})")
        n = len(self.skipped)
        return f"skipped {n} file{'s' if n != 1 else ''}: " + "; ".join(groups)


def import_sources(
    library: Library,
    items: Iterable[str | Path],
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import files, folders (recursively) and URLs; a failure never stops the batch.

    A ``.jsonld``/``.json`` file holds annotations (W3C Web Annotation, as the
    JSON-LD export writes them): their highlights are added to the articles they
    name. A Kindle ``My Clippings.txt`` becomes one article per book; an ``.eml`` or
    ``.mbox`` file one article per message (``mail.py``).
    """
    # deferred: the importers (through them lxml, markdown) load on the first import
    from reader.core.importing.sources import expand_sources

    report = ImportReport()
    sources = expand_sources(items, report.skipped)
    if len(sources) > 1:
        with library.sync_at_end():
            _import_each(library, sources, report, progress, cancelled)
    else:
        _import_each(library, sources, report, progress, cancelled)
    return report


def _import_each(
    library: Library,
    sources: list[str | Path],
    report: ImportReport,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    from reader.core.importing.sources import ImportFailure, import_source  # deferred: above

    for done, source in enumerate(sources):
        if cancelled and cancelled():
            report.cancelled = True
            break
        if progress:
            progress(done, len(sources), str(source))
        try:
            if is_annotation_file(source):
                report.annotations.append(import_annotations(library, source))
            elif _is_mail(source):
                from reader.core.importing.mail import import_mail  # deferred: email, lxml

                added, failed = import_mail(library, source)
                report.results += added
                report.failures += [Failure(f.source, str(f)) for f in failed]
            elif _is_book(source):
                from reader.core.importing.epub.book import read_book  # deferred: zip, lxml

                book = read_book(source)
                added = library.books.add(book.article, book.info)
                report.results.append(added)
                from reader.core.importing.kindle_books import merge_into_book  # deferred

                merge_into_book(library, added.article_id)  # clippings imported before it
                report.problems += [
                    Failure(str(source), f"{source}: {line}") for line in book.article.problems
                ]
            elif _is_clippings(source):
                from reader.core.importing.kindle import import_clippings  # deferred: above

                report.clippings.append(import_clippings(library, source))
            else:
                imported = import_source(
                    source,
                    cancelled=cancelled,
                    progress=_pictures_progress(progress, done, len(sources), source),
                )
                report.results.append(library.articles.add(imported))
                where = imported.source or str(source)
                report.problems += [
                    Failure(where, f"{where}: {line}") for line in imported.problems
                ]
        except (ImportFailure, ValueError) as e:
            if cancelled and cancelled():  # stopped inside one source (a PDF's pages)
                report.cancelled = True
                break
            report.failures.append(Failure(str(source), str(e)))
        except LibraryError:
            raise  # the library itself is in trouble (disk full, locked): stop, say so
        except Exception as e:  # one bad file must not stop the batch
            report.failures.append(
                Failure(str(source), f"cannot import {source}: unexpected error: {e!r}")
            )
    else:
        if progress:
            progress(len(sources), len(sources), "")


def _is_mail(source: str | Path) -> bool:
    return "://" not in str(source) and Path(source).suffix.lower() in (".eml", ".mbox")


def _pictures_progress(progress: Progress | None, done: int, total: int, source) -> Callable | None:
    """The batch's progress told while one page's pictures come in (a PDF's pages are
    read)."""
    if progress is None:
        return None
    what = "pages" if str(source).lower().endswith(".pdf") else "pictures"
    return lambda n, of: progress(done, total, f"{source} ({what}: {n} of {of})")


def _is_book(source: str | Path) -> bool:
    if "://" in str(source) or Path(source).is_dir():
        return False
    from reader.core.importing.sources import BOOK_SUFFIXES, is_epub  # deferred: above

    return Path(source).suffix.lower() in BOOK_SUFFIXES or is_epub(Path(source))


def _is_clippings(source: str | Path) -> bool:
    if not str(source).lower().endswith(".txt") or "://" in str(source):
        return False
    from reader.core.importing.kindle import looks_like_clippings  # deferred: above

    return looks_like_clippings(source)
