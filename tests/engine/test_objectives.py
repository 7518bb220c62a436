"""Objective states from deliverables' finish, deadlines, forecast P80 and criteria — each rule on a
plan built for it (dates from the computed schedule, so each case sits on the right side of its line)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from headway.engine.cpm import schedule
from headway.engine.objectives import ObjectiveState, objective_states
from headway.io import plan
from headway.model import ProgressEntry, Project
from headway.model.objectives import Objective, SuccessCriterion

PLAN = """
project: {name: Objectives, start: 2027-03-01, status_date: 2027-03-03}
tasks:
  - {id: build, duration: 5d}
  - {id: ship, milestone: true, after: [build]}
  - {id: docs, duration: 3d}
"""


def _base() -> Project:
    return plan.loads(PLAN).project


def _with(project: Project, *objectives: Objective, deadlines: dict[str, dt.date] | None = None,
          progress: tuple[ProgressEntry, ...] = ()) -> Project:
    tasks = tuple(dataclasses.replace(t, deadline=(deadlines or {}).get(t.id, t.deadline)) for t in project.tasks)
    return dataclasses.replace(project, tasks=tasks, objectives=objectives, progress=project.progress + progress)


def _state(project: Project, **kw: object) -> tuple[ObjectiveState, str]:
    (only,) = objective_states(project, schedule(project), **kw)  # type: ignore[arg-type]
    return only.state, only.reason


def test_not_started_when_no_deliverable_started_and_nothing_judged() -> None:
    project = _with(_base(), Objective("o", "Ship it", deliverables=("ship",)))
    assert _state(project)[0] is ObjectiveState.NOT_STARTED


def test_on_track_when_started_and_finishing_before_the_deadline() -> None:
    started = (ProgressEntry(dt.date(2027, 3, 2), "docs", done=0.3, actual_start=dt.date(2027, 3, 1)),)
    project = _with(_base(), Objective("o", "Docs", deliverables=("docs",)), progress=started)
    finish = schedule(project).task("docs").finish
    project = _with(project, *project.objectives, deadlines={"docs": finish.date() + dt.timedelta(days=3)})
    assert _state(project)[0] is ObjectiveState.ON_TRACK


def test_at_risk_when_scheduled_after_the_deadline() -> None:
    base = _base()
    finish = schedule(base).task("ship").finish
    late = finish.date() - dt.timedelta(days=2)
    project = _with(base, Objective("o", "Ship it", deliverables=("ship",)), deadlines={"ship": late})
    state, reason = _state(project)
    assert state is ObjectiveState.AT_RISK
    assert "ship" in reason and late.isoformat() in reason


def test_at_risk_when_only_the_p80_is_after_the_deadline() -> None:
    base = _base()
    finish = schedule(base).task("ship").finish
    deadline = finish.date() + dt.timedelta(days=1)
    project = _with(base, Objective("o", "Ship it", deliverables=("ship",)), deadlines={"ship": deadline})
    assert _state(project)[0] is ObjectiveState.NOT_STARTED  # without a forecast
    p80 = dt.datetime.combine(deadline + dt.timedelta(days=4), dt.time(17))
    state, reason = _state(project, p80_finish={"ship": p80})
    assert state is ObjectiveState.AT_RISK and "P80" in reason


def test_missed_when_a_criterion_is_recorded_as_not_met() -> None:
    criteria = (SuccessCriterion("uptime", "99.9%", met=True), SuccessCriterion("adoption", "1,000 users", met=False))
    project = _with(_base(), Objective("o", "Ship it", deliverables=("ship",), criteria=criteria))
    state, reason = _state(project)
    assert state is ObjectiveState.MISSED and "adoption" in reason


def test_missed_when_a_deliverable_finished_after_its_deadline() -> None:
    done = (ProgressEntry(dt.date(2027, 3, 3), "docs", actual_start=dt.date(2027, 3, 1),
                          actual_finish=dt.date(2027, 3, 3)),)
    project = _with(_base(), Objective("o", "Docs", deliverables=("docs",)),
                    deadlines={"docs": dt.date(2027, 3, 2)}, progress=done)
    state, reason = _state(project)
    assert state is ObjectiveState.MISSED and "2027-03-02" in reason


def test_achieved_when_delivered_and_every_criterion_met() -> None:
    done = (ProgressEntry(dt.date(2027, 3, 3), "docs", actual_start=dt.date(2027, 3, 1),
                          actual_finish=dt.date(2027, 3, 3)),)
    criteria = (SuccessCriterion("pages", "20", milestone="docs", met=True),)
    project = _with(_base(), Objective("o", "Docs", deliverables=("docs",), criteria=criteria),
                    deadlines={"docs": dt.date(2027, 3, 10)}, progress=done)
    (only,) = objective_states(project, schedule(project))
    assert only.state is ObjectiveState.ACHIEVED
    assert (only.criteria_met, only.criteria_total) == (1, 1)


@pytest.mark.parametrize("met", [None, True])
def test_delivered_but_not_all_judged_stays_on_track(met: bool | None) -> None:
    done = (ProgressEntry(dt.date(2027, 3, 3), "docs", actual_start=dt.date(2027, 3, 1),
                          actual_finish=dt.date(2027, 3, 3)),)
    criteria = (SuccessCriterion("pages", "20", met=met), SuccessCriterion("reviews", "2"))
    project = _with(_base(), Objective("o", "Docs", deliverables=("docs",), criteria=criteria), progress=done)
    assert _state(project)[0] is ObjectiveState.ON_TRACK


def test_baseline_finish_is_the_target_without_a_deadline() -> None:
    from headway.engine.baselines import capture, with_baseline

    base = _base()
    saved = capture(schedule(base), "v1", dt.datetime(2027, 2, 26))
    longer = tuple(dataclasses.replace(t, duration=dataclasses.replace(t.duration, amount=9)) if t.id == "build"
                   else t for t in base.tasks)
    project = _with(with_baseline(dataclasses.replace(base, tasks=longer), saved),
                    Objective("o", "Ship it", deliverables=("ship",)))
    state, reason = _state(project)
    assert state is ObjectiveState.AT_RISK and "baseline" in reason


def test_every_objective_of_the_yaml_examples_gets_a_state() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "examples"
    seen = 0
    for path in sorted(root.glob("*.yaml")) + sorted((root.parent / "headway" / "demo").glob("*.yaml")):
        project = plan.load(path).project
        states = objective_states(project, schedule(project))
        assert [s.id for s in states] == [o.id for o in project.objectives]
        assert all(s.reason for s in states)
        seen += len(states)
    assert seen > 0, "the examples state objectives"


def test_objectives_written_in_yaml() -> None:
    text = PLAN + """
  - {id: late, duration: 2d, deadline: 2027-03-01}
objectives:
  - id: ship
    title: Ship
    deliverables: [ship]
  - id: hurry
    title: Something late
    deliverables: [late]
  - id: judged
    title: Judged
    deliverables: [docs]
    criteria:
      - {metric: reviews, target: "2", met: false}
"""
    project = plan.loads(text).project
    states = {s.id: s.state for s in objective_states(project, schedule(project))}
    assert states == {"ship": ObjectiveState.NOT_STARTED, "hurry": ObjectiveState.AT_RISK,
                      "judged": ObjectiveState.MISSED}
