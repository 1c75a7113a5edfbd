"""The argument parser: every subcommand, its options and its help."""

from __future__ import annotations

import argparse

from reader.cli import commands as c
from reader.cli import safety
from reader.cli.commands import FORMATS
from reader.core.models import COLOURS, STYLES


class VersionAction(argparse.Action):
    """``--version``: like argparse's own, but the version is looked up only when asked
    (importlib.metadata would cost every launch about 30 ms)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs) -> None:
        kwargs.setdefault("help", "show the version and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from reader import version

        print(f"{parser.prog} {version()}")  # on standard output, as argparse's own does
        parser.exit()


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
        # the window's own arguments: reader/window_args.py
        epilog="The window also opens files, web addresses and article-reader:// links: "
        "article-reader FILE_OR_URL... (a window already open on that library receives "
        "them). --install-desktop adds the app to your desktop's launcher "
        "(--uninstall-desktop removes it).",
    )
    parser.add_argument("--version", action=VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func, help: str, **kw) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, parents=[lib_opt], **kw)
        p.set_defaults(func=func)
        return p

    p = command(
        "import",
        c.cmd_import,
        "import files, folders (recursively) and http(s) URLs; "
        "a .jsonld file adds the highlights it holds (W3C Web Annotation); "
        "Kindle's My Clippings.txt adds its books",
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--json", action="store_true")

    p = command("list", c.cmd_list, "list the articles in the library")
    p.add_argument("--json", action="store_true")
    p.add_argument("--sort", choices=("added", "oldest", "title"), default="added")
    p.add_argument("--tag", help="only articles (or highlights) with this tag")
    p.add_argument("--favorites", "--favourites", action="store_true")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--archived", action="store_true", help="only archived articles")
    group.add_argument("--all", action="store_true", help="archived articles too")
    group.add_argument("--trash", action="store_true", help="the articles in the trash")

    p = command("show", c.cmd_show, "show an article's details and its text")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")

    p = command("highlight", c.cmd_highlight, "highlight a passage of an article")
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

    p = command("highlights", c.cmd_highlights, "list an article's highlights, orphans last")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")

    p = command(
        "edit-highlight",
        c.cmd_edit_highlight,
        "change a highlight's colour, style, note or tags, or delete it",
    )
    p.add_argument("highlight_id")
    p.add_argument("--colour", "--color", choices=COLOURS)
    p.add_argument("--style", choices=STYLES)
    p.add_argument("--note")
    p.add_argument("--tag", action="append", help="replace the tags (repeat for several)")
    p.add_argument("--clear-tags", action="store_true")
    p.add_argument("--delete", action="store_true")

    p = command("note", c.cmd_note, "set (or print) an article's note; '-' reads stdin")
    p.add_argument("id", type=int)
    p.add_argument("text", nargs="?")
    p.add_argument("--append", action="store_true", help="add to the note instead of replacing")

    p = command("tag", c.cmd_tag, "add tags to an article (or --remove them)")
    p.add_argument("id", type=int)
    p.add_argument("tags", nargs="+")
    p.add_argument("--remove", action="store_true")

    p = command("tags", c.cmd_tags, "list the tags in use")
    p.add_argument("--json", action="store_true")

    for name, help in (
        ("favorite", "mark articles as favourites (--off to unmark)"),
        ("archive", "archive articles (--off to unarchive)"),
    ):
        p = command(name, c.cmd_flag, help)
        p.add_argument("ids", nargs="+", type=int)
        p.add_argument("--off", action="store_true")

    p = command("delete", c.cmd_delete, "move articles to the trash (restore brings them back)")
    p.add_argument("ids", nargs="+", type=int)
    p = command("empty-trash", c.cmd_empty_trash, "delete what is in the trash for good")
    p.add_argument(
        "--older-than",
        type=float,
        default=0,
        metavar="DAYS",
        help="only what was deleted more than DAYS days ago",
    )

    p = command("search", c.cmd_search, "search articles, highlights and notes")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")

    p = command("export", c.cmd_export, "export highlights and notes")
    p.add_argument("ids", nargs="*", type=int)
    p.add_argument("--all", action="store_true", help="every article")
    p.add_argument("--format", choices=FORMATS, default="md")
    p.add_argument(
        "--output",
        metavar="DIR",
        help="write one file per article into DIR (updated in place on re-export); "
        "without it, one document goes to standard output",
    )
    p.add_argument(
        "--template",
        metavar="FILE",
        help="Markdown template (Jinja2): a .md.j2 file, or a NAME from the templates "
        "folder in the user config folder",
    )

    safety.add_commands(command)  # check, backup, restore
    return parser
