"""Fusion with outlines that show on a dark palette: radio buttons, check boxes and the
borders of fields and frames in the dialogs.

Fusion draws those outlines in the palette's window colour made darker (``darker(140)``),
which on the dark theme's near-black window is as dark as the window itself: the radio
buttons of the export dialog showed no ring. When the palette is dark, ``ChromeStyle``
hands Fusion a window colour from which that darker shade is the theme's muted grey
(over 3:1 against the window, WCAG's contrast for the parts of a control), for those
elements only. On a light palette it changes nothing.

Installed after the first paint (``install``): the first frame touches no QStyle.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption

OUTLINED = (
    QStyle.PrimitiveElement.PE_IndicatorRadioButton,
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_FrameLineEdit,
    QStyle.PrimitiveElement.PE_PanelLineEdit,
    QStyle.PrimitiveElement.PE_Frame,
    QStyle.PrimitiveElement.PE_FrameGroupBox,
    QStyle.PrimitiveElement.PE_FrameDefaultButton,
    QStyle.PrimitiveElement.PE_PanelButtonCommand,
)
LIGHTEN = 175  # window.lighter(...).darker(140) ~ the muted grey of the dark theme


class ChromeStyle(QProxyStyle):
    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        if element in OUTLINED and _dark(option.palette):
            option = _with_visible_outline(option)
        super().drawPrimitive(element, option, painter, widget)


def _dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 100


def _with_visible_outline(option: QStyleOption) -> QStyleOption:
    copy = type(option)(option)
    palette = QPalette(option.palette)
    outline = QColor(palette.color(QPalette.ColorRole.PlaceholderText)).lighter(LIGHTEN)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Window, outline)
    copy.palette = palette
    return copy


def install(app: QApplication | None = None) -> None:
    """Make ``ChromeStyle`` (over the app's own style) the app's style, once."""
    if app is None:
        instance = QApplication.instance()
        app = instance if isinstance(instance, QApplication) else None
    if app is None or isinstance(app.style(), ChromeStyle):
        return
    app.setStyle(ChromeStyle(app.style().name()))
