"""`headway evm`: the contract example, a plan computed by hand, summaries, tables and failures."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner, Result

from headway.cli.main import cli

ROOT = Path(__file__).parents[2]
HAND = ROOT / "tests" / "plans" / "valid" / "evm.yaml"
CONTRACT = """\
project: {name: Demo, start: 2027-01-04, status_date: 2027-01-15}
tasks:
  - id: a
    duration: 10d
    cost: 1000                 # fixed cost in the project currency, accrued evenly over the task's working time
progress:
  - {date: 2027-01-15, task: a, done: 40%, actual_cost: 450}
"""
CONTRACT_KEYS = ("status_date", "bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac_cpi", "eac_budget_rate",
                 "eac_cpi_spi", "etc", "vac", "tcpi", "es_minutes", "spi_t", "ieac_t_minutes")


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def evm_json(*args: str | Path) -> dict[str, object]:
    result = run("evm", *args, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_contract_example(tmp_path: Path) -> None:
    """The issue's contract plan: BAC 1,000, EV 40% of it, AC 450. Without a baseline PV follows
    the plan as scheduled before progress moves anything: a 10-day task from Mon 01-04 should be
    done by the end of Fri 01-15, so PV is the whole 1,000 (counted here with numpy's business
    days), SPI 0.4, and ES is the 4 working days by which PV reached 400."""
    path = tmp_path / "plan.yaml"
    path.write_text(CONTRACT, encoding="utf-8")
    data = evm_json(path)
    for key in CONTRACT_KEYS:
        assert key in data
    whole = int(np.busday_count("2027-01-04", "2027-01-18"))  # the plan: Mon 01-04 .. Fri 01-15
    elapsed = int(np.busday_count("2027-01-04", "2027-01-16"))
    pv = 1000 * min(elapsed, whole) / whole
    assert whole == 10 and pv == 1000
    assert data["status_date"] == "2027-01-15" and data["currency"] == "USD"
    assert (data["bac"], data["ev"], data["ac"], data["pv"]) == (1000, 400, 450, pytest.approx(pv, abs=0.01))
    assert data["sv"] == -600 and data["spi"] == 0.4
    assert data["cv"] == -50 and data["cpi"] == round(400 / 450, 4)
    assert data["eac_cpi"] == 1125 and data["eac_budget_rate"] == 1050
    assert data["eac_cpi_spi"] == pytest.approx(450 + 600 / (400 / 450 * 0.4), abs=0.01)
    assert data["etc"] == 675 and data["vac"] == -125 and data["tcpi"] == round(600 / 550, 4)
    assert data["es_minutes"] == pytest.approx(0.4 * whole * 480)  # PV reached 400 after 40% of the days
    assert data["spi_t"] == 0.4 and data["ieac_t_minutes"] == pytest.approx(whole * 480 / 0.4)
    assert data["tasks"] == [{"id": "a", "bac": 1000, "planned_cost": 1000, "pv": pytest.approx(pv, abs=0.01),
                              "ev": 400, "ac": 450, "done": 0.4, "ac_source": "progress"}]


def test_plan_computed_by_hand() -> None:
    """tests/plans/valid/evm.yaml: every figure is worked out in the file's header comment."""
    data = evm_json(HAND, "--by", "day")
    assert data["baseline"] == "baseline" and data["currency"] == "EUR"
    assert {k: data[k] for k in ("bac", "pv", "ev", "ac", "planned_cost")} == {
        "bac": 3940, "pv": 2855, "ev": 2504, "ac": 2260, "planned_cost": 3940}
    assert data["spi"] == round(2504 / 2855, 4) and data["cpi"] == round(2504 / 2260, 4)
    assert data["eac_cpi_spi"] == round(2260 + (3940 - 2504) / (2504 / 2260 * 2504 / 2855), 2)
    assert (data["es_minutes"], data["at_minutes"], data["pd_minutes"]) == (2112, 2400, 2880)
    assert data["spi_t"] == 0.88 and data["ieac_t_minutes"] == round(2880 / 0.88, 2)
    sources = {t["id"]: t["ac_source"] for t in data["tasks"]}  # type: ignore[attr-defined]
    assert sources == {"design": "progress", "code": "timesheets", "launch": "none"}
    [build] = data["summaries"]  # type: ignore[misc]
    assert (build["id"], build["bac"], build["pv"], build["ev"], build["ac"]) == ("build", 3440, 2855, 2504, 2260)
    curve = {row["period"]: row for row in data["s_curve"]}  # type: ignore[attr-defined]
    assert [curve[d]["pv"] for d in ("2027-01-04", "2027-01-07", "2027-01-09", "2027-01-11")] == [
        550, 2270, 2855, 3940]
    assert [curve[d]["ev"] for d in ("2027-01-05", "2027-01-07", "2027-01-08", "2027-01-09")] == [
        1100, 1100 + 702, 2504, None]
    assert [curve[d]["ac"] for d in ("2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08")] == [
        1200, 1200 + 400 + 100 + 160, 2260, 2260]
    assert sum(row["cost"] for row in data["s_curve"]) == pytest.approx(3940, abs=0.05)  # type: ignore[attr-defined]


def test_one_summary_task() -> None:
    data = evm_json(HAND, "--task", "build")
    assert data["task"] == "build" and data["bac"] == 3440
    assert [t["id"] for t in data["tasks"]] == ["design", "code"]  # type: ignore[attr-defined]
    assert data["summaries"] == []


def test_status_date_option_and_weeks() -> None:
    data = evm_json(HAND, "--status-date", "2027-01-05")
    assert data["status_date"] == "2027-01-05" and data["pv"] == 1100 and data["ev"] == 1100
    assert [row["period"] for row in data["s_curve"]] == ["2027-W01", "2027-W02"]  # type: ignore[attr-defined]


def test_table() -> None:
    result = run("evm", HAND)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Shop: earned value at 2027-01-08 in EUR, PV against baseline 'baseline'" in out
    assert "3,940.00" in out and "IEAC(t) = PD / SPI(t)" in out and "2027-W02" in out
    assert "│ build" in out


def test_failures(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(CONTRACT.replace("cost: 1000", "cost: -5").replace("task: a,", "task: b,"), encoding="utf-8")
    result = run("evm", bad)
    assert result.exit_code == 1
    assert "negative_cost" in result.stderr and "unknown_task" in result.stderr
    no_status = tmp_path / "plan.yaml"
    no_status.write_text(CONTRACT.replace(", status_date: 2027-01-15", ""), encoding="utf-8")
    assert run("evm", no_status).exit_code == 2
    assert run("evm", HAND, "--task", "biuld").exit_code == 2
