"""Independent oracles for engine tests: the default calendar counted day by day."""

from __future__ import annotations

import datetime as dt

START = dt.date(2027, 1, 4)  # a Monday
DAY = 480


def working_minutes(t: dt.datetime) -> int:
    """Working minutes from START 08:00 to ``t`` on the default calendar (day-by-day oracle)."""
    total = 0
    day = START
    step = 1 if t.date() >= START else -1
    while day != t.date():
        if step < 0:
            day -= dt.timedelta(days=1)
            total -= DAY if day.weekday() < 5 else 0
        else:
            total += DAY if day.weekday() < 5 else 0
            day += dt.timedelta(days=1)
    if t.weekday() < 5:
        m = t.hour * 60 + t.minute
        total += max(0, min(m, 720) - 480) + max(0, min(m, 1020) - 780)
    return total
