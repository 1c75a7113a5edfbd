"""Libraries for the related passages' tests: paraphrase pairs as highlights in articles."""

from pathlib import Path

import pytest

from reader.core.document import Block
from reader.core.models import ImportedArticle

PAIRS_FILE = Path(__file__).resolve().parents[2] / "bench" / "data" / "sts_pairs.tsv"


def read_pairs() -> list[tuple[str, str]]:
    """The labelled set's paraphrase pairs (its distractors left out)."""
    rows = [line.split("\t") for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines()]
    return [(row[1], row[2]) for row in rows if row[0] == "pair"]


def article_with(library, title: str, *paragraphs: str) -> int:
    blocks = [Block("paragraph", p) for p in paragraphs]
    return library.articles.add(
        ImportedArticle(title=title, blocks=blocks, source_kind="text")
    ).article_id


def highlight_paragraph(library, article_id: int, paragraph: str) -> str:
    text = library.articles.get(article_id).text
    start = text.index(paragraph)
    return library.highlights.add(article_id, start, start + len(paragraph)).id


@pytest.fixture
def paraphrase_library(library):
    """Each pair's query and paraphrase highlighted in articles of their own; returns
    (library, [(query highlight id, paraphrase article id)])."""
    cases = []
    for i, (query, paraphrase) in enumerate(read_pairs()):
        q = article_with(library, f"Query {i}", query)
        p = article_with(library, f"Paraphrase {i}", paraphrase)
        cases.append((highlight_paragraph(library, q, query), p))
        highlight_paragraph(library, p, paraphrase)
    return library, cases
