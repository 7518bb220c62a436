"""The ``resources`` part of the schedule JSON: each person's totals and daily usage."""

from __future__ import annotations

import json

from headway.engine.cpm import schedule
from headway.engine.leveling.plan import level_plan
from headway.engine.usage import resource_usage
from headway.io import schedule_json
from headway.io.plan import loads

PLAN = """
project: {name: p, start: 2027-01-04}
resources: [{id: alice, name: Alice}, {id: bob, units: 50%}]
tasks:
  - {id: a, duration: 2d, assign: [alice]}
  - {id: b, duration: 1d, assign: [alice]}
  - {id: c, duration: 4ed, assign: [bob], after: [a]}
"""
PERSON = {"id", "name", "units", "work_minutes", "peak_load", "peak_at", "over_allocated", "usage"}
PERIOD = {"period", "work_minutes", "available_minutes", "load"}


def test_resources_list_shape_and_values() -> None:
    project = loads(PLAN).project
    people = {r["id"]: r for r in schedule_json.resources_list(project, schedule(project))}
    assert set(people) == {"alice", "bob"}
    alice, bob = people["alice"], people["bob"]
    assert set(alice) == PERSON and all(set(u) == PERIOD for u in alice["usage"])
    assert alice["name"] == "Alice" and bob["name"] == "bob" and bob["units"] == 0.5
    assert alice["usage"][:2] == [
        {"period": "2027-01-04", "work_minutes": 960, "available_minutes": 480, "load": 2.0},
        {"period": "2027-01-05", "work_minutes": 480, "available_minutes": 480, "load": 1.0}]
    assert alice["work_minutes"] == 1440 and alice["peak_load"] == 2.0 and alice["peak_at"] == "2027-01-04"
    assert alice["over_allocated"] is True and bob["over_allocated"] is True
    # c runs round the clock from Tue 17:00 to Sat 17:00 at 50%; work on a day off has no ratio
    assert sum(u["work_minutes"] for u in bob["usage"]) == bob["work_minutes"] == 4 * 1440 // 2
    saturday = bob["usage"][-1]
    assert saturday == {"period": "2027-01-09", "work_minutes": 17 * 30, "available_minutes": 0, "load": None}
    assert bob["peak_load"] is None and bob["peak_at"] == "2027-01-09"
    assert all(isinstance(u["work_minutes"], int) for u in bob["usage"])


def test_dumps_adds_resources_only_with_the_project() -> None:
    project = loads(PLAN).project
    result = schedule(project)
    assert "resources" not in json.loads(schedule_json.dumps(result))
    data = json.loads(schedule_json.dumps(result, project))
    assert {"project", "tasks", "links", "problems", "resources"} <= set(data)


def test_leveled_dict_measures_the_leveled_dates() -> None:
    project = loads(PLAN.replace("4ed", "1d")).project
    data = schedule_json.leveled_dict(level_plan(project), project)
    assert {"project", "tasks", "links", "problems", "leveling", "resources"} <= set(data)
    assert all("leveling_delay_minutes" in t for t in data["tasks"])
    for person in data["resources"]:
        assert person["over_allocated"] is False and person["peak_load"] <= 1
        assert all(u["load"] <= 1 for u in person["usage"])


def test_usage_dict_names_the_tasks_of_each_period() -> None:
    project = loads(PLAN).project
    data = schedule_json.usage_dict(resource_usage(project, schedule(project), by="week"), project.name)
    assert (data["project"], data["by"], data["from"], data["to"]) == ("p", "week", "2027-01-04", "2027-01-10")
    alice = data["resources"][0]
    assert alice["usage"] == [{"period": "2027-W01", "work_minutes": 1440, "available_minutes": 2400,
                               "load": 0.6, "tasks": ["a", "b"]}]
    json.dumps(data)  # plain data throughout
