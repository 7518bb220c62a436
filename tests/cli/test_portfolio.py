"""`headway portfolio schedule`: tables, the JSON contract, and every problem with its place."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from headway.cli.main import cli

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples" / "portfolio"
FILES = [str(EXAMPLES / f"{name}.yaml") for name in ("platform", "checkout", "mobile")]
POOL = str(EXAMPLES / "pool.yaml")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_table_lists_projects_by_priority_and_the_pooled_load() -> None:
    code, out = run("portfolio", "schedule", *FILES, "--pool", POOL)
    assert code == 0, out
    assert "3 plans, leveled (heuristic" in out
    assert out.index("platform") < out.index("checkout") < out.index("mobile")
    for title in ("Projects (highest priority first)", "Pooled load", "Load per project"):
        assert title in out
    assert "checkout 13.6d, mobile 4.8d" in out  # Léa works for two projects


def test_json_keeps_the_schedule_contract_per_project(tmp_path: Path) -> None:
    code, out = run("portfolio", "schedule", *FILES, "--pool", POOL, "--json")
    assert code == 0, out
    data = json.loads(out)
    assert json.loads(json.dumps(data)) == data
    assert [p["key"] for p in data["projects"]] == ["platform", "checkout", "mobile"]
    assert [p["priority"] for p in data["projects"]] == [800, 600, 300]
    assert data["leveling"]["method"] == "heuristic"
    single = json.loads(run("schedule", str(ROOT / "examples" / "product-launch.yaml"), "--json")[1])
    for project in data["projects"]:
        schedule = project["schedule"]
        assert schedule.keys() == single.keys()
        assert schedule["project"].keys() == single["project"].keys()
        for task in schedule["tasks"]:
            assert task.keys() == single["tasks"][0].keys() | {"leveling_delay_minutes", "waited_for", "picked"}
    tasks = {p["key"]: {t["id"]: t for t in p["schedule"]["tasks"]} for p in data["projects"]}
    assert when(tasks["checkout"]["payments-api"]["start"]) >= when(tasks["platform"]["db-ready"]["finish"])
    assert when(tasks["mobile"]["store-review"]["finish"]) >= when(tasks["checkout"]["launch"]["finish"])
    assert_no_overload(data)


def assert_no_overload(data: dict[str, Any]) -> None:
    """Independent check on the JSON alone: per person, summed units of overlapping tasks ≤ units."""
    units = {r["id"]: r["units"] for r in data["resources"]}
    for rid, capacity in units.items():
        spans = [(when(t["start"]), when(t["finish"])) for p in data["projects"] for t in p["schedule"]["tasks"]
                 if rid in t["resources"] and not t["summary"] and t["finish"] > t["start"]]
        for start, _ in spans:  # the load is highest at some task's start
            running = sum(1 for s, f in spans if s <= start < f)
            assert running * capacity <= capacity + 1e-9, (rid, start)  # tasks here take each person whole


def test_no_level_keeps_dates_and_has_no_leveling() -> None:
    code, out = run("portfolio", "schedule", *FILES, "--pool", POOL, "--json", "--no-level")
    assert code == 0, out
    data = json.loads(out)
    assert data["leveling"] is None
    assert "leveling_delay_minutes" not in data["projects"][0]["schedule"]["tasks"][0]
    assert "over_allocated" in {p["code"] for p in data["problems"]}


def test_errors_exit_1_with_every_problem_and_place(tmp_path: Path) -> None:
    bad = tmp_path / "web.yaml"
    bad.write_text("project: {name: Web, start: 2027-03-01}\ntasks:\n"
                   "  - {id: a, duration: 1d, after: [platfrom/db-ready], assign: [lea]}\n"
                   "  - {id: b, duration: 1d, after: [platform/db-redy]}\n", encoding="utf-8")
    code, out = run("portfolio", "schedule", FILES[0], str(bad), "--pool", POOL)
    assert code == 1
    assert f"{bad}:3:35: error[unknown_project]" in out and "did you mean 'platform'?" in out
    assert f"{bad}:4:35: error[unknown_predecessor]" in out and "did you mean 'platform/db-ready'?" in out


def test_plan_without_pool_people_fails_with_their_names() -> None:
    code, out = run("portfolio", "schedule", *FILES)
    assert code == 1 and "error[unknown_resource]" in out and "'dana'" in out
