"""The subcommands: each parses nothing, calls the core, prints. ``parser.py`` names them."""

from __future__ import annotations

import argparse
import shutil
import sys
from dataclasses import asdict
from pathlib import Path

from reader.cli.output import bold, date, fit, highlight_json, out, print_json
from reader.core.storage.library import Library, LibraryError


class UserError(Exception):
    """A mistake in what was asked: printed as one line, exit status 2."""


def cmd_import(lib: Library, args: argparse.Namespace) -> int:
    # deferred: the importers (lxml, trafilatura, markdown), for `import` only
    from reader.core.importing.ingest import import_sources
    from reader.core.importing.sources import unsupported_reason

    show_progress = sys.stderr.isatty() and not args.json

    def progress(done: int, total: int, source: str) -> None:
        if show_progress and (total > 1 or "(pictures:" in source):
            sys.stderr.write(f"\r\x1b[K[{done}/{total}] {fit(source, 60).rstrip()}")
            sys.stderr.flush()

    try:
        report = import_sources(lib, args.sources, progress=progress)
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted; what was imported so far is kept\n")
        return 130
    if show_progress:
        sys.stderr.write("\r\x1b[K")
    for failure in report.failures:
        sys.stderr.write(f"error: {failure.reason}\n")
    for problem in report.problems:  # a picture not kept: the article itself imported
        sys.stderr.write(f"warning: {problem.reason}\n")
    if args.json:
        print_json(
            {
                "results": [asdict(r) for r in report.results],
                "failures": [asdict(f) for f in report.failures],
                "problems": [asdict(p) for p in report.problems],
                "annotations": [asdict(a) for a in report.annotations],
                "clippings": [asdict(c) for c in report.clippings],
                "skipped": [
                    {"path": str(path), "reason": unsupported_reason(path)}
                    for path in report.skipped
                ],
            }
        )
    else:
        for a in report.annotations:
            out(a.summary())
            for line in a.lines():  # every orphan and skipped annotation, with the reason
                out(f"  {line}")
        for c in report.clippings:
            out(c.summary())
            for line in c.lines():
                out(f"  {line}")
        for r in report.results:
            extra = f" ({r.orphaned} highlight(s) orphaned)" if r.orphaned else ""
            out(f"{r.status:9} {r.article_id:>5}  {r.title}{extra}")
        if len(report.results) + len(report.failures) > 1 or report.skipped:
            out(report.summary())
        if report.skipped:
            out(report.skipped_line())
    return 1 if report.failures else 0


def cmd_list(lib: Library, args: argparse.Namespace) -> int:
    archived = None if args.all or args.trash else args.archived
    rows = lib.articles.list(
        sort=args.sort,
        tag=args.tag,
        favorite=True if args.favorites else None,
        archived=archived,
        trashed=args.trash,
        read=False if args.unread else None,
    )
    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "title": r.title,
                    "url": r.url,
                    "author": r.author,
                    "site": r.site,
                    "published": r.published,
                    "added": r.added_at,
                    "updated": r.updated_at,
                    "words": r.word_count,
                    "highlights": r.highlights,
                    "tags": r.tags,
                    "favorite": r.favorite,
                    "archived": r.archived,
                    "read": r.read,
                    "progress": round(r.progress, 4),
                }
                for r in rows
            ]
        )
        return 0
    if not rows:
        if args.unread or args.favorites or args.tag or args.archived or args.trash:
            out("no articles match")
        else:
            out("no articles yet: add some with `article-reader import FILE|FOLDER|URL`")
        return 0
    # The date column is the one the list is sorted by (published, else added).
    label, when = ("published", "published") if args.sort == "published" else ("added", "added_at")
    width = shutil.get_terminal_size((100, 20)).columns
    site_w = min(24, max(4, *(len(r.site or "") for r in rows)))
    title_w = max(20, width - 6 - site_w - 12 - 6 - 6 - 4)
    out(f"{'id':>5}  {'title':{title_w}}  {'site':{site_w}}  {label:10}  {'read':>4}  {'hl':>4}")
    for r in rows:
        mark = "★ " if r.favorite else ""
        title = fit(mark + r.title, title_w)
        site = fit(r.site or "", site_w)
        read = f"{round(100 * r.progress)}%" if r.read else "new"
        out(
            f"{r.id:>5}  {title}  {site}  {date(getattr(r, when)):10}  {read:>4}  {r.highlights:>4}"
        )
    return 0


def cmd_show(lib: Library, args: argparse.Namespace) -> int:
    a = lib.articles.get(args.id)
    if args.json:
        print_json(
            {
                "id": a.id,
                "title": a.title,
                "url": a.url,
                "author": a.author,
                "site": a.site,
                "published": a.published,
                "added": a.added_at,
                "updated": a.updated_at,
                "words": a.word_count,
                "tags": a.tags,
                "note": a.note,
                "favorite": a.favorite,
                "archived": a.archived,
                "highlights": [highlight_json(h) for h in lib.highlights.of(a.id)],
                "text": a.text,
            }
        )
        return 0
    out(a.title)
    for label, value in (
        ("by", a.author),
        ("site", a.site),
        ("url", a.url),
        ("published", date(a.published)),
        ("added", date(a.added_at)),
        ("tags", ", ".join(a.tags)),
    ):
        if value:
            out(f"{label:>9}: {value}")
    if a.note:
        out(f"{'note':>9}: {a.note}")
    out()
    out(a.text)
    return 0


def cmd_highlight(lib: Library, args: argparse.Namespace) -> int:
    from reader.core import anchoring  # deferred: its fuzzy matching, for `highlight` only

    article = lib.articles.get(args.id)
    if args.range:
        start, end = _range(args.range, len(article.text))
    else:
        if not args.quote or not args.quote.strip():
            raise UserError('say what to highlight: --quote "words from the article"')
        occurrence = args.occurrence or 1
        place = anchoring.find_quote(article.text, args.quote, occurrence)
        count = anchoring.count_occurrences(article.text, args.quote)
        if place is None:
            if count == 0:
                raise UserError(f"the quote is not in article {args.id} ({article.title!r})")
            raise UserError(
                f"the quote occurs {_times(count)} in article {args.id}; "
                f"use --occurrence 1..{count}"
            )
        start, end = place
        if count > 1:
            other = "another" if args.occurrence else f"another (2..{count})"
            sys.stderr.write(
                f"note: the quote occurs {_times(count)} in article {args.id}; highlighted "
                f"occurrence {occurrence} of {count}, at {start}:{end} "
                f"(--occurrence N picks {other})\n"
            )
    h = lib.highlights.add(
        args.id,
        start,
        end,
        colour=args.colour,
        style=args.style,
        note=args.note or "",
        tags=args.tag or (),
    )
    if args.json:
        print_json(highlight_json(h))
    else:
        out(f"{h.id}  {h.start}:{h.end}  {h.colour}  {fit(h.exact, 60).rstrip()}")
    return 0


def _range(given: str, size: int) -> tuple[int, int]:
    """``START:END`` read, and checked against the article's ``size`` characters."""
    try:
        start, end = (int(x) for x in given.split(":"))
    except ValueError:
        raise UserError(f"--range wants START:END in characters, not {given!r}") from None
    if start > end:
        raise UserError(
            f"the range {given} is reversed: START comes first (did you mean {end}:{start}?)"
        )
    if start == end:
        raise UserError(f"the range {given} is empty: END must be after START")
    if start < 0 or end > size:
        raise UserError(f"the range {given} is outside the article's text (0:{size})")
    return start, end


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def highlight_trash(lib: Library, args: argparse.Namespace) -> int:
    items = lib.highlight_trash.list(args.id)
    if args.json:
        print_json(
            [
                {
                    **highlight_json(t.highlight),
                    "deleted_at": t.deleted_at,
                    "title": t.article_title,
                }
                for t in items
            ]
        )
        return 0
    for t in items:
        h = t.highlight
        title = fit(t.article_title, 40).rstrip()
        out(f"{h.id}  deleted {date(t.deleted_at)}  {h.colour}  in “{title}”")
        out(f"    “{h.exact}”")
        if h.note:
            out(f"    note: {h.note}")
    if not items:
        out("the highlights trash is empty")
    return 0


def cmd_restore_highlight(lib: Library, args: argparse.Namespace) -> int:
    for hid in args.highlight_ids:
        h = lib.highlight_trash.restore(hid)
        out(f"restored highlight {h.id} on article {h.article_id}")
    return 0


def cmd_edit_highlight(lib: Library, args: argparse.Namespace) -> int:
    if args.delete:
        gone = lib.highlights.delete(args.highlight_id)
        out(f"deleted highlight {gone.id}")
        return 0
    tags = [] if args.clear_tags else (args.tag or None)
    h = lib.highlights.update(
        args.highlight_id, colour=args.colour, style=args.style, note=args.note, tags=tags
    )
    out(f"{h.id}  {h.colour}  {h.style}  note: {h.note or '-'}  tags: {', '.join(h.tags) or '-'}")
    return 0


def cmd_note(lib: Library, args: argparse.Namespace) -> int:
    article = lib.articles.get(args.id)
    if args.text is None:
        out(article.note)
        return 0
    text = args.text if args.text != "-" else sys.stdin.read()
    if args.append and article.note:
        text = article.note.rstrip() + "\n\n" + text
    lib.articles.set_note(args.id, text)
    out(f"note saved on article {args.id}")
    return 0


def cmd_tag(lib: Library, args: argparse.Namespace) -> int:
    current = lib.tags.of(args.id)
    if args.remove:
        drop = {t.lower() for t in args.tags}
        new = [t for t in current if t.lower() not in drop]
    else:
        new = current + list(args.tags)
    lib.tags.set(args.id, new)
    out(f"article {args.id} tags: {', '.join(lib.tags.of(args.id)) or '-'}")
    return 0


def cmd_tags(lib: Library, args: argparse.Namespace) -> int:
    tags = lib.tags.in_use()
    if args.json:
        print_json([{"tag": name, "count": n} for name, n in tags])
    for name, n in [] if args.json else tags:
        out(f"{n:>5}  {name}")
    return 0


def cmd_flag(lib: Library, args: argparse.Namespace) -> int:
    """favourite (favorite), archive, read: set or (--off) clear a flag on articles."""
    flags = {
        "favourite": (lib.articles.set_favorite, "favourite", "not favourite"),
        "archive": (lib.articles.set_archived, "archived", "not archived"),
        "read": (lib.articles.mark_read, "read", "unread"),
    }
    setter, on, off = flags["favourite" if args.command == "favorite" else args.command]
    for article_id in args.ids:
        setter(article_id, not args.off)
    out(f"{off if args.off else on}: {', '.join(map(str, args.ids))}")
    return 0


def cmd_delete(lib: Library, args: argparse.Namespace) -> int:
    for article_id in args.ids:
        title = lib.articles.get(article_id).title
        lib.trash.delete(article_id)
        out(f"moved to trash: {article_id}  {title}  (undo: article-reader restore {article_id})")
    return 0


def cmd_restore(lib: Library, args: argparse.Namespace) -> int:
    for article_id in args.ids:
        lib.trash.restore(article_id)
        out(f"restored {article_id}  {lib.articles.get(article_id).title}")
    return 0


def cmd_empty_trash(lib: Library, args: argparse.Namespace) -> int:
    count = lib.trash.purge(older_than_days=args.older_than)
    out(f"deleted for good: {count} article(s)")
    return 0


def cmd_search(lib: Library, args: argparse.Namespace) -> int:
    from reader.core.search import marked  # deferred: the search module, for `search` only

    hits = lib.search(args.query, limit=args.limit)
    if args.json:
        print_json(
            [
                {
                    "article_id": h.article_id,
                    "kind": h.kind,
                    "title": h.title,
                    "snippet": marked(h.snippet, "", ""),
                    "highlight_id": h.highlight_id,
                    "position": h.position,
                    "rank": h.rank,
                }
                for h in hits
            ]
        )
        return 0
    if not hits:
        out(f"nothing found for {args.query!r}")
        return 0
    on, off = bold(sys.stdout.isatty())
    for h in hits:
        out(f"{h.article_id:>5}  {h.kind:9}  {h.title}")
        out(f"       {marked(h.snippet, on, off)}")
    return 0


def _export_whole(lib: Library, args: argparse.Namespace, ids: list[int]) -> int:
    """``export --format html --full``: whole articles, pictures inside."""
    from reader.core.exporting.whole import whole_article, write_whole  # deferred: as below

    if args.format != "html":
        raise UserError("--full exports whole articles as HTML: use it with --format html")
    if getattr(args, "template", None):
        raise UserError("--template shapes Markdown exports; --full makes HTML (drop one)")
    if args.output:
        try:
            written = write_whole(lib, ids, Path(args.output))
        except OSError as e:
            raise LibraryError(
                f"cannot write the export to {args.output}: {e.strerror or e} "
                "(choose a folder you can write to)"
            ) from e
        for path in written:
            out(str(path))
        return 0
    if len(ids) != 1:
        raise UserError("--full without --output writes one article: name one, or add --output DIR")
    sys.stdout.write(whole_article(lib, ids[0])[1])
    return 0


def cmd_export(lib: Library, args: argparse.Namespace) -> int:
    # deferred: the exporters (markdown, nh3; jinja2 when rendering), for `export` only
    from reader.core import exporting
    from reader.core.exporting.readback import take_back
    from reader.core.exporting.summary import summarize_articles

    if args.all and args.ids:
        raise UserError("name the articles to export (article ids) or use --all, not both")
    if not args.all and not args.ids:
        raise UserError("name the articles to export (article ids), or use --all for every one")
    ids = [a.id for a in lib.articles.list(archived=None)] if args.all else args.ids
    if getattr(args, "full", False):
        return _export_whole(lib, args, ids)
    template = getattr(args, "template", None)
    try:
        exporting.get_format(args.format, template)  # a bad template fails before any work
    except ValueError as e:
        raise UserError(str(e)) from None
    if args.output:
        try:
            report = None
            if args.format == "md" and Path(args.output).is_dir():  # the vault's edits first
                report = take_back(lib, Path(args.output), ids)
            written = exporting.write_files(
                summarize_articles(lib, ids), args.format, Path(args.output), template=template
            )
        except OSError as e:
            raise LibraryError(
                f"cannot write the export to {args.output}: {e.strerror or e} "
                "(choose a folder you can write to)"
            ) from e
        for path in written:
            out(str(path))
        if report:
            out(report.summary())
            for line in report.lines():
                out(f"  {line}")
        return 0
    summaries = summarize_articles(lib, ids)
    sys.stdout.write(exporting.render_many(summaries, args.format, template))
    return 0
