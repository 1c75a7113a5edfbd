"""Sync: a sync with nothing new, applying another device's changes, a new device
joining a large library (and the folder's size against the library's), and the two
engines considered (pycrdt, SQLite's session extension through apsw) on the same work.

Two libraries share one sync folder (each device writes only its own files, so one
folder stands for the copies a file-sync engine keeps). The large library is a copy of
the benchmarks' cached one (copied, never moved: the cache is shared), migrated on the
copy; ``--quick`` builds a small one instead.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

import synth
from _common import Result, left_out, median, p95

from reader.core.storage.library import Library
from reader.core.sync.service import SyncService


def _large(count: int, folder: Path) -> Path:
    """A working copy of a ``count``-article library (cached under any schema, else built)."""
    stem = f"library-{count}x1000-v{synth.GENERATOR_VERSION}-s"
    # the oldest schema: a newer one may be another branch's, which this one cannot open
    cached = sorted(synth.cache_dir().glob(f"{stem}*.db"), key=lambda p: -len(p.name))
    cached.sort(key=lambda p: int(p.stem.rsplit("-s", 1)[1]), reverse=True)
    target = folder / "device-a.db"
    if cached:
        shutil.copyfile(cached[-1], target)
    else:
        synth.build(target, count)
    return target


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _changes(library: Library, n: int, seed: int = 5) -> None:
    """``n`` changes as a person makes them: highlights with notes, note edits, favourites,
    tags, reading positions, on the library's articles."""
    rng = random.Random(seed)
    ids = [r[0] for r in library.conn.execute("SELECT id, length(text) FROM articles")]
    lengths = dict(library.conn.execute("SELECT id, length(text) FROM articles").fetchall())
    made: list[str] = []
    with library.transaction():
        for i in range(n):
            aid = rng.choice(ids)
            kind = i % 5
            if kind in (0, 1) or not made:
                start = rng.randrange(max(1, lengths[aid] - 40))
                made.append(library.highlights.add(aid, start, start + 30, note=f"n{i}").id)
            elif kind == 2:
                library.highlights.update(rng.choice(made), note=f"edited {i}")
            elif kind == 3:
                library.articles.set_favorite(aid, bool(i % 2))
            else:
                library.articles.set_reading_position(aid, i)


def measure(quick: bool) -> list[Result]:
    count = 200 if quick else 10_000
    changes = 1_000 if quick else 10_000
    rows: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "folder"
        a_path = _large(count, root) if not quick else root / "device-a.db"
        if quick:
            synth.build(a_path, count)
        with Library(a_path) as a, Library(root / "device-b.db") as b:
            sa, sb = SyncService(a), SyncService(b)
            sa.configure(folder)
            started = time.perf_counter()
            sa.sync()
            first = time.perf_counter() - started
            sb.configure(folder)
            started = time.perf_counter()
            sb.sync()
            joined = time.perf_counter() - started
            (articles,) = b.conn.execute("SELECT count(*) FROM articles").fetchone()
            assert articles == count, f"the new device has {articles} of {count} articles"
            a.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            library_mb = a_path.stat().st_size / 1e6
            folder_mb = _size(folder) / 1e6
            rows.append(
                Result(
                    f"sync: a new device joins a {count:,}-article library",
                    joined,
                    "s",
                    note=f"the first device's first sync (sends all): {first:.1f} s",
                )
            )
            rows.append(
                Result(
                    f"sync: folder size, {count:,} articles (yardstick: the library)",
                    folder_mb,
                    "MB",
                    yardstick=library_mb,
                    ratio=folder_mb / library_mb,
                    target="report",
                )
            )
            idle = []
            for _ in range(30):
                started = time.perf_counter()
                assert sb.sync().nothing_new
                idle.append((time.perf_counter() - started) * 1000)
            rows.append(
                Result(
                    "sync with nothing new",
                    median(idle),
                    "ms",
                    p95=p95(idle),
                    target="< 50 ms",
                    holds=p95(idle) < 50,
                )
            )
            _changes(a, changes)
            sa.sync()
            started = time.perf_counter()
            result = sb.sync()
            applied = time.perf_counter() - started
            rows.append(
                Result(
                    f"sync: applying {changes:,} changes from another device",
                    applied,
                    "s",
                    target="< 5 s" if changes == 10_000 else "report (10,000: < 5 s)",
                    holds=applied < 5 if changes == 10_000 else None,
                    note=f"{result.written} rows written",
                )
            )
    rows += _pictures(quick)
    rows += _engines(1_000 if quick else 10_000)
    return rows


def _picture_library(path: Path, articles: int, per_article: int, size: int) -> None:
    """``articles`` articles, each with ``per_article`` pictures of ``size`` random bytes
    (as incompressible as a JPEG; 0: none, the yardstick)."""
    import hashlib

    from reader.core.document import Block
    from reader.core.models import ImportedArticle, Picture

    rng = random.Random(7)
    with Library(path) as library, library.transaction():
        for n in range(articles):
            blocks = [Block("heading", f"Article {n}", level=1)]
            pictures = {}
            for i in range(per_article):
                data = rng.randbytes(size)
                digest = hashlib.sha256(data).hexdigest()
                pictures[digest] = Picture(digest, "image/jpeg", 800, 600, data)
                blocks += [
                    Block("paragraph", f"Paragraph {i} of article {n}. " * 20),
                    Block(
                        "image", f"Picture {i}", src=f"https://e.org/{n}/{i}.jpg", picture=digest
                    ),
                ]
            blocks.append(Block("paragraph", "The end."))
            library.articles.add(
                ImportedArticle(
                    f"Article {n}", blocks, "url", url=f"https://e.org/{n}", pictures=pictures
                )
            )


def _pictures(quick: bool) -> list[Result]:
    """What pictures add: a device joining a library of articles with pictures, against
    the same articles without them; the folder's size against the library's."""
    articles, per_article, size = (50, 3, 40_000) if quick else (1_000, 3, 60_000)
    timings: dict[int, tuple[float, float, float, float]] = {}
    for per in (per_article, 0):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            _picture_library(root / "a.db", articles, per, size)
            with Library(root / "a.db") as a, Library(root / "b.db") as b:
                sa, sb = SyncService(a), SyncService(b)
                sa.configure(root / "folder")
                started = time.perf_counter()
                sa.sync()
                sent = time.perf_counter() - started
                sb.configure(root / "folder")
                started = time.perf_counter()
                sb.sync()
                joined = time.perf_counter() - started
                stored = b.pictures.stats()[0]
                assert stored == articles * per, f"{stored} of {articles * per} pictures came"
                a.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                library_mb = (root / "a.db").stat().st_size / 1e6
                timings[per] = (sent, joined, _size(root / "folder") / 1e6, library_mb)
    sent, joined, folder_mb, library_mb = timings[per_article]
    plain_sent, plain_joined, _, _ = timings[0]
    count = articles * per_article
    what = f"{articles:,} articles, {count:,} pictures of {size // 1000} kB"
    return [
        Result(
            f"sync: a new device joins {what} (yardstick: no pictures)",
            joined,
            "s",
            yardstick=plain_joined,
            ratio=joined / plain_joined,
            target="report",
            note=f"first sync sending them: {sent:.2f} s (no pictures: {plain_sent:.2f} s)",
        ),
        Result(
            f"sync: folder size, {what} (yardstick: the library)",
            folder_mb,
            "MB",
            yardstick=library_mb,
            ratio=folder_mb / library_mb,
            target="report",
        ),
    ]


RUNS = 5  # each engine figure: the median of five runs, the two engines alternating


def _engines(n: int) -> list[Result]:
    """The two engines on bare rows (no library): ``n`` new rows (two columns each)
    applied on another replica, catching up after 1,000 offline edits, and the bytes
    that travel. pycrdt applies into its document only (the app then writes the rows,
    as the other figures measure); the session applies into an SQLite table."""
    rows: list[Result] = []
    try:
        import apsw  # the comparison only: not a dependency of the app
    except ImportError:
        left_out("sync engines: apsw is not installed (pip install apsw) for the session row")
        return rows
    runs = [(_crdt(n), _session(apsw, n)) for _ in range(RUNS)]
    crdt_apply = median([c[0] for c, _ in runs])
    crdt_catch = median([c[1] for c, _ in runs]) * 1000
    session_apply = median([s[0] for _, s in runs])
    session_catch = median([s[1] for _, s in runs])
    (_, _, size, delta_size), (_, _, session_size, session_delta) = runs[0][0], runs[0][1]
    rows.append(
        Result(
            f"sync engine: {n:,} changes applied, pycrdt (yardstick: apsw session)",
            crdt_apply * 1000,
            "ms",
            yardstick=session_apply * 1000,
            ratio=crdt_apply / session_apply,
            note=f"bytes: pycrdt {size:,}, changeset {session_size:,}; median of {RUNS}",
        )
    )
    rows.append(
        Result(
            "sync engine: catch-up after 1,000 offline changes, pycrdt (yardstick: session)",
            crdt_catch,
            "ms",
            yardstick=session_catch * 1000,
            ratio=crdt_catch / (session_catch * 1000),
            note=f"bytes: pycrdt {delta_size:,}, changeset {session_delta:,}; median of {RUNS}",
        )
    )
    rows.append(
        Result(
            f"sync engine: bytes for {n:,} changes, pycrdt (yardstick: changeset)",
            size / 1000,
            "kB",
            yardstick=session_size / 1000,
            ratio=size / session_size,
        )
    )
    return rows


def _crdt(n: int) -> tuple[float, float, int, int]:
    """``n`` field changes applied to a fresh document; 1,000 more, sent as the difference
    from the other's state vector."""
    import pycrdt

    # pycrdt: one Map per table, a field per row and column, as the sync replica keeps
    src = pycrdt.Doc()
    m = src.get("highlights", type=pycrdt.Map)
    with src.transaction():
        for i in range(n):
            m[f"h{i}|note"] = f"note {i}"
            m[f"h{i}|colour"] = "yellow"
    update = src.get_update()
    started = time.perf_counter()
    dst = pycrdt.Doc()
    dst.apply_update(update)
    crdt_apply = time.perf_counter() - started
    state = dst.get_state()
    with src.transaction():
        for i in range(1_000):
            m[f"h{i}|note"] = f"offline {i}"
    delta = src.get_update(state)
    started = time.perf_counter()
    dst.apply_update(delta)
    crdt_catch = time.perf_counter() - started
    return crdt_apply, crdt_catch, len(update), len(delta)


def _session(apsw, n: int) -> tuple[float, float, int, int]:
    """The same work as changesets: recorded on one database, applied to another with a
    conflict handler (the later change replaces)."""

    def db():
        c = apsw.Connection(":memory:")
        c.execute("CREATE TABLE highlights (id TEXT PRIMARY KEY, note TEXT, colour TEXT)")
        return c

    src, dst = db(), db()
    session = apsw.Session(src, "main")
    session.attach("highlights")
    with src:
        for i in range(n):
            src.execute("INSERT INTO highlights VALUES (?, ?, 'yellow')", (f"h{i}", f"note {i}"))
    changeset = session.changeset()

    def replace(_reason, _change):
        return apsw.SQLITE_CHANGESET_REPLACE

    started = time.perf_counter()
    apsw.Changeset.apply(changeset, dst, conflict=replace)
    applied = time.perf_counter() - started
    session = apsw.Session(src, "main")
    session.attach("highlights")
    with src:
        for i in range(1_000):
            src.execute("UPDATE highlights SET note = ? WHERE id = ?", (f"offline {i}", f"h{i}"))
    delta = session.changeset()
    started = time.perf_counter()
    apsw.Changeset.apply(delta, dst, conflict=replace)
    caught = time.perf_counter() - started
    return applied, caught, len(changeset), len(delta)
