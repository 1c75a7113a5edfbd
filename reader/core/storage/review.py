"""The daily review (``library.review``): each highlight's FSRS card, the log of every
rating, and the day's review chosen from the whole library.

    items = library.review.today()           # the highlights due today, in order
    state = library.review.rate(items[0].highlight.id, "good")
    state.due                                # next time, ISO 8601 UTC

Cards and logs are plain rows keyed by highlight id (``schema.create_review``): a card
is made when a highlight is first rated, favourited, discarded or made a question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from reader.core.models import Highlight
from reader.core.reviewing import cards, cloze, today
from reader.core.reviewing.cards import ReviewState
from reader.core.storage.connection import Connection
from reader.core.storage.highlights import Highlights
from reader.core.storage.settings import Settings

PER_DAY_KEY = "review_per_day"
PLAN_KEY = "review_today"  # the day's review: {"day", "per_day", "ids"}
PARAMETERS_KEY = "review_fsrs_parameters"  # set when the parameters are fitted to the logs
CANDIDATES = 5  # candidates read per highlight wanted, to spread them over articles
FIRST_READ = 160  # highlights read per candidate at first (oldest first): see candidates

# Days unseen (since the last rating, or since it was made), times 2 for a favourite (the
# highlight or its article) and 1.5 for a highlight with a note (MOST_FAVOURED: both).
# Due: never rated, or its card due by the end of today; not discarded; its article not
# in the trash. Only highlights last seen by :cutoff (those never rated by when they were
# made, the rated ones by their last rating: two index ranges), so that the choice reads
# the oldest few thousand highlights of the library rather than all of them.
MOST_FAVOURED = 3.0
_SCORE = """
  (julianday(:today) - julianday(coalesce(r.last_review, h.created_at)) + 1)
  * (CASE WHEN a.favorite OR coalesce(r.favorite, 0) THEN 2.0 ELSE 1.0 END)
  * (CASE WHEN h.note != '' THEN 1.5 ELSE 1.0 END)"""
_DUE = "a.deleted_at IS NULL AND r.discarded_at IS NULL AND (r.due IS NULL OR r.due < :end)"
_CANDIDATES_SQL = f"""
SELECT h.id, h.article_id, {_SCORE} AS score
FROM highlights h INDEXED BY highlights_seen
CROSS JOIN articles a INDEXED BY articles_review ON a.id = h.article_id
LEFT JOIN review_cards r INDEXED BY review_cards_due ON r.highlight_id = h.id
WHERE h.created_at <= :cutoff AND r.last_review IS NULL AND {_DUE}
UNION ALL
SELECT h.id, h.article_id, {_SCORE}
FROM review_cards r INDEXED BY review_cards_seen
CROSS JOIN highlights h ON h.id = r.highlight_id
CROSS JOIN articles a INDEXED BY articles_review ON a.id = h.article_id
WHERE r.last_review <= :cutoff AND {_DUE}
ORDER BY 3 DESC, 1
LIMIT :limit
"""


@dataclass
class ReviewItem:
    """One highlight of the day's review, with its article's title and its card."""

    highlight: Highlight
    article_title: str
    state: ReviewState


@dataclass
class ReviewLogEntry:
    id: str
    highlight_id: str
    rating: str
    reviewed_at: str
    duration_ms: int | None
    due_before: str | None
    due_after: str


class Review:
    def __init__(self, connection: Connection, highlights: Highlights, settings: Settings):
        self._connection = connection
        self._highlights = highlights
        self._settings = settings

    # -- how many a day --------------------------------------------------------------

    @property
    def per_day(self) -> int:
        value = self._settings.get(PER_DAY_KEY, today.DEFAULT_PER_DAY)
        return value if isinstance(value, int) and value > 0 else today.DEFAULT_PER_DAY

    def set_per_day(self, count: int) -> None:
        if not 1 <= count <= 1000:
            raise ValueError(f"a day's review holds 1 to 1000 highlights, not {count}")
        self._settings.set(PER_DAY_KEY, int(count))

    # -- the day's review ---------------------------------------------------------

    def today(self, now: datetime | None = None, *, count: int | None = None) -> list[ReviewItem]:
        """The highlights still to review today, in order.

        The day's review is chosen once a day (``per_day`` highlights, less those already
        rated or discarded that day) and kept in the library's settings, so the window and
        the command line agree and it does not change as it is worked through; what is
        rated or discarded leaves it. ``count`` chooses afresh, that many, keeping nothing.
        """
        now = now or datetime.now(UTC)
        start, end = today.day_bounds(now)
        day = start.date().isoformat()
        done = self._done_ids(start)
        if count is not None:
            return self.items(self.choose(start, end, count - len(done)))
        plan = self._settings.get(PLAN_KEY)
        if not (
            isinstance(plan, dict)
            and plan.get("day") == day
            and plan.get("per_day") == self.per_day
            and isinstance(plan.get("ids"), list)
        ):
            ids = self.choose(start, end, self.per_day - len(done))
            plan = {"day": day, "per_day": self.per_day, "ids": ids}
            if not self._connection.read_only:
                self._settings.set(PLAN_KEY, plan)
        left = [i for i in plan["ids"] if isinstance(i, str) and i not in done]
        items = [i for i in self.items(left) if self._still_due(i, end)]
        # what was rated out of order may leave two of one article side by side
        order = today.arrange(
            [
                today.Candidate(i.highlight.id, i.highlight.article_id, len(items) - n)
                for n, i in enumerate(items)
            ],
            len(items),
        )
        by_id = {i.highlight.id: i for i in items}
        return [by_id[c.highlight_id] for c in order]

    def choose(self, start: datetime, end: datetime, count: int) -> list[str]:
        """The ids of ``count`` highlights for a day's review (``today.arrange``'s order)."""
        if count <= 0:
            return []
        limit = max(50, count * CANDIDATES)
        rows = self.candidates(start, end, limit)
        chosen = today.arrange([today.Candidate(*row) for row in rows], count)
        return [c.highlight_id for c in chosen]

    def candidates(self, start: datetime, end: datetime, limit: int) -> list[tuple]:
        """The ``limit`` best-scoring due highlights (id, article id, score), best first.

        Read among the highlights seen before a cutoff: at first when the oldest ``limit``
        x ``FIRST_READ`` were made. A highlight seen later has been unseen fewer days than
        the cutoff is old, so it scores at most ``MOST_FAVOURED`` times that: when the last
        one read scores more, none can displace it. Otherwise the cutoff moves on: to twice
        as many, or to where one could, if that is sooner; after four tries all are read."""
        params = {"today": cards.stamp(start), "end": cards.stamp(end), "limit": limit}
        oldest = limit * FIRST_READ
        with self._connection.lock:
            run = self._connection.writer.execute

            def made_before(n: int) -> str | None:  # when the n-th oldest highlight was made
                row = run(
                    "SELECT created_at FROM highlights INDEXED BY highlights_seen "
                    "ORDER BY created_at LIMIT 1 OFFSET ?",
                    (n,),
                ).fetchone()
                return row[0] if row else None

            cutoff = made_before(oldest)
            for _ in range(4):
                if cutoff is None:
                    break
                rows = run(_CANDIDATES_SQL, {**params, "cutoff": cutoff}).fetchall()
                days = (start - datetime.fromisoformat(cutoff)).total_seconds() / 86400
                if len(rows) == limit and rows[-1][2] > (days + 1) * MOST_FAVOURED:
                    return rows
                oldest *= 2
                twice = made_before(oldest)
                if len(rows) < limit or twice is None:
                    break
                days_needed = rows[-1][2] / MOST_FAVOURED - 1  # unseen this long could beat it
                cutoff = min(twice, cards.stamp(start - timedelta(days=max(0.0, days_needed))))
            return run(_CANDIDATES_SQL, {**params, "cutoff": "9999"}).fetchall()

    def _still_due(self, item: ReviewItem, end: datetime) -> bool:
        due = item.state.due
        return not item.state.discarded and (due is None or due < cards.stamp(end))

    def _done_ids(self, start: datetime) -> set[str]:
        rows = self._connection.rows(
            "SELECT highlight_id FROM review_log WHERE reviewed_at >= :since "
            "UNION SELECT highlight_id FROM review_cards WHERE discarded_at >= :since",
            {"since": cards.stamp(start)},
        )
        return {r["highlight_id"] for r in rows}

    def done_today(self, now: datetime | None = None) -> int:
        """How many highlights were rated or discarded since the day began."""
        start, _ = today.day_bounds(now or datetime.now(UTC))
        return len(self._done_ids(start))

    def items(self, highlight_ids: list[str]) -> list[ReviewItem]:
        """Review items for these highlights, in this order (missing ones left out)."""
        found = self._highlights.many(highlight_ids)
        if not found:
            return []
        marks = ", ".join("?" * len(found))
        titles = {
            r["id"]: r["title"]
            for r in self._connection.rows(
                f"SELECT id, title FROM articles WHERE id IN ({marks})",
                [h.article_id for h in found],
            )
        }
        states = self.states([h.id for h in found])
        return [ReviewItem(h, titles.get(h.article_id, ""), states[h.id]) for h in found]

    # -- a highlight's card ---------------------------------------------------------

    def state(self, highlight_id: str) -> ReviewState:
        """The highlight's card (a new one when it has none); NotFound for no highlight."""
        self._highlights.get(highlight_id)
        return self.states([highlight_id])[highlight_id]

    def states(self, highlight_ids: list[str]) -> dict[str, ReviewState]:
        states = {i: ReviewState(i) for i in highlight_ids}
        for i in range(0, len(highlight_ids), 500):
            chunk = highlight_ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            for r in self._connection.rows(
                f"SELECT * FROM review_cards WHERE highlight_id IN ({marks})", chunk
            ):
                stage, stability = cards.stage_of(r["card"])
                cloze = None
                if r["cloze_start"] is not None and r["cloze_end"] is not None:
                    cloze = (r["cloze_start"], r["cloze_end"])
                states[r["highlight_id"]] = ReviewState(
                    highlight_id=r["highlight_id"],
                    due=r["due"],
                    last_review=r["last_review"],
                    reps=r["reps"],
                    favorite=bool(r["favorite"]),
                    discarded=r["discarded_at"] is not None,
                    cloze=cloze,
                    stage=stage,
                    stability=stability,
                )
        return states

    def rate(
        self,
        highlight_id: str,
        rating: str,
        *,
        now: datetime | None = None,
        duration_ms: int | None = None,
    ) -> ReviewState:
        """Rate a highlight (again, hard, good, easy): FSRS schedules its next time, and
        the rating is logged. NotFound for no highlight; ValueError for another rating."""
        number = cards.rating_number(rating)
        self._highlights.get(highlight_id)
        when = (now or datetime.now(UTC)).astimezone(UTC)
        params = self._parameters()
        with self._connection.write() as db:
            row = db.execute(
                "SELECT card, due FROM review_cards WHERE highlight_id = ?", (highlight_id,)
            ).fetchone()
            card_json, due_before = (row[0], row[1]) if row else (None, None)
            card_json, due = cards.schedule(
                card_json, highlight_id, rating, when, parameters=params
            )
            stamp = cards.stamp(when)
            self._ensure(db, highlight_id, stamp)
            db.execute(
                "UPDATE review_cards SET card = ?, due = ?, last_review = ?, reps = reps + 1, "
                "updated_at = ? WHERE highlight_id = ?",
                (card_json, due, stamp, stamp, highlight_id),
            )
            db.execute(
                "INSERT INTO review_log (id, highlight_id, rating, reviewed_at, duration_ms, "
                "due_before, due_after) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_new_id(), highlight_id, number, stamp, duration_ms, due_before, due),
            )
        return self.states([highlight_id])[highlight_id]

    def preview(self, highlight_id: str, now: datetime | None = None) -> dict[str, str]:
        """When each rating would bring the highlight back (without FSRS's random spread),
        for the review's buttons; nothing is stored."""
        when = (now or datetime.now(UTC)).astimezone(UTC)
        rows = self._connection.rows(
            "SELECT card FROM review_cards WHERE highlight_id = ?", (highlight_id,)
        )
        card_json = rows[0]["card"] if rows else None
        params = self._parameters()
        return {
            rating: cards.schedule(
                card_json, highlight_id, rating, when, parameters=params, fuzz=False
            )[1]
            for rating in cards.RATINGS
        }

    def _parameters(self) -> tuple[float, ...] | None:
        stored = self._settings.get(PARAMETERS_KEY)
        return tuple(stored) if isinstance(stored, list) else None

    def discard(self, highlight_id: str, discarded: bool = True) -> ReviewState:
        """Take a highlight out of the review for good (``False``: put it back)."""
        return self._set(highlight_id, "discarded_at", _now() if discarded else None)

    def set_favorite(self, highlight_id: str, favorite: bool = True) -> ReviewState:
        """A favourite comes up twice as often as it otherwise would."""
        return self._set(highlight_id, "favorite", int(favorite))

    def set_cloze(self, highlight_id: str, part: tuple[int, int] | None) -> ReviewState:
        """Make the highlight a question card hiding ``text[start:end]`` of its passage
        (``None``: a plain card again). ValueError for a part outside the passage."""
        h = self._highlights.get(highlight_id)
        if part is not None and not cloze.valid(h.exact, part):
            raise ValueError(
                f"the part {part[0]}:{part[1]} is outside the passage (0:{len(h.exact)})"
            )
        start, end = part if part is not None else (None, None)
        with self._connection.write() as db:
            stamp = _now()
            self._ensure(db, highlight_id, stamp)
            db.execute(
                "UPDATE review_cards SET cloze_start = ?, cloze_end = ?, updated_at = ? "
                "WHERE highlight_id = ?",
                (start, end, stamp, highlight_id),
            )
        return self.states([highlight_id])[highlight_id]

    def _set(self, highlight_id: str, column: str, value: object) -> ReviewState:
        self._highlights.get(highlight_id)  # NotFound for no highlight
        with self._connection.write() as db:
            stamp = _now()
            self._ensure(db, highlight_id, stamp)
            db.execute(
                f"UPDATE review_cards SET {column} = ?, updated_at = ? WHERE highlight_id = ?",
                (value, stamp, highlight_id),
            )
        return self.states([highlight_id])[highlight_id]

    @staticmethod
    def _ensure(db, highlight_id: str, stamp: str) -> None:
        db.execute(
            "INSERT OR IGNORE INTO review_cards (highlight_id, updated_at) VALUES (?, ?)",
            (highlight_id, stamp),
        )

    # -- the logs -------------------------------------------------------------------

    def logs(self, highlight_id: str | None = None) -> list[ReviewLogEntry]:
        """Every rating (of one highlight, or all), oldest first."""
        where, params = ("WHERE highlight_id = ?", (highlight_id,)) if highlight_id else ("", ())
        rows = self._connection.rows(
            f"SELECT * FROM review_log {where} ORDER BY reviewed_at, rowid", params
        )
        return [
            ReviewLogEntry(
                id=r["id"],
                highlight_id=r["highlight_id"],
                rating=cards.RATINGS[r["rating"] - 1],
                reviewed_at=r["reviewed_at"],
                duration_ms=r["duration_ms"],
                due_before=r["due_before"],
                due_after=r["due_after"],
            )
            for r in rows
        ]

    def fsrs_logs(self) -> list:
        """The logs as ``fsrs.ReviewLog`` objects, for ``fsrs.Optimizer`` to fit the
        scheduler's parameters to this reader (store them under ``PARAMETERS_KEY``)."""
        from fsrs import Rating, ReviewLog  # deferred: fsrs, only when asked

        return [
            ReviewLog(
                card_id=cards.card_id(e.highlight_id),
                rating=Rating(cards.RATINGS.index(e.rating) + 1),
                review_datetime=datetime.fromisoformat(e.reviewed_at.replace("Z", "+00:00")),
                review_duration=e.duration_ms,
            )
            for e in self.logs()
        ]


def _now() -> str:
    return cards.stamp(datetime.now(UTC))


def _new_id() -> str:
    import uuid  # it brings platform: 10 ms of the window's start

    return str(uuid.uuid4())
