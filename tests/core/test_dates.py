"""One date formatting: the locale's short date with its whole year, ISO without a locale."""

from __future__ import annotations

import pytest

from reader.core.dates import ISO, full_year, locale_date, time_locale


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("de_DE", "14.03.2024"), ("en_US", "3/14/2024"), ("en_GB", "14/03/2024"), (ISO, "2024-03-14")],
)
def test_a_stamp_reads_as_the_locale_writes_dates(locale, expected):
    assert locale_date("2024-03-14T10:00:00Z", locale) == expected


def test_no_date_and_not_a_date():
    assert locale_date(None, "de_DE") == ""
    assert locale_date("sometime in spring", "de_DE") == "sometime in spring"
    assert locale_date("2024-03-14", "xx_NOWHERE") == "2024-03-14"  # unknown: ISO


def test_the_environment_chooses_the_locale(monkeypatch):
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert time_locale() == ISO
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert time_locale() == "de_DE"
    monkeypatch.setenv("LC_ALL", "C")
    assert time_locale() == ISO


def test_two_digit_years_are_written_in_full_and_quotes_are_left_alone():
    assert full_year("M/d/yy", "y") == "M/d/y"
    assert full_year("dd.MM.yyyy", "yyyy") == "dd.MM.yyyy"
    assert full_year("d 'yy' yy", "y") == "d 'yy' y"
