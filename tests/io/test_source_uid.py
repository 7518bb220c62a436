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
