"""`headway level`: the leveled schedule in the `schedule --json` contract plus leveling facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from headway.cli.main import cli

ROOT = Path(__file__).parents[2]
PSPLIB = ROOT.parent / "shared" / "data" / "psplib"
PLAN = """\
project: {name: Team, start: 2027-01-04}
resources: [{id: alice}, {id: bob, units: 50%}]
tasks:
  - {id: api, duration: 3d, assign: [alice]}
  - {id: ui, duration: 2d, assign: [alice]}
  - {id: jobs, duration: 2d, assign: [bob]}
  - {id: ship, milestone: true, after: [api, ui, jobs]}
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_level_json_keeps_the_contract_and_adds_leveling(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    code, out = run("level", str(plan), "--json")
    assert code == 0, out
    data = json.loads(out)
    tasks = {t["id"]: t for t in data["tasks"]}
    api, ui = tasks["api"], tasks["ui"]
    assert api["finish"] <= ui["start"] or ui["finish"] <= api["start"]  # alice does one thing at a time
    later = ui if ui["start"] > api["start"] else api
    assert later["leveling_delay_minutes"] > 0 and "alice" in later["waited_for"]
    assert data["project"]["duration_minutes"] == 5 * 480
    assert data["leveling"]["status"] == "optimal" and data["leveling"]["gap"] == 0


def test_level_table_names_the_bound(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    code, out = run("level", str(plan))
    assert code == 0 and "proven optimal" in out


@pytest.mark.skipif(not PSPLIB.is_dir(), reason="PSPLIB data not present")
@pytest.mark.parametrize("method", ["heuristic", "optimal"])
def test_level_reads_psplib_files(method: str) -> None:
    code, out = run("level", str(PSPLIB / "j30" / "j301_1.sm"), "--json", "--method", method)
    assert code == 0, out
    data = json.loads(out)
    assert data["project"]["duration_minutes"] / 480 == 43  # the proven optimum in reference.csv


def test_check_warns_about_over_allocation(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(plan)])
    assert result.exit_code == 0
    assert 'warning[over_allocated] "alice": asked for 200% of 100%' in result.output
    assert "api, ui" in result.output and '"bob"' not in result.output
