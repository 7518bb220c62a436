"""`headway status`: the forecast section in text and JSON, its seed, its options and its failures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from headway.cli.main import cli
from headway.engine import forecast as forecast_module

# build is on the only long path in every run, so a risk delaying it by 3d moves P80 by 3d
PLAN = """\
project: {name: Launch, start: 2027-01-04, status_date: 2027-01-06}
tasks:
  - {id: design, duration: 5d, estimate: {low: 4d, likely: 5d, high: 8d}}
  - {id: build, duration: 10d, after: [design], estimate: {low: 8d, likely: 10d, high: 15d}}
  - {id: docs, duration: 2d, after: [design]}
  - {id: beta, name: Beta release, milestone: true, after: [build], deadline: 2027-01-05}
  - {id: launch, milestone: true, after: [beta, docs], deadline: 2027-12-31}
risks:
  - {id: R-vendor, title: Vendor API late, probability: 100%, impacts: [{task: build, delay: 3d}]}
  - {id: R-docs, title: Docs rework, probability: 30%, impacts: [{task: docs, delay: 1d}]}
"""
FORECAST_KEYS = {"iterations", "seed", "finish", "duration_minutes", "deadlines", "risks", "error"}


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["status", *args], catch_exceptions=False)
    return result.exit_code, result.output


def forecast_json(*args: str) -> dict[str, Any]:
    code, out = run(*args, "--json")
    assert code == 0, out
    section: dict[str, Any] = json.loads(out)["forecast"]
    return section


def test_json_forecast_section(plan: Path) -> None:
    data = forecast_json(str(plan), "--iterations", "400")
    assert set(data) == FORECAST_KEYS and data["iterations"] == 400 and data["seed"] == 0 and data["error"] is None
    assert set(data["finish"]) == set(data["duration_minutes"]) == {"p50", "p80"}
    assert data["finish"]["p50"] <= data["finish"]["p80"]
    assert data["duration_minutes"]["p50"] <= data["duration_minutes"]["p80"]
    beta, launch = data["deadlines"]
    assert beta == {"task": "beta", "name": "Beta release", "deadline": "2027-01-05", "finish": "2027-01-22T17:00:00",
                    "p50": data["finish"]["p50"], "p80": data["finish"]["p80"], "probability": 0.0}
    assert launch["deadline"] == "2027-12-31" and launch["probability"] == 1.0
    vendor, docs = data["risks"]
    assert vendor["id"] == "R-vendor" and vendor["title"] == "Vendor API late" and vendor["fired_share"] == 1.0
    assert vendor["p80_delta_minutes"] == 3 * 480 and vendor["p80_delta_days"] == 3.0
    assert vendor["p80_without_minutes"] == data["duration_minutes"]["p80"] - 3 * 480
    assert docs["id"] == "R-docs" and docs["p80_delta_minutes"] == 0


def test_text_shows_percentiles_deadlines_and_top_risks(plan: Path) -> None:
    code, out = run(str(plan), "--iterations", "400", "--seed", "2")
    data = forecast_json(str(plan), "--iterations", "400", "--seed", "2")
    assert code == 0
    assert "Forecast (400 iterations, seed 2): P50 finish " in out
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.startswith("│")}
    assert "2027-01-05" in rows["beta"] and rows["beta"].rstrip(" │").endswith("0%")
    assert "2027-12-31" in rows["launch"] and rows["launch"].rstrip(" │").endswith("100%")
    p80 = data["finish"]["p80"].replace("T", " ")[:16]
    assert p80 in rows["beta"] and p80 in out.split("P80 finish ")[1]
    assert "Top risks by effect on P80" in out
    assert "Vendor API late" in rows["R-vendor"] and " 3d " in rows["R-vendor"] and "100%" in rows["R-vendor"]
    assert out.index("R-vendor") < out.index("R-docs")


def test_same_seed_same_report_other_seed_other_draws(plan: Path) -> None:
    assert forecast_json(str(plan), "--seed", "7") == forecast_json(str(plan), "--seed", "7")
    assert run(str(plan), "--seed", "7") == run(str(plan), "--seed", "7")
    assert forecast_json(str(plan), "--seed", "8")["duration_minutes"] != forecast_json(str(plan), "--seed",
                                                                                        "7")["duration_minutes"]


def test_no_forecast_skips_it_and_keeps_the_rest(plan: Path) -> None:
    code, out = run(str(plan), "--json", "--no-forecast")
    plain = json.loads(out)
    assert code == 0 and plain["forecast"] is None
    full = json.loads(run(str(plan), "--json", "--iterations", "50")[1])
    assert {k: v for k, v in full.items() if k != "forecast"} == {k: v for k, v in plain.items() if k != "forecast"}
    text = run(str(plan), "--no-forecast")[1]
    assert "Forecast" not in text and "Top risks" not in text and "Launch at 2027-01-06" in text


def test_iterations_must_be_positive(plan: Path) -> None:
    assert run(str(plan), "--iterations", "0")[0] == 2


def test_a_failing_forecast_does_not_fail_status(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise FloatingPointError("overflow in the sampler")

    monkeypatch.setattr(forecast_module, "forecast", broken)
    data = forecast_json(str(plan))
    assert data["error"] == "FloatingPointError: overflow in the sampler" and data["deadlines"] == []
    assert data["finish"] == {"p50": None, "p80": None}
    code, out = run(str(plan))
    assert code == 0 and "no forecast: FloatingPointError: overflow in the sampler" in out
