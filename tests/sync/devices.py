"""Simulated devices for the sync tests: each has its own library and its own copy of
the sync folder, and ``FileSync`` copies files between the copies the way a file-sync
engine does: late, out of order, twice, half-written, or under a conflict copy's name.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
from pathlib import Path

from reader.core.document import Block
from reader.core.models import ImportedArticle
from reader.core.storage.library import Library
from reader.core.sync.service import SyncService


class Device:
    def __init__(
        self,
        root: Path,
        name: str,
        passphrase: str | None = None,
        folder: Path | None = None,
        seed: int | None = None,
    ) -> None:
        """With a ``seed``, the device's id and its document's client ids come from it,
        and its clock counts syncs (a run that diverged can be replayed); else they are
        random and the clock is the system's, as in the program."""
        self.name = name
        self.library = Library(root / f"{name}.db")
        self.folder = folder or root / f"{name}-folder"
        if seed is None:
            self.service = SyncService(self.library)
        else:
            syncs = itertools.count()
            self.service = SyncService(
                self.library, random.Random(f"{seed}:{name}"), lambda: float(next(syncs))
            )
        try:
            self.service.configure(self.folder, passphrase)
        except BaseException:
            self.library.close()
            raise
        self.id = self.library.sync_state.get("device")

    def sync(self):
        return self.service.sync()

    def close(self) -> None:
        self.library.close()

    def own_files(self) -> dict[str, Path]:
        mine = self.folder / "devices" / self.id
        # sorted: the order a directory lists does not follow the seed
        files = sorted(p for p in mine.rglob("*") if p.is_file())
        return {str(p.relative_to(self.folder)): p for p in files}


class FileSync:
    """Copies each device's own files into the others' folders."""

    def __init__(self, devices: list[Device], seed: int = 0) -> None:
        self.devices = devices
        self.rng = random.Random(seed)

    def copy(self, src: Device, dst: Device, mode: str = "all") -> None:
        """``all``: every file as it is now; ``some``: a random half of them (late, out of
        order); ``half``: some cut off at a random byte; ``conflict``: under a conflict
        copy's name, with or without the original; ``twice``: everything, then again."""
        files = list(src.own_files().items())
        if mode == "some":
            files = self.rng.sample(files, len(files) // 2)
        for rel, path in files:
            if path.name.startswith("."):
                continue  # a file still being written (temporary name)
            target = dst.folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            data = path.read_bytes()
            if mode == "half" and self.rng.random() < 0.5 and len(data) > 1:
                target.write_bytes(data[: self.rng.randrange(1, len(data))])
            elif mode == "conflict" and rel.endswith((".arlog", ".arsnap")):
                stem, _dot, suffix = target.name.rpartition(".")
                names = [
                    f"{stem}.sync-conflict-20240101-120000-ABCDEFG.{suffix}",
                    f"{stem} (conflicted copy 2024-01-01).{suffix}",
                ]
                (target.parent / self.rng.choice(names)).write_bytes(data)
                if self.rng.random() < 0.5:
                    target.write_bytes(data)
            else:
                target.write_bytes(data)
                if mode == "twice":
                    target.write_bytes(data)
        if mode == "all":  # deletions travel too (a device compacted its logs)
            mirror = dst.folder / "devices" / src.id
            have = {rel for rel, _ in files}
            if mirror.is_dir():
                for p in list(mirror.rglob("*")):
                    rel = str(p.relative_to(dst.folder))
                    if p.is_file() and rel not in have and "conflict" not in p.name:
                        p.unlink()

    def everywhere(self, mode: str = "all") -> None:
        for src in self.devices:
            for dst in self.devices:
                if src is not dst:
                    self.copy(src, dst, mode)

    def settle(self, rounds: int = 2) -> None:
        """Sync, copy everything, sync, until every device has heard from every other."""
        for _ in range(rounds):
            for d in self.devices:
                d.sync()
            self.everywhere("all")
        for d in self.devices:
            d.sync()


def article(title: str, *paragraphs: str, url: str | None = None) -> ImportedArticle:
    blocks = [Block("heading", title, level=1)] + [Block("paragraph", p) for p in paragraphs]
    return ImportedArticle(title, blocks, "text", url=url)


def export(library: Library) -> str:
    """Everything that syncs, keyed by what names it on every device, as JSON."""
    db = library.conn
    articles = {}
    for row in db.execute(
        "SELECT uid, url, title, author, site, published, source_kind, added_at, updated_at, "
        "opened_at, deleted_at, archived, favorite, reading_position, note, blocks, text, "
        "content_hash, word_count, id FROM articles ORDER BY uid"
    ):
        tags = [
            r[0]
            for r in db.execute(
                "SELECT t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id "
                "WHERE x.article_id = ? ORDER BY lower(t.name)",
                (row[-1],),
            )
        ]
        articles[row[0]] = [*row[1:-1], tags]
    highlights = {}
    for table in ("highlights", "highlight_trash"):
        extra = ", h.deleted_at, h.tags" if table == "highlight_trash" else ", NULL, NULL"
        for row in db.execute(
            'SELECT h.id, a.uid, h.start, h."end", h.exact, h.prefix, h.suffix, h.text_hash, '
            f"h.colour, h.style, h.note, h.created_at, h.updated_at, h.state{extra} "
            f"FROM {table} h JOIN articles a ON a.id = h.article_id ORDER BY h.id"
        ):
            tags = row[-1]
            if tags is None:
                tags = json.dumps(
                    [
                        r[0]
                        for r in db.execute(
                            "SELECT t.name FROM highlight_tags y JOIN tags t ON t.id = y.tag_id "
                            "WHERE y.highlight_id = ? ORDER BY lower(t.name)",
                            (row[0],),
                        )
                    ]
                )
            else:
                tags = json.dumps(sorted(json.loads(tags), key=str.lower))
            highlights[row[0]] = [table, *row[1:-1], tags]
    return json.dumps({"articles": articles, "highlights": highlights}, indent=1, sort_keys=True)


def devices(
    root: Path, n: int = 3, passphrase: str | None = None, seed: int | None = None
) -> list[Device]:
    return [Device(root, name, passphrase, seed=seed) for name in "abcdefgh"[:n]]


def clear(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
