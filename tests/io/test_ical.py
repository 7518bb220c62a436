"""iCalendar export: milestone and deadline feeds, one feed per person, stable UIDs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from headway.engine.cpm import schedule
from headway.io import ical
from headway.io.plan import loads

PLAN = """
project: {name: Demo Launch, start: 2027-01-04, timezone: Europe/Berlin}
resources:
  - {id: alice, name: Alice Liu}
  - {id: bob, name: Bob Ng}
tasks:
  - id: build
    tasks:
      - {id: spec, duration: 3d, assign: [alice]}
      - {id: review, name: Review the spec, duration: 2h, after: [spec], assign: [alice, bob]}
  - {id: beta, milestone: true, after: [review], deadline: 2027-01-06}
  - {id: docs, duration: 1d, after: [spec], assign: [bob], deadline: 2027-01-20T12:00}
  - {id: launch, milestone: true, after: [beta, docs]}
"""
STAMP = dt.datetime(2027, 1, 1, 9, 30, tzinfo=dt.UTC)


def feed(tmp_path: Path, person: str | None = None, text: str = PLAN) -> list[Any]:
    plan = loads(text).project
    path = tmp_path / "out.ics"
    ical.write(plan, schedule(plan), path, person, stamp=STAMP)
    cal = Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk() if c.name == "VEVENT"]


def test_milestones_and_deadlines(tmp_path: Path) -> None:
    events = {str(e["UID"]): e for e in feed(tmp_path)}
    assert sorted(events) == ["demo-launch.beta.deadline@headway", "demo-launch.beta@headway",
                              "demo-launch.docs.deadline@headway", "demo-launch.launch@headway"]
    beta = events["demo-launch.beta@headway"]
    assert str(beta["SUMMARY"]) == "beta"
    assert beta.decoded("DTSTART") == dt.date(2027, 1, 7) and beta.decoded("DTEND") == dt.date(2027, 1, 8)
    assert beta.decoded("DTSTAMP") == STAMP
    assert "Critical: 0.25 working days behind its deadline or constraint" in str(beta["DESCRIPTION"])
    assert "Deadline Wed 2027-01-06" in str(beta["DESCRIPTION"])
    late = events["demo-launch.beta.deadline@headway"]
    assert str(late["SUMMARY"]) == "Deadline: beta" and late.decoded("DTSTART") == dt.date(2027, 1, 6)
    assert "after the deadline" in str(late["DESCRIPTION"])
    in_time = events["demo-launch.docs.deadline@headway"]
    assert in_time.decoded("DTSTART") == dt.date(2027, 1, 20) and "in time" in str(in_time["DESCRIPTION"])
    launch = events["demo-launch.launch@headway"]
    assert "Total float" not in str(launch["DESCRIPTION"]) or "Critical" not in str(launch["DESCRIPTION"])


def test_uids_are_stable_across_exports(tmp_path: Path) -> None:
    first = [str(e["UID"]) for e in feed(tmp_path, "alice")]
    moved = PLAN.replace("duration: 3d", "duration: 5d")
    assert [str(e["UID"]) for e in feed(tmp_path, "alice", moved)] == first


def test_person_feed(tmp_path: Path) -> None:
    events = {str(e["UID"]): e for e in feed(tmp_path, "alice")}
    assert sorted(events) == ["demo-launch.review@headway", "demo-launch.spec@headway"]
    spec = events["demo-launch.spec@headway"]
    assert spec.decoded("DTSTART") == dt.date(2027, 1, 4)
    assert spec.decoded("DTEND") == dt.date(2027, 1, 7)  # Mon-Wed, the end is exclusive
    review = events["demo-launch.review@headway"]
    assert str(review["SUMMARY"]) == "Review the spec"
    start, end = review.decoded("DTSTART"), review.decoded("DTEND")
    assert start == dt.datetime(2027, 1, 7, 8, tzinfo=start.tzinfo) and end.hour == 10
    assert str(start.tzinfo) == "Europe/Berlin"
    assert "Resources: alice, bob" in str(review["DESCRIPTION"])
    assert "Critical: 0.25 working days behind" in str(review["DESCRIPTION"])


def test_person_by_name_and_vtimezone(tmp_path: Path) -> None:
    plan = loads(PLAN).project
    path = tmp_path / "bob.ics"
    ical.write(plan, schedule(plan), path, "bob ng")
    text = path.read_text(encoding="utf-8")
    assert "X-WR-CALNAME:Demo Launch: Bob Ng" in text and "BEGIN:VTIMEZONE" in text and "TZID:Europe/Berlin" in text
    assert "DTSTAMP:" in text


def test_floating_times_without_a_time_zone(tmp_path: Path) -> None:
    events = feed(tmp_path, "bob", PLAN.replace(", timezone: Europe/Berlin", ""))
    review = next(e for e in events if "review" in str(e["UID"]))
    assert review.decoded("DTSTART") == dt.datetime(2027, 1, 7, 8)


def test_unknown_person(tmp_path: Path) -> None:
    plan = loads(PLAN).project
    with pytest.raises(ValueError, match=r"no person 'alcie'.*did you mean 'alice'.*resources: alice, bob"):
        ical.write(plan, schedule(plan), tmp_path / "x.ics", "alcie")
    assert not (tmp_path / "x.ics").exists()
