"""``pair`` and ``serve``: the browser extension's tokens and its endpoint, without a window."""

from __future__ import annotations

import argparse
import json
import sys
import threading

from reader.cli.commands import UserError
from reader.cli.output import out
from reader.core.storage.library import Library


def cmd_pair(lib: Library, args: argparse.Namespace) -> int:
    from reader.core.endpoint.tokens import Pairings

    pairs = Pairings(lib.settings)
    if args.new:
        print(pairs.new(args.label), flush=True)  # only the token: scripts read it
        return 0
    if args.revoke:
        which = None if args.revoke == "all" else args.revoke
        gone = pairs.revoke(which)
        if not gone and which is not None:
            raise UserError(f"no pairing {which} (see `article-reader pair`)")
        out(f"revoked {gone} pairing{'s' if gone != 1 else ''}")
        return 0
    found = pairs.all()
    if not found:
        out("no browser paired: make a token with `article-reader pair --new`")
    for p in found:
        out(f"{p.id}  {p.label}  paired {p.created}")
    return 0


def cmd_serve(lib: Library, args: argparse.Namespace) -> int:
    from reader.core.endpoint.server import EndpointServer, warm_up
    from reader.core.endpoint.tokens import Pairings

    port = Pairings(lib.settings).port() if args.port is None else args.port
    try:
        server = EndpointServer(lib, port, on_event=_as_json if args.json else _told)
    except OSError as e:
        raise UserError(
            f"cannot serve on 127.0.0.1:{port} ({e.strerror or e}): is the window open, or "
            "another `serve`? Pick another with --port"
        ) from None
    print(server.address, flush=True)
    threading.Thread(target=warm_up, args=(server.ready,), name="warm-up", daemon=True).start()
    if not Pairings(lib.settings).all():
        sys.stderr.write("note: no browser paired yet: `article-reader pair --new`\n")
    if args.json:  # run by a window: stop when it is gone (its end of our stdin closes)
        threading.Thread(target=_until_eof, args=(server,), name="parent", daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.stderr.write("stopped\n")
    finally:
        server.server_close()
    return 0


def _until_eof(server) -> None:
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except (OSError, ValueError):
        pass
    server.shutdown()


def _as_json(event: dict) -> None:
    print(json.dumps(event), flush=True)


def _told(event: dict) -> None:
    if "id" in event:
        mark = f" (highlight {event['highlight']})" if event["highlight"] else ""
        print(f"{event['status']} {event['id']}: {event['title']}{mark}", flush=True)
