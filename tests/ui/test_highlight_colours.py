"""The six highlight colours in every theme: readable text on each (WCAG contrast), each
told apart from the selection and from the other five (CIEDE2000)."""

from __future__ import annotations

import itertools

import pytest

from reader.core.models import COLOURS
from reader.ui import theme as themes
from tests.ui.colour_metrics import contrast, delta_e, delta_e_lab

pytestmark = pytest.mark.gui

AA = 4.5  # WCAG AA for body text
FROM_SELECTION = 30.0  # CIEDE2000: unmistakably another colour
FROM_EACH_OTHER = 12.0


def test_the_measures_agree_with_their_published_values():
    # Sharma, Wu and Dalal's test data (pairs 1 and 7) and WCAG's extremes
    assert delta_e_lab((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e_lab((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", themes.THEMES)
def test_text_on_every_highlight_is_readable(name):
    theme = themes.for_name(name)
    for colour in COLOURS:
        ratio = contrast(theme.text, theme.highlight[colour])
        assert ratio >= AA, f"{name} {colour}: {ratio:.2f}"
        if name != "dark":  # pale highlights reach AAA
            assert ratio >= 7, f"{name} {colour}: {ratio:.2f}"
    assert contrast(theme.selection_text, theme.selection) >= AA


@pytest.mark.parametrize("name", themes.THEMES)
def test_no_highlight_looks_like_the_selection(name):
    theme = themes.for_name(name)
    for colour in COLOURS:
        distance = delta_e(theme.highlight[colour], theme.selection)
        assert distance >= FROM_SELECTION, f"{name} {colour}: {distance:.1f}"
        # where highlights overlap they are a shade deeper: still not the selection
        deeper = theme.blend([colour, colour, colour]).name()
        assert delta_e(deeper, theme.selection) >= FROM_SELECTION / 2, f"{name} {colour}"


@pytest.mark.parametrize("name", themes.THEMES)
def test_the_six_colours_are_told_apart(name):
    theme = themes.for_name(name)
    for a, b in itertools.combinations(COLOURS, 2):
        distance = delta_e(theme.highlight[a], theme.highlight[b])
        assert distance >= FROM_EACH_OTHER, f"{name} {a}/{b}: {distance:.1f}"


def test_the_blue_highlight_was_the_selection_before():
    # What the first user saw in the light theme, kept as the measure's own check: a
    # pale blue selection and the blue highlight 4.6 apart.
    assert delta_e("#c4dcf5", "#b3d1f7") < FROM_EACH_OTHER
