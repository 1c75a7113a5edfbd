"""Deterministic synthetic libraries for the benchmarks, cached between runs.

Text comes from a seeded word-frequency model: a made-up vocabulary whose word
lengths follow English (short words frequent, long words rare) with Zipf
frequencies, sentences of 6-28 words, paragraphs of 40-160 words and articles
whose lengths vary around a chosen mean. Some articles carry highlights
(a few each, some with notes) and a note. A few words and a phrase are planted
at known rates so that searches for a rare, a medium and a common term have
known answers.

Libraries are built through the ``Library`` API (``articles.add``, ``highlights.add``,
``articles.set_note``), in batches of one transaction each, so the schema's triggers
keep the search index as they do for a real import. They are cached in
``~/.cache/article-reader-bench/`` (``ARTICLE_READER_BENCH_CACHE`` chooses
another folder) under a name that holds the size and ``GENERATOR_VERSION``:
change the generator, bump the version.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.core.document import Block, Span  # noqa: E402
from reader.core.models import COLOURS, ImportedArticle  # noqa: E402
from reader.core.storage import backups  # noqa: E402
from reader.core.storage.library import Library  # noqa: E402
from reader.core.storage.schema_version import SCHEMA_VERSION  # noqa: E402

GENERATOR_VERSION = 1
SEED = 20261126
VOCABULARY = 30_000
RARE_WORD = "zeppelin"  # in one article of RARE_EVERY
RARE_EVERY = 5_000
PHRASE = "drifted over the harbour"  # in one article of PHRASE_EVERY
PHRASE_EVERY = 200
_LETTERS = "etaoinshrdlcumwfgypbvkjxqz"
_LETTER_WEIGHTS = [12.0, 9.1, 8.2, 7.5, 7.0, 6.7, 6.3, 6.1, 6.0, 4.3, 4.0, 2.8, 2.8, 2.4]
_LETTER_WEIGHTS += [2.4, 2.2, 2.0, 2.0, 1.9, 1.5, 1.0, 0.8, 0.15, 0.15, 0.1, 0.07]


def cache_dir() -> Path:
    default = Path.home() / ".cache" / "article-reader-bench"
    folder = Path(os.environ.get("ARTICLE_READER_BENCH_CACHE", default))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@cache
def vocabulary() -> tuple[list[str], list[float]]:
    """Words by rank and their cumulative Zipf weights; short words rank first."""
    rng = random.Random(SEED)
    words: set[str] = set()
    while len(words) < VOCABULARY:
        n = max(2, min(18, round(rng.lognormvariate(2.0, 0.35))))
        words.add("".join(rng.choices(_LETTERS, _LETTER_WEIGHTS, k=n)))
    words -= {RARE_WORD, *PHRASE.split()}
    ranked = sorted(sorted(words), key=lambda w: len(w) * (0.3 + rng.random()))
    total, cumulative = 0.0, []
    for rank in range(len(ranked)):
        total += 1 / (rank + 2.7)
        cumulative.append(total)
    return ranked, cumulative


def query_terms() -> dict[str, str]:
    """Search terms with known rates: rare, medium (a few % of articles), common, prefix, phrase."""
    words, _ = vocabulary()
    common = next(w for w in words if len(w) >= 3)
    medium = next(w for w in words[1500:] if len(w) >= 7)
    return {
        "rare": RARE_WORD,
        "medium": medium,
        "common": common,
        "prefix": medium[:4],
        "phrase": f'"{PHRASE}"',
        "typed": medium[:6],
    }


def _sentence(rng: random.Random, n: int) -> str:
    words, cumulative = vocabulary()
    text = " ".join(rng.choices(words, cum_weights=cumulative, k=n))
    return text[:1].upper() + text[1:] + rng.choice("......?!")


def paragraph(rng: random.Random, n_words: int) -> str:
    parts, left = [], n_words
    while left > 0:
        n = min(left, rng.randint(6, 28))
        parts.append(_sentence(rng, n))
        left -= n
    return " ".join(parts)


def article(index: int, mean_words: int = 1000) -> ImportedArticle:
    """Article ``index`` of the synthetic corpus: the same every time."""
    rng = random.Random(f"{SEED}:{index}")
    n_words = int(min(mean_words * 5, max(mean_words / 5, rng.lognormvariate(0, 0.5) * mean_words)))
    title = _sentence(rng, rng.randint(3, 9))[:-1]
    blocks = [Block("heading", title, level=1)]
    words = 0
    while words < n_words:
        if rng.random() < 0.08:
            blocks.append(Block("heading", _sentence(rng, rng.randint(2, 6))[:-1], level=2))
        text = paragraph(rng, rng.randint(40, 160))
        blocks.append(Block("paragraph", text))
        words += text.count(" ") + 1
    if index % RARE_EVERY == RARE_EVERY // 2:
        blocks.append(Block("paragraph", f"A {RARE_WORD} passed, slowly, in the evening."))
    if index % PHRASE_EVERY == 7:
        blocks.append(Block("paragraph", f"The grey balloon {PHRASE} at dawn."))
    return ImportedArticle(
        title=title, blocks=blocks, source_kind="text", url=f"https://bench.example/{index}"
    )


def highlight_plan(index: int, text_length: int) -> list[tuple[int, int, str, str]]:
    """The highlights article ``index`` gets: (start, end, colour, note); most get none."""
    rng = random.Random(f"{SEED}:h:{index}")
    if rng.random() < 0.7 or text_length < 400:
        return []
    plan = []
    for _ in range(rng.randint(1, 8)):
        start = rng.randrange(0, text_length - 300)
        note = _sentence(rng, rng.randint(4, 14)) if rng.random() < 0.3 else ""
        plan.append((start, start + rng.randint(30, 280), rng.choice(COLOURS), note))
    return plan


def build(
    path: Path,
    count: int,
    *,
    mean_words: int = 1000,
    highlights: Callable[[int, int], list] = highlight_plan,
    batch: int = 250,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Build a library of ``count`` synthetic articles at ``path`` through the Library API."""
    with Library(path) as library:
        library.conn.execute("PRAGMA synchronous = OFF")  # building only: nothing measured
        for first in range(0, count, batch):
            with library.transaction():  # one transaction per batch; add() nests inside it
                for index in range(first, min(count, first + batch)):
                    imported = article(index, mean_words)
                    article_id = library.articles.add(imported).article_id
                    for start, end, colour, note in highlights(index, len(imported.text)):
                        library.highlights.add(article_id, start, end, colour=colour, note=note)
                    if index % 50 == 3:
                        library.articles.set_note(article_id, _sentence(random.Random(index), 12))
            if progress:
                progress(min(count, first + batch))
        library.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def library(count: int, *, mean_words: int = 1000, log: Callable[[str], None] = print) -> Path:
    """The cached library of ``count`` articles, built first if it is not there yet.

    The name holds the generator's version and the schema's: a library cached
    under an older schema is migrated (once) rather than built again.
    """
    stem = f"library-{count}x{mean_words}-v{GENERATOR_VERSION}"
    path = cache_dir() / f"{stem}-s{SCHEMA_VERSION}.db"
    if path.exists():
        return _checkpointed(path)
    older = [p for p in cache_dir().glob(f"{stem}*.db") if _schema_of(p) < SCHEMA_VERSION]
    if older:
        log(f"migrating {older[0].name} to {path.name} ...")
        shutil.move(older[0], path)
        Library(path).close()
        shutil.rmtree(backups.folder_of(path), ignore_errors=True)
        return _checkpointed(path)
    partial = path.with_suffix(".building")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    log(f"building {path.name} (cached for later runs) ...")
    build(partial, count, mean_words=mean_words)
    shutil.move(partial, path)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    log(f"built {path.name} in {time.perf_counter() - started:.0f} s")
    return path


def _checkpointed(path: Path) -> Path:
    """The library with everything in its WAL moved into the file, so copies of the file
    alone are whole."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _schema_of(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


# -- one long article (the reading pane figures) ----------------------------------

_PROSE = """the of and to in a is that for it as was with be by on not he this are or his from at
which but have an they you were her she there been one all we their has would when what
more if no out so said who will each about how up them then some could into time only
other new very after most also made over did many before must through years where much
your way well down should because each just those people how too little state good very
make world still own see men work long get here between both life being under never day
same another know while last might us great old year off come since against go came
right used take three reading slowly attention margin notebook letter library window
evening morning garden river mountain question answer memory history language careful
patient quiet thought sentence paragraph chapter author reader marginalia scholar
manuscript"""
WORDS = _PROSE.split()


def prose_sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(WORDS, k=n)
    return " ".join(words).capitalize() + rng.choice(".....?!;")


def prose_paragraph(rng: random.Random, n_words: int) -> Block:
    parts, left = [], n_words
    while left > 0:
        n = min(left, rng.randint(6, 24))
        parts.append(prose_sentence(rng, n))
        left -= n
    text = " ".join(parts)
    spans = []
    for kind in ("bold", "italic", "code", "link"):
        if rng.random() < 0.4 and len(text) > 40:
            a = rng.randrange(0, len(text) - 20)
            spans.append(
                Span(
                    a,
                    a + rng.randint(4, 16),
                    kind,
                    "https://example.org/" + str(a) if kind == "link" else None,
                )
            )
    spans.sort(key=lambda s: s.start)
    return Block("paragraph", text, spans=tuple(spans))


def make_blocks(n_words: int, seed: int = 7) -> list[Block]:
    """A long read of every block kind: headings, quotes, lists, code, tables, images."""
    rng = random.Random(seed)
    blocks: list[Block] = [Block("heading", "A long read on slow reading", level=1)]
    words = 0
    while words < n_words:
        roll = rng.random()
        if roll < 0.04:
            block = Block(
                "heading", prose_sentence(rng, rng.randint(3, 7))[:-1], level=rng.choice((2, 3))
            )
            blocks.append(block)
        elif roll < 0.10:
            blocks.append(Block("quote", prose_sentence(rng, rng.randint(12, 40)), level=1))
        elif roll < 0.15:
            for _ in range(rng.randint(2, 5)):
                blocks.append(
                    Block(
                        "list_item",
                        prose_sentence(rng, rng.randint(5, 15)),
                        level=1,
                        ordered=roll < 0.125,
                    )
                )
        elif roll < 0.18:
            for i in range(rng.randint(3, 8)):
                blocks.append(Block("code", "    " * (i % 3) + f"value = read(page, {i})"))
        elif roll < 0.20:
            blocks.append(Block("table_row", "Name\tYear\tPages", header=True))
            for _ in range(rng.randint(2, 5)):
                blocks.append(
                    Block(
                        "table_row",
                        f"{rng.choice(WORDS)}\t{rng.randint(1800, 2024)}\t{rng.randint(10, 900)}",
                    )
                )
        elif roll < 0.21:
            blocks.append(Block("image", "A photograph of " + prose_sentence(rng, 5)[:-1].lower()))
        elif roll < 0.215:
            blocks.append(Block("rule"))
        else:
            blocks.append(prose_paragraph(rng, rng.randint(40, 160)))
        words += len(blocks[-1].text.split())
    return blocks


def add_highlights(library: Library, article_id: int, text: str, n: int, seed: int = 3) -> None:
    """``n`` highlights spread over the text; every tenth overlaps the next, some underlined."""
    rng = random.Random(seed)
    step = len(text) // n
    for i in range(n):
        start = i * step + rng.randrange(0, max(1, step // 2))
        length = rng.randint(20, 400) if i % 10 else step * 2  # every tenth overlaps the next
        end = min(len(text), start + length)
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            library.highlights.add(
                article_id,
                start,
                end,
                colour=COLOURS[i % len(COLOURS)],
                style="underline" if i % 7 == 0 else "highlight",
            )


def long_article_library(words: int, highlights: int) -> tuple[Path, int]:
    """A cached library holding a long article (and a short one); the long one's id."""
    name = f"long-{words}w-{highlights}h-v{GENERATOR_VERSION}-s{SCHEMA_VERSION}.db"
    path = cache_dir() / name
    if not path.exists():
        partial = path.with_suffix(".building")
        partial.unlink(missing_ok=True)
        with Library(partial) as lib:
            lib.conn.execute("PRAGMA synchronous = OFF")
            lib.settings.set("samples_seeded", True)
            lib.articles.add(article(1))
            blocks = make_blocks(words)
            long_id = lib.articles.add(
                ImportedArticle("A long read", blocks, "text", url="https://x.example/long")
            ).article_id
            with lib.transaction():
                add_highlights(lib, long_id, lib.articles.get(long_id).text, highlights)
            lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.move(partial, path)
    with Library(path) as lib:
        return path, lib.articles.find_by_url("https://x.example/long")


def review_library(highlights: int, *, per_article: int = 50) -> Path:
    """A cached library of ``highlights`` highlights, ``per_article`` to a short article, a
    third of them rated in the past (some due today, some not), some with notes, some
    favourites, some in favourite articles, made over the last two years: the daily
    review's benchmark.

    Articles go in through ``articles.add``; highlights and review cards in batches of
    plain SQL per article (the schema's triggers still index them), their selectors made
    by ``anchoring.describe`` and their cards by ``reviewing.cards.schedule``, as the
    library's own ``add`` and ``rate`` do: one at a time those took an hour here."""
    name = f"review-{highlights}h-v{GENERATOR_VERSION}-s{SCHEMA_VERSION}.db"
    path = cache_dir() / name
    if path.exists():
        return path
    from datetime import UTC, datetime, timedelta

    from reader.core import anchoring
    from reader.core.reviewing import cards

    partial = path.with_suffix(".building")
    partial.unlink(missing_ok=True)
    rng = random.Random(f"{SEED}:review")
    now = datetime.now(UTC)
    with Library(partial) as lib:
        lib.conn.execute("PRAGMA synchronous = OFF")  # building only: nothing measured
        lib.settings.set("samples_seeded", True)
        made = 0
        index = 0
        while made < highlights:
            imported = article(index, mean_words=400)
            text = imported.text
            rows, card_rows = [], []
            with lib.transaction():
                article_id = lib.articles.add(imported).article_id
                if index % 20 == 0:
                    lib.articles.set_favorite(article_id)
                for _ in range(min(per_article, highlights - made)):
                    start = rng.randrange(0, max(1, len(text) - 160))
                    sel = anchoring.describe(text, start, start + rng.randint(30, 150))
                    hid = f"{index:06d}-{made:07d}"
                    created = now - timedelta(days=rng.uniform(0, 700))
                    stamp = cards.stamp(created)
                    note = "a note" if rng.random() < 0.3 else ""
                    rows.append(
                        (
                            hid,
                            article_id,
                            sel.start,
                            sel.end,
                            sel.exact,
                            sel.prefix,
                            sel.suffix,
                            sel.text_hash,
                            rng.choice(COLOURS),
                            note,
                            stamp,
                            stamp,
                        )
                    )
                    favourite = rng.random() < 0.05
                    if rng.random() < 0.33 or favourite:
                        card, due, last = None, None, None
                        if rng.random() < 0.9:
                            when = created + timedelta(days=rng.uniform(0, 200))
                            when = min(when, now - timedelta(hours=1))
                            rating = rng.choice(cards.RATINGS)
                            card, due = cards.schedule(None, hid, rating, when)
                            last = cards.stamp(when)
                        card_rows.append(
                            (
                                hid,
                                card or "{}",
                                due,
                                last,
                                int(last is not None),
                                int(favourite),
                                last or stamp,
                            )
                        )
                    made += 1
                lib.conn.executemany(
                    'INSERT INTO highlights (id, article_id, start, "end", exact, prefix, suffix, '
                    "text_hash, colour, note, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                lib.conn.executemany(
                    "INSERT INTO review_cards (highlight_id, card, due, last_review, reps, "
                    "favorite, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    card_rows,
                )
            index += 1
        lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.move(partial, path)
    return path


def working_copy(source: Path, folder: Path) -> Path:
    """A copy of a cached library to measure on, so a run never changes the cache."""
    target = folder / source.name
    shutil.copyfile(source, target)
    return target


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Build (and cache) synthetic libraries.")
    parser.add_argument("sizes", type=int, nargs="+", help="article counts, e.g. 10000 100000")
    for size in parser.parse_args().sizes:
        print(library(size))
