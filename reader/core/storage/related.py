"""Related passages (``library.related``): vectors for every highlight and article passage,
and, for one highlight, the highlights and passages across the library closest in meaning.

    library.related.embed_pending()          # vectors for whatever has none yet
    items = library.related.find(highlight_id, limit=10)

Vectors are int8 blobs in ``related_vectors`` (``schema_related``). ``find`` scores every
stored vector against the highlight's (one matrix product over a matrix cached until the
table changes), adds a little for the highlights the full-text index finds with the same
rare words (``related.fused_score``), and never returns the highlight itself or the passage
it sits in. Embedding runs in small batches, each written in a transaction of its own, so a
killed process loses at most one batch and the window's worker can stop between two.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reader.core import embedding
from reader.core.storage.connection import Connection
from reader.core.storage.errors import LibraryError
from reader.core.storage.highlights import Highlights
from reader.core.storage.settings import Settings

if TYPE_CHECKING:
    import numpy as np

    from reader.core.related import RelatedItem

Progress = Callable[[int, int], None]  # (done, total)
FTS_CANDIDATES = 50
MODEL_KEY = "related.model"  # the setting naming the model the stored vectors are from
COARSE_DIMS = 64  # WordLlama's vectors lead with their most telling dimensions
SHORTLIST = 1000  # rows the coarse pass keeps for the full 256-dimension cosine
_STOP = frozenset(
    [
        "that",
        "with",
        "this",
        "from",
        "have",
        "were",
        "will",
        "would",
        "there",
        "their",
        "they",
        "been",
        "which",
        "about",
        "when",
        "what",
        "also",
        "into",
        "than",
        "then",
        "them",
        "some",
        "could",
        "after",
        "other",
        "more",
        "only",
        "over",
        "such",
        "these",
        "those",
        "said",
        "says",
        "being",
        "just",
        "like",
        "your",
        "very",
        "much",
        "where",
        "while",
        "most",
        "made",
        "make",
        "does",
    ]
)


class Related:
    def __init__(self, connection: Connection, highlights: Highlights) -> None:
        self._connection = connection
        self._highlights = highlights
        self._cache: tuple[tuple, dict[str, Any]] | None = None
        self._settings = Settings(connection)
        self._model_checked = False  # the stored vectors are this model's (see same_model)

    # -- embedding ---------------------------------------------------------------------

    def same_model(self) -> bool:
        """Whether the stored vectors were made by this model at this size: the articles'
        ``model``, the library's ``related.model`` setting and a vector's length agree."""
        other = self._connection.read(
            "SELECT 1 FROM related_articles WHERE model != ? LIMIT 1", (embedding.MODEL,)
        )
        noted = self._settings.get(MODEL_KEY)
        size = self._connection.read("SELECT length(vector) AS n FROM related_vectors LIMIT 1")
        return not (
            other
            or (noted is not None and noted != embedding.MODEL)
            or (size and size[0]["n"] != embedding.DIM)
        )

    def ensure_model(self) -> bool:
        """Vectors made by another model (or size) dropped, to be made again by
        ``embed_pending``; True when some were. Once a process: the model is fixed in it."""
        if self._model_checked or self._connection.read_only:
            return False
        stale = not self.same_model()
        with self._connection.write() as db:
            if stale:
                db.execute("DELETE FROM related_vectors")
                db.execute("DELETE FROM related_articles")
            self._settings.set(MODEL_KEY, embedding.MODEL)  # in this same transaction
        self._model_checked = True
        self._cache = None
        return stale

    def pending(self) -> int:
        """How many highlights and articles have no vectors yet (another model's count as
        none: they are dropped first)."""
        self.ensure_model()
        row = self._connection.read(
            "SELECT (SELECT count(*) FROM highlights h WHERE NOT EXISTS "
            "  (SELECT 1 FROM related_vectors v WHERE v.highlight_id = h.id))"
            " + (SELECT count(*) FROM articles a WHERE NOT EXISTS "
            "  (SELECT 1 FROM related_articles r WHERE r.article_id = a.id)) AS n"
        )
        return int(row[0]["n"])

    def embed_pending(
        self,
        *,
        batch: int = embedding.BATCH,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Vectors for every highlight and article passage that has none; returns how many
        highlights and articles were done. Stops between batches when ``cancelled()``."""
        total = self.pending()  # drops another model's vectors first
        done = 0
        after = {"highlight": 0, "article": 0}  # rowids done: each batch reads on from there
        while not (cancelled and cancelled()):
            n = self._embed_highlights(batch, after) or self._embed_articles(batch, after)
            if not n:
                break
            done += n
            if progress:
                progress(min(done, total), total)
        return done

    def _embed_highlights(self, batch: int, after: dict[str, int]) -> int:
        rows = self._connection.read(
            'SELECT h.rowid AS r, h.id, h.article_id, h.start, h."end", h.exact FROM highlights h '
            "WHERE h.rowid > ? AND NOT EXISTS "
            "(SELECT 1 FROM related_vectors v WHERE v.highlight_id = h.id) "
            "ORDER BY h.rowid LIMIT ?",
            (after["highlight"], batch),
        )
        if not rows:
            return 0
        after["highlight"] = rows[-1]["r"]
        vectors = embedding.embed([r["exact"] for r in rows])
        with self._connection.write() as db:
            db.executemany(
                "INSERT OR REPLACE INTO related_vectors "
                '(highlight_id, article_id, start, "end", vector) '
                "SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM highlights WHERE id = ?)",
                [
                    (r["id"], r["article_id"], r["start"], r["end"], embedding.to_blob(v), r["id"])
                    for r, v in zip(rows, vectors, strict=True)
                ],
            )
        return len(rows)

    def _embed_articles(self, batch: int, after: dict[str, int]) -> int:
        """Articles' passages, whole articles at a time until about ``batch`` passages."""
        ids = self._connection.read(
            "SELECT a.id FROM articles a WHERE a.id > ? AND NOT EXISTS "
            "(SELECT 1 FROM related_articles r WHERE r.article_id = a.id) ORDER BY a.id LIMIT ?",
            (after["article"], batch),
        )
        from reader.core.related import passages  # deferred: dataclasses, 3 ms at startup

        chosen: list[tuple[int, list[tuple[int, int, str]]]] = []
        count = 0
        for row in ids:
            text = self._article_text(row["id"])
            found = [(p.start, p.end, text[p.start : p.end]) for p in passages(text)]
            chosen.append((row["id"], found))
            count += len(found)
            if count >= batch:
                break
        if not chosen:
            return 0
        after["article"] = chosen[-1][0]
        vectors = embedding.embed([t for _, found in chosen for _, _, t in found])
        rows, at = [], 0
        for article_id, found in chosen:
            for start, end, _ in found:
                rows.append((article_id, start, end, embedding.to_blob(vectors[at])))
                at += 1
        with self._connection.write() as db:
            for article_id, _ in chosen:  # a text changed since it was read: do it again
                db.execute(
                    "DELETE FROM related_vectors WHERE article_id = ? AND highlight_id IS NULL",
                    (article_id,),
                )
            db.executemany(
                'INSERT INTO related_vectors (article_id, start, "end", vector) '
                "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?)",
                [(*r, r[0]) for r in rows],
            )
            db.executemany(
                "INSERT OR REPLACE INTO related_articles (article_id, model) "
                "SELECT ?, ? WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?)",
                [(a, embedding.MODEL, a) for a, _ in chosen],
            )
        return len(chosen)

    def _article_text(self, article_id: int) -> str:
        rows = self._connection.read("SELECT text FROM articles WHERE id = ?", (article_id,))
        return rows[0]["text"] if rows else ""

    # -- finding -----------------------------------------------------------------------

    def find(self, highlight_id: str, *, limit: int = 10) -> list[RelatedItem]:
        """The highlights and passages closest in meaning to this highlight, best first.

        Raises NotFound for an unknown id. The highlight's own vector is computed on the
        spot when missing; the others are whatever ``embed_pending`` has stored.
        """
        import numpy as np  # deferred: only related passages need numpy here

        from reader.core.related import fused_score  # deferred: 3 ms at startup

        highlight = self._highlights.get(highlight_id)
        self.ensure_model()
        if self._connection.read_only and not self.same_model():
            raise LibraryError(
                f"the related-passages vectors in {self._connection.path} were made by "
                f"another model than {embedding.MODEL}: open the library writable once, "
                "and they are made again"
            )
        query = self._vector_of(highlight)
        matrix = self._matrix()
        # Two passes: the first 64 dimensions over every row (a quarter of the memory to
        # read: at 100,000 rows the full product was most of a search on a busy machine),
        # then the full cosine over the shortlist and the full-text matches.
        coarse = matrix["coarse"] @ _unit(query[:COARSE_DIMS])
        coarse[~self._allowed(matrix, highlight)] = -np.inf
        fts = self._fts_ranks(highlight.exact, matrix)
        keep = min(len(coarse), SHORTLIST)
        short = np.argpartition(-coarse, keep - 1)[:keep] if keep else np.array([], int)
        short = np.union1d(short, np.fromiter(fts, dtype=np.int64, count=len(fts)))
        short = short[np.isfinite(coarse[short])]
        scores = matrix["vectors"][short] @ query
        for i, row in enumerate(short):
            if int(row) in fts:
                scores[i] = fused_score(float(scores[i]), fts[int(row)])
        wanted = min(len(scores), max(limit * 4, 40))
        best = np.argpartition(-scores, wanted - 1)[:wanted] if wanted else np.array([], int)
        order = short[best[np.argsort(-scores[best])]]  # the best few sorted
        score_of = dict(zip(short.tolist(), scores.tolist(), strict=True))
        items: list[RelatedItem] = []
        for row in order.tolist():
            if len(items) >= limit:
                break
            item = self._item(matrix, row, score_of[row])
            if item and not _covered(item, items):
                items.append(item)
        return items

    def _vector_of(self, highlight: Any) -> np.ndarray:
        """The highlight's stored vector, else one made now and stored when the library
        lets it (busy or read-only: used now, stored by the next embedding)."""
        rows = self._connection.read(
            "SELECT vector FROM related_vectors WHERE highlight_id = ?", (highlight.id,)
        )
        if rows:
            return embedding.from_blobs([rows[0]["vector"]])[0]
        vector = embedding.embed([highlight.exact])[0]
        if not self._connection.read_only:
            try:
                with self._connection.write() as db:
                    db.execute(
                        "INSERT OR REPLACE INTO related_vectors "
                        '(highlight_id, article_id, start, "end", vector) VALUES (?, ?, ?, ?, ?)',
                        (
                            highlight.id,
                            highlight.article_id,
                            highlight.start,
                            highlight.end,
                            embedding.to_blob(vector),
                        ),
                    )
            except LibraryError:  # another writer held the library past the busy timeout
                pass
        return vector

    def _matrix(self) -> dict[str, Any]:
        """Every stored vector with its row's ids, read again only when the table changed."""
        import numpy as np  # deferred: numpy, only related passages need it

        version = tuple(
            self._connection.read("SELECT max(id) AS m, count(*) AS n FROM related_vectors")[
                0
            ].values()
        )
        if self._cache and self._cache[0] == version:
            return self._cache[1]
        cursor = self._connection.reader().execute(
            'SELECT highlight_id, article_id, start, "end", vector FROM related_vectors'
        )
        rows = cursor.fetchall()
        matrix = {
            "highlight_ids": [r[0] for r in rows],
            "article_ids": np.array([r[1] for r in rows], dtype=np.int64),
            "starts": np.array([r[2] for r in rows], dtype=np.int64),
            "ends": np.array([r[3] for r in rows], dtype=np.int64),
            "vectors": embedding.from_blobs([r[4] for r in rows]),
        }
        matrix["coarse"] = np.ascontiguousarray(matrix["vectors"][:, :COARSE_DIMS])
        norms = np.linalg.norm(matrix["coarse"], axis=1, keepdims=True)
        matrix["coarse"] /= np.where(norms == 0, 1.0, norms)
        matrix["row_of"] = {h: i for i, h in enumerate(matrix["highlight_ids"]) if h}
        matrix["is_passage"] = np.array([h is None for h in matrix["highlight_ids"]], dtype=bool)
        self._cache = (version, matrix)
        return matrix

    def _allowed(self, matrix: dict[str, Any], highlight: Any) -> np.ndarray:
        """Rows that may be shown: not the highlight, not its own passage, not in the trash."""
        import numpy as np  # deferred: numpy, only related passages need it

        allowed = np.ones(len(matrix["highlight_ids"]), dtype=bool)
        own = matrix["row_of"].get(highlight.id)
        if own is not None:
            allowed[own] = False
        same = (matrix["article_ids"] == highlight.article_id) & matrix["is_passage"]
        overlaps = (matrix["starts"] < max(highlight.end, highlight.start + 1)) & (
            matrix["ends"] > highlight.start
        )
        allowed &= ~(same & overlaps)
        trashed = [
            r["id"]
            for r in self._connection.read("SELECT id FROM articles WHERE deleted_at IS NOT NULL")
        ]
        if trashed:
            allowed &= ~np.isin(matrix["article_ids"], trashed)
        return allowed

    def _fts_ranks(self, text: str, matrix: dict[str, Any]) -> dict[int, int]:
        """Matrix rows of the highlights that share the text's rarer words, by bm25 rank."""
        from reader.core.related import fts_any  # deferred: 3 ms at startup

        meaningful = " ".join(w for w in re.findall(r"\w{4,}", text) if w.lower() not in _STOP)
        expression = fts_any(meaningful, limit=8)
        if not expression:
            return {}
        try:
            rows = self._connection.read(
                "SELECT h.id FROM highlights_fts f JOIN highlights h ON h.rowid = f.rowid "
                "WHERE highlights_fts MATCH ? ORDER BY f.rank LIMIT ?",
                (expression, FTS_CANDIDATES),
            )
        except sqlite3.OperationalError:  # a word FTS5 cannot take: the vectors still rank
            return {}
        found: dict[int, int] = {}
        for rank, r in enumerate(rows):
            row = matrix["row_of"].get(r["id"])
            if row is not None:
                found[row] = rank
        return found

    def _item(self, matrix: dict[str, Any], row: int, score: float) -> RelatedItem | None:
        from reader.core.related import RelatedItem  # deferred: 3 ms at startup

        highlight_id = matrix["highlight_ids"][row]
        article_id = int(matrix["article_ids"][row])
        found = self._connection.read(
            "SELECT title, substr(text, ? + 1, ? - ?) AS part FROM articles WHERE id = ?",
            (
                int(matrix["starts"][row]),
                int(matrix["ends"][row]),
                int(matrix["starts"][row]),
                article_id,
            ),
        )
        if not found:
            return None
        if highlight_id:
            h = self._connection.read(
                'SELECT exact, start, "end" FROM highlights WHERE id = ?', (highlight_id,)
            )
            if not h:
                return None
            text, start, end = h[0]["exact"], h[0]["start"], h[0]["end"]
        else:
            text, start, end = (
                found[0]["part"],
                int(matrix["starts"][row]),
                int(matrix["ends"][row]),
            )
        return RelatedItem(
            kind="highlight" if highlight_id else "passage",
            article_id=article_id,
            article_title=found[0]["title"],
            start=start,
            end=end,
            text=text,
            score=score,
            highlight_id=highlight_id,
        )


def _covered(item: RelatedItem, chosen: list[RelatedItem]) -> bool:
    """Whether a passage holds a highlight already listed (or the other way): say it once."""
    return any(
        c.article_id == item.article_id and c.start < item.end and item.start < c.end
        for c in chosen
    )


def _unit(vector: np.ndarray) -> np.ndarray:
    import numpy as np  # deferred: numpy

    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector
