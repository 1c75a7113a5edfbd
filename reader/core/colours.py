"""The highlight colours and styles, by name: what the command line offers as choices, the
window's keys 1-6 and the exports' palette follow this order. A module of its own so that
parsing a launch's arguments needs nothing else of the core."""

COLOURS = ("yellow", "green", "blue", "pink", "purple", "orange")
STYLES = ("highlight", "underline")
