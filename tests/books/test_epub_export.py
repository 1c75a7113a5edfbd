"""A book's highlights go out through every export with their chapter, and come back."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from epub_kit import Chap, Spec, write_epub
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader.core.exporting import render, summarize_articles
from reader.core.exporting.w3c import EPUB_CFI
from reader.core.importing.annotations import import_annotations
from reader.core.importing.ingest import import_sources
from reader.core.outline import locate
from reader.core.storage.library import Library

BOOK = Spec(
    chapters=[
        Chap(f"Chapter {n}", [f"Words {k} of part {n} go on a while." for k in range(4)])
        for n in range(1, 5)
    ]
)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spots=st.lists(st.tuples(st.floats(0, 0.999), st.integers(1, 30)), min_size=1, max_size=6))
def test_highlights_round_trip_through_export_with_their_chapters(spots):
    with tempfile.TemporaryDirectory() as folder:
        path = write_epub(Path(folder) / "book.epub", BOOK)
        with Library(Path(folder) / "a.db") as lib:
            article_id = import_sources(lib, [path]).results[0].article_id
            article = lib.articles.get(article_id)
            assert [e.label for e in article.outline] == [c.title for c in BOOK.chapters]
            made = {}
            for share, length in spots:
                start = int(share * (len(article.text) - 1))
                end = min(len(article.text), start + length)
                while start < end and article.text[start].isspace():
                    start += 1  # the store trims white space: keep the quote exact
                while end > start and article.text[end - 1].isspace():
                    end -= 1
                if start == end or any(h.start == start and h.end == end for h in made.values()):
                    continue
                h = lib.highlights.add(article_id, start, end)
                made[h.id] = h
            assume(made)
            [summary] = summarize_articles(lib, [article_id])
            data = json.loads(render(summary, "jsonld"))
            md = render(summary, "md")
            rows = list(csv.DictReader(io.StringIO(render(summary, "csv"))))
            for item in data["first"]["items"]:
                selectors = item["target"]["selector"]
                exact = selectors[0]["exact"]
                h = next(h for h in made.values() if h.exact == exact)
                chapter = locate(article.outline, h.start).chapter
                assert chapter is not None
                cfi = [s for s in selectors if s.get("conformsTo") == EPUB_CFI]
                assert cfi and cfi[0]["value"] == f"epubcfi({chapter.locator})"
                assert f"— {chapter.label} · yellow" in md
            assert len(rows) == len(made)
            out = Path(folder) / "notes.jsonld"
            out.write_text(json.dumps(data), encoding="utf-8")
        with Library(Path(folder) / "b.db") as other:
            other_id = import_sources(other, [path]).results[0].article_id
            import_annotations(other, out)
            back = {(h.start, h.end, h.exact) for h in other.highlights.of(other_id)}
            assert back == {(h.start, h.end, h.exact) for h in made.values()}
