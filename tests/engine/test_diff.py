"""Plan diff on crafted pairs of plans: fields, links, date moves and the cause of each move."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headway.engine.cpm import schedule
from headway.engine.diff import PlanDiff, diff, driving_chain
from headway.engine.explain import why
from headway.io.plan import load, loads
from headway.model import Project

from .strategies import networks

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))

BASE = """\
project: {name: Diff, start: 2027-01-04}
tasks:
  - id: phase
    tasks:
      - {id: design, duration: 3d}
      - {id: build, duration: 5d, after: [design]}
  - {id: docs, duration: 2d, after: [design]}
  - {id: polish, duration: 1d}
  - {id: launch, name: Launch, milestone: true, after: [build, docs]}
"""


def plan(text: str) -> Project:
    result = loads(text)
    assert result.project is not None, result.problems
    return result.project


def compare(old: str, new: str) -> PlanDiff:
    a, b = plan(old), plan(new)
    return diff(a, schedule(a), b, schedule(b))


def test_unchanged_plans_give_an_empty_diff() -> None:
    result = compare(BASE, BASE)
    assert result.empty
    assert (result.added, result.removed, result.changed, result.causes) == ((), (), (), ())
    assert result.finish_delta_minutes == 0


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_an_example_plan_against_itself_is_empty(path: Path) -> None:
    project = load(path).project
    assert project is not None
    result = diff(project, schedule(project), project, schedule(project))
    assert result.empty and result.finish_delta_minutes == 0


def test_a_longer_duration_moves_the_milestone_and_is_named_as_the_cause() -> None:
    result = compare(BASE, BASE.replace("duration: 5d, after", "duration: 8d, after"))
    assert [c.id for c in result.changed] == ["build"]
    change = result.changed[0].field("duration")
    assert change is not None and (change.old, change.new) == ("5d", "8d")
    # 3 working days of 8 hours: the finish, and the milestone with it, moved by exactly that.
    assert result.finish_delta_minutes == 3 * 480
    launch = next(m for m in result.date_moves if m.id == "launch")
    assert launch.finish_delta_minutes == 3 * 480
    cause = next(c for c in result.causes if c.target == "launch")
    assert cause.task_id == "build"
    assert cause.text == "build: duration 5d -> 8d pushed Launch 3 working days"


def test_a_shorter_duration_off_the_critical_path_moves_nothing_else() -> None:
    result = compare(BASE, BASE.replace("{id: docs, duration: 2d", "{id: docs, duration: 1d"))
    assert [c.id for c in result.changed] == ["docs"]
    assert result.finish_delta_minutes == 0 and result.causes == ()
    assert [m.id for m in result.date_moves] == ["docs"]


def test_an_added_link_is_reported_and_can_be_the_cause() -> None:
    new = BASE.replace("{id: polish, duration: 1d}", "{id: polish, duration: 1d, after: [build]}") \
        .replace("after: [build, docs]", "after: [build, docs, polish]")
    result = compare(BASE, new)
    by_id = {c.id: c for c in result.changed}
    assert set(by_id) == {"polish", "launch"}
    assert [(lc.predecessor, lc.change, lc.new) for lc in by_id["polish"].links] == [("build", "added", "FS")]
    assert result.finish_delta_minutes == 480
    cause = next(c for c in result.causes if c.target == "launch")
    assert cause.task_id == "launch" and "link from polish added (FS)" in cause.text
    assert "polish" in result.became_critical


def test_a_changed_lag_is_a_changed_link() -> None:
    new = BASE.replace("after: [design]}\n  - {id: polish", "after: [{task: design, type: SS, lag: 2d}]}\n"
                       "  - {id: polish")
    result = compare(BASE, new)
    (docs,) = result.changed
    assert docs.id == "docs"
    assert [(lc.change, lc.old, lc.new) for lc in docs.links] == [("changed", "FS", "SS+2d")]
    assert any(m.id == "docs" and m.start_delta_minutes == -480 for m in result.date_moves)


def test_a_removed_task_is_removed_and_its_links_too() -> None:
    result = compare(BASE, BASE.replace("  - {id: polish, duration: 1d}\n", ""))
    assert result.removed == ("polish",) and result.added == ()
    assert result.changed == ()
    result = compare(BASE, BASE.replace("  - {id: docs, duration: 2d, after: [design]}\n", "")
                     .replace("after: [build, docs]", "after: [build]"))
    assert result.removed == ("docs",)
    assert [(lc.predecessor, lc.change) for lc in result.changed[0].links] == [("docs", "removed")]


def test_a_removed_driver_pulls_the_milestone_in_through_its_removed_link() -> None:
    result = compare(BASE, BASE.replace("      - {id: build, duration: 5d, after: [design]}\n", "")
                     .replace("after: [build, docs]", "after: [docs]"))
    assert result.removed == ("build",)
    assert result.finish_delta_minutes == -3 * 480
    cause = next(c for c in result.causes if c.target == "launch")
    assert cause.task_id == "launch"
    assert cause.text == "launch: link from build removed (FS) pulled Launch 3 working days"


def test_a_move_without_a_changed_driver_names_no_task() -> None:
    new = BASE.replace("project: {name: Diff, start: 2027-01-04}", "project: {name: Diff, start: 2027-01-06}")
    result = compare(BASE, new)
    assert result.changed == () and result.finish_delta_minutes == 2 * 480
    assert [c.task_id for c in result.causes] == [None]
    assert all(m.start_delta_minutes == 2 * 480 for m in result.date_moves)


def test_a_renamed_task_is_a_rename_and_moves_no_date() -> None:
    result = compare(BASE, BASE.replace("name: Launch", "name: Go live"))
    assert result.renamed == ("launch",) and result.moved == ()
    (change,) = result.changed
    name = change.field("name")
    assert name is not None and (name.old, name.new) == ("Launch", "Go live")
    assert not change.scheduling and result.date_moves == ()


def test_a_reparented_task_is_a_move() -> None:
    docs = "  - {id: docs, duration: 2d, after: [design]}\n"
    result = compare(BASE, BASE.replace(docs, "").replace("after: [design]}\n", "after: [design]}\n    " + docs, 1))
    assert result.moved == ("docs",) and result.renamed == ()
    parent = result.changed[0].field("parent")
    assert parent is not None and (parent.old, parent.new) == ("", "phase")


def test_cost_delta_follows_an_assignment() -> None:
    people = "resources:\n  - {id: ann, rate: 100}\n"
    old = BASE.replace("tasks:\n", people + "tasks:\n", 1)
    new = old.replace("{id: polish, duration: 1d}", "{id: polish, duration: 1d, assign: [ann]}")
    result = compare(old, new)
    assignments = result.changed[0].field("assignments")
    assert assignments is not None and assignments.new == "ann"
    assert result.cost_delta == pytest.approx(8 * 100)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(max_tasks=12, negative_lags=False), networks(max_tasks=12, negative_lags=False), st.data())
def test_diff_is_empty_on_itself_and_antisymmetric(a: Project, b: Project, data: st.DataObject) -> None:
    b = b.replace(tasks=tuple(t for t in b.tasks if data.draw(st.booleans()) or t.id == "t0"))
    kept = {t.id for t in b.tasks}
    b = b.replace(tasks=tuple(replace(t, links=tuple(lk for lk in t.links if lk.predecessor in kept))
                              for t in b.tasks))
    sa, sb = schedule(a), schedule(b)
    assert diff(a, sa, a, sa).empty
    forward, backward = diff(a, sa, b, sb), diff(b, sb, a, sa)
    assert forward.added == tuple(t.id for t in b.tasks if t.id not in {u.id for u in a.tasks})
    assert forward.added == backward.removed and forward.removed == backward.added
    assert forward.finish_delta_minutes == -backward.finish_delta_minutes
    assert {c.id for c in forward.changed} == {c.id for c in backward.changed}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(max_tasks=15))
def test_the_cause_walk_follows_the_chain_headway_why_explains(project: Project) -> None:
    result = schedule(project)
    for task in result.tasks:
        assert driving_chain(result, task.id) == [step.task_id for step in why(project, result, task.id)]
