"""``review``: today's highlights to review, and rating, discarding, favouring one or
making it a question card.

    article-reader review                      # today's, in order
    article-reader review rate ID good         # prints the next due time (ISO 8601)
"""

from __future__ import annotations

import argparse

from reader.cli.commands import UserError
from reader.cli.output import fit, highlight_json, out, print_json
from reader.core.reviewing import cloze
from reader.core.storage.library import Library
from reader.core.storage.review import ReviewItem, ReviewState


def cmd_review(lib: Library, args: argparse.Namespace) -> int:
    action = getattr(args, "action", None)
    if action == "rate":
        state = lib.review.rate(args.highlight_id, args.rating)
        if args.json:
            print_json(state_json(state))
        else:
            out(state.due or "")
        return 0
    if action == "discard":
        lib.review.discard(args.highlight_id, not args.undo)
        out(f"{'back in' if args.undo else 'discarded from'} the review: {args.highlight_id}")
        return 0
    if action in ("favourite", "favorite"):
        lib.review.set_favorite(args.highlight_id, not args.off)
        out(f"{'not ' if args.off else ''}a favourite: {args.highlight_id}")
        return 0
    if action == "cloze":
        return _cloze(lib, args)
    if action == "per-day":
        if args.count is not None:
            lib.review.set_per_day(args.count)
        out(f"{lib.review.per_day} highlights a day")
        return 0
    items = lib.review.today()
    if args.json:
        print_json([item_json(i) for i in items])
        return 0
    if not items:
        done = lib.review.done_today()
        out("nothing to review today" + (f" ({done} reviewed)" if done else ""))
        return 0
    for n, item in enumerate(items, 1):
        h = item.highlight
        out(f"{n:>2}. {h.id}  article {h.article_id}: {fit(item.article_title, 50).rstrip()}")
        out(f"    “{question_text(item)}”")
        if h.note:
            out(f"    note: {h.note}")
    out("rate each: article-reader review rate ID again|hard|good|easy")
    return 0


def _cloze(lib: Library, args: argparse.Namespace) -> int:
    h = lib.highlights.get(args.highlight_id)
    if args.clear:
        lib.review.set_cloze(h.id, None)
        out(f"a plain card again: {h.id}")
        return 0
    try:
        part = cloze.find_part(h.exact, args.hide) if args.hide else cloze.pick_part(h.exact)
    except ValueError as e:
        raise UserError(str(e)) from None
    lib.review.set_cloze(h.id, part)
    out(cloze.question(h.exact, part))
    return 0


def question_text(item: ReviewItem) -> str:
    """The passage, with the hidden part of a question card hidden."""
    text, part = item.highlight.exact, item.state.cloze
    return cloze.question(text, part) if cloze.valid(text, part) and part else text


def state_json(state: ReviewState) -> dict:
    return {
        "highlight_id": state.highlight_id,
        "due": state.due,
        "last_review": state.last_review,
        "reps": state.reps,
        "stage": state.stage,
        "stability": state.stability,
        "favorite": state.favorite,
        "discarded": state.discarded,
        "cloze": list(state.cloze) if state.cloze else None,
    }


def item_json(item: ReviewItem) -> dict:
    h = item.highlight
    return {
        **highlight_json(h),
        "article_id": h.article_id,
        "article_title": item.article_title,
        "question": question_text(item) if item.state.cloze else None,
        "review": state_json(item.state),
    }
