"""Books (``library.books``): an article imported from an EPUB, with its package metadata.

>>> result = library.books.add(book.article, book.info)   # one transaction
>>> library.books.info(result.article_id).isbn
"""

from __future__ import annotations

from reader.core.books import BookInfo
from reader.core.models import ImportedArticle
from reader.core.storage.articles import AddResult, Articles
from reader.core.storage.connection import Connection


class Books:
    def __init__(self, connection: Connection, articles: Articles) -> None:
        self._connection = connection
        self._articles = articles

    def add(self, imported: ImportedArticle, info: BookInfo) -> AddResult:
        """Add (or update) the book's article and its metadata in one transaction."""
        with self._connection.write() as db:
            result = self._articles.add(imported)
            db.execute(
                "INSERT INTO books (article_id, info) VALUES (?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET info = excluded.info",
                (result.article_id, info.to_json()),
            )
            return result

    def info(self, article_id: int) -> BookInfo | None:
        """The book's metadata, or None for an article that is not a book."""
        rows = self._connection.read("SELECT info FROM books WHERE article_id = ?", (article_id,))
        return BookInfo.from_json(rows[0]["info"]) if rows else None

    def titles(self, *, kindle: bool = False) -> list[tuple[int, str, str]]:
        """(article id, title, author) of every book not in the trash; ``kindle``: of every
        article made from Kindle clippings instead."""
        sql = (
            "SELECT id, title, coalesce(author, '') AS author FROM articles "
            "WHERE source_kind = 'kindle' AND deleted_at IS NULL"
            if kindle
            else "SELECT a.id, a.title, coalesce(a.author, '') AS author FROM articles a "
            "JOIN books b ON b.article_id = a.id WHERE a.deleted_at IS NULL"
        )
        return [(r["id"], r["title"], r["author"]) for r in self._connection.rows(sql)]

    def ids(self) -> list[int]:
        """Every book's article id (in the trash too)."""
        return [r["article_id"] for r in self._connection.read("SELECT article_id FROM books")]
