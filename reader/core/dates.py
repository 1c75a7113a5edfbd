"""Dates as people read them: the system locale's short date with the whole year.

The window formats dates with Qt's locale (``ui/dates.py``); what the core writes for
people to read (the HTML export) comes from here, with babel. Both take the locale's
short date pattern from the same CLDR data and give it a four-digit year, so a date reads
the same in the window and in an export: ``3/14/2024`` (en_US), ``14/03/2024`` (en_GB),
``14.03.2024`` (de), ``2024/03/14`` (ja). Without a locale (C or POSIX) dates are ISO
8601: ``2024-03-14``, as the command line prints them.

    >>> locale_date("2024-03-14T10:00:00Z", "de_DE")
    '14.03.2024'
"""

from __future__ import annotations

import os
import re
from datetime import date

ISO = "iso"


def time_locale() -> str:
    """The locale dates are written in, from the environment as POSIX reads it (LC_ALL,
    then LC_TIME, then LANG): ``de_DE``, or ``ISO`` for C, POSIX or none."""
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(name)
        if value:
            code = value.split(".")[0].split("@")[0]
            return ISO if code in ("C", "POSIX", "") else code
    return ISO


def parse_day(stamp: str | None) -> date | None:
    """The day of a stored date or time stamp (``2024-03-14``, ``2024-03-14T10:00:00Z``)."""
    if not stamp:
        return None
    try:
        return date.fromisoformat(stamp.strip()[:10])
    except ValueError:
        return None


def locale_date(stamp: str | None, locale: str | None = None) -> str:
    """``stamp``'s day in ``locale`` (default: the environment's); "" without a date, the
    stamp itself when it is not one."""
    day = parse_day(stamp)
    if day is None:
        return (stamp or "").strip()
    locale = locale or time_locale()
    if locale == ISO:
        return day.isoformat()
    import babel  # deferred: babel (CLDR's locale data), for exports only
    from babel.dates import format_date

    try:
        pattern = babel.Locale.parse(locale).date_formats["short"].pattern
    except (ValueError, LookupError, babel.UnknownLocaleError):
        return day.isoformat()
    return format_date(day, full_year(pattern, "y"), locale=locale)


def full_year(pattern: str, year: str) -> str:
    """A date pattern with its year written in full: ``yy`` becomes ``year`` (``y`` in
    CLDR's patterns, ``yyyy`` in Qt's); quoted text is left alone."""
    parts = re.split(r"('[^']*')", pattern)
    return "".join(
        part if part.startswith("'") else re.sub(r"(?<!y)yy(?!y)", year, part) for part in parts
    )
