"""Imported tasks and resources keep the source tool's id through the plan file and the schedule."""

from __future__ import annotations

from headway.engine.cpm import schedule
from headway.io import plan
from headway.io.schedule_json import schedule_dict

PLAN = """\
project: {name: uid, start: 2026-01-05}
resources:
  - {id: al, source_uid: "7"}
tasks:
  - id: phase
    source_uid: "1"
    tasks:
      - {id: a, duration: 2d, source_uid: "12", assign: [al]}
      - {id: b, duration: 1d}
"""


def test_source_uid_round_trips_through_the_plan_file() -> None:
    project = plan.loads(PLAN).project
    again = plan.loads(plan.dumps(project)).project
    assert again == project
    assert again.task("a").source_uid == "12" and again.resources[0].source_uid == "7"
    assert again.task("b").source_uid is None


def test_schedule_json_carries_source_uid() -> None:
    tasks = {t["id"]: t for t in schedule_dict(schedule(plan.loads(PLAN).project))["tasks"]}
    assert (tasks["phase"]["source_uid"], tasks["a"]["source_uid"], tasks["b"]["source_uid"]) == ("1", "12", None)


def test_a_value_used_twice_is_written_out_twice_not_anchored() -> None:
    import datetime as dt

    from headway.model import Project, Task

    day = dt.date(2027, 1, 4)
    project = Project("Twice", day, tasks=(Task("a", deadline=day, milestone=True),))
    text = plan.dumps(project)
    assert "&id" not in text and "*id" not in text and plan.loads(text).project == project
