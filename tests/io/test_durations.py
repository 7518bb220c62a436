"""Text forms of durations, percentages and working hours."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from headway.io.durations import (
    format_duration,
    format_percentage,
    format_time_range,
    parse_duration,
    parse_percentage,
    parse_time_range,
)
from headway.model import Duration, TimeRange, TimeUnit


@pytest.mark.parametrize(("text", "expected"), [
    ("3d", Duration(3, TimeUnit.DAY)),
    ("2.5d", Duration(2.5, TimeUnit.DAY)),
    ("-1d", Duration(-1, TimeUnit.DAY)),
    ("5ed", Duration(5, TimeUnit.ELAPSED_DAY)),
    ("4h", Duration(4, TimeUnit.HOUR)),
    ("90m", Duration(90, TimeUnit.MINUTE)),
    ("30min", Duration(30, TimeUnit.MINUTE)),
    ("2w", Duration(2, TimeUnit.WEEK)),
    ("1mo", Duration(1, TimeUnit.MONTH)),
    ("3eh", Duration(3, TimeUnit.ELAPSED_HOUR)),
    ("10em", Duration(10, TimeUnit.ELAPSED_MINUTE)),
    ("1ew", Duration(1, TimeUnit.ELAPSED_WEEK)),
    (" 3 d ", Duration(3, TimeUnit.DAY)),
    (".5h", Duration(0.5, TimeUnit.HOUR)),
    ("3", Duration(3, TimeUnit.DAY)),
    (3, Duration(3, TimeUnit.DAY)),
    (2.5, Duration(2.5, TimeUnit.DAY)),
])
def test_parse_duration(text: object, expected: Duration) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "d", "3 days", "3x", "three", "3d4h", "nand", "infd", None, True, [3]])
def test_parse_duration_rejects(text: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize(("duration", "text"), [
    (Duration(3, TimeUnit.DAY), "3d"), (Duration(2.5), "2.5d"), (Duration(-1), "-1d"),
    (Duration(5, TimeUnit.ELAPSED_DAY), "5ed"), (Duration(1, TimeUnit.MONTH), "1mo"),
])
def test_format_duration(duration: Duration, text: str) -> None:
    assert format_duration(duration) == text


@given(st.floats(min_value=-1000, max_value=1000), st.sampled_from(TimeUnit))  # longer is refused (below)
def test_duration_text_round_trip(amount: float, unit: TimeUnit) -> None:
    duration = Duration(amount, unit)
    assert parse_duration(format_duration(duration)) == duration


@pytest.mark.parametrize(("text", "expected"), [("50%", 0.5), ("100%", 1.0), ("12.5 %", 0.125),
                                                 (0.5, 0.5), (2, 2.0), ("0.75", 0.75)])
def test_parse_percentage(text: object, expected: float) -> None:
    assert parse_percentage(text) == expected


@pytest.mark.parametrize("text", ["half", "%", "50%%", None, False])
def test_parse_percentage_rejects(text: object) -> None:
    with pytest.raises(ValueError):
        parse_percentage(text)


def test_format_percentage() -> None:
    assert format_percentage(0.5) == "50%"
    assert format_percentage(1.5) == "150%"
    assert format_percentage(0.125) == "12.5%"


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_percentage_round_trip(fraction: float) -> None:
    assert parse_percentage(format_percentage(fraction)) == fraction


@pytest.mark.parametrize(("text", "expected"), [
    ("08:00-12:00", TimeRange(480, 720)), ("9:30 - 17:00", TimeRange(570, 1020)),
    ("22:00-24:00", TimeRange(1320, 1440)), ("00:00-00:01", TimeRange(0, 1)),
])
def test_parse_time_range(text: str, expected: TimeRange) -> None:
    assert parse_time_range(text) == expected


@pytest.mark.parametrize("text", ["8-12", "13:00", "17:00-08:00", "25:00-26:00", "08:60-09:00",
                                  "24:00-24:00", "10:00-10:00", "08:00-24:01"])
def test_parse_time_range_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time_range(text)


@given(st.integers(0, 1439), st.integers(1, 1440))
def test_time_range_round_trip(start: int, length: int) -> None:
    rng = TimeRange(start, min(1440, start + length))
    assert parse_time_range(format_time_range(rng)) == rng
    assert not math.isnan(rng.minutes)


@pytest.mark.parametrize("text", ["4.5e16", 36_601, "5300w", "1e9m", "-40000ed", "1300mo"])
def test_a_duration_longer_than_a_century_is_refused(text: object) -> None:
    """Such a value is a typo or garbage; the scheduler would build arrays of that length (found by
    schemathesis: a lag of 4.5e16 days through the API)."""
    with pytest.raises(ValueError, match="longer than 100 years"):
        parse_duration(text)


def test_a_century_is_still_a_duration() -> None:
    assert parse_duration("36600d") == Duration(36600, TimeUnit.DAY)
    assert parse_duration("-5200w") == Duration(-5200, TimeUnit.WEEK)
