"""Reporting periods: ISO weeks from Monday, calendar months, and the day-to-period map."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from headway.engine.periods import day_to_period, period_of, periods


def test_iso_weeks_across_the_new_year() -> None:
    found = periods(dt.date(2027, 1, 1), dt.date(2027, 1, 4), "week")
    assert [(p.label, p.start, p.days) for p in found] == [
        ("2026-W53", dt.date(2026, 12, 28), 7), ("2027-W01", dt.date(2027, 1, 4), 7)]


def test_months_and_days() -> None:
    assert [(p.label, p.days) for p in periods(dt.date(2028, 1, 31), dt.date(2028, 3, 1), "month")] == [
        ("2028-01", 31), ("2028-02", 29), ("2028-03", 31)]
    assert [p.label for p in periods(dt.date(2027, 1, 30), dt.date(2027, 2, 1), "day")] == [
        "2027-01-30", "2027-01-31", "2027-02-01"]


@given(st.dates(dt.date(2020, 1, 1), dt.date(2040, 1, 1)), st.integers(0, 400),
       st.sampled_from(["day", "week", "month"]))
def test_periods_tile_the_range(first: dt.date, length: int, by: str) -> None:
    last = first + dt.timedelta(days=length)
    found = periods(first, last, by)  # type: ignore[arg-type]
    assert found[0].start <= first < found[0].end and found[-1].start <= last < found[-1].end
    assert all(a.end == b.start for a, b in itertools.pairwise(found))
    assert len({p.label for p in found}) == len(found)
    index = day_to_period(found)
    for offset in (0, length // 2, length):
        day = first + dt.timedelta(days=offset)
        assert found[int(index[(day - found[0].start).days])] == period_of(day, by)  # type: ignore[arg-type]
