"""A highlight's review card, scheduled by FSRS (the ``fsrs`` package, the scheduler Anki
uses), and the four ratings.

Daily review counts in days: the scheduler has no learning steps of minutes, so even
"again" brings a highlight back tomorrow, not in ten minutes. The card is stored as the
package's own JSON (``Card.to_dict``), with its due time beside it for the day's query.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

RATINGS = ("again", "hard", "good", "easy")  # FSRS's Rating 1-4, in that order
NEW, LEARNING, REVIEW, RELEARNING = "new", "learning", "review", "relearning"


@dataclass
class ReviewState:
    """Where a highlight stands in the review (``reps == 0``: never rated)."""

    highlight_id: str
    due: str | None = None  # ISO 8601 UTC; None: new, due now
    last_review: str | None = None
    reps: int = 0
    favorite: bool = False
    discarded: bool = False
    cloze: tuple[int, int] | None = None  # the hidden part: offsets into the highlight's text
    stage: str = NEW
    stability: float | None = None  # FSRS: days until recall drops to 90%


def stamp(moment: datetime) -> str:
    """A moment as the library stores it: UTC, ISO 8601 to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rating_number(rating: str) -> int:
    """1-4 for again, hard, good, easy; ValueError naming the four otherwise."""
    try:
        return RATINGS.index(rating.strip().lower()) + 1
    except ValueError:
        raise ValueError(f"unknown rating {rating!r} (use one of {', '.join(RATINGS)})") from None


def card_id(highlight_id: str) -> int:
    """A stable number for a highlight's card: FSRS's logs and optimizer key cards by int."""
    return zlib.crc32(highlight_id.encode("utf-8"))


@lru_cache(maxsize=8)
def _scheduler(parameters: tuple[float, ...] | None, retention: float, fuzz: bool = True):
    # deferred: fsrs (about 15 ms), only when a highlight is rated
    from fsrs import Scheduler

    steps = {"desired_retention": retention, "learning_steps": (), "relearning_steps": ()}
    steps["enable_fuzzing"] = fuzz
    return Scheduler(parameters, **steps) if parameters else Scheduler(**steps)


def schedule(
    card_json: str | None,
    highlight_id: str,
    rating: str,
    when: datetime,
    *,
    parameters: tuple[float, ...] | None = None,
    retention: float = 0.9,
    fuzz: bool = True,
) -> tuple[str, str]:
    """The card after ``rating`` at ``when``: (its JSON, its next due time as stored).
    FSRS spreads due times a little at random (``fuzz``) so that cards learned together
    do not all come back on one day; a preview goes without."""
    from fsrs import Card, Rating  # deferred with the scheduler above

    number = rating_number(rating)
    stored: Any = json.loads(card_json) if card_json else {}  # the package's Card.to_dict
    card = Card.from_dict(stored) if stored.get("due") else Card(card_id=card_id(highlight_id))
    card, _log = _scheduler(parameters, retention, fuzz).review_card(
        card, Rating(number), when.astimezone(UTC)
    )
    return json.dumps(card.to_dict()), stamp(card.due)


def stage_of(card_json: str | None) -> tuple[str, float | None]:
    """The card's stage (new, learning, review, relearning) and stability, from its JSON."""
    data = json.loads(card_json) if card_json else {}
    if not data.get("due"):
        return NEW, None
    stage = {1: LEARNING, 2: REVIEW, 3: RELEARNING}.get(int(data.get("state", 1)), LEARNING)
    return stage, data.get("stability")
