"""Dates in the window: the system locale's short date with the whole year (``3/14/2024``,
``14.03.2024``), or ISO 8601 without a locale; the same as the exports write
(``core/dates.py``).

Qt's ``QLocale.toString(QDate, ...)`` takes 12-16 ms the first time it is called, which the
first paint (its list shows dates) cannot spare; ``QDate.toString(pattern)`` takes 0.07. A
short date pattern holds only numbers, so the pattern is taken from the system locale and
``QDate`` writes it; a pattern that names months or days goes through the locale.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QDate, QLocale

from reader.core.dates import full_year, parse_day


@cache
def _pattern() -> tuple[str, bool]:
    """The date pattern, and whether it names months or days (so needs the locale)."""
    locale = QLocale.system()
    if locale.name() in ("C", "POSIX"):
        return "yyyy-MM-dd", False
    pattern = full_year(locale.dateFormat(QLocale.FormatType.ShortFormat), "yyyy")
    return pattern, "MMM" in pattern or "ddd" in pattern


def display_date(stamp: str | None) -> str:
    """A stored date or time stamp's day as the window shows dates; "" without one."""
    day = parse_day(stamp)
    if day is None:
        return (stamp or "").strip()
    qdate = QDate(day.year, day.month, day.day)
    pattern, names = _pattern()
    return QLocale.system().toString(qdate, pattern) if names else qdate.toString(pattern)


def forget_locale() -> None:
    """Read the locale again (tests that change it)."""
    _pattern.cache_clear()
