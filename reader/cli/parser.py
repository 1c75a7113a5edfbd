"""The one argument parser of ``article-reader``: no command opens the window, a command
runs the command line.

    article-reader                                   # the window on the default library
    article-reader notes.md https://example.org/a    # the window, importing and opening these
    article-reader 'article-reader://open?article=3&highlight=abc'
    article-reader --install-desktop                 # the launcher entry and icons
    article-reader list --json                       # a command

A launch without a command is the ``open`` command (``parse`` puts it in front), so the
window's files, links and options are parsed, checked and described in ``--help`` like
any command's. Building the parser imports argparse and the colour names, nothing more:
it runs before every start of the window. Each command names its handler as
``"module:function"`` in ``reader.cli``, imported only when the command runs.
"""

from __future__ import annotations

import argparse

from reader import version
from reader.cli.parser_browser import browser_commands
from reader.cli.parser_feeds import feed_commands
from reader.core.colours import COLOURS, STYLES

SORTS = ("added", "oldest", "published", "title", "progress")  # articles.SORTS, checked by a test

OPEN = "open"  # the window's command: a launch without a command is this one
FORMATS = ("md", "html", "jsonld", "csv")  # exporting.formats.FORMATS, checked by a test
RATINGS = ("again", "hard", "good", "easy")  # reviewing.cards.RATINGS, checked by a test
HELP_AND_VERSION = ("-h", "--help", "--version")

RESTORE_HELP = (
    "bring articles back from the trash (restore ID...), or put a backup file in place of "
    "the library (restore BACKUP): the backup is checked first and the current library is "
    "kept beside it as library.db.before-restore-<time>, never overwritten"
)


class HelpFormatter(argparse.HelpFormatter):
    """Argparse's help, with each option's default named where it has one worth saying
    (not for switches, and not where the help already says it)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        help = action.help or ""
        default = action.default
        if (
            "%(default)" in help
            or "default" in help
            or default in (None, False, [], argparse.SUPPRESS)
            or action.option_strings == []
        ):
            return help
        return f"{help} (default: %(default)s)"


class VersionAction(argparse.Action):
    """``--version``: like argparse's own, but the version is looked up only when asked
    (importlib.metadata would cost every launch about 30 ms)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs) -> None:
        kwargs.setdefault("help", "show the version and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(f"{parser.prog} {version()}")  # on standard output, as argparse's own does
        parser.exit()


def parse(argv: list[str]) -> argparse.Namespace:
    """``argv`` parsed; ``command`` is ``OPEN`` for the window. Errors and ``--help``
    exit as argparse does (status 2 and 0)."""
    parser, commands = build_parser()
    if not names_a_command(argv, commands):
        argv = [OPEN, *argv]
    return parser.parse_args(argv)


def names_a_command(argv: list[str], commands: frozenset[str]) -> bool:
    """Whether ``argv`` is for the command line: its first word that is not an option (nor
    the value of ``--library``) is a command, or it asks for the help or the version first.
    Anything else (no word, or a file, web address or link) is for the window."""
    words = iter(argv)
    for word in words:
        if word in HELP_AND_VERSION:
            return True
        if word == "--":
            return False
        if len(word) > 2 and "--library".startswith(word):  # argparse accepts "--lib x.db"
            next(words, None)
        elif not word.startswith("-") or word == "-":
            return word in commands
    return False


HIDDEN = frozenset({"related-service"})  # commands the window runs, not listed in the help


def build_parser() -> tuple[argparse.ArgumentParser, frozenset[str]]:
    """The parser, and the names of its commands (argparse keeps its own list private)."""
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
        formatter_class=HelpFormatter,
        description="Read, highlight, annotate and export articles. "
        "Without a command, opens the desktop window.",
        parents=[lib_opt],
        epilog="Without a command the window opens, with any files, web addresses and "
        "article-reader:// links given: article-reader FILE_OR_URL... (a window already "
        "open on that library receives them). --install-desktop adds the app to your "
        "desktop's launcher (--uninstall-desktop removes it). See: article-reader open --help",
    )
    parser.add_argument("--version", action=VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    names: list[str] = []

    def command(name: str, handler: str, help: str, **kw) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help,
            description=help,
            parents=[lib_opt],
            formatter_class=HelpFormatter,
            **kw,
        )
        p.set_defaults(handler=handler)
        names.extend([name, *kw.get("aliases", ())])
        return p

    def json_option(p: argparse.ArgumentParser, what: str) -> None:
        p.add_argument("--json", action="store_true", help=f"print {what} as JSON, for scripts")

    p = command(
        OPEN,
        "",
        "open the window (the default: no command does the same), importing and opening "
        "the files, web addresses and article-reader:// links given",
        prog="article-reader",  # it stands for the launch without a command
    )
    p.add_argument(
        "targets",
        nargs="*",
        metavar="FILE_OR_URL",
        help="a file, folder or http(s) address to import and open, or an "
        "article-reader:// link to an article or highlight",
    )
    desktop = p.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop",
        dest="desktop",
        action="store_const",
        const="--install-desktop",
        help="add the app to your desktop's launcher (Linux), then exit",
    )
    desktop.add_argument(
        "--uninstall-desktop",
        dest="desktop",
        action="store_const",
        const="--uninstall-desktop",
        help="remove it from the launcher again, then exit",
    )
    # For smoke tests of an install or a bundle (README, "For packagers"): not for people.
    p.add_argument("--quit-after-show", action="store_true", help=argparse.SUPPRESS)

    p = command(
        "import",
        "commands:cmd_import",
        "import files, folders (recursively) and http(s) URLs; "
        "a .jsonld file adds the highlights it holds (W3C Web Annotation); "
        "Kindle's My Clippings.txt adds its books",
    )
    p.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="a file, a folder or an http(s) address"
    )
    json_option(p, "what was imported and what failed")

    p = command("list", "commands:cmd_list", "list the articles in the library")
    json_option(p, "the articles")
    p.add_argument(
        "--sort",
        choices=SORTS,
        default="added",
        help="added: newest added first; oldest: oldest added first; published: newest "
        "published first (undated last); title; progress: most read first",
    )
    p.add_argument("--tag", help="only articles (or highlights) with this tag")
    p.add_argument(
        "--favourites", "--favorites", dest="favorites", action="store_true", help="only favourites"
    )
    p.add_argument("--unread", action="store_true", help="only articles not opened yet")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--archived", action="store_true", help="only archived articles")
    group.add_argument("--all", action="store_true", help="archived articles too")
    group.add_argument("--trash", action="store_true", help="the articles in the trash")

    p = command("show", "commands:cmd_show", "show an article's details and its text")
    p.add_argument("id", type=int, help="article id (see list)")
    json_option(p, "the article, its highlights and its text")

    p = command("highlight", "commands:cmd_highlight", "highlight a passage of an article")
    p.add_argument("id", type=int, help="article id")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", help="the words to highlight, as they appear in the article")
    where.add_argument("--range", metavar="START:END", help="character offsets instead of a quote")
    p.add_argument(
        "--occurrence",
        type=int,
        metavar="N",
        help="which occurrence of the quote, counted from the start (default: 1; a note "
        "says how many there are when there are several)",
    )
    p.add_argument("--colour", "--color", choices=COLOURS, default="yellow", help="its colour")
    p.add_argument(
        "--style", choices=STYLES, default="highlight", help="a coloured background or an underline"
    )
    p.add_argument("--note", help="a note on the highlight")
    p.add_argument("--tag", action="append", help="a tag on the highlight (repeat for several)")
    json_option(p, "the new highlight")

    p = command(
        "highlights",
        "highlights:cmd_highlights",
        "list an article's highlights, orphans last; with --all, every highlight in the "
        "library, newest first; with --trash, the deleted highlights",
    )
    p.add_argument(
        "id",
        type=int,
        nargs="?",
        help="article id (see list; or use --all; with --trash: only its own)",
    )
    p.add_argument("--all", action="store_true", help="every article's highlights")
    p.add_argument(
        "--trash",
        action="store_true",
        help="list deleted highlights with their last text and note (restore-highlight "
        "brings one back)",
    )
    p.add_argument(
        "--tag", help="with --all: only highlights with this tag (or in an article with it)"
    )
    p.add_argument("--colour", "--color", choices=COLOURS, help="with --all: only this colour")
    p.add_argument(
        "--since",
        metavar="DATE",
        help="with --all: only highlights made on or after DATE (2024-05-01, or 7d, 2w, 3m)",
    )
    p.add_argument(
        "--text", help="with --all: only highlights whose passage or note has these words"
    )
    p.add_argument("--limit", type=int, help="with --all: at most this many")
    json_option(p, "the highlights")

    p = command(
        "review",
        "review:cmd_review",
        "today's review: list the highlights due today, or rate, discard, favourite one "
        "or make it a question card",
    )
    json_option(p, "today's review")
    actions = p.add_subparsers(
        dest="action", metavar="ACTION", help="what to do with a highlight (none: list today's)"
    )
    r = actions.add_parser(
        "rate", help="rate a highlight (exit 0) and print when it comes back, in ISO 8601"
    )
    r.add_argument("highlight_id")
    r.add_argument("rating", choices=RATINGS, metavar="again|hard|good|easy")
    r.add_argument("--json", action="store_true")
    r = actions.add_parser("discard", help="take a highlight out of the review for good")
    r.add_argument("highlight_id")
    r.add_argument("--undo", action="store_true", help="put it back into the review")
    r = actions.add_parser("favourite", aliases=["favorite"], help="review a highlight more often")
    r.add_argument("highlight_id")
    r.add_argument("--off", action="store_true")
    r = actions.add_parser(
        "cloze", help="make a highlight a question card: a part of its passage hidden"
    )
    r.add_argument("highlight_id")
    hide = r.add_mutually_exclusive_group()
    hide.add_argument("--hide", metavar="WORDS", help="the words to hide (default: the longest)")
    hide.add_argument("--clear", action="store_true", help="a plain card again")
    r = actions.add_parser(
        "per-day", help="print (or set) how many highlights a day's review holds"
    )
    r.add_argument("count", type=int, nargs="?")

    p = command(
        "related",
        "related:cmd_related",
        "highlights and passages across the library that say something similar to a "
        "highlight, even in other words (vectors not yet computed are computed first)",
    )
    p.add_argument("highlight_id", metavar="HIGHLIGHT_ID", help="see highlights --all")
    p.add_argument("--limit", type=int, default=10, help="at most this many (default 10)")
    json_option(p, "the related highlights and passages")
    # The window's child process (ui/app/related_service.py): JSON lines, not listed.
    for hidden in HIDDEN:
        p = sub.add_parser(hidden, parents=[lib_opt])
        p.set_defaults(handler="related_service:cmd_related_service")
        names.append(hidden)

    p = command(
        "restore-highlight",
        "commands:cmd_restore_highlight",
        "bring deleted highlights back from the highlights trash",
    )
    p.add_argument("highlight_ids", nargs="+", metavar="ID", help="ids from highlights --trash")

    p = command(
        "sync",
        "sync:cmd_sync",
        "sync the library through a folder that Syncthing, Nextcloud, Dropbox or a USB "
        "stick copies between your computers (--folder once, then just sync)",
    )
    p.add_argument(
        "--folder",
        metavar="DIR",
        help="the sync folder (chosen once per library; the same folder on every computer)",
    )
    p.add_argument(
        "--encrypt",
        action="store_true",
        help="encrypt what is written to the folder with a passphrase (asked for, or "
        "$ARTICLE_READER_SYNC_PASSPHRASE); needed to join an encrypted folder",
    )
    p.add_argument("--stop", action="store_true", help="stop syncing this library")
    json_option(p, "what was done")

    p = command(
        "edit-highlight",
        "commands:cmd_edit_highlight",
        "change a highlight's colour, style, note or tags, or delete it",
    )
    p.add_argument("highlight_id", help="the highlight's id (see highlights)")
    p.add_argument("--colour", "--color", choices=COLOURS, help="a new colour")
    p.add_argument("--style", choices=STYLES, help="a new style")
    p.add_argument("--note", help="a new note (an empty one removes it)")
    p.add_argument("--tag", action="append", help="replace the tags (repeat for several)")
    p.add_argument("--clear-tags", action="store_true", help="remove every tag")
    p.add_argument("--delete", action="store_true", help="delete the highlight")

    p = command("note", "commands:cmd_note", "set (or print) an article's note; '-' reads stdin")
    p.add_argument("id", type=int, help="article id (see list)")
    p.add_argument("text", nargs="?", help="the note; '-' reads it from standard input")
    p.add_argument("--append", action="store_true", help="add to the note instead of replacing")

    p = command("tag", "commands:cmd_tag", "add tags to an article (or --remove them)")
    p.add_argument("id", type=int, help="article id (see list)")
    p.add_argument("tags", nargs="+", metavar="TAG", help="one or more tags")
    p.add_argument("--remove", action="store_true", help="remove these tags instead")

    p = command("tags", "commands:cmd_tags", "list the tags in use")
    json_option(p, "the tags and their counts")

    for name, aliases, help in (
        ("favourite", ["favorite"], "mark articles as favourites (--off: no longer)"),
        ("archive", [], "archive articles (--off: take them out of the archive)"),
        ("read", [], "mark articles as read (--off: as unread, listed as new again)"),
    ):
        p = command(name, "commands:cmd_flag", help, aliases=aliases)
        p.add_argument("ids", nargs="+", type=int, metavar="ID", help="article ids (see list)")
        p.add_argument("--off", action="store_true", help="undo the mark instead")

    p = command(
        "delete", "commands:cmd_delete", "move articles to the trash (restore brings them back)"
    )
    p.add_argument("ids", nargs="+", type=int, metavar="ID", help="article ids (see list)")
    p = command("empty-trash", "commands:cmd_empty_trash", "delete what is in the trash for good")
    p.add_argument(
        "--older-than",
        type=float,
        default=0,
        metavar="DAYS",
        help="only what was deleted more than DAYS days ago",
    )

    p = command("search", "commands:cmd_search", "search articles, highlights and notes")
    p.add_argument(
        "query", help='words to find (the last one as a prefix); "quoted words" as a phrase'
    )
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits")
    json_option(p, "the hits")

    p = command("export", "commands:cmd_export", "export highlights and notes")
    p.add_argument("ids", nargs="*", type=int, metavar="ID", help="article ids (see list)")
    p.add_argument("--all", action="store_true", help="every article")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="md",
        help="md: Markdown; html; jsonld: W3C Web Annotation; csv: Readwise",
    )
    p.add_argument(
        "--output",
        metavar="DIR",
        help="write one file per article into DIR (updated in place on re-export); "
        "without it, one document goes to standard output",
    )
    p.add_argument(
        "--full",
        action="store_true",
        help="with --format html: the whole article (its text, pictures and captions, the "
        "highlights marked and notes beside them) rather than the highlights alone",
    )
    p.add_argument(
        "--template",
        metavar="FILE",
        help="Markdown template (Jinja2): a .md.j2 file, or a NAME from the templates "
        "folder in the user config folder",
    )

    feed_commands(command)
    browser_commands(command)

    p = command(
        "check",
        "safety:cmd_check",
        "check the library for damage: exit status 0 if sound, 1 if not",
    )
    p.set_defaults(raw=True)  # works on the file itself, which may be damaged
    p = command("backup", "safety:cmd_backup", "write a checked backup copy of the library")
    p.add_argument(
        "--output",
        metavar="PATH",
        help="write the copy to PATH (a new file, or a folder) instead of the backups folder",
    )
    p = command("restore", "safety:cmd_restore", RESTORE_HELP)
    p.add_argument(
        "targets",
        nargs="+",
        metavar="ID|BACKUP",
        help="article ids from `list --trash`, or one backup file (see library.db.backups/)",
    )
    p.set_defaults(raw=True)
    return parser, frozenset(names)
