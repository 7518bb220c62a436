"""Over-allocation findings on hand-made plans."""

from __future__ import annotations

from headway.engine.cpm import schedule
from headway.engine.leveling.plan import level_plan
from headway.engine.usage import assignment_spans, overallocations
from headway.io.plan import loads

PLAN = """
project: {name: p, start: 2027-01-04}
resources: [{id: alice}, {id: bob, units: 50%}]
tasks:
  - {id: a, duration: 2d, assign: [alice]}
  - {id: b, duration: 1d, assign: [{resource: alice, units: 50%}]}
  - {id: c, duration: 1d, assign: [bob], after: [a]}
  - {id: d, duration: 1d, assign: [bob], after: [a]}
  - {id: e, duration: 1d, assign: [alice], after: [b]}
"""


def test_over_allocations_name_the_person_peak_and_tasks() -> None:
    project = loads(PLAN).project
    found = {p.entity_id: p for p in overallocations(project, schedule(project))}
    assert set(found) == {"alice", "bob"}
    # a runs Mon-Tue; b (half time) Mon, then e Tue beside a: the worst moment is Tue, 200%
    assert "200% of 100% at 2027-01-05 08:00 (a, e)" in found["alice"].message
    assert "100% of 50%" in found["bob"].message and "(c, d)" in found["bob"].message


def test_back_to_back_tasks_are_not_over_allocated() -> None:
    project = loads("""
project: {name: p, start: 2027-01-04}
resources: [{id: alice}]
tasks:
  - {id: a, duration: 2d, assign: [alice]}
  - {id: b, duration: 1d, assign: [alice], after: [a]}
""").project
    result = schedule(project)
    assert overallocations(project, result) == []
    assert [s[3] for s in assignment_spans(project, result)["alice"]] == ["a", "b"]


def test_leveling_leaves_no_over_allocation() -> None:
    project = loads(PLAN).project
    assert overallocations(project, level_plan(project).schedule) == []
