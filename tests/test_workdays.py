"""Working days in the Netherlands: weekends and the public holidays of legal terms."""

import datetime

import pytest

from tests.helpers import assert_loads_no_django
from wagtail_meldcode.workdays import (
    add_working_days,
    easter_sunday,
    is_working_day,
    kings_day,
    public_holidays,
)

date = datetime.date


@pytest.mark.parametrize(("year", "easter"), [
    (1943, date(1943, 4, 25)),  # the latest possible
    (2019, date(2019, 4, 21)),
    (2024, date(2024, 3, 31)),
    (2025, date(2025, 4, 20)),
    (2026, date(2026, 4, 5)),
    (2027, date(2027, 3, 28)),
    (2038, date(2038, 4, 25)),
    (2285, date(2285, 3, 22)),  # the earliest possible
])
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_the_holidays_of_2026():
    assert sorted(public_holidays(2026)) == [
        date(2026, 1, 1), date(2026, 4, 6), date(2026, 4, 27), date(2026, 5, 5),
        date(2026, 5, 14), date(2026, 5, 25), date(2026, 12, 25), date(2026, 12, 26),
    ]
    assert is_working_day(date(2026, 4, 3))  # Good Friday is no holiday for legal terms


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday():
    assert kings_day(2025) == date(2025, 4, 26)
    assert kings_day(2026) == date(2026, 4, 27)


@pytest.mark.parametrize(("start", "days", "end"), [
    (date(2026, 11, 20), 3, date(2026, 11, 25)),  # Friday: over the weekend
    (date(2026, 12, 22), 5, date(2026, 12, 30)),  # over Christmas
    (date(2026, 12, 24), 1, date(2026, 12, 28)),
    (date(2026, 12, 31), 1, date(2027, 1, 4)),  # New Year's Day, then a weekend
    (date(2026, 4, 2), 2, date(2026, 4, 7)),  # Good Friday counts, Easter Monday not
    (date(2026, 5, 13), 1, date(2026, 5, 15)),  # Ascension Day
    (date(2026, 4, 24), 2, date(2026, 4, 29)),  # King's Day
    (date(2026, 11, 23), 0, date(2026, 11, 23)),
])
def test_add_working_days(start, days, end):
    assert add_working_days(start, days) == end


def test_importing_the_module_does_not_load_django():
    assert_loads_no_django("wagtail_meldcode.workdays")
