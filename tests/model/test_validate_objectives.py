"""Validation of objectives and stakeholders on projects built in code (as the store and the API
build them): each rule's code, the offending id and place, and every problem at once."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from headway.model import Duration, Project, Resource, SourceLocation, Task, validate
from headway.model.objectives import Objective, Stakeholder, SuccessCriterion
from headway.model.validate_objectives import objective_problems

TASKS = (Task("design", duration=Duration(2)), Task("launch", milestone=True))
RESOURCES = (Resource("ana"),)


def at(line: int) -> SourceLocation:
    return SourceLocation("plan.yaml", line, 5)


def project(objectives: tuple[Objective, ...] = (), stakeholders: tuple[Stakeholder, ...] = ()) -> Project:
    return Project("p", dt.date(2027, 1, 4), tasks=TASKS, resources=RESOURCES, objectives=objectives,
                   stakeholders=stakeholders)


def test_a_correct_register_has_no_problems() -> None:
    good = project((Objective("O-1", "Ship", deliverables=("launch",), owner="sp",
                              criteria=(SuccessCriterion("users", "500", "launch"),)),
                    Objective("O-2", "Learn", owner="ana")),
                   (Stakeholder("sp", "Dana", resource="ana", consulted=("design",), informed=("launch",)),))
    assert validate(good) == []


@pytest.mark.parametrize(("plan", "code", "entity", "line"), [
    (project((Objective("O-1", "x", deliverables=("lanch",), origin=at(3)),)), "unknown_task", "O-1", 3),
    (project((Objective("O-1", "x", origin=at(3),
                        criteria=(SuccessCriterion("m", "t", "gone", origin=at(5)),)),)), "unknown_task", "O-1", 5),
    (project((Objective("O-1", "x", owner="bob", origin=at(3)),)), "unknown_owner", "O-1", 3),
    (project((Objective("O-1", "x", origin=at(3)), Objective("O-1", "y", origin=at(4)))),
     "duplicate_objective_id", "O-1", 4),
    (project(stakeholders=(Stakeholder("s", "x", resource="lea", origin=at(7)),)), "unknown_resource", "s", 7),
    (project(stakeholders=(Stakeholder("s", "x", consulted=("desing",), origin=at(7)),)), "unknown_task", "s", 7),
    (project(stakeholders=(Stakeholder("s", "x", informed=("nope",), origin=at(7)),)), "unknown_task", "s", 7),
    (project(stakeholders=(Stakeholder("s", "x", origin=at(7)), Stakeholder("s", "y", origin=at(8)))),
     "duplicate_stakeholder_id", "s", 8),
])
def test_each_rule_reports_its_code_id_and_place(plan: Project, code: str, entity: str, line: int) -> None:
    problems = validate(plan)
    assert [(p.code, p.entity_id, p.location.line if p.location else None) for p in problems] == [(code, entity, line)]
    assert all(p.is_error for p in problems)


def test_close_ids_are_suggested() -> None:
    (problem,) = objective_problems(project((Objective("O-1", "x", deliverables=("lanch",)),)))
    assert problem.hint == "did you mean 'launch'?"


_REFS = st.sampled_from(["design", "launch", "ana", "sp", "x1", "x2"])


@given(st.lists(st.tuples(st.sampled_from(["O-1", "O-2", "O-3"]), st.lists(_REFS, max_size=3), st.none() | _REFS),
                max_size=4),
       st.lists(st.tuples(st.sampled_from(["sp", "tl"]), st.none() | _REFS, st.lists(_REFS, max_size=3)), max_size=3))
def test_every_bad_reference_is_reported_once(objectives: list[tuple[str, list[str], str | None]],
                                              stakeholders: list[tuple[str, str | None, list[str]]]) -> None:
    plan = project(tuple(Objective(oid, "t", deliverables=tuple(refs), owner=owner) for oid, refs, owner in objectives),
                   tuple(Stakeholder(sid, "n", resource=res, informed=tuple(refs)) for sid, res, refs in stakeholders))
    tasks, resources = {"design", "launch"}, {"ana"}
    people = resources | {sid for sid, _, _ in stakeholders}
    # an independent count of what must be wrong
    expected = sum(r not in tasks for _, refs, _ in objectives for r in refs)
    expected += sum(owner is not None and owner not in people for _, _, owner in objectives)
    expected += sum(r not in tasks for _, _, refs in stakeholders for r in refs)
    expected += sum(res is not None and res not in resources for _, res, _ in stakeholders)
    expected += len(objectives) - len({oid for oid, _, _ in objectives})
    expected += len(stakeholders) - len({sid for sid, _, _ in stakeholders})
    assert len(objective_problems(plan)) == expected
