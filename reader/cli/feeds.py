"""``feeds ...`` and ``newsletters ...``: subscriptions on the command line. Thin: each
calls the core (``reader.core.feeds``) and prints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.commands import UserError
from reader.cli.output import out, print_json
from reader.core.models import Feed
from reader.core.storage.library import Library


def cmd_feeds_add(lib: Library, args: argparse.Namespace) -> int:
    from reader.core.feeds.subscribe import subscribe  # deferred: urllib, feedparser
    from reader.core.importing.failure import ImportFailure
    from reader.core.storage.feeds import AlreadySubscribed

    try:
        sub = subscribe(lib, args.url, tags=args.tag, full_text=args.full_text, title=args.title)
    except AlreadySubscribed as e:
        sys.stderr.write(f"error: {e}\n")
        return 1
    except ImportFailure as e:
        sys.stderr.write(f"error: cannot subscribe to {e.source}: {e.reason}\n")
        return 1
    if args.json:
        print_json({**feed_json(sub.feed), "added": sub.result.added})
        return 0
    if sub.page:
        out(f"found the feed {sub.feed.url} on {sub.page}")
    out(f"subscribed: {sub.feed.id}  {sub.feed.name}  ({sub.result.added} new article(s))")
    for note in sub.result.notes:
        out(f"  {note}")
    return 0


def cmd_feeds_list(lib: Library, args: argparse.Namespace, kind: str | None = None) -> int:
    feeds = lib.feeds.list(kind=kind)
    if getattr(args, "json", False):
        print_json([feed_json(f) for f in feeds])
        return 0
    if not feeds:
        out(
            "no mailboxes yet: add one with "
            "`article-reader newsletters add --server HOST --user NAME`"
            if kind == "imap"
            else "no feeds yet: subscribe with `article-reader feeds add URL`"
        )
        return 0
    for f in feeds:
        out(
            f"{f.id:>4}  {f.name}  ({f.unread} unread){'  #' + ' #'.join(f.tags) if f.tags else ''}"
        )
        out(f"      {f.url}")
        out(f"      {f.status()}")
    return 0


def feed_json(f: Feed) -> dict:
    return {
        "id": f.id,
        "kind": f.kind,
        "url": f.url,
        "title": f.title,
        "site_url": f.site_url,
        "tags": f.tags,
        "full_text": f.full_text,
        "unread": f.unread,
        "added": f.added_at,
        "last_attempt": f.last_attempt_at,
        "last_success": f.last_success_at,
        "last_error": f.last_error,
        "failures": f.failures,
        "waiting_until": f.not_before,
    }


def cmd_feeds_remove(lib: Library, args: argparse.Namespace, kind: str | None = None) -> int:
    for feed_id in args.ids:
        feed = lib.feeds.get(feed_id)
        if kind and feed.kind != kind:
            raise UserError(f"{feed_id} is a feed, not a mailbox (use `feeds remove`)")
        lib.feeds.remove(feed_id)
        if feed.kind == "imap":
            from reader.core.feeds.imap import forget_password  # deferred: keyring

            forget_password(feed)
        out(f"unsubscribed from {feed.name} (its articles stay)")
    return 0


def cmd_feeds_refresh(lib: Library, args: argparse.Namespace, kind: str | None = None) -> int:
    from reader.core.feeds.refresh import FeedRefresher  # deferred: the importers

    ids = args.ids or None
    if ids is None and kind:
        ids = [f.id for f in lib.feeds.list(kind=kind)]
    refresher = FeedRefresher(lib, fetch_pages=not getattr(args, "no_pages", False))
    show = sys.stderr.isatty() and not args.json

    def progress(done: int, total: int, name: str) -> None:
        if show:
            sys.stderr.write(f"\r\x1b[K[{done}/{total}] {name[:60]}")
            sys.stderr.flush()

    refresher.start()
    try:
        report = refresher.refresh(ids, progress=progress)
    except KeyboardInterrupt:
        refresher.stop()
        sys.stderr.write("\ninterrupted; the feeds refreshed so far are kept\n")
        return 130
    if show:
        sys.stderr.write("\r\x1b[K")
    if args.json:
        print_json(
            [
                {
                    "id": r.feed_id,
                    "name": r.name,
                    "status": r.status,
                    "added": r.added,
                    "updated": r.updated,
                    "error": r.error,
                    "notes": r.notes,
                }
                for r in report.results
            ]
        )
    else:
        for r in report.results:
            (sys.stderr.write(f"error: {r.line()}\n") if r.status == "failed" else out(r.line()))
            for note in r.notes:
                out(f"  {note}")
        if len(report.results) != 1:
            out(report.summary())
    return 1 if report.failed else 0


def cmd_feeds_set(lib: Library, args: argparse.Namespace) -> int:
    changes: dict = {}
    if args.title is not None:
        changes["title"] = args.title
    if args.tag is not None:
        changes["tags"] = args.tag
    if args.full_text is not None:
        changes["full_text"] = args.full_text
    if not changes:
        raise UserError("say what to change: --title, --tag or --full-text")
    feed = lib.feeds.update(args.id, **changes)
    out(f"{feed.id}  {feed.name}  tags: {', '.join(feed.tags) or '-'}  full text: {feed.full_text}")
    return 0


def cmd_feeds_read(lib: Library, args: argparse.Namespace) -> int:
    ids = [i for feed_id in args.ids for i in lib.feeds.unread_ids(feed_id)]
    if not args.ids:
        ids = lib.feeds.unread_ids(None)
    n = lib.articles.mark_many_read(ids)
    out(f"marked {n} article(s) read")
    return 0


def cmd_feeds_import_opml(lib: Library, args: argparse.Namespace) -> int:
    from reader.core.feeds.opml import import_opml  # deferred: lxml
    from reader.core.importing.failure import ImportFailure

    try:
        report = import_opml(lib, args.file)
    except ImportFailure as e:
        sys.stderr.write(f"error: {e}\n")
        return 1
    for feed in report.added:
        out(f"added {feed.id:>4}  {feed.name}{'  #' + ' #'.join(feed.tags) if feed.tags else ''}")
    out(report.summary())
    if args.no_refresh or not report.added:
        return 0
    args.ids, args.json = [f.id for f in report.added], False
    return cmd_feeds_refresh(lib, args)


def cmd_feeds_export_opml(lib: Library, args: argparse.Namespace) -> int:
    from reader.core.feeds.opml import write_opml  # deferred: lxml

    data = write_opml(lib.feeds.list(kind="feed"))
    if args.output:
        from reader.core.exporting.atomic import atomic_write  # deferred: exporting

        atomic_write(Path(args.output), data.decode("utf-8"))
        out(f"wrote {args.output}")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    return 0


# -- newsletters ------------------------------------------------------------------------


def cmd_newsletters_add(lib: Library, args: argparse.Namespace) -> int:
    from reader.core.feeds.imap import add_mailbox  # deferred: imaplib, keyring
    from reader.core.importing.failure import ImportFailure
    from reader.core.storage.feeds import AlreadySubscribed

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        password = getpass.getpass(f"password for {args.user} on {args.server}: ")
    if not password:
        raise UserError("no password given")
    try:
        feed = add_mailbox(
            lib,
            args.server,
            args.user,
            password,
            folder=args.folder,
            port=args.port,
            security=args.security,
            cafile=args.cafile,
            tags=args.tag,
        )
    except (ImportFailure, AlreadySubscribed) as e:
        sys.stderr.write(f"error: {getattr(e, 'reason', e)}\n")
        return 1
    out(f"added {feed.id}  {feed.name}; `article-reader newsletters fetch` takes its messages")
    return 0


def cmd_newsletters_list(lib: Library, args: argparse.Namespace) -> int:
    return cmd_feeds_list(lib, args, kind="imap")


def cmd_newsletters_remove(lib: Library, args: argparse.Namespace) -> int:
    return cmd_feeds_remove(lib, args, kind="imap")


def cmd_newsletters_fetch(lib: Library, args: argparse.Namespace) -> int:
    return cmd_feeds_refresh(lib, args, kind="imap")
