"""Random work on simulated devices, shared by the property test, the soak and the bench:
each operation is something a person does, and what it must leave behind is recorded
(``Expected``), so that after every device has synced nothing acknowledged is missing."""

from __future__ import annotations

import contextlib
import random
import uuid
from dataclasses import dataclass, field

from reader.core.storage.errors import NotFound
from tests.sync.devices import Device, FileSync, article

WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "中文",
    "😀",
]
OPS = ("article", "highlight", "note", "article_note", "delete", "restore", "flag", "tag",
       "trash", "position", "sync", "copy")  # fmt: skip


@dataclass
class Expected:
    highlights: set[str] = field(default_factory=set)  # made: on a page or in the trash
    tokens: dict[str, set[str]] = field(default_factory=dict)  # highlight/article uid -> words
    tags: dict[str, set[str]] = field(default_factory=dict)  # article uid -> tags added
    favorites: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)


class Workload:
    def __init__(self, devices: list[Device], seed: int) -> None:
        self.devices = devices
        self.rng = random.Random(seed)
        self.ids = random.Random(f"{seed}:ids")  # highlight ids: a run replays exactly
        self.sync = FileSync(devices, seed)
        self.expected = Expected()
        self.counter = 0

    def run(self, op: str, who: int) -> None:
        d = self.devices[who % len(self.devices)]
        getattr(self, f"_{op}")(d)

    def random_ops(self, n: int) -> None:
        weights = (6, 10, 8, 4, 2, 2, 3, 3, 1, 4, 8, 6)
        for _ in range(n):
            op = self.rng.choices(OPS, weights)[0]
            self.run(op, self.rng.randrange(len(self.devices)))

    def _token(self) -> str:
        self.counter += 1
        return f"w{self.counter}"

    def _uid(self, d: Device, article_id: int) -> str:
        return d.library.conn.execute(
            "SELECT uid FROM articles WHERE id = ?", (article_id,)
        ).fetchone()[0]

    def _pick_article(self, d: Device):
        # in an order that does not follow the clock (the list's follows when each was
        # added), so that a seed replays the same work
        rows = sorted(d.library.articles.list(archived=None), key=lambda a: a.id)
        return self.rng.choice(rows) if rows else None

    def _article(self, d: Device) -> None:
        n = self.rng.randrange(40)
        words = " ".join(self.rng.choice(WORDS) for _ in range(12))
        url = f"https://example.org/{n}" if n < 30 else None
        added = d.library.articles.add(article(f"Article {n}", f"{words}.", f"More {n}.", url=url))
        self.expected.articles.add(self._uid(d, added.article_id))

    def _highlight(self, d: Device) -> None:
        a = self._pick_article(d)
        if a is None:
            return
        text = d.library.articles.get(a.id).text
        start = self.rng.randrange(len(text) - 1)
        end = min(len(text), start + self.rng.randrange(1, 20))
        if not text[start:end].strip():
            return
        hid = str(uuid.UUID(int=self.ids.getrandbits(128), version=4))
        h = d.library.highlights.add(a.id, start, end, note=self._token(), highlight_id=hid)
        self.expected.highlights.add(h.id)
        self.expected.tokens[h.id] = {h.note}

    def _note(self, d: Device) -> None:
        rows = d.library.conn.execute("SELECT id, note FROM highlights ORDER BY id").fetchall()
        if not rows:
            return
        hid, note = self.rng.choice(rows)
        token = self._token()
        at = self.rng.randrange(len(note) + 1)
        # at a word's edge, so that the token stays whole whatever else is inserted
        at = note.rfind(" ", 0, at) + 1 if " " in note[:at] else 0
        d.library.highlights.update(hid, note=f"{note[:at]} {token} {note[at:]}")
        self.expected.tokens.setdefault(hid, set()).add(token)

    def _article_note(self, d: Device) -> None:
        a = self._pick_article(d)
        if a is None:
            return
        token = self._token()
        note = d.library.articles.note(a.id)
        # a space before it even on an empty note: two notes begun at once on two devices
        # are merged side by side (both kept), and the check splits on white space
        d.library.articles.set_note(a.id, f"{note} {token}")
        self.expected.tokens.setdefault(self._uid(d, a.id), set()).add(token)

    def _delete(self, d: Device) -> None:
        rows = d.library.conn.execute("SELECT id FROM highlights ORDER BY id").fetchall()
        if rows:
            d.library.highlights.delete(self.rng.choice(rows)[0])

    def _restore(self, d: Device) -> None:
        trashed = sorted(d.library.highlight_trash.list(), key=lambda t: t.highlight.id)
        if trashed:
            with contextlib.suppress(NotFound):  # its article is in the trash
                d.library.highlight_trash.restore(self.rng.choice(trashed).highlight.id)

    def _flag(self, d: Device) -> None:
        a = self._pick_article(d)
        if a is not None:
            d.library.articles.set_favorite(a.id)
            self.expected.favorites.add(self._uid(d, a.id))

    def _tag(self, d: Device) -> None:
        a = self._pick_article(d)
        if a is not None:
            tag = self.rng.choice(["essays", "later", "Politics", "tea"])
            d.library.tags.set(a.id, [*d.library.tags.of(a.id), tag])
            self.expected.tags.setdefault(self._uid(d, a.id), set()).add(tag.lower())

    def _trash(self, d: Device) -> None:
        a = self._pick_article(d)
        if a is not None:
            d.library.trash.delete(a.id)
            if self.rng.random() < 0.5:
                d.library.trash.restore(a.id)

    def _position(self, d: Device) -> None:
        a = self._pick_article(d)
        if a is not None:
            d.library.articles.set_reading_position(a.id, self.rng.randrange(50))

    def _sync(self, d: Device) -> None:
        d.sync()

    def _copy(self, d: Device) -> None:
        other = self.rng.choice([x for x in self.devices if x is not d])
        mode = self.rng.choice(["all", "all", "some", "half", "conflict", "twice"])
        self.sync.copy(d, other, mode)

    def check(self) -> None:
        """After ``settle``: every device holds the same, and all that was acknowledged."""
        from tests.sync.devices import export

        exports = {export(d.library) for d in self.devices}
        assert len(exports) == 1, "the devices did not converge"
        lib = self.devices[0].library
        db = lib.conn
        notes = dict(
            db.execute(
                "SELECT id, note FROM highlights UNION ALL SELECT id, note FROM highlight_trash"
            )
        )
        assert self.expected.highlights <= set(notes), "a highlight was lost"
        articles = dict(db.execute("SELECT uid, note FROM articles"))
        assert self.expected.articles <= set(articles), "an article was lost"
        for key, tokens in self.expected.tokens.items():
            text = notes.get(key, articles.get(key, ""))
            missing = {t for t in tokens if t not in text.split()}
            assert not missing, f"note edits lost on {key}: {missing} not in {text!r}"
        fav = {r[0] for r in db.execute("SELECT uid FROM articles WHERE favorite = 1")}
        assert self.expected.favorites <= fav, "a favourite was lost"
        for uid, tags in self.expected.tags.items():
            (aid,) = db.execute("SELECT id FROM articles WHERE uid = ?", (uid,)).fetchone()
            assert tags <= {t.lower() for t in lib.tags.of(aid)}, "a tag was lost"
