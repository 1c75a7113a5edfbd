"""The command line's ``feeds ...`` and ``newsletters ...`` commands, for ``parser.py``
(argparse only, as the parser itself)."""

from __future__ import annotations

import argparse

FEEDS_HELP = (
    "subscriptions to RSS, Atom and JSON feeds (and the mailboxes of `newsletters`): "
    "add, list, remove, refresh, import-opml, export-opml"
)
NEWSLETTERS_HELP = (
    "newsletters from an IMAP folder (IMAPS or STARTTLS; the password is kept in the "
    "system keyring): add, list, remove, fetch"
)


def feed_commands(command) -> None:
    """``feeds ...`` and ``newsletters ...``: each a command with commands of its own."""
    feeds = command("feeds", "feeds:cmd_feeds_list", FEEDS_HELP)
    sub = feeds.add_subparsers(
        dest="feeds_command", metavar="ACTION", help="what to do (none: list the feeds)"
    )

    def action(parent, name: str, handler: str, help: str) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=help, description=help)
        p.set_defaults(handler=f"feeds:{handler}")
        return p

    p = action(sub, "add", "cmd_feeds_add", "subscribe to a feed (or the feed a page names)")
    p.add_argument("url", metavar="URL")
    p.add_argument("--tag", action="append", default=[], help="a tag for its articles (repeat)")
    p.add_argument("--title", default="", help="a name of your own for the feed")
    p.add_argument(
        "--full-text",
        choices=("auto", "on", "off"),
        default="auto",
        help="fetch each entry's page when the feed gives only summaries (auto: when it "
        "does; on: always; off: never)",
    )
    p.add_argument("--json", action="store_true")
    p = action(sub, "list", "cmd_feeds_list", "list the subscriptions, how each last went")
    p.add_argument("--json", action="store_true")
    p = action(sub, "remove", "cmd_feeds_remove", "unsubscribe (the articles stay)")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p = action(sub, "refresh", "cmd_feeds_refresh", "fetch what is new (every feed, or these)")
    p.add_argument("ids", nargs="*", type=int, metavar="ID")
    p.add_argument("--no-pages", action="store_true", help="never fetch an entry's page")
    p.add_argument("--json", action="store_true")
    p = action(sub, "set", "cmd_feeds_set", "change a feed's name, tags or full-text choice")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--title")
    p.add_argument("--tag", action="append", help="replace its tags (repeat)")
    p.add_argument("--full-text", choices=("auto", "on", "off"))
    p = action(sub, "import-opml", "cmd_feeds_import_opml", "subscribe to an OPML file's feeds")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--no-refresh", action="store_true", help="add them without fetching")
    p = action(sub, "export-opml", "cmd_feeds_export_opml", "write the subscriptions as OPML")
    p.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    p = action(sub, "read", "cmd_feeds_read", "mark a feed's articles read (all feeds: no ID)")
    p.add_argument("ids", nargs="*", type=int, metavar="ID")

    mail = command("newsletters", "feeds:cmd_newsletters_list", NEWSLETTERS_HELP)
    sub = mail.add_subparsers(
        dest="newsletters_command", metavar="ACTION", help="what to do (none: list the mailboxes)"
    )
    p = action(
        sub,
        "add",
        "cmd_newsletters_add",
        "read newsletters from an IMAP folder; asks for the password (or --password-stdin)",
    )
    p.add_argument("--server", required=True, metavar="HOST")
    p.add_argument("--user", required=True)
    p.add_argument("--folder", default="INBOX")
    p.add_argument("--port", type=int, help="default: 993 for imaps, 143 for starttls")
    p.add_argument("--security", choices=("imaps", "starttls"), default="imaps")
    p.add_argument("--cafile", metavar="PEM", help="trust the server's certificate through this CA")
    p.add_argument("--tag", action="append", default=[], help="a tag for its articles (repeat)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p = action(sub, "list", "cmd_newsletters_list", "list the mailboxes")
    p.add_argument("--json", action="store_true")
    p = action(sub, "remove", "cmd_newsletters_remove", "stop reading a mailbox (articles stay)")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p = action(
        sub, "fetch", "cmd_newsletters_fetch", "take the new messages (all mailboxes, or these)"
    )
    p.add_argument("ids", nargs="*", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")
