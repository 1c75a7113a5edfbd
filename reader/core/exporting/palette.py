"""The colours highlights are shown in by the exports that carry styling (HTML, JSON-LD)."""

from __future__ import annotations

# colour name -> (background, accent); the names are models.COLOURS.
PALETTE: dict[str, tuple[str, str]] = {
    "yellow": ("#fff3a3", "#d4a900"),
    "green": ("#d3f5c8", "#3f9a4a"),
    "blue": ("#d4e7ff", "#3b78d8"),
    "pink": ("#ffd7e8", "#d6457d"),
    "purple": ("#e8ddff", "#7e57c2"),
    "orange": ("#ffe2c4", "#e07b00"),
}
