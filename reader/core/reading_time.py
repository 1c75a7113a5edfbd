"""Reading time: "6 min read" before, "42% · 4 min left" during, "Finished" after. One
speed for the byline, the reading pane and the list."""

from __future__ import annotations

WORDS_PER_MINUTE = 230  # an adult reading prose on a screen


def progress_text(progress: float, words: int) -> str:
    """``42% · 6 min left`` for ``progress`` (0 to 1) of ``words``; ``Finished`` at the end."""
    if progress >= 0.995:
        return "Finished"
    left = max(1, round(words * (1 - progress) / WORDS_PER_MINUTE))
    return f"{round(100 * progress)}% · {left} min left"
