"""An action's declaration (``ActionSpec``), the menus, the scopes, the colour labels and
the keys of the review and all-highlights pages."""

from __future__ import annotations

from typing import NamedTuple

WINDOW, READER, LIBRARY, REVIEW, HIGHLIGHTS = "window", "reader", "library", "review", "highlights"

MENUS: tuple[tuple[str, str], ...] = (
    ("file", "&File"),
    ("edit", "&Edit"),
    ("article", "&Article"),
    ("highlights", "Hi&ghlights"),
    ("view", "&View"),
    ("help", "&Help"),
)


# The highlight colours, in the order of models.COLOURS (keys 1 to 6), with their mnemonics.
COLOUR_LABELS = {
    "yellow": "&Yellow",
    "green": "&Green",
    "blue": "&Blue",
    "pink": "&Pink",
    "purple": "P&urple",
    "orange": "&Orange",
}


class ActionSpec(NamedTuple):  # not a dataclass: 7x cheaper to make at startup
    id: str
    label: str
    tooltip: str
    menu: str
    shortcuts: tuple[str, ...] = ()
    scope: str = WINDOW
    checkable: bool = False
    group: str | None = None  # actions in one group are exclusive (themes, typefaces, colours)
    submenu: str | None = None
    separator: bool = False  # a separator line before this action
    icon: str | None = None  # name of an SVG in resources/


PAGE_KEYS = (  # the daily review's card and the list of all highlights: id, label, key, tooltip
    ("review_again", "&Again", "1", "Forgotten: bring it back tomorrow"),
    ("review_hard", "&Hard", "2", "Barely remembered: bring it back soon"),
    ("review_good", "&Good", "3", "Remembered: bring it back later"),
    ("review_easy", "&Easy", "4", "Known well: bring it back much later"),
    ("review_reveal", "&Show Hidden Words", "Space", "Show the words a question card hides"),
    ("review_note", "Edit &Note…", "N", "Write or change the note (and tags) of the highlight"),
    ("review_open", "&Open in Article", "O", "Read the highlight under review in its article"),
    ("review_favourite", "&Favourite", "F", "A favourite highlight: it comes back more often"),
    ("review_question", "Make &Question Card", "Q", "Hide words of the passage, to recall"),
    ("review_discard", "&Discard from Review", "D", "Never show it again (can be undone)"),
    ("review_back", "&Back to Reading", "Escape", "Leave the daily review for the reading panes"),
    ("highlights_back", "Back to &Reading", "Escape", "Leave all highlights for the reading panes"),
)
