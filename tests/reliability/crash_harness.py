"""Kill a busy writer with SIGKILL at random moments; after each kill, check the library.

A child process opens the library the way the command line does, then imports
articles, imports some again with changed text (so highlights are placed
again), makes highlights with notes, edits notes, and now and then takes a
backup. It prints ``h <id>`` for each highlight only after the transaction that
made it has committed. The parent kills it at a random moment, then checks:
``PRAGMA integrity_check``, FTS5's ``integrity-check`` of every search index,
and that every highlight the child reported is in the library.

    python tests/reliability/crash_harness.py --kills 1000     # by hand (about 10 minutes)

The test suite runs a short version (``test_crash_safety.py``).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORDS = [
    "river",
    "stone",
    "lantern",
    "quiet",
    "harbour",
    "signal",
    "orbit",
    "meadow",
    "copper",
    "violet",
    "engine",
    "garden",
    "winter",
    "paper",
    "ladder",
    "thunder",
    "velvet",
    "island",
    "mirror",
    "candle",
]


def child(library: str, seed: int) -> None:
    """The writer that gets killed: runs until it is."""
    from reader.core.importing.sources import parse_text
    from reader.core.storage.integrity import open_library

    rng = random.Random(seed)
    parent = os.getppid()
    lib = open_library(Path(library))
    print("ready", flush=True)
    while os.getppid() == parent:  # the harness itself was stopped: stop too
        ids = [a.id for a in lib.articles.list(archived=None, limit=50)]
        action = rng.random()
        if not ids or action < 0.25:
            key = rng.randrange(40)  # a few sources, so that some imports are updates
            paras = [
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 60)))
                for _ in range(rng.randint(2, 12))
            ]
            text = f"Article {key}\n\n" + "\n\n".join(paras)
            lib.articles.add(parse_text(text, source=f"/crash/source-{key}.txt"))
        elif action < 0.85:
            article = lib.articles.get(rng.choice(ids))
            if len(article.text) < 2:
                continue
            start = rng.randrange(len(article.text) - 1)
            end = min(len(article.text), start + rng.randint(1, 80))
            note = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 12)))
            h = lib.highlights.add(article.id, start, end, note=note)
            print(f"h {h.id}", flush=True)  # committed: it must survive any kill from now on
        elif action < 0.97:
            lib.articles.set_note(rng.choice(ids), " ".join(rng.choice(WORDS) for _ in range(30)))
        else:
            lib.backup(reason="crash-test")


@dataclass
class Result:
    kills: int = 0
    highlights: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def check(library: Path, expected: set[str]) -> list[str]:
    """What is wrong with the library after a kill (nothing, we hope)."""
    if not library.exists():
        return []
    problems = []
    conn = sqlite3.connect(library)
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            problems.append(f"integrity_check: {result[:3]}")
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        for fts in ("articles_fts", "highlights_fts"):
            if fts in names:
                try:
                    conn.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")
                except sqlite3.Error as e:
                    problems.append(f"{fts} integrity-check: {e}")
        present = set()
        if "highlights" in names:
            present = {r[0] for r in conn.execute("SELECT id FROM highlights")}
        missing = expected - present
        if missing:
            problems.append(f"{len(missing)} reported highlight(s) missing, e.g. {min(missing)}")
    finally:
        conn.close()
    return problems


def run(kills: int, folder: Path, *, seed: int = 1, max_delay: float = 0.6) -> Result:
    """Start and kill the child ``kills`` times on one library; check after each kill."""
    rng = random.Random(seed)
    library = folder / "library.db"
    expected: set[str] = set()
    result = Result()
    started = time.monotonic()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for i in range(kills):
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", str(library), str(rng.randrange(1 << 30))],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        # Most kills land while it writes (timed from when it has opened the library, so
        # that a slow start on a busy machine does not turn them into start-up kills);
        # some during start-up and opening.
        first = b""
        if rng.random() < 0.8:
            assert proc.stdout is not None
            first = proc.stdout.readline()  # "ready", or nothing if it died first
        time.sleep(rng.uniform(0.0, max_delay))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        out = first + out
        if proc.returncode != -signal.SIGKILL:
            result.failures.append(f"kill {i}: the writer stopped by itself: {err.decode()[-500:]}")
        for line in out.decode().splitlines():
            if line.startswith("h ") and len(line) > 2:
                expected.add(line[2:])
        result.kills += 1
        problems = check(library, expected)
        result.failures += [f"kill {i}: {p}" for p in problems]
        if problems:
            break
    result.highlights = len(expected)
    result.seconds = time.monotonic() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("LIBRARY", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], int(args.child[1]))
        return 0
    with tempfile.TemporaryDirectory(prefix="crash-harness-") as tmp:
        result = run(args.kills, Path(tmp), seed=args.seed)
    print(
        f"{result.kills} kills in {result.seconds:.0f} s; {result.highlights} reported "
        f"highlights all present: {not result.failures}"
    )
    for failure in result.failures:
        print("FAILED", failure)
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
