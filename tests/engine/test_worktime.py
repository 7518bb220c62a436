"""Working-time arithmetic against a minute-by-minute bitmap oracle."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from headway.engine.worktime import CalendarAxis, Intervals

HORIZON = 3000


@st.composite
def calendars(draw: st.DrawFn) -> list[Intervals]:
    out = []
    for _ in range(draw(st.integers(1, 3))):
        cuts = sorted(set(draw(st.lists(st.integers(0, HORIZON), min_size=2, max_size=30))))
        pairs = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b]
        out.append(Intervals(np.array([a for a, _ in pairs], np.int64), np.array([b for _, b in pairs], np.int64)))
    return out


def bitmap(cal: Intervals) -> np.ndarray:
    bits = np.zeros(HORIZON, bool)
    for a, b in zip(cal.starts, cal.ends, strict=True):
        bits[a:b] = True
    return bits


@settings(max_examples=150, deadline=None)
@given(calendars(), st.data())
def test_conversions_match_bitmap(cals: list[Intervals], data: st.DataObject) -> None:
    axis = CalendarAxis(cals, HORIZON)
    k = data.draw(st.integers(0, len(cals) - 1))
    bits = bitmap(cals[k])
    done = np.concatenate(([0], np.cumsum(bits)))  # done[t] = working minutes before instant t
    t = np.array(data.draw(st.lists(st.integers(0, HORIZON), min_size=1, max_size=20)), np.int64)
    c = np.full(len(t), k)
    assert (axis.to_work(c, t) == done[t]).all()
    padded = np.append(bits, False)
    assert (axis.is_working(c, t) == padded[t]).all()
    total = int(bits.sum())
    if total == 0:
        return
    w = np.array(data.draw(st.lists(st.integers(0, total - 1), min_size=1, max_size=20)), np.int64)
    working_minutes = np.flatnonzero(bits)
    assert (axis.start_of(c[: len(w)] if len(w) <= len(c) else np.full(len(w), k), w)
            == working_minutes[w]).all()
    w1 = w + 1
    assert (axis.end_of(np.full(len(w1), k), w1) == working_minutes[w1 - 1] + 1).all()
    latest = axis.last_start_at_or_before(c, t)
    for ti, li in zip(t, latest, strict=True):
        starts_before = working_minutes[working_minutes <= ti]
        expect = len(starts_before) - 1
        assert li == expect


def test_empty_calendar_is_harmless() -> None:
    axis = CalendarAxis([Intervals(np.zeros(0, np.int64), np.zeros(0, np.int64))], 100)
    assert axis.to_work(np.array([0]), np.array([50]))[0] == 0
    assert axis.beyond(np.array([0]), np.array([1]))
