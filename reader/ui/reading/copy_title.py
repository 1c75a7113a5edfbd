"""Copy the open article's title and address: the title and byline are painted above
the text, not part of it, so they cannot be selected; this puts them on the clipboard.

The address is the article's web address, or its ``article-reader://`` link when it
came from a file. The clipboard gets plain text (title, then address, on two lines)
and HTML (the title as a link), so rich editors paste a link.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from reader.core.links import article_link
from reader.core.models import Article
from reader.ui.plain_text import escape

SHORTCUT = "Ctrl+Shift+C"


def title_and_address(article: Article) -> tuple[str, str]:
    """The article's title and the address it is found at."""
    url = (article.url or "").strip()
    address = url if url.startswith(("http://", "https://")) else article_link(article.id)
    return article.title.strip(), address


def copy_title(article: Article) -> QMimeData:
    """Put the title and address on the clipboard; the data put there."""
    title, address = title_and_address(article)
    data = QMimeData()
    data.setText(f"{title}\n{address}")
    href = escape(address, quote=True)
    data.setHtml(f'<a href="{href}">{escape(title)}</a>')
    QGuiApplication.clipboard().setMimeData(data)
    return data
