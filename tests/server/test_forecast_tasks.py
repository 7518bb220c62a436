"""``GET /forecast?tasks=true``: every task's P50/P80 finish, the same as ``headway forecast --json --tasks``;
and the forecast from progress scales an elapsed task's remaining time as it does its duration."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from fastapi.testclient import TestClient

from headway.cli.main import cli
from headway.engine.cpm import schedule
from headway.engine.forecast import forecast
from headway.io.plan import load
from tests.server.conftest import LAUNCH, add_user, post_plan

ROOT = Path(__file__).resolve().parents[2]
RELEASE = ROOT / "headway" / "demo" / "release.yaml"


def cli_forecast(plan: Path, *more: str) -> Any:
    result = CliRunner().invoke(cli, ["forecast", str(plan), "--json", "--no-progress", *more], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_task_percentiles_are_the_clis_and_ordered(client: TestClient) -> None:
    headers = add_user(client, "ann")
    project_id = post_plan(client, headers, LAUNCH.read_text()).json()["id"]
    response = client.get(f"/api/v1/projects/{project_id}/forecast?iterations=300&seed=7&tasks=true", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == cli_forecast(LAUNCH, "--iterations", "300", "--seed", "7", "--tasks")
    rows = {row["id"]: row for row in body["tasks"]}
    plan = load(LAUNCH).project
    assert set(rows) == {t.id for t in plan.tasks}  # every leaf and every summary
    for row in rows.values():
        assert dt.datetime.fromisoformat(row["p80"]) >= dt.datetime.fromisoformat(row["p50"]), row
    for milestone in body["milestones"]:
        assert rows[milestone["task"]]["p50"] == milestone["p50"]
        assert rows[milestone["task"]]["p80"] == milestone["p80"]
    for deadline in body["deadlines"]:
        assert rows[deadline["task"]]["p80"] == deadline["p80"]
    for sid in {t.parent for t in plan.tasks if t.parent is not None}:
        assert rows[sid].get("summary") is True and "criticality" not in rows[sid]


def test_without_tasks_the_forecast_is_unchanged(client: TestClient) -> None:
    headers = add_user(client, "ann")
    project_id = post_plan(client, headers, LAUNCH.read_text()).json()["id"]
    base = f"/api/v1/projects/{project_id}/forecast?iterations=200&seed=3"
    plain, full = (client.get(base + q, headers=headers).json() for q in ("", "&tasks=true"))
    assert all("p80" not in row for row in plain["tasks"])
    assert [r for r in full["tasks"] if not r.get("summary")] == [
        r | {"p50": f["p50"], "p80": f["p80"]} for r, f in zip(plain["tasks"], full["tasks"], strict=False)]
    assert {k: v for k, v in full.items() if k != "tasks"} == {k: v for k, v in plain.items() if k != "tasks"}


def test_a_summary_finishes_with_its_last_leaf() -> None:
    project = load(LAUNCH).project
    result = forecast(project, iterations=300, seed=1, task_percentiles=True)
    leaves_of: dict[str, list[str]] = {}
    for task in project.tasks:
        if task.parent is not None:
            leaves_of.setdefault(task.parent, []).append(task.id)
    for summary, children in leaves_of.items():
        p80 = result.task_finish[summary][1]
        assert p80 >= max(result.task_finish[c][1] for c in children)  # never before a child's P80


def test_an_elapsed_task_under_way_is_forecast_in_working_time() -> None:
    """The release demo's feedback window (10 elapsed days, 40 % done at the status date) must not push
    the forecast months past the schedule: its remaining time is clock minutes, not working minutes."""
    project = load(RELEASE).project
    planned = schedule(project)
    result = forecast(project, iterations=300, seed=0)
    slack = dt.timedelta(days=7)
    assert result.percentile_finish[50] <= planned.finish + slack, (result.percentile_finish[50],
                                                                            planned.finish)
    (odds,) = result.deadlines
    assert odds.probability > 0.5  # finishing in May, the June deadline is very likely met
