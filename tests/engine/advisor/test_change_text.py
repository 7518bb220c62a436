"""The change language: every change's text parses back to an equal value; bad text says what it accepts."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from headway.engine.advisor.changes import (
    AddPerson,
    Cut,
    FastTrack,
    MoveDeadline,
    Reassign,
    RemoveLink,
    SetDuration,
    Split,
)
from headway.io.change_text import FORMS, ChangeTextError, format_change, parse_change
from headway.model import Duration, TimeUnit

ids = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,10}", fullmatch=True).filter(lambda s: "->" not in s)
durations = st.builds(Duration, st.one_of(st.integers(0, 400).map(float), st.sampled_from([0.5, 2.25, 1.75])),
                      st.sampled_from([TimeUnit.DAY, TimeUnit.HOUR, TimeUnit.WEEK, TimeUnit.ELAPSED_DAY]))
dates = st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))
changes = st.one_of(
    st.builds(Reassign, ids, ids, ids), st.builds(Split, ids, ids),
    st.builds(FastTrack, ids, ids, st.none() | durations), st.builds(AddPerson, ids, ids, dates),
    st.builds(MoveDeadline, ids, dates), st.builds(Cut, ids), st.builds(SetDuration, ids, durations),
    st.builds(RemoveLink, ids, ids))


@given(changes)
def test_text_round_trips(change: object) -> None:
    text = format_change(change)  # type: ignore[arg-type]
    assert parse_change(text) == change
    assert parse_change(f"  {text}  ") == change


@pytest.mark.parametrize(("text", "expected"), [
    ("reassign api-tests from alice to carol", Reassign("api-tests", "alice", "carol")),
    ("fast-track design -> build lag 2d", FastTrack("design", "build", Duration(2))),
    ("fast-track design->build", FastTrack("design", "build")),
    ("Fasttrack design -> build lag 4h", FastTrack("design", "build", Duration(4, TimeUnit.HOUR))),
    ("add dana like alice from 2027-03-01", AddPerson("dana", "alice", dt.date(2027, 3, 1))),
    ("set  docs   duration 3d", SetDuration("docs", Duration(3))),
])
def test_written_forms(text: str, expected: object) -> None:
    assert parse_change(text) == expected


@pytest.mark.parametrize("text", ["reasign api from a to b", "cut", "split api", "move deadline x to soon",
                                  "set api duration forever", "fast-track a -> b lag xyz", ""])
def test_bad_text_names_itself_and_the_accepted_forms(text: str) -> None:
    with pytest.raises(ChangeTextError) as err:
        parse_change(text)
    message = str(err.value)
    assert repr(text) in message
    assert all(form in message for form in FORMS)
