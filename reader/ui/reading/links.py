"""What a click on a link in an article does, and what its tooltip may show.

Web (http, https) and mail (mailto) links open in the system's browser or mail
program, and only after a click. Every other kind (``javascript:``, ``file:``,
``data:``, custom schemes, ``article-reader:`` too) opens nothing: the click
only says why, in the status bar. Link tooltips go through ``plain_text``.
``SafeBrowser`` is the text browser that holds to it: it fetches nothing and follows
no link itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import Signal
from PySide6.QtGui import QDesktopServices, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from reader.ui.reading.document import P_REFUSED_LINK

if TYPE_CHECKING:  # made by PySide when a link is first clicked, not with the window
    from PySide6.QtCore import QUrl

OPEN_SCHEMES = ("http", "https", "mailto")


def scheme_of(href: str) -> str:
    """The lower-case scheme of ``href``, or "" for a relative or malformed address."""
    try:
        return urlsplit(href.strip()).scheme.lower()
    except ValueError:
        return ""


def may_open(url: QUrl) -> bool:
    """Whether a click on ``url`` may hand it to the system (browser or mail program)."""
    if not url.isValid() or url.scheme().lower() not in OPEN_SCHEMES:
        return False
    return bool(url.path()) if url.scheme().lower() == "mailto" else bool(url.host())


def refusal(href: str) -> str:
    """The status-bar message for a link that does not open."""
    scheme = scheme_of(href)
    kind = f"“{scheme}:” links" if scheme else "Links without a web address"
    return f"Not opened: {kind} do not open from articles (only web and email links do)."


def refused_href_at(doc: QTextDocument, pos16: int) -> str | None:
    """The address of a link that does not open, on the character at ``pos16``, if any."""
    block = doc.findBlock(pos16)
    if not block.isValid() or pos16 >= block.position() + block.length() - 1:
        return None
    cursor = QTextCursor(doc)
    cursor.setPosition(pos16 + 1)  # the format of the character before the cursor
    href = cursor.charFormat().property(P_REFUSED_LINK)
    return str(href) if href else None


class SafeBrowser(QTextBrowser):
    """A text browser that never fetches a resource and never follows a link inside itself:
    a clicked link that ``may_open`` goes to ``open_url`` (the system's), any other says why
    through ``linkRefused``."""

    linkRefused = Signal(str)  # why a clicked link did not open, for the status bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open_link)

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """Nothing is ever loaded: not from disk, not from the network."""
        return None

    def doSetSource(self, name: QUrl, type: QTextDocument.ResourceType | None = None) -> None:
        """Links never replace the article."""

    def _open_link(self, url: QUrl) -> None:
        if may_open(url):
            self.open_url(url)
        else:
            self.linkRefused.emit(refusal(url.toString()))
