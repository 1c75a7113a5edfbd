"""``highlights``: one article's highlights, or (``--all``) every highlight in the library,
newest first, filtered by tag, colour, date and words."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime, timedelta

from reader.cli.commands import UserError, highlight_trash
from reader.cli.output import date, fit, highlight_json, out, print_json
from reader.core.storage.highlights import HighlightQuery
from reader.core.storage.library import Library

_RELATIVE = re.compile(r"(\d+)\s*([dwmy])")
_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


def since_stamp(value: str, now: datetime | None = None) -> str:
    """``--since`` as a stored time (UTC): a date (local midnight), a date and time, or a
    span back from now (``7d``, ``2w``, ``3m``, ``1y``)."""
    text = value.strip().lower()
    relative = _RELATIVE.fullmatch(text)
    if relative:
        back = timedelta(days=int(relative.group(1)) * _DAYS[relative.group(2)])
        moment = (now or datetime.now(UTC)) - back
    else:
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise UserError(
                f"--since wants a date like 2024-05-01 (or 7d, 2w, 3m, 1y), not {value!r}"
            ) from None
        if moment.tzinfo is None:
            moment = moment.astimezone()  # as the user's clock reads it
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def cmd_highlights(lib: Library, args: argparse.Namespace) -> int:
    if args.trash:
        return highlight_trash(lib, args)
    if args.all:
        if args.id is not None:
            raise UserError("give an article id or --all, not both")
        return _all(lib, args)
    if args.id is None:
        raise UserError(
            "give an article id, --all for every highlight in the library, or --trash for "
            "the deleted ones"
        )
    filters = [f"--{n}" for n in ("tag", "colour", "since", "text", "limit") if getattr(args, n)]
    if filters:
        raise UserError(f"{', '.join(filters)} filter the list of all highlights: add --all")
    lib.articles.get(args.id)  # a clear error for a missing article
    items = lib.highlights.of(args.id)
    if args.json:
        print_json([highlight_json(h) for h in items])
        return 0
    for h in items:
        state = "  (orphaned)" if h.orphaned else ""
        out(f"{h.id}  {h.start}:{h.end}  {h.colour}{state}")
        out(f"    “{h.exact}”")
        if h.note:
            out(f"    note: {h.note}")
        if h.tags:
            out(f"    tags: {', '.join(h.tags)}")
    if not items:
        out(f"article {args.id} has no highlights")
    return 0


def _all(lib: Library, args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        raise UserError("--limit wants a number of highlights, 1 or more")
    query = HighlightQuery(
        tag=args.tag,
        colour=args.colour,
        since=since_stamp(args.since) if args.since else None,
        text=args.text,
    )
    rows = lib.highlights.across(query, limit=args.limit)
    if args.json:
        print_json(
            [
                {
                    **highlight_json(r.highlight),
                    "article_id": r.highlight.article_id,
                    "article_title": r.article_title,
                }
                for r in rows
            ]
        )
        return 0
    if not rows:
        out("no highlights" + (" match" if query != HighlightQuery() else " yet"))
        return 0
    for r in rows:
        h = r.highlight
        state = "  (orphaned)" if h.orphaned else ""
        out(
            f"{h.id}  {date(h.created_at)}  {h.colour}  article {h.article_id}: "
            f"{fit(r.article_title, 50).rstrip()}{state}"
        )
        out(f"    “{h.exact}”")
        if h.note:
            out(f"    note: {h.note}")
        if h.tags:
            out(f"    tags: {', '.join(h.tags)}")
    return 0
