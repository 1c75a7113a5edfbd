"""A library with articles and highlights made some days ago, for the review's tests."""

from datetime import UTC, datetime, timedelta

import pytest

from reader.core.document import Block
from reader.core.models import ImportedArticle

WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
]


def add_article(library, n: int, highlights: int = 3, *, days_ago: float = 0.0) -> list[str]:
    """Article ``n`` with ``highlights`` highlights (one word each), made ``days_ago``."""
    text = " ".join(f"{w}{n}" for w in WORDS)
    result = library.articles.add(
        ImportedArticle(title=f"Article {n}", blocks=[Block("paragraph", text)], source_kind="text")
    )
    ids = []
    for k in range(highlights):
        word = f"{WORDS[k]}{n}"
        start = text.index(word)
        ids.append(library.highlights.add(result.article_id, start, start + len(word)).id)
    made = (datetime.now(UTC) - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with library.transaction():
        library.conn.execute(
            "UPDATE highlights SET created_at = ? WHERE article_id = ?", (made, result.article_id)
        )
    return ids


@pytest.fixture
def article_of(library):
    def find(highlight_id: str) -> int:
        return library.highlights.get(highlight_id).article_id

    return find
