"""Forecasting in the leveled sequence: each person's order of work becomes links."""

from __future__ import annotations

import math

from headway.engine.forecast import forecast
from headway.engine.forecast_leveled import _without_cycles, with_leveled_sequence
from headway.engine.leveling.plan import level_plan
from headway.io.plan import loads

N = 10_000
DAY = 480
PLAN = """\
project: {name: Busy, start: 2027-01-04}
resources:
  - {id: al}
  - {id: bo}
tasks:
  - {id: a, duration: 5d, estimate: 4d/5d/9d, assign: [al], priority: 900}
  - {id: b, duration: 5d, estimate: 4d/5d/9d, assign: [al]}
  - {id: c, duration: 3d, estimate: 2d/3d/4d, assign: [bo]}
  - {id: d, duration: 2d, after: [c], assign: [al, bo]}
"""


def test_people_work_one_task_after_the_other_in_every_iteration() -> None:
    project = loads(PLAN).project
    leveled = level_plan(project)
    linked, added = with_leveled_sequence(leveled, project)
    links = {t.id: {link.predecessor for link in t.links} for t in linked.tasks}
    assert links["b"] == {"a"} and "b" in links["d"]  # al does a, then b, then d
    assert added == 2
    free = forecast(project, iterations=N, seed=1)
    result = forecast(linked, iterations=N, seed=1)
    one = (4 + 5 + 9) / 3 * DAY
    sd = math.sqrt((16 + 25 + 81 - 20 - 36 - 45) / 18) * DAY
    # a and b in a row, then d (2d): the mean of a sum, not of a max
    assert abs(result.mean_minutes - (2 * one + 2 * DAY)) < 5 * sd * math.sqrt(2 / N)
    assert result.mean_minutes > free.mean_minutes + 3 * DAY


def test_a_plan_without_people_is_unchanged() -> None:
    project = loads("project: {name: X, start: 2027-01-04}\ntasks:\n  - {id: a, duration: 1d}\n").project
    assert with_leveled_sequence(level_plan(project), project) == (project, 0)


def test_a_link_that_would_close_a_cycle_is_left_out() -> None:
    body = """\
project: {name: Loop, start: 2027-01-04}
tasks:
  - {id: a, duration: 2d, after: [{task: b, type: SS, lag: -10d}]}
  - {id: b, duration: 2d}
  - {id: c, duration: 2d}
"""
    project = loads(body).project
    # were al to do a before b, "b after a" would close a loop with "a after b's start − 10d"
    linked, added = _without_cycles(project, {"b": ["a"], "c": ["b"]})
    assert added == 1 and {link.predecessor for link in linked.task("b").links} == set()
    assert [link.predecessor for link in linked.task("c").links] == ["b"]
