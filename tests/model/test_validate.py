"""Model validation: every rule reports its stable code, the offending id, and keeps going."""

from __future__ import annotations

import datetime as dt

import pytest

from headway.model import (
    Assignment,
    Calendar,
    Constraint,
    ConstraintType,
    Duration,
    Link,
    Project,
    Resource,
    Severity,
    Task,
    validate,
)
from headway.model.graph import find_cycles, leaf_links, summary_leaves

START = dt.date(2027, 1, 4)


def codes(project: Project) -> set[tuple[str, str | None]]:
    return {(p.code, p.entity_id) for p in validate(project)}


def plan(*tasks: Task, **kw: object) -> Project:
    return Project("t", START, tasks=tasks, **kw)  # type: ignore[arg-type]


def test_valid_plan_has_no_problems() -> None:
    assert validate(plan(Task("a", duration=Duration(1)), Task("b", duration=Duration(2), links=(Link("a"),)))) == []


def test_unknown_predecessor_suggests_the_close_id() -> None:
    problems = validate(plan(Task("build", duration=Duration(1)), Task("test", links=(Link("biuld"),),
                                                                          duration=Duration(1))))
    (p,) = problems
    assert (p.code, p.entity_id) == ("unknown_predecessor", "test")
    assert p.hint == "did you mean 'build'?"


def test_cycle_is_reported_as_the_list_of_ids() -> None:
    p = plan(Task("a", duration=Duration(1), links=(Link("c"),)), Task("b", duration=Duration(1), links=(Link("a"),)),
             Task("c", duration=Duration(1), links=(Link("b"),)))
    (problem,) = [x for x in validate(p) if x.code == "link_cycle"]
    ids = problem.message.split(": ")[1].split(" -> ")
    assert ids[0] == ids[-1] and set(ids) == {"a", "b", "c"} and len(ids) == 4


def test_cycle_through_a_summary_is_found() -> None:
    # x waits for phase (all of it), and phase's task y waits for x.
    p = plan(Task("phase"), Task("y", parent="phase", duration=Duration(1), links=(Link("x"),)),
             Task("x", duration=Duration(1), links=(Link("phase"),)))
    assert ("link_cycle", "phase") in codes(p) or any(c == "link_cycle" for c, _ in codes(p))
    assert find_cycles(p)


@pytest.mark.parametrize("child_links_parent", [True, False])
def test_link_between_a_task_and_its_own_summary(child_links_parent: bool) -> None:
    parent_links = () if child_links_parent else (Link("kid"),)
    kid_links = (Link("phase"),) if child_links_parent else ()
    p = plan(Task("phase", links=parent_links), Task("kid", parent="phase", duration=Duration(1), links=kid_links))
    found = codes(p)
    assert ("link_to_ancestor", "kid" if child_links_parent else "phase") in found
    assert not any(c == "link_cycle" for c, _ in found)  # one problem, not two


def test_every_problem_at_once() -> None:
    p = plan(
        Task("a", duration=Duration(-1)),
        Task("a", duration=Duration(1)),
        Task("b", effort=Duration(2)),
        Task("c", duration=Duration(1), assignments=(Assignment("nobody"),)),
        Task("d", duration=Duration(1), constraint=Constraint(ConstraintType.MSO)),
        Task("e", duration=Duration(1), constraint=Constraint(ConstraintType.FNLT, dt.date(2026, 12, 1))),
        Task("f", duration=Duration(1), calendar="nope"),
        Task("g", milestone=True, duration=Duration(2)),
        Task("h", duration=Duration(1), effort=Duration(1), assignments=(Assignment("r"),)),
        resources=(Resource("r", units=0),),
    )
    assert codes(p) >= {
        ("negative_duration", "a"), ("duplicate_task_id", "a"), ("effort_without_resources", "b"),
        ("unknown_resource", "c"), ("constraint_without_date", "d"), ("constraint_impossible", "e"),
        ("unknown_calendar", "f"), ("milestone_with_duration", "g"), ("duration_and_effort", "h"),
        ("bad_units", "r"),
    }


def test_warnings_do_not_block() -> None:
    p = plan(Task("a"), Task("b", duration=Duration(1), links=(Link("a"), Link("a"))))
    found = validate(p)
    assert {x.code for x in found} == {"no_estimate", "duplicate_link"}
    assert all(x.severity is Severity.WARNING for x in found)


def test_calendar_rules() -> None:
    p = plan(Task("a", duration=Duration(1)), calendars=(
        Calendar("loop1", base="loop2"), Calendar("loop2", base="loop1"), Calendar("idle", week=((),) * 7),
        Calendar("orphan", base="missing")))
    assert codes(p) >= {("calendar_cycle", "loop1"), ("calendar_no_work", "idle"), ("unknown_calendar", "orphan")}


def test_summary_links_expand_to_leaves() -> None:
    p = plan(Task("s"), Task("s1", parent="s", duration=Duration(1)), Task("s2", parent="s", duration=Duration(1)),
             Task("t", duration=Duration(1), links=(Link("s"),)))
    assert summary_leaves(p) == {"s": ["s1", "s2"]}
    assert {(x.predecessor, x.successor) for x in leaf_links(p)} == {("s1", "t"), ("s2", "t")}
