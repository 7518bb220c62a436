"""`headway diff`: the JSON contract, Markdown, exit codes, --rev in a git repo, --baseline and the git driver."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from headway.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "product-launch.yaml"

OLD = """\
project: {name: Diff, start: 2027-01-04}
tasks:
  - {id: design, duration: 3d}
  - {id: build, duration: 5d, after: [design]}
  - {id: extra, duration: 1d}
  - {id: launch, name: Launch, milestone: true, after: [build]}
"""
NEW = OLD.replace("duration: 5d", "duration: 7d").replace("  - {id: extra, duration: 1d}\n", "") \
    .replace("  - {id: launch", "  - {id: qa, duration: 1d, after: [design]}\n  - {id: launch")
CONTRACT_KEYS = {"added", "removed", "changed", "finish_delta_minutes"}


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["diff", *map(str, args)], catch_exceptions=True)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_json_contract(tmp_path: Path) -> None:
    result = run(write(tmp_path, "old.yaml", OLD), write(tmp_path, "new.yaml", NEW), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= CONTRACT_KEYS
    assert data["added"] == ["qa"] and data["removed"] == ["extra"]
    assert data["changed"] == [{"id": "build", "name": "build", "fields": {"duration": {"from": "5d", "to": "7d"}},
                                "links": []}]
    assert data["finish_delta_minutes"] == 2 * 480
    assert data["causes"][0]["task"] == "build" and data["causes"][0]["target"] == "launch"


def test_markdown_starts_with_a_summary_table(tmp_path: Path) -> None:
    result = run(write(tmp_path, "old.yaml", OLD), write(tmp_path, "new.yaml", NEW), "--format", "markdown")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("### ")
    table = lines.index("| | Before | After | Change |")
    assert lines[table + 2].startswith("| Finish |") and lines[table + 2].endswith("| +2d |")
    assert "- build: duration 5d -> 7d pushed Launch 2 working days" in lines


def test_exit_codes_follow_git_diff(tmp_path: Path) -> None:
    old, new = write(tmp_path, "old.yaml", OLD), write(tmp_path, "new.yaml", NEW)
    assert run(old, new).exit_code == 0
    assert run(old, new, "--exit-code").exit_code == 1
    same = run(old, old, "--exit-code")
    assert same.exit_code == 0 and "No changes." in same.stdout


def test_an_example_plan_against_itself(tmp_path: Path) -> None:
    data = json.loads(run(EXAMPLE, EXAMPLE, "--json").stdout)
    assert (data["added"], data["removed"], data["changed"], data["finish_delta_minutes"]) == ([], [], [], 0)


def test_forecast_deltas_are_reported_with_a_fixed_seed(tmp_path: Path) -> None:
    args = (EXAMPLE, EXAMPLE, "--json", "--forecast", "--iterations", "200")
    first, second = json.loads(run(*args).stdout), json.loads(run(*args).stdout)
    assert first["forecast"] == second["forecast"]
    assert first["forecast"]["p50"]["delta_minutes"] == 0 and first["forecast"]["p80"]["delta_minutes"] == 0


def test_plan_errors_exit_1_and_usage_errors_exit_2(tmp_path: Path) -> None:
    old = write(tmp_path, "old.yaml", OLD)
    broken = write(tmp_path, "bad.yaml", OLD.replace("after: [design]", "after: [nowhere]"))
    assert run(old, broken).exit_code == 1
    assert run(old).exit_code == 2
    assert run(old, "--rev", "HEAD", "--baseline").exit_code == 2
    assert run(old, "--baseline", "--forecast").exit_code == 2


git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   check=True, capture_output=True)


@git
def test_rev_compares_with_the_committed_plan(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    _git(repo, "init", "-q")
    plan = write(repo / "plans", "plan.yaml", OLD)
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first")
    plan.write_text(NEW, encoding="utf-8")
    data = json.loads(run(plan, "--rev", "HEAD", "--json").stdout)
    assert data["added"] == ["qa"] and data["removed"] == ["extra"] and data["finish_delta_minutes"] == 960
    missing = run(plan, "--rev", "no-such-rev")
    assert missing.exit_code == 2 and "no-such-rev" in missing.output


@git
def test_rev_outside_git_is_a_clear_error(tmp_path: Path) -> None:
    result = run(write(tmp_path, "plan.yaml", OLD), "--rev", "HEAD")
    assert result.exit_code == 2 and "not in a git repository" in result.output


def test_baseline_against_now(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", OLD)
    saved = CliRunner().invoke(cli, ["baseline", "save", str(plan)])
    assert saved.exit_code == 0, saved.output
    plan.write_text(plan.read_text(encoding="utf-8").replace("duration: 5d", "duration: 6d"), encoding="utf-8")
    data = json.loads(run(plan, "--baseline", "--json").stdout)
    assert data["finish_delta_minutes"] == 480
    assert data["changed"][0]["id"] == "build" and data["changed"][0]["fields"]["duration"] == {"from": "5d",
                                                                                               "to": "6d"}
    assert run(plan, "--baseline", "nope").exit_code == 2


def test_git_driver_takes_gits_seven_arguments(tmp_path: Path) -> None:
    old, new = write(tmp_path, "old.yaml", OLD), write(tmp_path, "new.yaml", NEW)
    result = run("--git-driver", "--format", "markdown", "plan.yaml", old, "a" * 40, "100644", new, "b" * 40,
                 "100644")
    assert result.exit_code == 0 and result.stdout.startswith("### headway diff plan.yaml")
    created = run("--git-driver", "plan.yaml", "/dev/null", ".", ".", new, "b" * 40, "100644")
    assert created.exit_code == 0 and "plan added" in created.stdout
    assert run("--git-driver", old, new).exit_code == 2


@git
def test_git_driver_configured_in_a_repository(tmp_path: Path) -> None:
    headway = Path(sys.executable).parent / "headway"
    if not headway.is_file():
        pytest.skip("the headway script is not installed beside this Python")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / ".gitattributes").write_text("*.yaml diff=headway\n", encoding="utf-8")
    plan = write(repo, "plan.yaml", OLD)
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first")
    plan.write_text(NEW, encoding="utf-8")
    _git(repo, "config", "diff.headway.command", f"{headway} diff --git-driver --format markdown")
    out = subprocess.run(["git", "-C", str(repo), "diff"], check=True, capture_output=True, text=True).stdout
    assert "build: duration 5d -> 7d pushed Launch 2 working days" in out


HOLIDAY = OLD.replace("project: {name: Diff, start: 2027-01-04}",
                      "project: {name: Diff, start: 2027-01-04, calendar: office}\n"
                      "calendars:\n  - {id: office, exceptions: [{date: 2027-01-08, name: Team day}]}")
NO_HOLIDAY = HOLIDAY.replace(", exceptions: [{date: 2027-01-08, name: Team day}]", "")


def test_a_holiday_added_is_listed_and_named_as_the_cause(tmp_path: Path) -> None:
    old, new = write(tmp_path, "old.yaml", NO_HOLIDAY), write(tmp_path, "new.yaml", HOLIDAY)
    data = json.loads(run(old, new, "--json").stdout)
    assert set(data) >= CONTRACT_KEYS | {"calendars", "resources", "project"}
    assert (data["added"], data["removed"], data["changed"]) == ([], [], [])
    assert data["finish_delta_minutes"] == 480
    assert data["calendars"]["changed"] == [{"id": "office", "fields": {
        "exception 2027-01-08": {"from": "", "to": "day off (Team day)"}}}]
    assert data["resources"] == {"added": [], "removed": [], "changed": []} and data["project"] == {"fields": {}}
    (cause,) = data["causes"]
    assert (cause["target"], cause["kind"], cause["entity"], cause["task"]) == ("launch", "calendar", "office", None)
    markdown = run(old, new, "--format", "markdown").stdout.splitlines()
    assert "- calendar office: exception 2027-01-08 added: day off (Team day) pushed Launch 1 working day" in markdown
    assert "**Calendars**" in markdown and "| `office` | exception 2027-01-08 added: day off (Team day) |" in markdown
    terminal = run(old, new).stdout
    assert "Calendars" in terminal and "1 calendar changed" in terminal


def test_resource_and_project_changes_in_every_format(tmp_path: Path) -> None:
    people = "resources:\n  - {id: ann, rate: 100}\n"
    before = OLD.replace("tasks:\n", people + "tasks:\n", 1)
    after = before.replace("{id: ann, rate: 100}", "{id: ann, rate: 120, role: lead}") \
        .replace("start: 2027-01-04}", "start: 2027-01-04, budget: 5000}")
    old, new = write(tmp_path, "old.yaml", before), write(tmp_path, "new.yaml", after)
    data = json.loads(run(old, new, "--json").stdout)
    assert data["resources"]["changed"] == [{"id": "ann", "fields": {"role": {"from": "", "to": "lead"},
                                                                     "rate": {"from": "100", "to": "120"}}}]
    assert data["project"] == {"fields": {"budget": {"from": "", "to": "5000"}}}
    assert data["causes"] == [] and not data["empty"]
    markdown = run(old, new, "--format", "markdown").stdout
    assert "**Resources**" in markdown and "**Project**" in markdown and "| `budget` | (none) -> 5000 |" in markdown
    assert run(old, new, "--exit-code").exit_code == 1  # a settings-only change is a change
