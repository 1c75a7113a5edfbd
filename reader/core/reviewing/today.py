"""Choosing the day's review: the highest-scoring candidates, spread over articles, never
two from the same article in a row.

The score (computed in SQL, see ``storage/review.py``) favours what has gone unseen the
longest, favourites and highlights with notes. ``arrange`` then takes them best first,
each article's next highlight counting for less (half, a third...) so that one well-read
article does not fill the day, and skipping any that would follow its own article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

DEFAULT_PER_DAY = 10


@dataclass(frozen=True)
class Candidate:
    highlight_id: str
    article_id: int
    score: float


def arrange(candidates: Sequence[Candidate], count: int) -> list[Candidate]:
    """Up to ``count`` candidates in review order; fewer when only same-article ones are
    left (a library of one article reviews one highlight a day)."""
    pool = sorted(candidates, key=lambda c: (-c.score, c.highlight_id))
    chosen: list[Candidate] = []
    taken: dict[int, int] = {}
    while pool and len(chosen) < count:
        previous = chosen[-1].article_id if chosen else None
        best, best_value = -1, 0.0
        for i, c in enumerate(pool):
            if c.article_id == previous:
                continue
            value = c.score / (1 + taken.get(c.article_id, 0))
            if best < 0 or value > best_value:
                best, best_value = i, value
            if c.score <= best_value:  # sorted: nothing further can beat it
                break
        if best < 0:
            break
        pick = pool.pop(best)
        chosen.append(pick)
        taken[pick.article_id] = taken.get(pick.article_id, 0) + 1
    return chosen


def day_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The start and end of ``now``'s day in the local time zone (aware datetimes)."""
    local = now.astimezone()
    start = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)
    start = start.replace(tzinfo=None).astimezone()  # the zone's offset at midnight (DST)
    end = (start.replace(tzinfo=None) + timedelta(days=1)).astimezone()
    return start, end
