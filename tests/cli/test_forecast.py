"""`headway forecast`: the JSON contract, human output and plan errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from headway.cli.main import cli

PLAN = """\
project: {name: Odds, start: 2027-01-04}
tasks:
  - id: a
    duration: 10d
    estimate: {low: 8d, likely: 10d, high: 16d, distribution: triangular}
  - id: b
    duration: 3d
    estimate: {low: 2d, likely: 3d, high: 5d, distribution: pert}
    after: [a]
    deadline: 2027-01-22
  - id: c
    duration: 2d
"""


def run(tmp_path: Path, text: str, *args: str) -> tuple[int, str]:
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["forecast", str(plan), *args])
    return result.exit_code, result.output


def test_json_contract(tmp_path: Path) -> None:
    code, out = run(tmp_path, PLAN, "--json", "--iterations", "2000", "--seed", "3")
    assert code == 0, out
    data = json.loads(out)
    assert data["iterations"] == 2000
    minutes = data["duration_minutes"]
    assert set(minutes) == {"mean", "p10", "p50", "p80", "p90"}
    assert minutes["p10"] <= minutes["p50"] <= minutes["p80"] <= minutes["p90"]
    assert 14 * 480 < minutes["mean"] < 15 * 480  # 11⅓d triangular + 3⅙d PERT
    assert set(data["finish"]) == {"p10", "p50", "p80", "p90"}
    assert all(dt.datetime.fromisoformat(v) > dt.datetime(2027, 1, 4) for v in data["finish"].values())
    tasks = {t["id"]: t["criticality"] for t in data["tasks"]}
    assert tasks == {"a": 1.0, "b": 1.0, "c": 0.0}
    (deadline,) = data["deadlines"]
    assert deadline["task"] == "b" and deadline["deadline"] == "2027-01-22" and 0 < deadline["probability"] < 1
    again = json.loads(run(tmp_path, PLAN, "--json", "--iterations", "2000", "--seed", "3")[1])
    assert again == data


def test_human_output(tmp_path: Path) -> None:
    code, out = run(tmp_path, PLAN, "--iterations", "500")
    assert code == 0, out
    assert "P50 finish" in out and "P80 finish" in out
    assert "chance to meet b deadline 2027-01-22" in out
    assert "Most critical tasks" in out


def test_plan_errors_exit_1_listing_every_problem(tmp_path: Path) -> None:
    bad = PLAN.replace("distribution: pert", "distribution: perd").replace("duration: 2d", "duration: 2x")
    code, out = run(tmp_path, bad)
    assert code == 1
    assert "bad_distribution" in out and "did you mean 'pert'?" in out
    assert "bad_duration" in out


RISKY = PLAN + """\
risks:
  - {id: R-1, title: Vendor late, probability: 100%, impacts: [{task: a, delay: 2d}]}
  - {id: R-2, title: Side issue, probability: 50%, impacts: [{task: c, delay: 1d}]}
"""


def test_json_reports_sensitivity_and_risks_by_effect_on_p80(tmp_path: Path) -> None:
    code, out = run(tmp_path, RISKY, "--json", "--iterations", "2000", "--seed", "3")
    assert code == 0, out
    data = json.loads(out)
    sensitivity = {t["id"]: t["sensitivity"] for t in data["tasks"]}
    assert abs(sensitivity["c"]) < 5 / 2000**0.5 and 0 < sensitivity["b"] < sensitivity["a"] <= 1  # c is off the path
    first, second = data["risks"]
    assert first == {"id": "R-1", "fired_share": 1.0, "p80_without_minutes": data["duration_minutes"]["p80"] - 960,
                     "p80_delta_minutes": 960}
    assert second["id"] == "R-2" and second["p80_delta_minutes"] == 0 and 0.4 < second["fired_share"] < 0.6
    code, out = run(tmp_path, RISKY, "--iterations", "500")
    assert "Top risks by effect on P80" in out and "2d  R-1" in out


def test_json_reports_the_distribution_milestones_cost_and_progress(tmp_path: Path) -> None:
    text = PLAN.replace("project: {name: Odds, start: 2027-01-04}",
                        "project: {name: Odds, start: 2027-01-04, status_date: 2027-01-08}\n"
                        "resources:\n  - {id: al, rate: 50}") + """\
    assign: [al]
  - {id: ship, milestone: true, after: [b, c]}
progress:
  - {date: 2027-01-08, task: a, actual_start: 2027-01-04, done: 40%}
correlations:
  - {tasks: [a, b], coefficient: 0.5}
"""
    code, out = run(tmp_path, text, "--json", "--iterations", "1000")
    assert code == 0, out
    data = json.loads(out)
    assert data["status_date"] == "2027-01-09T00:00:00"
    cdf = data["cdf"]
    assert cdf[0]["percent"] == 0 and cdf[-1]["percent"] == 100
    assert cdf[16]["minutes"] == data["duration_minutes"]["p80"]
    assert sum(b["count"] for b in data["histogram"]) == 1000
    (ship,) = data["milestones"]
    assert ship["task"] == "ship" and ship["target_kind"] == "plan" and 0 <= ship["probability"] <= 1
    assert data["cost"]["planned"] == 2 * 8 * 50 and data["cost"]["p10"] <= data["cost"]["p90"]
    assert data["deadlines"][0]["p50"] <= data["deadlines"][0]["p80"]


def test_level_keeps_each_persons_order_of_work(tmp_path: Path) -> None:
    text = """\
project: {name: Busy, start: 2027-01-04}
resources:
  - {id: al}
tasks:
  - {id: a, duration: 5d, assign: [al]}
  - {id: b, duration: 5d, assign: [al]}
"""
    code, out = run(tmp_path, text, "--json", "--iterations", "50", "--level")
    assert code == 0, out
    data = json.loads(out)
    assert data["leveled_links"] == 1 and data["duration_minutes"]["p50"] == 10 * 480
    plain = json.loads(run(tmp_path, text, "--json", "--iterations", "50")[1])
    assert "leveled_links" not in plain and plain["duration_minutes"]["p50"] == 5 * 480


def test_history_calibrates_and_shows_both_forecasts(tmp_path: Path) -> None:
    text = """\
project: {name: Team, start: 2027-01-04}
resources:
  - {id: ana}
  - {id: ben}
tasks:
  - {id: a, duration: 5d, assign: [ana]}
  - {id: b, duration: 5d, assign: [ben], after: [a]}
"""
    rows = ["person,project,task,estimate,actual,estimated_on,finished_on"]
    rows += [f"ana,old,t{i},1d,{2 + (i % 3) * 0.25}d,2026-01-0{1 + i % 9},2026-02-01" for i in range(60)]
    history = tmp_path / "team.csv"
    history.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out = run(tmp_path, text, "--json", "--iterations", "2000", "--history", str(history))
    assert code == 0, out
    data = json.loads(out)
    cal = data["calibration"]
    people = {p["id"]: p for p in cal["people"]}
    assert people["ana"]["points"] == 60 and people["ben"]["points"] == 0 and people["ben"]["weight"] == 0
    assert 2 <= people["ana"]["p50_multiplier"] <= 2.5
    assert cal["uncalibrated"]["duration_minutes"]["p50"] == 10 * 480
    # ana takes twice her estimates or more, so the calibrated plan runs well past the plain one
    assert data["duration_minutes"]["p50"] > 14 * 480
    code, out = run(tmp_path, text, "--iterations", "500", "--history", str(history))
    assert code == 0 and "Calibrated on history" in out and "ana" in out


def test_a_bad_history_file_lists_its_problems(tmp_path: Path) -> None:
    history = tmp_path / "bad.csv"
    history.write_text("person,task,estimate,estimated_on\nana,x,3x,2026-13-01\n", encoding="utf-8")
    code, out = run(tmp_path, PLAN, "--history", str(history))
    assert code == 1
    assert "bad.csv:2" in out and "history_bad_duration" in out and "history_bad_date" in out


def test_calibrate_uses_the_plans_own_finished_tasks(tmp_path: Path) -> None:
    text = """\
project: {name: Own, start: 2027-01-04, status_date: 2027-01-15}
resources:
  - {id: ana}
tasks:
  - {id: done1, duration: 2d, assign: [ana]}
  - {id: done2, duration: 2d, assign: [ana], after: [done1]}
  - {id: next, duration: 5d, assign: [ana], after: [done2]}
progress:
  - {date: 2027-01-15, task: done1, actual_start: 2027-01-04, actual_finish: 2027-01-07}
  - {date: 2027-01-15, task: done2, actual_start: 2027-01-08, actual_finish: 2027-01-13}
"""
    code, out = run(tmp_path, text, "--json", "--iterations", "500", "--calibrate")
    assert code == 0, out
    data = json.loads(out)
    assert {p["id"]: p["points"] for p in data["calibration"]["people"]} == {"ana": 2}
    assert data["duration_minutes"]["p50"] > data["calibration"]["uncalibrated"]["duration_minutes"]["p50"]
