"""A long article's outline is stored with it, replaced on re-import and gone with it."""

from reader.core.document import Block
from reader.core.models import ImportedArticle, OutlineEntry


def book(*chapters: str, url="https://example.com/book") -> ImportedArticle:
    blocks, outline, at = [], [], 0
    for n, title in enumerate(chapters, 1):
        outline.append(OutlineEntry(at, title, locator=f"/6/{2 * n}!"))
        for block in (Block("heading", title, level=1), Block("paragraph", f"Text of {title}.")):
            blocks.append(block)
            at += len(block.text) + 1
    return ImportedArticle(
        title="A book", blocks=blocks, source_kind="html", url=url, outline=outline
    )


def test_the_outline_comes_back_with_the_article(library):
    imported = book("One", "Two", "Three")
    article_id = library.articles.add(imported).article_id
    article = library.articles.get(article_id)
    assert article.outline == imported.outline
    for entry in article.outline:  # each offset points at its chapter's heading
        assert article.text[entry.offset :].startswith(entry.label)
    assert library.outlines.of(article_id) == imported.outline


def test_a_reimport_replaces_the_outline_and_an_unchanged_one_writes_nothing(library):
    article_id = library.articles.add(book("One", "Two")).article_id
    before = library.connection.writer.total_changes
    assert library.articles.add(book("One", "Two")).status == "unchanged"
    assert library.connection.writer.total_changes == before
    library.articles.add(book("One", "Two", "Three"))
    assert [e.label for e in library.outlines.of(article_id)] == ["One", "Two", "Three"]


def test_a_web_page_has_no_outline_and_a_purged_book_leaves_none(library):
    page = ImportedArticle(title="Page", blocks=[Block("paragraph", "Words.")], source_kind="html")
    assert library.articles.get(library.articles.add(page).article_id).outline == []
    article_id = library.articles.add(book("One")).article_id
    library.trash.delete(article_id)
    library.trash.delete_for_good(article_id)
    count = library.connection.writer.execute("SELECT count(*) FROM outlines").fetchone()[0]
    assert count == 0
