"""`headway baseline`, `issues` and `status` on the command line: files written, JSON contracts, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from headway.cli.main import cli
from headway.io.plan import load

PLAN = """\
project: {name: Track, start: 2027-01-04, status_date: 2027-01-08}
resources:
  - {id: ana, rate: 100}
tasks:
  - {id: design, effort: 5d, assign: [ana], cost: 500}
  - {id: build, duration: 5d, after: [design], cost: 2000}
  - {id: beta, milestone: true, after: [build]}
progress:
  - {date: 2027-01-08, task: design, done: 100%, actual_start: 2027-01-04, actual_cost: 4500}
issues:
  - {id: I-1, title: Vendor late, severity: blocker, tasks: [build], due: 2027-01-12}
  - {id: I-2, title: Old, status: closed, tasks: [design]}
"""
STATUS_KEYS = {"project", "status_date", "status_instant", "finish", "percent_complete", "spi", "cpi", "spi_t",
               "baseline", "late", "slipping", "milestones", "blockers", "rag", "reasons", "forecast"}


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_baseline_save_then_compare_shows_no_variance(plan: Path) -> None:
    code, out = run("baseline", "save", str(plan), "--name", "v1")
    assert code == 0 and "saved baseline 'v1'" in out
    (baseline,) = load(plan).project.baselines
    assert baseline.name == "v1" and set(baseline.tasks) == {"design", "build", "beta"}
    assert baseline.tasks["design"].cost == 500 + 40 * 100 and baseline.cost == 6500
    code, out = run("baseline", "compare", str(plan), "--json")
    data = json.loads(out)
    assert code == 0 and data["baseline"] == "v1" and data["finish_slip_days"] == 0 and data["cost_variance"] == 0
    assert all(t["finish_slip_days"] == 0 and t["start_slip_days"] == 0 for t in data["tasks"])
    code, out = run("baseline", "save", str(plan), "--name", "v1")
    assert "replaced baseline 'v1'" in out and len(load(plan).project.baselines) == 1
    code, out = run("baseline", "list", str(plan))
    assert code == 0 and "v1" in out


def test_a_slip_shows_in_compare_in_working_days(plan: Path) -> None:
    run("baseline", "save", str(plan))
    plan.write_text(plan.read_text(encoding="utf-8").replace("duration: 5d", "duration: 7d"),
                    encoding="utf-8")
    data = json.loads(run("baseline", "compare", str(plan), "--json", "--name", "baseline")[1])
    slips = {t["id"]: (t["start_slip_days"], t["finish_slip_days"]) for t in data["tasks"]}
    assert slips == {"design": (0, 0), "build": (0, 2), "beta": (2, 2)}
    assert data["tasks"][0]["finish_slip_days"] == 2 and data["finish_slip_days"] == 2


def test_compare_without_a_baseline_is_a_usage_error(plan: Path) -> None:
    code, out = run("baseline", "compare", str(plan))
    assert code == 2 and "no baselines" in out
    code, out = run("status", str(plan), "--baseline", "nope")
    assert code == 2


def test_issues_json_lists_the_log_with_the_impact(plan: Path) -> None:
    code, out = run("issues", str(plan), "--json")
    data = json.loads(out)
    assert code == 0 and [i["id"] for i in data["issues"]] == ["I-1", "I-2"]
    first, second = data["issues"]
    assert first["blocking"] and first["impact"]["until"] == "2027-01-13T00:00:00"
    assert first["impact"]["remaining_days"] == 2 and second["impact"] is None
    assert data["impact"]["finish_slip_days"] == 2
    assert [s["id"] for s in data["impact"]["slips"]] == ["build", "beta"]
    data = json.loads(run("issues", str(plan), "--json", "--if-lasts", "4")[1])
    assert data["impact"]["finish_slip_days"] == 4 and data["issues"][0]["impact"]["assumed"]
    code, out = run("issues", str(plan))
    assert code == 0 and "Open blockers move the finish by 2 working days" in out


def test_status_json_has_stable_keys(plan: Path) -> None:
    run("baseline", "save", str(plan))
    code, out = run("status", str(plan), "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == STATUS_KEYS
    assert data["status_date"] == "2027-01-08" and data["percent_complete"] == 50.0  # 2400 of 4800 minutes
    assert data["spi"] is not None and data["cpi"] is not None and data["spi_t"] is not None
    assert data["cpi"] == pytest.approx(4500 / 4500)
    assert data["baseline"]["finish_slip_days"] == 2 and data["rag"] == "red"
    assert [m["id"] for m in data["milestones"]] == ["beta"] and data["milestones"][0]["slip_days"] == 2
    assert set(data["blockers"]) == {"finish_without", "finish_with", "finish_slip_days", "holds", "slips"}
    text = run("status", str(plan), "--if-lasts", "0")[1]
    assert "Track at 2027-01-08" in text


def test_bad_issue_log_exits_1_with_the_place(plan: Path) -> None:
    plan.write_text(PLAN.replace("tasks: [build]", "tasks: [biuld]"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["status", str(plan)])
    assert result.exit_code == 1
    assert f"{plan}:11:" in result.output and "error[unknown_task]" in result.output


def test_a_leveled_baseline_compares_clean_with_the_leveled_schedule(tmp_path: Path) -> None:
    path = tmp_path / "busy.yaml"
    path.write_text("project: {name: Busy, start: 2027-01-04}\nresources: [{id: ana}]\ntasks:\n"
                    "  - {id: a, effort: 2d, assign: [ana]}\n  - {id: b, effort: 3d, assign: [ana]}\n",
                    encoding="utf-8")
    assert run("baseline", "save", str(path), "--level")[0] == 0
    leveled = json.loads(run("baseline", "compare", str(path), "--level", "--json")[1])
    assert all(t["finish_slip_days"] == 0 for t in leveled["tasks"])
    plain = json.loads(run("baseline", "compare", str(path), "--json")[1])
    assert min(t["finish_slip_days"] for t in plain["tasks"]) < 0  # unleveled, one of them finishes earlier
