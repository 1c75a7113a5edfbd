"""The command line's ``pair`` and ``serve`` commands (the browser extension's endpoint),
for ``parser.py`` (argparse only, as the parser itself)."""

from __future__ import annotations

PAIR_HELP = (
    "tokens for the browser extension: --new prints a fresh one (only the token) to paste "
    "into the extension's options; --revoke ID|all forgets; none: list the pairings"
)
SERVE_HELP = (
    "serve the endpoint the browser extension saves pages to, on 127.0.0.1, without a "
    "window (Ctrl+C stops)"
)


def browser_commands(command) -> None:
    """``pair`` and ``serve``."""
    p = command("pair", "browser:cmd_pair", PAIR_HELP)
    what = p.add_mutually_exclusive_group()
    what.add_argument("--new", action="store_true", help="make a token and print it")
    what.add_argument("--revoke", metavar="ID|all", help="forget a pairing (or all of them)")
    p.add_argument("--label", default="browser", help="a name for the new pairing")
    p = command("serve", "browser:cmd_serve", SERVE_HELP)
    p.add_argument(
        "--port",
        type=int,
        default=None,
        help="the port (default: the library's setting, else 48515; 0 picks a free one). "
        "The first line printed is the address, http://127.0.0.1:PORT",
    )
    p.add_argument(
        "--json", action="store_true", help="print each save as a line of JSON (for the window)"
    )
