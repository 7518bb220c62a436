"""`headway usage`: the load table, JSON, charts, leveled usage and clean failures."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from headway.cli.main import cli

PLAN = """\
project: {name: Team, start: 2027-01-04}
resources:
  - {id: alice, name: Alice Liu}
  - {id: bob, units: 50%}
tasks:
  - {id: api, duration: 3d, assign: [alice]}
  - {id: ui, duration: 2d, assign: [alice]}
  - {id: jobs, duration: 2d, assign: [bob]}
  - {id: ship, milestone: true, after: [api, ui, jobs]}
"""
SVG = "{http://www.w3.org/2000/svg}"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_table_by_day(plan: Path) -> None:
    result = run("usage", plan, "--by", "day")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Team: load by day, 2027-01-04 → 2027-01-06" in lines[0]
    assert "Mon 04 Jan" in result.stdout and "Peak" in result.stdout
    alice = next(line for line in lines if "Alice Liu (alice)" in line)
    assert alice.split("│")[2:5] == [" " * 7 + "200% ", " " * 7 + "200% ", " " * 7 + "100% "]
    bob = next(line for line in lines if "│ bob" in line)
    assert "100%" in bob and "1d" in bob


def test_weeks_by_default_and_a_wide_range_in_a_pipe(plan: Path) -> None:
    result = run("usage", plan, "--from", "2027-01-04", "--to", "2027-06-30")
    assert result.exit_code == 0, result.output
    assert "W01" in result.stdout and "W26" in result.stdout  # every column, however wide


def test_json(plan: Path) -> None:
    result = run("usage", plan, "--json", "--by", "day", "--resource", "alice")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["project"], data["by"], data["from"], data["to"]) == ("Team", "day", "2027-01-04", "2027-01-06")
    [alice] = data["resources"]
    assert alice["id"] == "alice" and alice["over_allocated"] is True and alice["peak_load"] == 2.0
    assert alice["usage"][0] == {"period": "2027-01-04", "work_minutes": 960, "available_minutes": 480,
                                 "load": 2.0, "tasks": ["api", "ui"]}


def test_leveled(plan: Path) -> None:
    result = run("usage", plan, "--json", "--by", "day", "--leveled")
    assert result.exit_code == 0, result.output
    people = json.loads(result.stdout)["resources"]
    assert not any(p["over_allocated"] for p in people)
    assert all(u["load"] <= 1 for p in people for u in p["usage"])
    assert sum(p["work_minutes"] for p in people) == 5 * 480 + 2 * 480 // 2
    table = run("usage", plan, "--leveled")
    assert table.exit_code == 0 and "(leveled)" in table.stdout


def test_level_and_schedule_json_carry_resources(plan: Path) -> None:
    for command in ("level", "schedule"):
        result = run(command, plan, "--json")
        assert result.exit_code == 0, result.output
        people = {p["id"]: p for p in json.loads(result.stdout)["resources"]}
        assert set(people) == {"alice", "bob"}
        assert people["alice"]["over_allocated"] is (command == "schedule")


def test_svg_chart(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "usage.svg"
    result = run("usage", plan, "--by", "day", "--chart", out)
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stderr
    ids = [g.get("id", "") for g in ET.parse(out).getroot().iter(f"{SVG}g")]
    assert len([i for i in ids if i.startswith("work-alice-")]) == 3
    assert sorted(i for i in ids if i.startswith("over-")) == ["over-alice-0", "over-alice-1"]
    assert {"capacity-alice", "capacity-bob"} <= set(ids)


def test_png_chart(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "usage.png"
    assert run("usage", plan, "--chart", out, "--leveled").exit_code == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("args", [["--resource", "alcie"], ["--chart", "out.pdf"], ["--by", "year"],
                                  ["--from", "2027-02-01", "--to", "2027-01-01"], ["--from", "soon"]])
def test_usage_errors_exit_2(plan: Path, args: list[str]) -> None:
    result = run("usage", plan, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    if args[0] == "--resource":
        assert "did you mean 'alice'?" in result.stderr


@pytest.mark.parametrize("leveled", [[], ["--leveled"]])
def test_plan_errors_exit_1_with_every_problem(tmp_path: Path, leveled: list[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(PLAN.replace("after: [api, ui, jobs]", "after: [api, nope]").replace("assign: [bob]",
                                                                                          "assign: [bobby]"))
    result = run("usage", path, *leveled)
    assert result.exit_code == 1
    assert "unknown_predecessor" in result.stderr and "unknown_resource" in result.stderr
    assert result.stdout == ""
