"""Writing exports to files: safe names, atomic writes, updating files in place.

``write_files(summaries, "md", outdir)`` writes one file per article and, run
again, rewrites the same files:

- A file is this article's when the format says so: Markdown by the
  ``article_reader_id`` in its front matter, HTML by its ``article-reader-id``
  meta tag, JSON-LD by its collection id, CSV by every row carrying the
  article's title and URL. For the first three the output directory is
  searched, so an article keeps its file after its title changed (the file is
  not renamed: links to it keep working).
- A new file is named after the title (``safe_filename``). When that name is
  taken, by another article in the same run or by a file that is not this
  article's, the article id is added: ``Title (12).md``. Within one run the
  article with the lower id gets the plain name. A file that is not provably
  this article's is never overwritten.
- A file whose content would change only in its ``exported`` stamp is left
  untouched (content and modification time), so exporting unchanged data
  again changes nothing on disk.
"""

from __future__ import annotations

import itertools
import os
import re
import secrets
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from reader.core.exporting import manifest, vault
from reader.core.exporting.atomic import atomic_write, fsync_directory
from reader.core.exporting.formats import ExportFormat, get_format
from reader.core.exporting.manifest import keep_user_section
from reader.core.exporting.summary import Summary

MAX_NAME_CHARS = 100
WRITERS = 16  # files written at once by write_files
MAX_NAME_BYTES = 200  # of UTF-8; common file systems allow 255, and the temp file needs a few

# pathvalidate judges what Windows, macOS and Linux accept ("universal"); it does not list
# the console devices Windows added later.
_PLATFORM = "universal"
_MORE_RESERVED = ("CONIN$", "CONOUT$")
# Readable stand-ins for what no platform (or Obsidian's links) accepts in a name; any other
# character pathvalidate refuses is dropped.
_REPLACEMENTS = str.maketrans(
    {
        "/": "-",
        "\\": "-",
        "|": "-",
        ":": " - ",
        "[": "(",
        "]": ")",
        '"': "'",
        "#": "",  # breaks Obsidian links to the note
        "^": "",  # likewise (block references)
    }
)
# Bidirectional controls would show a name other than the real one ("evil\u202etxt.exe").
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _clean(title: str) -> str:
    text = unicodedata.normalize("NFC", title)
    text = _BIDI.sub("", text)
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in text
        if unicodedata.category(ch) != "Cs"
    )
    text = re.sub(r"\s+", " ", text.translate(_REPLACEMENTS))
    text = re.sub(r"\.{2,}", ".", text)
    # No leading dot (hidden files) or dash (read as an option); no trailing dot or space.
    return re.sub(r"^[ .-]+|[ .]+$", "", text)


def _visible(text: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LNPS" for ch in text)


def _truncate(text: str, max_chars: int, max_bytes: int) -> str:
    """``text`` cut to fit both bounds between grapheme clusters (never a letter from its
    accent, nor inside an emoji sequence), at a word boundary when one is near."""
    if len(text) <= max_chars and len(text.encode("utf-8")) <= max_bytes:
        return text
    from wcwidth import iter_graphemes  # deferred: only a long title needs clusters

    n, size = 0, 0
    for grapheme in iter_graphemes(text):
        size += len(grapheme.encode("utf-8"))
        if n + len(grapheme) > max_chars or size > max_bytes:
            break
        n += len(grapheme)
    space = text.rfind(" ", 0, n + 1)
    if space > n * 0.6:
        n = space
    return text[:n].rstrip(" .")


def _reserved(name: str) -> bool:
    """Whether Windows reserves ``name`` (a device name, whatever the extension)."""
    from pathvalidate import ValidationError, validate_filename  # deferred, as in safe_filename
    from pathvalidate.error import ErrorReason

    # Windows also ignores spaces before the extension: "NUL .txt" is the device.
    device = name.split(".")[0].rstrip(" ")
    try:
        validate_filename(
            device or "_", platform=_PLATFORM, additional_reserved_names=_MORE_RESERVED
        )
    except ValidationError as e:
        return e.reason == ErrorReason.RESERVED_NAME
    return False


def safe_filename(title: str, ext: str, article_id: int | None = None, *, suffix: str = "") -> str:
    """A file name made from ``title``, safe on Windows, macOS and Linux.

    What pathvalidate finds invalid on any of them goes (path separators and the other
    characters Windows forbids, control characters), and a reserved device name (``CON``,
    ``nul.md``, ``COM1``...) gets a leading ``_``; beyond that: no bidirectional-override
    characters, no ``..``, no leading dot or dash, no trailing dot or space, at most 100
    characters and 200 UTF-8 bytes with the extension. An empty result becomes
    ``article-<id>`` (or ``article``). ``suffix`` (e.g. ``" (12)"``) is kept whole when
    the title is shortened.

    >>> safe_filename("Notes: On/Off?", "md")
    'Notes - On-Off.md'
    """
    # deferred: only an export names files
    from pathvalidate import sanitize_filename
    from pathvalidate.handler import ReservedNameHandler

    ext = ext.lstrip(".")
    if not re.fullmatch(r"[A-Za-z0-9]{1,16}", ext):
        raise ValueError(f"bad file extension {ext!r} (letters and digits only)")
    suffix = " " + _clean(suffix) if _clean(suffix) else ""
    tail = f"{suffix}.{ext}"
    # One character is kept in reserve for the "_" a reserved name gets.
    room_chars = MAX_NAME_CHARS - len(tail) - 1
    room_bytes = MAX_NAME_BYTES - len(tail.encode("utf-8")) - 1
    # Reserved names are judged on the whole name below; length by _truncate, which keeps
    # grapheme clusters whole (pathvalidate would cut bytes anywhere).
    stem = sanitize_filename(
        _clean(title),
        platform=_PLATFORM,
        max_len=2**31,
        reserved_name_handler=ReservedNameHandler.as_is,
    )
    stem = _truncate(_clean(stem), room_chars, room_bytes)
    if not _visible(stem):
        stem = "article" if article_id is None else f"article-{article_id}"
    name = f"{stem}{tail}"
    return "_" + name if _reserved(name) else name


def _read(path: Path, limit: int = -1) -> str | None:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read(limit)
    except (OSError, UnicodeDecodeError):
        return None


def _belongs(spec: ExportFormat, path: Path, summary: Summary) -> bool:
    """Whether the file at ``path`` provably holds this article's export."""
    if not path.is_file():
        return False
    if spec.article_id_of is not None:
        head = _read(path, 65536)
        return head is not None and spec.article_id_of(head) == summary.article_id
    text = _read(path)
    return text is not None and spec.belongs_to(text, summary)


def _scan(spec: ExportFormat, outdir: Path) -> dict[int, Path]:
    """Article id -> an existing file under ``outdir`` (subfolders too, hidden ones not)
    that is that article's export, for formats that record the id."""
    if spec.article_id_of is None:
        return {}
    owned: dict[int, Path] = {}
    for path in sorted(outdir.rglob(f"*.{spec.extension}")):
        relative = path.relative_to(outdir)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        head = _read(path, 65536)
        article_id = spec.article_id_of(head) if head is not None else None
        if article_id is not None:
            owned.setdefault(article_id, relative)
    return owned


def _candidates(summary: Summary, ext: str) -> Iterator[str]:
    yield safe_filename(summary.title, ext, summary.article_id)
    yield safe_filename(summary.title, ext, summary.article_id, suffix=f" ({summary.article_id})")
    for n in range(2, 100):
        suffix = f" ({summary.article_id}-{n})"
        yield safe_filename(summary.title, ext, summary.article_id, suffix=suffix)


def _owned(
    summaries: Sequence[Summary], spec: ExportFormat, outdir: Path, remembered: dict[int, str]
) -> dict[int, Path]:
    """Article id -> relative path of its existing file: the manifest's, checked, else found."""
    owned: dict[int, Path] = {}
    for summary in summaries:
        relative = remembered.get(summary.article_id)
        if relative and _belongs(spec, outdir / relative, summary):
            owned[summary.article_id] = Path(relative)
    if len(owned) < len(summaries):  # moved, renamed by hand, or no manifest yet
        found = _scan(spec, outdir)
        for summary in summaries:
            if summary.article_id not in owned and summary.article_id in found:
                owned[summary.article_id] = found[summary.article_id]
    return owned


def _free(name: str, folder: Path, claimed: set[str], mine: Path | None, spec, summary) -> bool:
    """Whether ``folder/name`` may hold this article's export."""
    key = str(folder / name).casefold()
    if key in claimed:
        return False
    path = folder / name
    if mine is not None and path == mine:
        return True
    if not path.exists():
        return True
    existing = _read(path)
    return existing is not None and spec.belongs_to(existing, summary)


def _assign_names(
    summaries: Sequence[Summary], spec: ExportFormat, outdir: Path, remembered: dict[int, str]
) -> tuple[dict[int, Path], dict[int, Path]]:
    """Each article's file (relative to ``outdir``), and the old names of files to rename.

    An article keeps the file it already has, in whatever subfolder the user
    moved it to; when its title changed, that file is renamed after the new
    title (where the name is free), never copied.
    """
    owned = _owned(summaries, spec, outdir, remembered)
    claimed = {str(outdir / p).casefold() for p in owned.values()}
    names: dict[int, Path] = {}
    renames: dict[int, Path] = {}
    for summary in sorted(summaries, key=lambda s: s.article_id):
        mine = outdir / owned[summary.article_id] if summary.article_id in owned else None
        folder = mine.parent if mine is not None else outdir
        candidates = _candidates(summary, spec.extension)
        usual = [next(candidates), next(candidates)]  # the plain name and "Title (id)"
        if mine is not None and mine.name in usual:
            names[summary.article_id] = owned[summary.article_id]
            continue
        for name in itertools.chain(usual, candidates):
            if _free(name, folder, claimed, mine, spec, summary):
                break
        else:
            raise FileExistsError(f"no free file name in {folder} for {summary.title!r}")
        if mine is not None:
            claimed.discard(str(mine).casefold())
            renames[summary.article_id] = owned[summary.article_id]
        claimed.add(str(folder / name).casefold())
        names[summary.article_id] = (folder / name).relative_to(outdir)
    return names, renames


def _compose(spec: ExportFormat, summary: Summary, old: str | None) -> str:
    text = spec.render(summary)
    if not spec.keeps_user_section:
        return text
    return vault.keep_wording(keep_user_section(text, old), old)


def _only_stamp_differs(old: str, summary: Summary, spec: ExportFormat) -> bool:
    """Whether ``old`` is exactly this export but for its ``exported_at`` stamp."""
    sentinel = f"\ue000exported-{secrets.token_hex(8)}\ue000"
    parts = _compose(spec, replace(summary, exported_at=sentinel), old).split(sentinel)
    if len(parts) == 1:
        return old == parts[0]
    stamp = re.compile(r"[0-9A-Za-z:.+-]{1,40}").match(old, len(parts[0]))
    return bool(stamp) and old == stamp.group().join(parts)


def write_files(
    summaries: Sequence[Summary],
    fmt: str,
    outdir: str | os.PathLike[str],
    *,
    template: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Write one ``fmt`` file per article into ``outdir`` (created if missing).

    Returns the path of each summary's file, in the order given (a summary of
    an article given earlier in the list maps to the same file). ``template``
    chooses the Markdown template (see ``templating.resolve``). The folder's
    manifest (``manifest.MANIFEST_NAME``) is updated.
    """
    spec = get_format(fmt, template)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    unique: dict[int, Summary] = {}
    for summary in summaries:
        unique.setdefault(summary.article_id, summary)
    entries = manifest.read(outdir)
    remembered = entries.get(fmt, {})
    names, renames = _assign_names(list(unique.values()), spec, outdir, remembered)
    for article_id, old_name in renames.items():
        target = outdir / names[article_id]
        if not target.exists():  # checked just before: never replace someone else's file
            os.rename(outdir / old_name, target)
    written = bool(renames)
    jobs: list[tuple[Path, str]] = []
    records = manifest.read_written(outdir)
    recorded = records.setdefault(fmt, {}) if spec.keeps_user_section else {}
    for summary in unique.values():
        path = outdir / names[summary.article_id]
        old = _read(path) if path.exists() else None
        if old is not None and _only_stamp_differs(old, summary, spec):
            text = old
        else:
            text = _compose(spec, summary, old)
            jobs.append((path, text))
        if spec.keeps_user_section:  # what the read-back compares the file with next time
            recorded[summary.article_id] = vault.record(text, summary)
    _write_all(jobs)
    if spec.templated:
        written = _write_attachments(unique.values(), outdir) or written
    remembered = dict(remembered)
    remembered.update({i: p.as_posix() for i, p in names.items()})
    entries[fmt] = remembered
    manifest.write(outdir, entries, records)
    if written or jobs:
        fsync_directory(outdir)
    return [outdir / names[s.article_id] for s in summaries]


def existing_files(
    outdir: str | os.PathLike[str], fmt: str = "md", article_ids: Iterable[int] | None = None
) -> dict[int, Path]:
    """Article id -> the file in ``outdir`` that holds its export (the manifest's, checked,
    else found by searching the folder): every one the manifest knows, or those asked."""
    spec = get_format(fmt)
    outdir = Path(outdir)
    remembered = manifest.read(outdir).get(fmt, {})
    wanted = list(article_ids) if article_ids is not None else list(remembered)
    owned = _owned([Summary(i, "") for i in wanted], spec, outdir, remembered)
    return {i: outdir / p for i, p in owned.items()}


ATTACHMENTS = "attachments"  # beside Markdown exports: the pictures their highlights show


def _write_attachments(summaries, outdir: Path) -> bool:
    """The pictures of the summaries' highlights in ``outdir/attachments/``, each once
    (named by content: one already there is the same picture); whether any was written."""
    folder = outdir / ATTACHMENTS
    wrote = False
    for summary in summaries:
        for picture in summary.pictures:
            path = folder / picture.file_name
            if path.exists():
                continue
            folder.mkdir(exist_ok=True)
            atomic_write(path, picture.data, sync_directory=False)
            wrote = True
    if wrote:
        fsync_directory(folder)
    return wrote


def _write_all(jobs: Sequence[tuple[Path, str]]) -> None:
    """Write the files, each atomically; several at once, since each waits on its fsync
    (1,000 files took 2.8 s one after the other). The first error is raised."""
    if len(jobs) < 2:
        for path, text in jobs:
            atomic_write(path, text, sync_directory=False)
        return
    with ThreadPoolExecutor(max_workers=min(WRITERS, len(jobs))) as pool:
        for _ in pool.map(lambda job: atomic_write(*job, sync_directory=False), jobs):
            pass
