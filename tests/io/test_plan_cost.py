"""Costs and budgets in the plan file: task ``cost`` and ``budget``, project ``budget``."""

from __future__ import annotations

from headway.io.plan import loads
from headway.io.plan_schema import plan_schema
from headway.io.plan_write import dumps

PLAN = """\
project: {name: Costs, start: 2027-01-04, budget: 12000.5, currency: EUR}
tasks:
  - id: phase
    budget: 9000
    tasks:
      - {id: a, duration: 2d, cost: 1500}
      - {id: b, duration: 1d, cost: 0, budget: 400}
"""


def test_read_and_write_back() -> None:
    project = loads(PLAN).project
    assert (project.budget, project.currency) == (12000.5, "EUR")
    assert [(t.id, t.cost, t.budget) for t in project.tasks] == [
        ("phase", None, 9000), ("a", 1500, None), ("b", 0, 400)]
    text = dumps(project)
    assert "budget: 12000.5" in text and "cost: 1500" in text and "budget: 9000" in text
    assert loads(text).project == project


def test_schema_knows_the_fields() -> None:
    schema = plan_schema()
    task = schema["$defs"]["task"]["properties"]
    assert task["cost"]["minimum"] == 0 and "budget" in task
    assert "budget" in schema["properties"]["project"]["properties"]
