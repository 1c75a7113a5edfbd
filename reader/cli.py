"""The command line: every subcommand parses its arguments, calls the core, prints.

article-reader import sample_articles/ https://example.org/essay
article-reader highlight 3 --quote "unprecedented high level" --colour green
article-reader export --all --format md --output notes/
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from dataclasses import asdict
from pathlib import Path

from .core.library import Library, LibraryError
from .core.models import COLOURS, STYLES

FORMATS = ("md", "html", "jsonld", "csv")


def default_library_path() -> Path:
    env = os.environ.get("ARTICLE_READER_LIBRARY")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("article-reader", appauthor=False)) / "library.db"


class UserError(Exception):
    """A mistake in what was asked: printed as one line, exit status 2."""


# -- output helpers ------------------------------------------------------------


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _json(data: object) -> None:
    _out(json.dumps(data, ensure_ascii=False, indent=2))


def _date(stamp: str | None) -> str:
    return (stamp or "")[:10]


def _cells(ch: str) -> int:
    """Terminal columns a character takes: CJK and emoji take two."""
    import unicodedata

    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _fit(text: str, width: int) -> str:
    """The text cut to ``width`` terminal columns (with "…") and padded to exactly that."""
    out, used = [], 0
    if sum(map(_cells, text)) > width:
        width -= 1
        for ch in text:
            if used + _cells(ch) > width:
                break
            out.append(ch)
            used += _cells(ch)
        out.append("…")
        used += 1
        width += 1
    else:
        out, used = [text], sum(map(_cells, text))
    return "".join(out) + " " * max(0, width - used)


def _bold(stdout_is_tty: bool) -> tuple[str, str]:
    return ("\x1b[1m", "\x1b[0m") if stdout_is_tty else ("[", "]")


# -- commands --------------------------------------------------------------------


def cmd_import(lib: Library, args: argparse.Namespace) -> int:
    from .core.ingest import import_sources

    show_progress = sys.stderr.isatty() and not args.json

    def progress(done: int, total: int, source: str) -> None:
        if show_progress and total > 1:
            sys.stderr.write(f"\r\x1b[K[{done}/{total}] {_fit(source, 60).rstrip()}")
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
    if args.json:
        _json(
            {
                "results": [asdict(r) for r in report.results],
                "failures": [asdict(f) for f in report.failures],
                "annotations": [asdict(a) for a in report.annotations],
            }
        )
    else:
        for a in report.annotations:
            _out(a.summary())
            for line in a.skipped:
                _out(f"  skipped {line}")
        for r in report.results:
            extra = f" ({r.orphaned} highlight(s) orphaned)" if r.orphaned else ""
            _out(f"{r.status:9} {r.article_id:>5}  {r.title}{extra}")
        if len(report.results) + len(report.failures) > 1:
            _out(report.summary())
    return 1 if report.failures else 0


def cmd_list(lib: Library, args: argparse.Namespace) -> int:
    archived = None if args.all or args.trash else args.archived
    rows = lib.articles(
        sort=args.sort,
        tag=args.tag,
        favorite=True if args.favorites else None,
        archived=archived,
        trashed=args.trash,
    )
    if args.json:
        _json(
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
                }
                for r in rows
            ]
        )
        return 0
    if not rows:
        _out("no articles yet: add some with `article-reader import FILE|FOLDER|URL`")
        return 0
    width = shutil.get_terminal_size((100, 20)).columns
    site_w = min(24, max(4, *(len(r.site or "") for r in rows)))
    title_w = max(20, width - 6 - site_w - 12 - 6 - 4)
    _out(f"{'id':>5}  {'title':{title_w}}  {'site':{site_w}}  {'added':10}  {'hl':>4}")
    for r in rows:
        mark = "★ " if r.favorite else ""
        title = _fit(mark + r.title, title_w)
        site = _fit(r.site or "", site_w)
        _out(f"{r.id:>5}  {title}  {site}  {_date(r.added_at):10}  {r.highlights:>4}")
    return 0


def _highlight_json(h) -> dict:
    return {
        "id": h.id,
        "start": h.start,
        "end": h.end,
        "exact": h.exact,
        "colour": h.colour,
        "style": h.style,
        "note": h.note,
        "tags": h.tags,
        "state": h.state,
        "created": h.created_at,
        "updated": h.updated_at,
    }


def cmd_show(lib: Library, args: argparse.Namespace) -> int:
    a = lib.article(args.id)
    if args.json:
        _json(
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
                "highlights": [_highlight_json(h) for h in lib.highlights(a.id)],
                "text": a.text,
            }
        )
        return 0
    _out(a.title)
    for label, value in (
        ("by", a.author),
        ("site", a.site),
        ("url", a.url),
        ("published", a.published),
        ("added", a.added_at),
        ("tags", ", ".join(a.tags)),
    ):
        if value:
            _out(f"{label:>9}: {value}")
    if a.note:
        _out(f"{'note':>9}: {a.note}")
    _out()
    _out(a.text)
    return 0


def cmd_highlight(lib: Library, args: argparse.Namespace) -> int:
    from .core import anchoring

    article = lib.article(args.id)
    if args.range:
        try:
            start, end = (int(x) for x in args.range.split(":"))
        except ValueError:
            raise UserError(f"--range wants START:END in characters, not {args.range!r}") from None
    else:
        if not args.quote or not args.quote.strip():
            raise UserError('say what to highlight: --quote "words from the article"')
        place = anchoring.find_quote(article.text, args.quote, args.occurrence)
        if place is None:
            count = anchoring.count_occurrences(article.text, args.quote)
            if count == 0:
                raise UserError(f"the quote is not in article {args.id} ({article.title!r})")
            raise UserError(
                f"the quote occurs {count} time(s) in article {args.id}; "
                f"use --occurrence 1..{count}"
            )
        start, end = place
    h = lib.add_highlight(
        args.id,
        start,
        end,
        colour=args.colour,
        style=args.style,
        note=args.note or "",
        tags=args.tag or (),
    )
    if args.json:
        _json(_highlight_json(h))
    else:
        _out(f"{h.id}  {h.start}:{h.end}  {h.colour}  {_fit(h.exact, 60).rstrip()}")
    return 0


def cmd_highlights(lib: Library, args: argparse.Namespace) -> int:
    lib.article(args.id)  # a clear error for a missing article
    items = lib.highlights(args.id)
    if args.json:
        _json([_highlight_json(h) for h in items])
        return 0
    for h in items:
        state = "  (orphaned)" if h.orphaned else ""
        _out(f"{h.id}  {h.start}:{h.end}  {h.colour}{state}")
        _out(f"    “{h.exact}”")
        if h.note:
            _out(f"    note: {h.note}")
        if h.tags:
            _out(f"    tags: {', '.join(h.tags)}")
    if not items:
        _out(f"article {args.id} has no highlights")
    return 0


def cmd_edit_highlight(lib: Library, args: argparse.Namespace) -> int:
    if args.delete:
        gone = lib.delete_highlight(args.highlight_id)
        _out(f"deleted highlight {gone.id}")
        return 0
    tags = [] if args.clear_tags else (args.tag or None)
    h = lib.update_highlight(
        args.highlight_id, colour=args.colour, style=args.style, note=args.note, tags=tags
    )
    _out(f"{h.id}  {h.colour}  {h.style}  note: {h.note or '-'}  tags: {', '.join(h.tags) or '-'}")
    return 0


def cmd_note(lib: Library, args: argparse.Namespace) -> int:
    article = lib.article(args.id)
    if args.text is None:
        _out(article.note)
        return 0
    text = args.text if args.text != "-" else sys.stdin.read()
    if args.append and article.note:
        text = article.note.rstrip() + "\n\n" + text
    lib.set_note(args.id, text)
    _out(f"note saved on article {args.id}")
    return 0


def cmd_tag(lib: Library, args: argparse.Namespace) -> int:
    current = lib.article_tags(args.id)
    if args.remove:
        drop = {t.lower() for t in args.tags}
        new = [t for t in current if t.lower() not in drop]
    else:
        new = current + list(args.tags)
    lib.set_article_tags(args.id, new)
    _out(f"article {args.id} tags: {', '.join(lib.article_tags(args.id)) or '-'}")
    return 0


def cmd_tags(lib: Library, args: argparse.Namespace) -> int:
    tags = lib.tags()
    if args.json:
        _json([{"tag": name, "count": n} for name, n in tags])
    for name, n in [] if args.json else tags:
        _out(f"{n:>5}  {name}")
    return 0


def cmd_flag(lib: Library, args: argparse.Namespace) -> int:
    setter = lib.set_favorite if args.command == "favorite" else lib.set_archived
    for article_id in args.ids:
        setter(article_id, not args.off)
    word = {"favorite": "favourite", "archive": "archived"}[args.command]
    _out(f"{'not ' if args.off else ''}{word}: {', '.join(map(str, args.ids))}")
    return 0


def cmd_delete(lib: Library, args: argparse.Namespace) -> int:
    for article_id in args.ids:
        title = lib.article(article_id).title
        lib.delete_article(article_id)
        _out(f"moved to trash: {article_id}  {title}  (undo: article-reader restore {article_id})")
    return 0


def cmd_restore(lib: Library, args: argparse.Namespace) -> int:
    for article_id in args.ids:
        lib.restore_article(article_id)
        _out(f"restored {article_id}  {lib.article(article_id).title}")
    return 0


def cmd_empty_trash(lib: Library, args: argparse.Namespace) -> int:
    count = lib.purge_deleted(older_than_days=args.older_than)
    _out(f"deleted for good: {count} article(s)")
    return 0


def cmd_search(lib: Library, args: argparse.Namespace) -> int:
    from .core.search import marked

    hits = lib.search(args.query, limit=args.limit)
    if args.json:
        _json(
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
        _out(f"nothing found for {args.query!r}")
        return 0
    on, off = _bold(sys.stdout.isatty())
    for h in hits:
        _out(f"{h.article_id:>5}  {h.kind:9}  {h.title}")
        _out(f"       {marked(h.snippet, on, off)}")
    return 0


def cmd_export(lib: Library, args: argparse.Namespace) -> int:
    from .core import exporting
    from .core.exporting.summary import summarize

    if args.all == bool(args.ids):
        raise UserError("name the articles to export (article ids) or use --all, not both")
    ids = [a.id for a in lib.articles(archived=None)] if args.all else args.ids
    summaries = [summarize(lib.article(i), lib.highlights(i)) for i in ids]
    if args.output:
        try:
            written = exporting.write_files(summaries, args.format, Path(args.output))
        except OSError as e:
            raise LibraryError(
                f"cannot write the export to {args.output}: {e.strerror or e} "
                "(choose a folder you can write to)"
            ) from e
        for path in written:
            _out(str(path))
        return 0
    sys.stdout.write(exporting.render_many(summaries, args.format))
    return 0


def cmd_backup(lib: Library, args: argparse.Namespace) -> int:
    _out(str(lib.backup(reason="manual")))
    return 0


# -- parser ----------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    lib_opt = argparse.ArgumentParser(add_help=False)
    lib_opt.add_argument(
        "--library",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the library file (default: $ARTICLE_READER_LIBRARY or "
        "library.db in the user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="article-reader",
        description="Read, highlight, annotate and export articles. "
        "Without a command, opens the desktop window.",
        parents=[lib_opt],
    )
    parser.add_argument("--version", action="version", version="%(prog)s 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func, help: str, **kw) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, parents=[lib_opt], **kw)
        p.set_defaults(func=func)
        return p

    p = command(
        "import",
        cmd_import,
        "import files, folders (recursively) and http(s) URLs; "
        "a .jsonld file adds the highlights it holds (W3C Web Annotation)",
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--json", action="store_true")

    p = command("list", cmd_list, "list the articles in the library")
    p.add_argument("--json", action="store_true")
    p.add_argument("--sort", choices=("added", "oldest", "title"), default="added")
    p.add_argument("--tag", help="only articles (or highlights) with this tag")
    p.add_argument("--favorites", "--favourites", action="store_true")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--archived", action="store_true", help="only archived articles")
    group.add_argument("--all", action="store_true", help="archived articles too")
    group.add_argument("--trash", action="store_true", help="the articles in the trash")

    p = command("show", cmd_show, "show an article's details and its text")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")

    p = command("highlight", cmd_highlight, "highlight a passage of an article")
    p.add_argument("id", type=int, help="article id")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", help="the words to highlight, as they appear in the article")
    where.add_argument("--range", metavar="START:END", help="character offsets instead of a quote")
    p.add_argument("--occurrence", type=int, default=1, help="which occurrence of the quote")
    p.add_argument("--colour", "--color", choices=COLOURS, default="yellow")
    p.add_argument("--style", choices=STYLES, default="highlight")
    p.add_argument("--note")
    p.add_argument("--tag", action="append", help="repeat for several tags")
    p.add_argument("--json", action="store_true")

    p = command("highlights", cmd_highlights, "list an article's highlights, orphans last")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")

    p = command(
        "edit-highlight",
        cmd_edit_highlight,
        "change a highlight's colour, style, note or tags, or delete it",
    )
    p.add_argument("highlight_id")
    p.add_argument("--colour", "--color", choices=COLOURS)
    p.add_argument("--style", choices=STYLES)
    p.add_argument("--note")
    p.add_argument("--tag", action="append", help="replace the tags (repeat for several)")
    p.add_argument("--clear-tags", action="store_true")
    p.add_argument("--delete", action="store_true")

    p = command("note", cmd_note, "set (or print) an article's note; '-' reads stdin")
    p.add_argument("id", type=int)
    p.add_argument("text", nargs="?")
    p.add_argument("--append", action="store_true", help="add to the note instead of replacing")

    p = command("tag", cmd_tag, "add tags to an article (or --remove them)")
    p.add_argument("id", type=int)
    p.add_argument("tags", nargs="+")
    p.add_argument("--remove", action="store_true")

    p = command("tags", cmd_tags, "list the tags in use")
    p.add_argument("--json", action="store_true")

    for name, help in (
        ("favorite", "mark articles as favourites (--off to unmark)"),
        ("archive", "archive articles (--off to unarchive)"),
    ):
        p = command(name, cmd_flag, help)
        p.add_argument("ids", nargs="+", type=int)
        p.add_argument("--off", action="store_true")

    p = command("delete", cmd_delete, "move articles to the trash (restore brings them back)")
    p.add_argument("ids", nargs="+", type=int)
    p = command("restore", cmd_restore, "bring articles back from the trash")
    p.add_argument("ids", nargs="+", type=int)
    p = command("empty-trash", cmd_empty_trash, "delete what is in the trash for good")
    p.add_argument(
        "--older-than",
        type=float,
        default=0,
        metavar="DAYS",
        help="only what was deleted more than DAYS days ago",
    )

    p = command("search", cmd_search, "search articles, highlights and notes")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")

    p = command("export", cmd_export, "export highlights and notes")
    p.add_argument("ids", nargs="*", type=int)
    p.add_argument("--all", action="store_true", help="every article")
    p.add_argument("--format", choices=FORMATS, default="md")
    p.add_argument(
        "--output",
        metavar="DIR",
        help="write one file per article into DIR (updated in place on re-export); "
        "without it, one document goes to standard output",
    )

    command("backup", cmd_backup, "write a checked backup copy of the library")
    return parser


def run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    path = Path(getattr(args, "library", None) or default_library_path())
    try:
        with Library(path) as lib:
            return args.func(lib, args)
    except (LibraryError, UserError, ValueError) as e:
        sys.stderr.write(f"error: {e}\n")
        return 2 if isinstance(e, UserError | ValueError) else 1
    except BrokenPipeError:  # `article-reader show 3 | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
