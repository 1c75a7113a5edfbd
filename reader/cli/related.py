"""``related``: the highlights and passages that say something similar to a highlight.

article-reader related 3f2a…           # best first: score, article, kind, text
article-reader related 3f2a… --json    # [{"article_id", "text", "score", ...}]
"""

from __future__ import annotations

import argparse
import sys

from reader.cli.commands import UserError
from reader.cli.output import fit, out, print_json
from reader.core.storage.library import Library


def cmd_related(lib: Library, args: argparse.Namespace) -> int:
    # deferred: the embedding model (wordllama, numpy) loads only for this command
    from reader.core.embedding import ModelUnavailable

    if args.limit < 1:
        raise UserError(f"--limit wants a positive number, not {args.limit}")
    lib.highlights.get(args.highlight_id)  # an unknown id fails before any model loads
    try:
        if not lib.read_only:
            pending = lib.related.pending()
            if pending and not args.json:
                sys.stderr.write(f"computing vectors for {pending} highlights and articles…\n")
            lib.related.embed_pending()
        items = lib.related.find(args.highlight_id, limit=args.limit)
    except ModelUnavailable as e:
        raise UserError(str(e)) from e
    if args.json:
        print_json([i.as_json() for i in items])
        return 0
    if not items:
        out("nothing related yet: highlight or import more")
        return 0
    for item in items:
        where = f"article {item.article_id}: {fit(item.article_title, 40).rstrip()}"
        out(f"{item.score:.3f}  {item.kind:<9}  {where}")
        out(f"       “{fit(' '.join(item.text.split()), 200).rstrip()}”")
    return 0
