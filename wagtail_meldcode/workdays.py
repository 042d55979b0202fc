"""Working days in the Netherlands: no Django, only dates.

A term of "five working days" (Veilig Thuis's triage after a report) or "three working
days" (an unanswered reminder) skips weekends and the public holidays that the Algemene
termijnenwet recognises for legal terms: New Year's Day, Easter Monday, Ascension Day,
Whit Monday, King's Day, 5 May and both Christmas days. Good Friday is not one of them.
"""

import datetime
from functools import cache


def easter_sunday(year):
    """Easter Sunday of ``year`` in the Gregorian calendar (the anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_offset = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_offset) // 451
    month, day = divmod(h + weekday_offset - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def kings_day(year):
    """King's Day: 27 April, or the 26th when the 27th is a Sunday."""
    day = datetime.date(year, 4, 27)
    return day - datetime.timedelta(days=1) if day.weekday() == 6 else day


@cache
def public_holidays(year):
    """The public holidays of ``year`` that do not count as working days."""
    easter = easter_sunday(year)
    return frozenset({
        datetime.date(year, 1, 1),
        easter + datetime.timedelta(days=1),  # Easter Monday
        easter + datetime.timedelta(days=39),  # Ascension Day
        easter + datetime.timedelta(days=50),  # Whit Monday
        kings_day(year),
        datetime.date(year, 5, 5),
        datetime.date(year, 12, 25),
        datetime.date(year, 12, 26),
    })


def is_working_day(day):
    """Monday to Friday, and not a public holiday."""
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(day, days):
    """``day`` plus ``days`` working days."""
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day
