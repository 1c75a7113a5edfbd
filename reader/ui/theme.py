"""Colour themes for the reading and notes panes: light, sepia and dark.

A :class:`Theme` holds every colour the panes paint with, including one
background and one underline colour per highlight colour (``models.COLOURS``).
Dark highlight backgrounds are deep and muted so light text stays readable.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from reader.core.models import COLOURS

THEMES = ("light", "sepia", "dark")


class Theme(NamedTuple):  # not a dataclass: 7x cheaper to make at startup
    """The colours of one theme, as ``#rrggbb`` strings."""

    name: str
    background: str
    text: str
    muted: str  # image alt text, bylines, hints
    link: str
    accent: str  # quote bars, the selected highlight's outline, the flash
    code_background: str
    table_header: str
    rule: str
    selection: str
    selection_text: str
    highlight: dict[str, str]  # colour -> background
    underline: dict[str, str]  # colour -> underline colour
    find: str = "#d9480f"  # the outline of find-in-article matches (the current one filled)

    @property
    def dark(self) -> bool:
        return QColor(self.background).lightness() < 128

    def qcolor(self, name: str) -> QColor:
        return QColor(getattr(self, name))

    def highlight_colour(self, colour: str) -> QColor:
        return QColor(self.highlight.get(colour, self.highlight["yellow"]))

    def underline_colour(self, colour: str) -> QColor:
        return QColor(self.underline.get(colour, self.underline["yellow"]))

    def blend(self, colours: list[str]) -> QColor:
        """The background of text under several highlights, innermost first: the
        innermost colour, a shade deeper for each highlight over it (mixing hues
        would turn every overlap a muddy grey)."""
        colour = self.highlight_colour(colours[0])
        for _ in colours[1:3]:
            colour = colour.lighter(128) if self.dark else colour.darker(112)
        return colour

    def palette(self, base: QPalette | None = None, *, rule: bool = False) -> QPalette:
        """A palette for the panes: background, text, selection and links; ``rule``: the
        reading pane's, where Qt draws a "rule" block in the inactive WindowText colour."""
        pal = QPalette(base) if base is not None else QPalette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            pal.setColor(group, QPalette.ColorRole.Base, QColor(self.background))
            pal.setColor(group, QPalette.ColorRole.Window, QColor(self.background))
            pal.setColor(group, QPalette.ColorRole.Text, QColor(self.text))
            pal.setColor(group, QPalette.ColorRole.WindowText, QColor(self.text))
            pal.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(self.muted))
            pal.setColor(group, QPalette.ColorRole.Highlight, QColor(self.selection))
            pal.setColor(group, QPalette.ColorRole.HighlightedText, QColor(self.selection_text))
            pal.setColor(group, QPalette.ColorRole.Link, QColor(self.link))
            pal.setColor(group, QPalette.ColorRole.LinkVisited, QColor(self.link))
        pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(self.muted))
        if rule:
            inactive = QPalette.ColorGroup.Inactive
            pal.setColor(inactive, QPalette.ColorRole.WindowText, QColor(self.rule))
        return pal


# Highlight backgrounds. Each is told apart from the theme's selection (CIEDE2000 over 30:
# the selection is saturated and far darker or lighter than any of them) and from the
# other five (over 12), and its text keeps a WCAG contrast over 4.5 (AA; light and sepia
# over 7): tests/ui/test_highlight_colours.py measures all three in every theme.
_LIGHT_HIGHLIGHTS = {
    "yellow": "#fbe68c",
    "green": "#c5e8b7",
    "blue": "#bfe0f5",
    "pink": "#fbc8d8",
    "purple": "#dcd0f7",
    "orange": "#fbd2a8",
}
_SEPIA_HIGHLIGHTS = {
    "yellow": "#f2d97a",
    "green": "#c9dfa6",
    "blue": "#bcd3e3",
    "pink": "#f0c0c8",
    "purple": "#d6c8e6",
    "orange": "#f0c090",
}
_DARK_HIGHLIGHTS = {
    "yellow": "#5b5020",
    "green": "#2f4f2c",
    "blue": "#1f4a5e",
    "pink": "#5c2b43",
    "purple": "#47356a",
    "orange": "#633d17",
}
_UNDERLINES = {
    "yellow": "#d4a800",
    "green": "#3f9a3a",
    "blue": "#3574c4",
    "pink": "#d0487f",
    "purple": "#8455c9",
    "orange": "#e07b1a",
}
_DARK_UNDERLINES = {
    "yellow": "#e8c840",
    "green": "#6cc466",
    "blue": "#6aa6ee",
    "pink": "#ee7aa8",
    "purple": "#b08ef0",
    "orange": "#f3a052",
}

_THEMES = {
    "light": Theme(
        name="light",
        background="#fdfdfb",
        text="#1f2328",
        muted="#6b6f76",
        link="#1d5fb4",
        accent="#8a8f98",
        code_background="#f1f1ee",
        table_header="#f1f1ee",
        rule="#d6d6d0",
        selection="#2f6fd6",  # a pale blue would look like the blue highlight
        selection_text="#ffffff",
        highlight=_LIGHT_HIGHLIGHTS,
        underline=_UNDERLINES,
    ),
    "sepia": Theme(
        name="sepia",
        background="#f6efdf",
        text="#3b2f23",
        muted="#7c6c5a",
        link="#8a4b14",
        accent="#a8916f",
        code_background="#ece2cc",
        table_header="#ece2cc",
        rule="#d9cbb0",
        selection="#8c5a2b",
        selection_text="#fffaf0",
        highlight=_SEPIA_HIGHLIGHTS,
        underline=_UNDERLINES,
        find="#b04a00",
    ),
    "dark": Theme(
        name="dark",
        background="#1c1e21",
        text="#d8d8d4",
        muted="#8d9096",
        link="#7fb2f0",
        accent="#7d828a",
        code_background="#26292d",
        table_header="#26292d",
        rule="#3a3d42",
        selection="#7aa7e8",
        selection_text="#111418",
        highlight=_DARK_HIGHLIGHTS,
        underline=_DARK_UNDERLINES,
        find="#ffa94d",
    ),
}

assert all(set(t.highlight) == set(COLOURS) for t in _THEMES.values())


def for_name(name: str) -> Theme:
    """The theme called ``name`` ("light", "sepia" or "dark")."""
    try:
        return _THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r} (use one of {', '.join(THEMES)})") from None


def system_prefers_dark() -> bool:
    """Whether the desktop asks for a dark colour scheme (Qt 6.5+), else judge its palette."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is not None:
        value = scheme()
        if value == Qt.ColorScheme.Dark:
            return True
        if value == Qt.ColorScheme.Light:
            return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
