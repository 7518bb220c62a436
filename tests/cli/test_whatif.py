"""`headway whatif`: reproduces every fix the doctor proposes, compares, and explains bad changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from headway.cli.main import cli
from headway.io.change_text import FORMS

PLANTED = Path(__file__).resolve().parents[2] / "tests" / "plans" / "advisor"
WITH_FIXES = ["over_allocation.yaml", "negative_float.yaml", "long_task.yaml", "single_person_critical.yaml",
              "deadline_at_risk.yaml"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("name", WITH_FIXES)
def test_whatif_reproduces_every_doctor_fix(name: str) -> None:
    plan = str(PLANTED / name)
    code, out = run("doctor", plan, "--json", "--today", "2027-03-01")
    assert code == 0
    fixes = [fix for f in json.loads(out)["findings"] for fix in f["fixes"]]
    assert fixes
    for fix in fixes:
        code, out = run("whatif", plan, "--change", fix["change"], "--json")
        assert code == 0, out
        result = json.loads(out)
        assert result["finish_before"] == fix["finish_before"]
        assert result["finish_after"] == fix["finish_after"], fix["change"]
        assert result["gain_minutes"] == fix["gain_minutes"], fix["change"]


def test_whatif_compares_milestones_cost_critical_path_and_p80() -> None:
    plan = str(PLANTED / "over_allocation.yaml")
    code, out = run("whatif", plan, "--change", "reassign ui from alice to carol", "--json", "--p80")
    assert code == 0
    data = json.loads(out)
    assert data["method"] == "leveled" and data["gain_minutes"] == 5 * 480
    release = next(m for m in data["milestones"] if m["id"] == "release")
    assert release["gain_minutes"] == 5 * 480
    assert data["p80_gain_minutes"] is not None and data["p80_after"] < data["p80_before"]
    assert data["critical_path_before"] != data["critical_path_after"]
    assert data["cost_before"] == data["cost_after"] == 0


def test_changes_apply_in_order() -> None:
    plan = str(PLANTED / "negative_float.yaml")
    code, out = run("whatif", plan, "--change", "set build duration 4d", "--change", "cut test", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["changes"] == ["set build duration 4d", "cut test"]
    assert data["gain_minutes"] == (15 - 4) * 480
    assert "test" not in data["critical_path_after"]


def test_terminal_table() -> None:
    code, out = run("whatif", str(PLANTED / "negative_float.yaml"), "--change", "fast-track build -> test lag 5d")
    assert code == 0 and "Finish" in out and "+5d" in out


def test_bad_change_text_lists_the_forms() -> None:
    result = CliRunner().invoke(cli, ["whatif", str(PLANTED / "negative_float.yaml"), "--change", "speed up build"])
    assert result.exit_code == 2
    assert "'speed up build'" in result.output and all(form in result.output for form in FORMS)


def test_change_that_does_not_fit_the_plan() -> None:
    result = CliRunner().invoke(cli, ["whatif", str(PLANTED / "negative_float.yaml"), "--change", "cut biuld"])
    assert result.exit_code == 2 and "no task 'biuld'" in result.output and "did you mean 'build'" in result.output


def test_whatif_reproduces_the_p80_of_a_fix() -> None:
    plan = str(PLANTED / "over_allocation.yaml")
    code, out = run("doctor", plan, "--json", "--p80", "--max-fixes", "1")
    assert code == 0
    fix = next(fix for f in json.loads(out)["findings"] for fix in f["fixes"])
    code, out = run("whatif", plan, "--change", fix["change"], "--json", "--p80")
    result = json.loads(out)
    assert (result["p80_before"], result["p80_after"]) == (fix["p80_before"], fix["p80_after"])
    assert result["p80_gain_minutes"] == fix["p80_gain_minutes"]
