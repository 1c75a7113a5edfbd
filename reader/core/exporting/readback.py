"""Notes edited in the vault come back: before a folder export writes its Markdown files,
what the user changed in the app's parts of each file since the last export (a
highlight's note, its tags, the article note) is taken into the library.

    report = take_back(library, "~/Vault/Reading")   # then export as usual
    print(report.summary())                           # "2 notes taken from the vault"

For each part, three versions are compared: the file's (``vault.parse``), the library's,
and what the last export wrote (the manifest's ``written`` record). Changed only in the
file: taken. Changed only in the library: left for the export to write. Changed on both
sides (and differently): both kept, the library's first, then the file's under a line
saying so, and the report says it. Tags merge by what each side added and removed.
A highlight's block deleted from the file deletes nothing (the report says so and the
export writes it back); a note edited in the file for a highlight deleted in the app is
added to the article's note rather than lost.

A folder exported before the manifest kept records has none: a note that differs is
then taken when the highlight was not changed in the app since the file's ``exported``
stamp, and kept both ways otherwise.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from reader.core.exporting import manifest, markdown, vault
from reader.core.exporting.files import existing_files
from reader.core.exporting.summary import now_utc
from reader.core.models import Article, Highlight

FMT = "md"
_EXPORTED = re.compile(r'^exported:[ \t]*"?([0-9T:Z.+-]+)"?[ \t]*$', re.M)


class _Articles(Protocol):
    def get(self, article_id: int) -> Article: ...
    def set_note(self, article_id: int, note: str) -> None: ...


class _Highlights(Protocol):
    def of(self, article_id: int) -> list[Highlight]: ...
    def update(
        self, highlight_id: str, *, note: str | None = None, tags: Iterable[str] | None = None
    ) -> Highlight: ...


class Source(Protocol):
    """The ``Library`` parts the read-back uses (described, not imported: exporting sits
    below storage in the layers)."""

    @property
    def articles(self) -> _Articles: ...

    @property
    def highlights(self) -> _Highlights: ...

    def transaction(self) -> AbstractContextManager[None]: ...


@dataclass
class ReadBack:
    """What a read-back did, for the status bar and the command line."""

    notes: int = 0  # highlight notes and article notes taken
    tags: int = 0  # highlights whose tags were taken
    both: list[str] = field(default_factory=list)  # changed on both sides: both kept
    deleted_blocks: list[str] = field(default_factory=list)  # kept in the library
    rescued: list[str] = field(default_factory=list)  # notes of highlights deleted in the app
    changed_articles: set[int] = field(default_factory=set)

    def summary(self) -> str:
        """One line: "2 notes taken from the vault", and what else happened."""
        parts = []
        if self.notes or not (self.tags or self.both or self.deleted_blocks or self.rescued):
            parts.append(f"{_n(self.notes, 'note')} taken from the vault")
        if self.tags:
            parts.append(f"tags of {_n(self.tags, 'highlight')} taken from the vault")
        if self.both:
            parts.append(f"{_n(len(self.both), 'note')} changed in both places: both versions kept")
        if self.deleted_blocks:
            parts.append(
                f"{_n(len(self.deleted_blocks), 'highlight block')} deleted in the vault: "
                "the highlights are kept"
            )
        if self.rescued:
            parts.append(
                f"{_n(len(self.rescued), 'note')} of deleted highlights added to article notes"
            )
        return "; ".join(parts)

    def lines(self) -> list[str]:
        """One line per highlight or article the report names."""
        return [*self.both, *self.deleted_blocks, *self.rescued]

    def __bool__(self) -> bool:
        return bool(self.notes or self.tags or self.both or self.deleted_blocks or self.rescued)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def both_versions(app: str, theirs: str, when: str) -> str:
    """A note changed on both sides: the library's, then the vault's under a line."""
    if not app.strip():
        return theirs
    if not theirs.strip():
        return app
    return f"{app.rstrip()}\n\nFrom the vault ({when[:10]}):\n{theirs}"


def take_back(
    library: Source, outdir: str | os.PathLike[str], article_ids: Iterable[int] | None = None
) -> ReadBack:
    """Take into the library what was edited in the Markdown files of ``outdir`` (those of
    ``article_ids``, or every one the folder's manifest knows) since the last export, and
    remember it as exported, so it is taken once. Files that cannot be read are skipped."""
    outdir = Path(outdir)
    report = ReadBack()
    if not (outdir / manifest.MANIFEST_NAME).exists() and article_ids is None:
        return report
    paths = existing_files(outdir, FMT, article_ids)
    records = manifest.read_written(outdir)
    recorded = records.setdefault(FMT, {})
    stamp = now_utc()
    with library.transaction():
        for article_id, path in sorted(paths.items()):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            record = recorded.get(article_id)
            new_record = _article(library, article_id, text, record, report, stamp)
            if new_record is not None:
                recorded[article_id] = new_record
    if report:
        manifest.write(outdir, manifest.read(outdir), records)
    return report


def _article(
    library: Source,
    article_id: int,
    text: str,
    record: dict | None,
    report: ReadBack,
    stamp: str,
) -> dict | None:
    """Read one file back; the record as it should now stand (None: leave it)."""
    try:
        article = library.articles.get(article_id)
    except KeyError:  # the library's NotFound
        return None  # deleted in the app: the export no longer writes it
    parts = vault.parse(text)
    exported = _exported_at(text)
    new_record = {"note": (record or {}).get("note"), "highlights": {}}
    new_record["highlights"] = dict((record or {}).get("highlights") or {})
    extra_notes: list[str] = []

    # the article note
    theirs = vault.note_text(parts.note.of(text)) if parts.note else ""
    # without a record: an article's note has no time of change to compare, so keep both
    note = _merge_note(theirs, article.note, (record or {}).get("note"), False, stamp)
    if note is not None:
        value, both = note
        if both:
            report.both.append(f"article {article_id} ({_short(article.title)}): its note")
        else:
            report.notes += 1
        article_note = value
    else:
        article_note = None
    if theirs or record is not None:
        new_record["note"] = vault.digest(theirs)

    # each highlight
    highlights = {h.id: h for h in library.highlights.of(article_id)}
    by_block = {markdown.block_id(h): h for h in highlights}
    seen_blocks = set()
    for block, part in parts.highlights.items():
        hid = by_block.get(block)
        known = (record or {}).get("highlights", {})
        if hid is None:
            old = next((k for k in known if markdown.block_id(k) == block), None)
            theirs_note = vault.note_text(part.note.of(text))
            if old is not None and vault.digest(theirs_note) != known[old].get("note"):
                extra_notes.append(f"On a deleted highlight: {theirs_note}")
                report.rescued.append(f"article {article_id}: the note of highlight {old}")
                new_record["highlights"].pop(old, None)
            continue
        seen_blocks.add(hid)
        h = highlights[hid]
        kept = known.get(hid)
        theirs_note = vault.note_text(part.note.of(text))
        # without a record: the file's note, if the app has not changed it since that export
        unchanged_since = bool(exported) and h.updated_at <= (exported or "")
        change = _merge_note(theirs_note, h.note, (kept or {}).get("note"), unchanged_since, stamp)
        tags = _merge_tags(part.tags, h.tags, (kept or {}).get("tags"))
        if change is None and tags is None:
            if kept is not None:
                new_record["highlights"][hid] = {
                    "note": vault.digest(theirs_note),
                    "tags": list(part.tags or []),
                }
            continue
        note_value = None
        if change is not None:
            note_value, both = change
            if both:
                report.both.append(f"highlight {hid} (“{_short(h.exact)}”): its note")
            else:
                report.notes += 1
        if tags is not None:
            report.tags += 1
        library.highlights.update(hid, note=note_value, tags=tags)
        report.changed_articles.add(article_id)
        new_record["highlights"][hid] = {
            "note": vault.digest(theirs_note),
            "tags": list(part.tags or []),
        }
    for hid in (record or {}).get("highlights", {}):
        if hid in highlights and hid not in seen_blocks:
            report.deleted_blocks.append(
                f"highlight {hid} (“{_short(highlights[hid].exact)}”): its block was deleted "
                "in the vault; delete the highlight in Article Reader to remove it"
            )
    if extra_notes:
        base = article.note if article_note is None else article_note
        article_note = "\n\n".join([base.rstrip(), *extra_notes]).strip()
    if article_note is not None:
        library.articles.set_note(article_id, article_note)
        report.changed_articles.add(article_id)
    return new_record


def _merge_note(
    theirs: str, app: str, recorded: str | None, unchanged_in_app: bool, stamp: str
) -> tuple[str, bool] | None:
    """The note to store, and whether it holds both versions; None: nothing to take.

    ``recorded`` is the digest the last export wrote; without one, ``unchanged_in_app``
    (the app has not changed it since the file was written) takes the file's note, and
    otherwise both are kept.
    """
    ours = vault.note_text(markdown.paragraphs(app))
    if theirs == ours:
        return None
    mine = vault.digest(theirs)
    if recorded is not None:
        if mine == recorded:
            return None  # only the app changed it: the export writes it
        if vault.digest(ours) == recorded:
            return theirs, False
        return both_versions(app, theirs, stamp), True
    if unchanged_in_app:
        return theirs, False
    merged = both_versions(app, theirs, stamp)
    if merged == app:
        return None
    return merged, bool(app.strip() and theirs.strip())


def _merge_tags(theirs: list[str] | None, app: list[str], recorded: list[str] | None):
    """The highlight's tags after the file's changes, or None when there are none to take.

    Tags are compared as the export writes them (Obsidian tags: "to read" is #to-read):
    what the file added since the last export is added, what it removed is removed.
    """
    if theirs is None:
        return None
    forms = {markdown.obsidian_tag(t): t for t in app}
    written = set(recorded) if recorded is not None else set(forms)
    added = [t for t in theirs if t not in written and t not in forms]
    removed = written - set(theirs) if recorded is not None else set()
    if not added and not (removed & set(forms)):
        return None
    kept = [t for form, t in forms.items() if form not in removed]
    return kept + added


def _exported_at(text: str) -> str | None:
    found = _EXPORTED.search(text[:4096])
    return found.group(1) if found else None
