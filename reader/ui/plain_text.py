"""Text from articles shown where Qt would guess it is HTML.

Qt renders a tooltip (and a label or message box left on ``AutoText``) as HTML
when it looks like HTML, and that HTML may load images: a title such as
``<img src="file:///home/me/photo.png">`` would make it read a local file.
Everything an article or a user wrote goes through ``tooltip`` (escaped, shown
literally) or into widgets set to ``Qt.TextFormat.PlainText``.
"""

from __future__ import annotations


def tooltip(text: str | None) -> str | None:
    """``text`` as a tooltip that Qt shows literally, never as HTML of its own."""
    if not text:
        return None
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>"


def escape(text: str, *, quote: bool = False) -> str:
    """``html.escape(text, quote)``, without importing ``html`` at startup."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("'", "&#x27;")
    return text
