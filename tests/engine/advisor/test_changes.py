"""What-if changes: each does what it says to a copy, refuses what does not fit, never touches the input."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headway.engine.advisor.changes import (
    AddPerson,
    Change,
    ChangeError,
    Cut,
    FastTrack,
    MoveDeadline,
    Reassign,
    RemoveLink,
    SetDuration,
    Split,
    apply,
    apply_all,
)
from headway.engine.cpm import schedule
from headway.io import plan
from headway.model import Duration, LinkType, Project, TimeUnit

PLAN = """\
project: {name: Changes, start: 2027-01-04}
resources:
  - {id: alice, role: developer}
  - {id: carol, role: developer}
  - {id: bob, role: tester, units: 50%}
tasks:
  - {id: kickoff, milestone: true}
  - id: build
    tasks:
      - {id: api, duration: 6d, after: [kickoff], assign: [alice]}
      - {id: ui, effort: 4d, after: [kickoff], assign: [alice]}
  - {id: tests, duration: 4d, after: [api, {task: ui, lag: 1d}], assign: [bob]}
  - {id: release, milestone: true, after: [tests], deadline: 2027-02-26}
risks:
  - {id: R1, title: Flaky, probability: 50%, impacts: [{task: tests, delay: 2d}, {task: api, delay: 1d}]}
"""


@pytest.fixture(scope="module")
def project() -> Project:
    return plan.loads(PLAN).project


def test_reassign_moves_the_assignment_and_keeps_units(project: Project) -> None:
    changed = apply(project, Reassign("ui", "alice", "carol"))
    assert [a.resource for a in changed.task("ui").assignments] == ["carol"]
    assert changed.task("api").assignments == project.task("api").assignments


def test_split_adds_a_person_and_shrinks_a_fixed_duration(project: Project) -> None:
    changed = apply(project, Split("api", "carol"))
    assert [a.resource for a in changed.task("api").assignments] == ["alice", "carol"]
    assert changed.task("api").duration == Duration(3, TimeUnit.DAY)
    effort = apply(project, Split("ui", "carol")).task("ui")
    assert effort.effort == project.task("ui").effort and len(effort.assignments) == 2


def test_fast_track_turns_fs_into_ss_with_lag(project: Project) -> None:
    changed = apply(project, FastTrack("api", "tests", Duration(2)))
    link = next(ln for ln in changed.task("tests").links if ln.predecessor == "api")
    assert (link.type, link.lag) == (LinkType.SS, Duration(2))
    default = apply(project, FastTrack("api", "tests"))
    assert next(ln for ln in default.task("tests").links if ln.predecessor == "api").lag == Duration(3)
    # a 6-day predecessor with a 2-day overlap start: tests starts on day 3 instead of day 7
    assert schedule(changed).task("tests").start < schedule(project).task("tests").start


def test_add_person_is_free_from_the_date_and_may_take_the_work(project: Project) -> None:
    changed = apply(project, AddPerson("dana", "alice", dt.date(2027, 1, 11)))
    dana = changed.resources_by_id()["dana"]
    assert dana.role == "developer" and dana.vacations[0].end == dt.date(2027, 1, 10)
    assert all("dana" in a.alternatives for t in ("api", "ui") for a in changed.task(t).assignments)


def test_move_deadline_cut_set_duration_remove_link(project: Project) -> None:
    assert apply(project, MoveDeadline("release", dt.date(2027, 3, 5))).task("release").deadline == dt.date(2027, 3, 5)
    cut = apply(project, Cut("api"))
    assert "api" not in cut.tasks_by_id()
    assert {ln.predecessor for ln in cut.task("tests").links} == {"ui", "kickoff"}  # api's own predecessor
    assert [i.task for r in cut.risks for i in r.impacts] == ["tests"]
    schedule(cut)  # still a valid plan
    set_ = apply(project, SetDuration("ui", Duration(2)))
    assert set_.task("ui").duration == Duration(2) and set_.task("ui").effort is None
    removed = apply(project, RemoveLink("ui", "tests"))
    assert [ln.predecessor for ln in removed.task("tests").links] == ["api"]


@pytest.mark.parametrize(("change", "words"), [
    (Reassign("nope", "alice", "carol"), "no task 'nope'"),
    (Reassign("api", "carol", "alice"), "'carol' is not assigned to 'api'"),
    (Reassign("api", "alice", "zed"), "no person 'zed'"),
    (Split("api", "alice"), "already works on"),
    (FastTrack("kickoff", "tests"), "has no link from 'kickoff'"),
    (FastTrack("ui", "tests"), None),
    (AddPerson("carol", "alice", dt.date(2027, 1, 4)), "already in the plan"),
    (Cut("build"), "summary task"),
    (SetDuration("api", Duration(-1)), "negative"),
    (RemoveLink("kickoff", "release"), "has no link"),
])
def test_changes_that_do_not_fit_say_why(project: Project, change: Change, words: str | None) -> None:
    if words is None:  # the ui -> tests link is FS with a lag: still fast-trackable
        apply(project, change)
        return
    with pytest.raises(ChangeError, match=words):
        apply(project, change)


def test_unknown_ids_get_a_suggestion(project: Project) -> None:
    with pytest.raises(ChangeError, match="did you mean 'tests'"):
        apply(project, Cut("test"))


TASK_IDS = ["kickoff", "build", "api", "ui", "tests", "release", "nope"]
PEOPLE = ["alice", "carol", "bob", "zed"]
days = st.integers(0, 10).map(lambda n: Duration(n))
dates = st.dates(dt.date(2027, 1, 1), dt.date(2027, 6, 30))
changes = st.one_of(
    st.builds(Reassign, st.sampled_from(TASK_IDS), st.sampled_from(PEOPLE), st.sampled_from(PEOPLE)),
    st.builds(Split, st.sampled_from(TASK_IDS), st.sampled_from(PEOPLE)),
    st.builds(FastTrack, st.sampled_from(TASK_IDS), st.sampled_from(TASK_IDS), st.none() | days),
    st.builds(AddPerson, st.sampled_from(["dana", "alice"]), st.sampled_from(PEOPLE), dates),
    st.builds(MoveDeadline, st.sampled_from(TASK_IDS), dates),
    st.builds(Cut, st.sampled_from(TASK_IDS)),
    st.builds(SetDuration, st.sampled_from(TASK_IDS), days),
    st.builds(RemoveLink, st.sampled_from(TASK_IDS), st.sampled_from(TASK_IDS)),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(changes, min_size=1, max_size=3))
def test_applying_changes_never_mutates_the_input(project: Project, picked: list[Change]) -> None:
    before = copy.deepcopy(project)
    try:
        changed = apply_all(project, picked)
    except ChangeError:
        changed = None
    assert project == before
    assert [t.links for t in project.tasks] == [t.links for t in before.tasks]
    if changed is not None and changed != project:
        assert changed is not project
