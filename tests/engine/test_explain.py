"""``why``: the chain of drivers behind a task's start, on plans whose drivers are known by hand."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from headway.engine.cpm import schedule
from headway.engine.explain import WhyStep, why
from headway.engine.results import DriverKind, Schedule
from headway.io.plan import load, loads
from headway.model import Project

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
ENDINGS = ("the project starts then", "it is constrained to", "remaining work starts after the status date")


def plan(text: str) -> tuple[Project, Schedule]:
    project = loads(text).project
    return project, schedule(project)


def chain(text: str, task_id: str) -> list[WhyStep]:
    project, s = plan(text)
    return why(project, s, task_id)


def test_fs_chain_back_to_the_project_start() -> None:
    steps = chain("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: design, duration: 3d}
  - {id: build, duration: 5d, after: [design]}
  - {id: release, milestone: true, after: [build]}
""", "release")
    assert [s.task_id for s in steps] == ["release", "build", "design"]
    # design Mon 4 .. Wed 6; build Thu 7 .. Wed 13; release at build's finish
    assert steps[0].reason == ("'release' starts Wed 2027-01-13 17:00 because 'build' finishes "
                               "Wed 2027-01-13 17:00 and 'release' must start after it finishes (FS)")
    assert steps[1].reason == ("'build' starts Thu 2027-01-07 08:00 because 'design' finishes "
                               "Wed 2027-01-06 17:00 and 'build' must start after it finishes (FS)")
    assert steps[2].reason == "'design' starts Mon 2027-01-04 08:00: the project starts then"
    assert (steps[1].start, steps[1].finish) == (dt.datetime(2027, 1, 7, 8), dt.datetime(2027, 1, 13, 17))


def test_the_driving_link_is_the_latest_one() -> None:
    steps = chain("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: short, duration: 1d}
  - {id: long, duration: 4d}
  - {id: join, duration: 1d, after: [short, long]}
""", "join")
    assert [s.task_id for s in steps] == ["join", "long"]
    assert "because 'long' finishes Thu 2027-01-07 17:00" in steps[0].reason


def test_ss_with_lag() -> None:
    steps = chain("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: design, duration: 3d}
  - {id: docs, duration: 2d, after: [{task: design, type: SS, lag: 1d}]}
""", "docs")
    # design starts Mon 08:00; one working day later is Tue 08:00
    assert steps[0].reason == ("'docs' starts Tue 2027-01-05 08:00 because 'design' starts Mon 2027-01-04 08:00 "
                               "and 'docs' must start after it starts (SS with a lag of 1d)")
    assert [s.task_id for s in steps] == ["docs", "design"]


def test_ff_explains_the_finish() -> None:
    steps = chain("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 2d}
  - {id: b, duration: 3d, after: [{task: a, type: FF, lag: 2d}]}
""", "b")
    # a finishes Tue 5 17:00; + 2d is Thu 7 17:00; three days back from there b starts Tue 5
    assert steps[0].reason == ("'b' finishes Thu 2027-01-07 17:00 because 'a' finishes Tue 2027-01-05 17:00 "
                               "and 'b' must finish after it finishes (FF with a lag of 2d)")
    assert steps[0].start == dt.datetime(2027, 1, 5, 8)


def test_sf_explains_the_finish() -> None:
    steps = chain("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 1d, constraint: {type: SNET, date: 2027-01-11}}
  - {id: b, duration: 2d, after: [{task: a, type: SF}]}
""", "b")
    # a starts Mon 11 08:00, so b finishes then at the earliest (as MS Project shows it): it works
    # Thu 7 and Fri 8, and its finish is the instant a starts, not Fri 8 17:00 before it
    assert steps[0].reason == ("'b' finishes Mon 2027-01-11 08:00 because 'a' starts Mon 2027-01-11 08:00 "
                               "and 'b' must finish after it starts (SF)")
    assert steps[-1].reason == "'a' starts Mon 2027-01-11 08:00: it is constrained to start-no-earlier-than 2027-01-11"


def test_a_lead() -> None:
    steps = chain("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 2d}
  - {id: b, duration: 1d, after: [{task: a, lag: -1d}]}
""", "b")
    # a finishes Tue 5 17:00; one working day earlier is Mon 4 17:00, so b starts Tue 5 08:00
    assert steps[0].reason == ("'b' starts Tue 2027-01-05 08:00 because 'a' finishes Tue 2027-01-05 17:00 "
                               "and 'b' must start after it finishes (FS with a lead of 1d)")


def test_summary_tasks_in_the_chain() -> None:
    text = """
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 2d}
  - id: phase
    after: [a]
    tasks:
      - {id: p1, duration: 1d}
      - {id: p2, duration: 1d, after: [p1]}
  - {id: z, duration: 1d, after: [phase]}
"""
    summary = chain(text, "phase")
    assert [s.task_id for s in summary] == ["phase", "p1", "a"]
    assert summary[0].reason == "summary 'phase' starts Wed 2027-01-06 08:00 with its earliest subtask 'p1'"
    # a link into the summary drives its first subtask
    assert summary[1].reason == ("'p1' starts Wed 2027-01-06 08:00 because 'a' finishes Tue 2027-01-05 17:00 "
                                 "and 'p1' must start after it finishes (FS)")
    out_of = chain(text, "z")
    assert [s.task_id for s in out_of] == ["z", "p2", "p1", "a"]
    assert out_of[0].reason.endswith("(FS) (through summary 'phase')")
    assert "because 'p2' finishes Thu 2027-01-07 17:00" in out_of[0].reason


def test_a_constraint_ends_the_chain() -> None:
    steps = chain("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 1d}
  - {id: b, duration: 1d, after: [a], constraint: {type: start-no-earlier-than, date: 2027-01-06}}
  - {id: c, duration: 1d, after: [b]}
""", "c")
    assert [s.task_id for s in steps] == ["c", "b"]
    assert steps[-1].reason == "'b' starts Wed 2027-01-06 08:00: it is constrained to start-no-earlier-than 2027-01-06"


def test_must_start_on_ends_the_chain() -> None:
    steps = chain("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 3d}
  - {id: b, duration: 1d, after: [a], constraint: {type: must-start-on, date: 2027-01-05}}
""", "b")
    assert [s.task_id for s in steps] == ["b"]
    assert steps[0].reason == "'b' starts Tue 2027-01-05 08:00: it is constrained to must-start-on 2027-01-05"


def test_a_calendar_gap_is_named() -> None:
    steps = chain("""
project: {name: p, start: 2027-01-04}
calendars:
  - id: weekend_shift
    week: {weekdays: [], weekend: ["08:00-16:00"]}
tasks:
  - {id: a, duration: 1d}
  - {id: b, duration: 1d, calendar: weekend_shift, after: [a]}
""", "b")
    # b is ready when a finishes, Mon 4 17:00, but its calendar has no work until Sat 9 08:00
    assert steps[0].reason == (
        "'b' starts Sat 2027-01-09 08:00 because 'a' finishes Mon 2027-01-04 17:00 and 'b' must start "
        "after it finishes (FS); it was ready Mon 2027-01-04 17:00 but waited: its calendar (weekend_shift) "
        "has no working time")


def test_a_vacation_gap_names_the_person() -> None:
    steps = chain("""
project: {name: p, start: 2027-01-04}
resources:
  - {id: alice, vacations: [{from: 2027-01-04, to: 2027-01-06}]}
tasks:
  - {id: a, effort: 1d, assign: [alice]}
""", "a")
    # ready at the project start, but alice is away Mon 4 .. Wed 6: starts Thu 7
    assert steps[0].reason.startswith("'a' starts Thu 2027-01-07 08:00: the project starts then; "
                                      "it was ready Mon 2027-01-04 ")
    assert steps[0].reason.endswith(" but waited: alice is on vacation 2027-01-04..2027-01-06")


def test_no_gap_words_when_the_calendar_did_not_delay() -> None:
    steps = chain("""
project: {name: p, start: 2027-01-04}
resources:
  - {id: alice, vacations: [2027-01-12]}
tasks:
  - {id: a, effort: 2d, assign: [alice]}
""", "a")
    assert steps[0].reason == "'a' starts Mon 2027-01-04 08:00: the project starts then"


def test_unknown_task_raises_key_error() -> None:
    project, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 1d}
""")
    with pytest.raises(KeyError):
        why(project, s, "nope")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_chain_ends_at_the_start_or_a_constraint(path: Path) -> None:
    project = load(path).project
    s = schedule(project)
    for task in s.tasks:
        steps = why(project, s, task.id)
        assert steps[0].task_id == task.id
        assert any(end in steps[-1].reason for end in ENDINGS), (task.id, steps[-1].reason)
        assert len({step.task_id for step in steps}) == len(steps)
        for step, nxt in itertools.pairwise(steps):
            driver = s.task(step.task_id).driver
            assert driver is not None
            assert driver.kind in (DriverKind.LINK, DriverKind.SUMMARY)
            assert nxt.task_id == driver.via
            if driver.kind is DriverKind.LINK:
                assert driver.link_type is not None
                pred = s.task(nxt.task_id)
                ref = pred.early_finish if driver.link_type.from_finish else pred.early_start
                assert ref.strftime("%a %Y-%m-%d %H:%M") in step.reason
