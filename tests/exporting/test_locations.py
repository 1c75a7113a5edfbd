"""A highlight in a book or a PDF says where it is in every export: chapter and page."""

import csv
import io
import json
from dataclasses import replace

import pytest

from reader.core.document import Block
from reader.core.exporting import render, summarize_articles
from reader.core.exporting.vault import parse
from reader.core.exporting.w3c import EPUB_CFI, PDF_FRAGMENT
from reader.core.models import ORPHANED, ImportedArticle, OutlineEntry

PAGES = ["The first page of the paper.", "Results on the second page #7.", "Page three ends it."]


@pytest.fixture
def paper(library):
    """A PDF-like article: a chapter over three pages, and a highlight on page 2."""
    blocks = [Block("paragraph", text) for text in PAGES]
    starts = [sum(len(t) + 1 for t in PAGES[:i]) for i in range(len(PAGES))]
    outline = [OutlineEntry(0, "Methods #1", level=1, locator="/6/4[ch1]!")]
    outline += [
        OutlineEntry(at, str(n), kind="page", locator=str(n)) for n, at in enumerate(starts, 1)
    ]
    imported = ImportedArticle("A paper", blocks, "html", url="https://e.org/p", outline=outline)
    article_id = library.articles.add(imported).article_id
    start = starts[1] + PAGES[1].index("second")
    on_two = library.highlights.add(article_id, start, start + len("second page"), tags=["idea"])
    return article_id, on_two


def export(library, article_id, fmt):
    [summary] = summarize_articles(library, [article_id], exported_at="2024-05-01T12:00:00Z")
    return render(summary, fmt)


def test_markdown_and_html_name_the_chapter_and_the_page(library, paper):
    article_id, _ = paper
    md = export(library, article_id, "md")
    assert "— Methods \\#1 · p. 2 · yellow · #idea" in md
    html = export(library, article_id, "html")
    assert "Methods #1 · p. 2" in html


def test_the_vault_still_reads_only_the_tags_from_a_line_with_a_location(library, paper):
    article_id, _ = paper
    parts = parse(export(library, article_id, "md"))
    tags = [part.tags for part in parts.highlights.values()]
    assert ["idea"] in tags and all(t is None or "1" not in t for t in tags)


def test_readwise_location_is_the_page(library, paper):
    article_id, highlight = paper
    rows = list(csv.DictReader(io.StringIO(export(library, article_id, "csv"))))
    row = next(r for r in rows if r["Highlight"] == highlight.exact)
    assert row["Location"] == "2"


def test_json_ld_says_the_chapter_as_a_cfi_and_the_page_as_a_pdf_fragment(library, paper):
    article_id, highlight = paper
    data = json.loads(export(library, article_id, "jsonld"))
    [ann] = [
        a for a in data["first"]["items"] if a["target"]["selector"][0]["exact"] == "second page"
    ]
    fragments = {
        s["conformsTo"]: s for s in ann["target"]["selector"] if s["type"] == "FragmentSelector"
    }
    assert fragments[EPUB_CFI]["value"] == "epubcfi(/6/4[ch1]!)"
    assert fragments[PDF_FRAGMENT]["value"] == "page=2"
    for selector in fragments.values():
        assert selector["refinedBy"]["type"] == "TextQuoteSelector"
        assert selector["refinedBy"]["exact"] == highlight.exact


def test_a_web_page_export_has_no_location(library):
    imported = ImportedArticle("Page", [Block("paragraph", "Plain words here.")], "html")
    article_id = library.articles.add(imported).article_id
    library.highlights.add(article_id, 0, 5)
    data = json.loads(export(library, article_id, "jsonld"))
    selectors = data["first"]["items"][0]["target"]["selector"]
    assert {s["type"] for s in selectors} == {"TextQuoteSelector", "TextPositionSelector"}
    assert "p. " not in export(library, article_id, "md")


def test_an_orphan_has_no_location(library, paper):
    article_id, highlight = paper
    [summary] = summarize_articles(library, [article_id])
    assert summary.location_of(highlight).label == "Methods #1 · p. 2"
    assert not summary.location_of(replace(highlight, state=ORPHANED))
