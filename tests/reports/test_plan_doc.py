"""The plan document's content: RACI against an independent computation, objective states, empty plans."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from headway.engine.cpm import schedule
from headway.engine.objectives import criterion_state
from headway.io.plan import load, loads
from headway.model import Assignment, Duration, Project, Resource, Task
from headway.model.objectives import Stakeholder, SuccessCriterion
from headway.reports.plan_doc import build_document
from headway.reports.plan_doc.content import NONE_RECORDED, Paragraph, Table
from headway.reports.plan_doc.raci import raci

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "product-launch.yaml"
SECTIONS = ["objectives", "scope", "wbs", "schedule", "milestones", "resources", "raci", "budget", "risks",
            "assumptions", "stakeholders"]


def expected_raci(project: Project) -> dict[tuple[str, str], set[str]]:
    """The oracle: letters per (task, person), from ancestor sets rather than subtree walks."""
    parent = {t.id: t.parent for t in project.tasks}

    def lineage(task_id: str) -> list[str]:  # the task, then its summaries up to the root
        out = [task_id]
        while parent[out[-1]] is not None:
            out.append(parent[out[-1]])  # type: ignore[arg-type]
        return out

    person = {s.id: s.resource or s.id for s in project.stakeholders}
    cells: dict[tuple[str, str], set[str]] = {}
    by_id = project.tasks_by_id()
    for task in project.tasks:
        for a in task.assignments:
            cells.setdefault((task.id, person.get(a.resource, a.resource)), set()).add("R")
        owner = next((by_id[x].owner for x in lineage(task.id) if by_id[x].owner), None)
        if owner:
            cells.setdefault((task.id, person.get(owner, owner)), set()).add("A")
        for s in project.stakeholders:
            line = set(lineage(task.id))
            if line & set(s.consulted):
                cells.setdefault((task.id, person[s.id]), set()).add("C")
            if line & set(s.informed):
                cells.setdefault((task.id, person[s.id]), set()).add("I")
    return cells


@st.composite
def raci_projects(draw: st.DrawFn) -> Project:
    """A random WBS with owners, assignments and stakeholders (some of them team members)."""
    people = [f"p{i}" for i in range(draw(st.integers(1, 4)))]
    tasks = []
    for i in range(draw(st.integers(1, 12))):
        parent = draw(st.none() | st.sampled_from([t.id for t in tasks])) if tasks else None
        assigned = draw(st.lists(st.sampled_from(people), max_size=2, unique=True))
        tasks.append(Task(f"t{i}", parent=parent, duration=Duration(1), owner=draw(st.none() | st.sampled_from(people)),
                          assignments=tuple(Assignment(p) for p in assigned)))
    ids = [t.id for t in tasks]
    stakeholders = tuple(Stakeholder(f"s{i}", f"S {i}", resource=draw(st.none() | st.sampled_from(people)),
                                     consulted=tuple(draw(st.lists(st.sampled_from(ids), max_size=3))),
                                     informed=tuple(draw(st.lists(st.sampled_from(ids), max_size=3))))
                         for i in range(draw(st.integers(0, 3))))
    # WBS order: a summary before its children (parents were drawn from earlier tasks, so it holds)
    return Project("raci", dt.date(2027, 1, 4), resources=tuple(Resource(p, name=p.upper()) for p in people),
                   tasks=tuple(tasks), stakeholders=stakeholders)


@settings(max_examples=60, deadline=None)
@given(raci_projects())
def test_raci_matches_an_independent_computation(project: Project) -> None:
    matrix = raci(project)
    expected = expected_raci(project)
    columns = {pid for pid, _ in matrix.people}
    assert {p for _, p in expected} <= columns
    for task in project.tasks:
        for pid in columns:
            assert set(matrix.cell(task.id, pid).split("/")) - {""} == expected.get((task.id, pid), set())


def test_a_stakeholder_who_is_a_team_member_shares_the_members_column() -> None:
    project = Project("p", dt.date(2027, 1, 4), resources=(Resource("ann", name="Ann"),),
                      tasks=(Task("phase", owner="lead"), Task("a", parent="phase", duration=Duration(1),
                                                               assignments=(Assignment("ann"),))),
                      stakeholders=(Stakeholder("lead", "Lead", resource="ann", informed=("phase",)),
                                    Stakeholder("cfo", "CFO", consulted=("a",))))
    matrix = raci(project)
    assert [pid for pid, _ in matrix.people] == ["ann", "cfo"]
    assert (matrix.cell("phase", "ann"), matrix.cell("a", "ann"), matrix.cell("a", "cfo")) == ("A/I", "R/A/I", "C")


PLAN = """\
project: {name: States, start: 2027-01-04, status_date: 2027-01-12}
tasks:
  - {id: build, duration: 5d}
  - {id: beta, milestone: true, after: [build], deadline: 2027-01-06}
  - {id: ga, milestone: true, after: [beta]}
progress:
  - {task: build, date: 2027-01-12, done: 100%, actual_finish: 2027-01-08}
"""


def test_criterion_states_follow_the_rule() -> None:
    project = loads(PLAN).project
    assert project is not None
    result = schedule(project)
    open_, late = SuccessCriterion("users", "100", "ga"), SuccessCriterion("beta users", "10", "beta")
    assert criterion_state(open_, result) == "open"
    assert criterion_state(dataclasses.replace(open_, met=True), result) == "met"
    assert criterion_state(dataclasses.replace(open_, met=False), result) == "missed"
    assert criterion_state(SuccessCriterion("x", "y", "build"), result) == "due"  # finished: judge it now
    assert result.task("beta").finish > result.task("beta").deadline  # type: ignore[operator]
    assert criterion_state(late, result) == "at risk"


def test_sections_in_order_with_the_plans_objectives() -> None:
    project = load(EXAMPLE).project
    assert project is not None and project.objectives and project.stakeholders
    doc = build_document(project, schedule(project))
    assert [s.id for s in doc.sections] == SECTIONS
    assert doc.date == project.status_date
    objectives = doc.section("objectives")
    assert all(not (isinstance(b, Paragraph) and b.text == NONE_RECORDED) for b in objectives.blocks)
    register = next(b for b in doc.section("stakeholders").blocks if isinstance(b, Table))
    assert [row[0] for row in register.rows] == [s.id for s in project.stakeholders]


def test_a_plan_without_objectives_or_stakeholders_says_none_recorded() -> None:
    project = load(EXAMPLE).project
    assert project is not None
    bare = dataclasses.replace(project, objectives=(), stakeholders=(), scope=(), out_of_scope=(), assumptions=(),
                               risks=())
    doc = build_document(bare, schedule(bare))
    for section_id in ("objectives", "assumptions", "stakeholders", "risks"):
        assert doc.section(section_id).blocks == (Paragraph(NONE_RECORDED),), section_id
    assert doc.section("scope").blocks.count(Paragraph(NONE_RECORDED)) == 2


def test_budget_rows_add_up_from_the_plans_costs() -> None:
    plan = """\
project: {name: Money, start: 2027-01-04, budget: 5000}
resources: [{id: ann, rate: 100}]
tasks:
  - id: phase
    budget: 2000
    tasks:
      - {id: a, duration: 2d, assign: [ann]}
      - {id: b, duration: 1d, cost: 300}
  - {id: c, duration: 1d, assign: [ann]}
"""
    project = loads(plan).project
    assert project is not None
    table = next(b for b in build_document(project, schedule(project)).section("budget").blocks
                 if isinstance(b, Table))
    rows = {row[1]: row for row in table.rows}
    # 8 h/day × 100/h: a = 1,600, b = 300 fixed, c = 800
    assert rows["Project"][3:] == ("2,700.00 USD", "5,000.00 USD", "2,300.00 USD")
    assert rows["phase"][3:] == ("1,900.00 USD", "2,000.00 USD", "100.00 USD")
