"""The reader's standing choices for the reading pane, kept between launches.

View > Typeface sets the article text in serif or sans-serif, View > Column Width and
Line Spacing the column's measure and leading, View > Theme > Dim Pictures dims pictures
in the dark theme; Edit > Highlight
Colour (keys 1 to 6) and Underline Style (U) set what the next highlight looks
like, and restyle the selected one. Each choice is a declared setting
(``settings.py``): restored into the pane when the window opens, shown checked
in its menu, and saved when the reader changes it (from the menu, the keys or
the highlight bar).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMenu

from reader.core.models import COLOURS, STYLES
from reader.ui import theme as themes
from reader.ui.reading.bar import swatch_icon
from reader.ui.reading.document import COLUMN_WIDTHS, LINE_SPACINGS, TYPEFACES
from reader.ui.settings import DEFAULTS, Settings

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from reader.ui.reading.pane import ReadingPane


def restore_choices(pane: ReadingPane, settings: Settings) -> None:
    """Set the pane's typeface, highlight colour and style as ``settings`` keep them (before
    the first paint: the typeface changes what it shows), and save the colour and the style
    whenever they change (the keys and the highlight bar change them too)."""
    pane.set_typeface(known(settings["typeface"], TYPEFACES, "typeface"))
    pane.set_column(
        known(settings["column_width"], COLUMN_WIDTHS, "column_width"),
        known(settings["line_spacing"], LINE_SPACINGS, "line_spacing"),
    )
    pane.set_dim_pictures(settings["dim_pictures"] is True)
    pane.current_colour = known(settings["highlight_colour"], COLOURS, "highlight_colour")
    pane.current_style = known(settings["highlight_style"], STYLES, "highlight_style")
    pane.colourChanged.connect(lambda c: settings.__setitem__("highlight_colour", c))
    pane.styleChanged.connect(lambda s: settings.__setitem__("highlight_style", s))


def follow_choices(
    actions: dict[str, QAction],
    pane: ReadingPane,
    settings: Settings,
    on_column: Callable[[], object] | None = None,
) -> None:
    """Let the menus change the pane's standing choices (``restore_choices`` set them and
    saves them), and keep the menus' ticks in step with the pane. ``on_column`` is called
    after the column's width or spacing changed (the window fits its panes again)."""

    def set_typeface(name: str) -> None:
        pane.set_typeface(name)
        actions[f"typeface_{name}"].setChecked(True)
        settings["typeface"] = name

    def show_current(*_args) -> None:
        actions[f"colour_{pane.current_colour}"].setChecked(True)
        actions["underline_style"].setChecked(pane.current_style == "underline")

    def set_column(width: str | None = None, spacing: str | None = None) -> None:
        pane.set_column(width, spacing)
        settings["column_width"], settings["line_spacing"] = pane.column
        actions[f"width_{pane.column[0]}"].setChecked(True)
        actions[f"spacing_{pane.column[1]}"].setChecked(True)
        if on_column is not None:
            on_column()

    def set_dim(on: bool) -> None:
        pane.set_dim_pictures(on)
        settings["dim_pictures"] = on

    for name in TYPEFACES:
        actions[f"typeface_{name}"].triggered.connect(lambda _c=False, n=name: set_typeface(n))
    for name in COLUMN_WIDTHS:
        actions[f"width_{name}"].triggered.connect(lambda _c=False, n=name: set_column(width=n))
    for name in LINE_SPACINGS:
        actions[f"spacing_{name}"].triggered.connect(lambda _c=False, n=name: set_column(spacing=n))
    actions["dim_pictures"].setChecked(pane.pictures.dim)
    actions["dim_pictures"].toggled.connect(set_dim)
    for colour in COLOURS:
        choose = actions[f"colour_{colour}"].triggered
        choose.connect(lambda _c=False, c=colour: pane.choose_colour(c))
    # U flips the selected highlight's own style, which may leave the current one as it
    # was: the menu's tick is set again from the pane either way.
    actions["underline_style"].triggered.connect(lambda _c=False: pane.toggle_style())
    actions["underline_style"].triggered.connect(show_current)
    # Swatches as the article shows the colours (in its theme), painted when first needed:
    # when the submenu that holds them opens.
    menu = next(m for m in actions["colour_yellow"].associatedObjects() if isinstance(m, QMenu))
    menu.aboutToShow.connect(lambda: paint_swatches(actions, pane.theme_name, pane.current_colour))

    actions[f"typeface_{pane.typeface}"].setChecked(True)
    actions[f"width_{pane.column[0]}"].setChecked(True)
    actions[f"spacing_{pane.column[1]}"].setChecked(True)
    show_current()
    pane.colourChanged.connect(show_current)
    pane.styleChanged.connect(show_current)


def paint_swatches(actions: dict[str, QAction], theme_name: str, current: str) -> None:
    """Give each colour action a swatch of its colour in the named theme (ringed: current)."""
    theme = themes.for_name(theme_name)
    ring, mark = QColor(theme.muted), QColor(theme.text)
    for colour in COLOURS:
        fill = theme.highlight_colour(colour)
        icon = swatch_icon(fill, ring, checked=colour == current, mark=mark)
        actions[f"colour_{colour}"].setIcon(icon)


def known(value: Any, allowed: Iterable[str], key: str) -> str:
    """A stored choice, or its default when the library holds something else."""
    return value if value in allowed else DEFAULTS[key]
