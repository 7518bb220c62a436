"""The forecast section of status: finish percentiles, deadline odds and risks by effect on P80."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from headway.engine import forecast as module
from headway.engine.cpm import schedule
from headway.engine.status import status
from headway.engine.status_forecast import held, status_forecast
from headway.io.plan import loads
from headway.model import PlanError, Problem, Project

# a chain, so every task is critical in every iteration: a risk's fixed delay moves every run by itself
PLAN = """\
project: {{name: Odds, start: 2027-01-04, status_date: 2027-01-06}}
tasks:
  - {{id: design, duration: 5d{design}}}
  - {{id: build, duration: 10d, after: [design]{build}}}
  - {{id: docs, duration: 2d, after: [design]}}
  - {{id: beta, milestone: true, after: [build], deadline: 2027-01-05}}
  - {{id: launch, milestone: true, after: [beta, docs], deadline: 2027-12-31}}
risks:
  - {{id: R-vendor, title: Vendor late, probability: 100%, impacts: [{{task: build, delay: 3d}}]}}
  - {{id: R-docs, title: Docs rework, probability: 50%, impacts: [{{task: docs, delay: 1d}}]}}
  - {{id: R-old, title: Closed one, probability: 100%, status: closed, impacts: [{{task: build, delay: 9d}}]}}
"""
ESTIMATED = PLAN.format(design=", estimate: {low: 4d, likely: 5d, high: 8d}",
                        build=", estimate: {low: 8d, likely: 10d, high: 15d, distribution: pert}")


def plan(text: str = ESTIMATED) -> Project:
    return loads(text).project


def test_deadlines_odds_and_the_risk_on_the_critical_path_moves_p80_by_its_delay() -> None:
    project = plan()
    outlook = status_forecast(project, schedule(project), iterations=500, seed=3)
    assert outlook.error is None and outlook.iterations == 500 and outlook.seed == 3
    odds = {d.task: d.probability for d in outlook.deadlines}
    assert odds == {"beta": 0.0, "launch": 1.0}  # impossible (day 2 of a 15-day chain) and generous
    assert [r.id for r in outlook.risks] == ["R-vendor", "R-docs"]  # open ones only, largest effect first
    vendor, docs = outlook.risks
    assert vendor.title == "Vendor late" and vendor.fired_share == 1.0
    assert vendor.p80_delta_minutes == 3 * 480 and vendor.p80_delta_days == 3.0
    assert docs.p80_delta_minutes == 0  # docs has 8 days of float or more in every run


def test_without_estimates_every_percentile_is_the_cpm_finish() -> None:
    project = plan(PLAN.format(design="", build="")).replace(risks=())
    current = schedule(project)
    outlook = status_forecast(project, current, iterations=50)
    assert outlook.percentile_finish[50] == outlook.percentile_finish[80] == current.finish
    beta, launch = outlook.deadlines
    assert beta.planned_finish == beta.p50_finish == beta.p80_finish == current.task("beta").finish
    assert launch.name == "launch"
    assert beta.deadline == dt.date(2027, 1, 5)


def test_same_seed_same_forecast_other_seed_other_draws() -> None:
    project = plan()
    one, two = (status(project, forecast_iterations=300, seed=11).forecast for _ in range(2))
    assert one == two and one is not None
    other = status(project, forecast_iterations=300, seed=12).forecast
    assert other is not None and other.percentile_minutes != one.percentile_minutes


def test_status_without_a_forecast_is_unchanged() -> None:
    project = plan()
    plain, with_forecast = status(project), status(project, forecast_iterations=100)
    assert plain.forecast is None and with_forecast.forecast is not None
    assert dataclasses.replace(with_forecast, forecast=None) == plain


@pytest.mark.parametrize("error", [RuntimeError("numeric trouble"),
                                   PlanError([Problem("link_cycle", "dependency cycle: a -> a")])])
def test_a_failing_forecast_is_a_value_and_status_still_reports(monkeypatch: pytest.MonkeyPatch,
                                                                 error: Exception) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(module, "forecast", broken)
    report = status(plan(), forecast_iterations=100)
    assert report.forecast is not None and report.forecast.deadlines == () and report.forecast.percentile_finish == {}
    assert report.forecast.error is not None and report.forecast.error.split(":")[0] in {"RuntimeError", "link_cycle"}
    assert report.rag == status(plan()).rag


def test_each_deadline_task_has_its_own_p50_p80() -> None:
    project = plan()
    outlook = status_forecast(project, schedule(project), iterations=500, seed=5)
    beta, launch = outlook.deadlines
    # docs has float in every run, so beta, launch and the project finish together
    assert beta.p50_finish == launch.p50_finish == outlook.percentile_finish[50]
    assert beta.p80_finish == launch.p80_finish == outlook.percentile_finish[80]
    assert beta.p50_finish is not None and beta.p80_finish is not None and beta.p50_finish < beta.p80_finish


BLOCKED = """\
project: {name: Blocked, start: 2027-01-04, status_date: 2027-01-06}
tasks:
  - {id: design, duration: 5d}
  - {id: build, duration: 10d, after: [design]}
  - {id: docs, duration: 2d, after: [design], constraint: {type: SNET, date: 2027-01-20}}
  - {id: launch, milestone: true, after: [build, docs], deadline: 2027-01-22}
issues:
  - {id: I-1, title: Licence, severity: blocker, tasks: [build, docs], due: 2027-01-14}
"""


def test_open_blockers_hold_their_tasks_in_the_forecast_as_in_the_status_schedule() -> None:
    project = loads(BLOCKED).project
    report = status(project, forecast_iterations=20)
    assert report.forecast is not None and report.blockers.finish_slip_days == 4  # build: Mon 11th -> Fri 15th
    # no estimates: every run is the status schedule, blocker included, so the deadline is missed
    assert report.forecast.percentile_finish[50] == report.forecast.percentile_finish[80] == report.finish
    assert report.forecast.deadlines[0].probability == 0.0
    assert status_forecast(project, report.blockers.unblocked).percentile_finish[80] == report.blockers.unblocked.finish
    # docs keeps its own later start-no-earlier-than; build starts after the blocker's due date
    constraints = {t.id: t.constraint for t in held(project, report.blockers.holds).tasks if t.constraint is not None}
    assert {tid: str(c.date) for tid, c in constraints.items()} == {"build": "2027-01-15 00:00:00",
                                                                    "docs": "2027-01-20"}

