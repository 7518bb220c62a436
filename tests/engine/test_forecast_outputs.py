"""What a forecast reports besides the finish: cost percentiles, milestone odds, the distribution
(histogram and CDF) and progress callbacks."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from headway.engine.baselines import capture
from headway.engine.cpm import schedule
from headway.engine.forecast import forecast
from headway.io.plan import loads
from headway.model import Project

N = 20_000
DAY = 480
HEAD = "project: {name: Outputs, start: 2027-01-04}\n"
PAID = HEAD + """\
resources:
  - {id: al, rate: 100}
tasks:
  - {id: build, duration: 4d, estimate: 2d/4d/6d, assign: [al], cost: 500}
  - {id: done, milestone: true, after: [build]}
"""


def plan(text: str) -> Project:
    return loads(text).project


def test_labour_scales_with_the_time_taken_and_fixed_cost_does_not() -> None:
    result = forecast(plan(PAID), iterations=N, seed=1)
    assert result.cost is not None
    hours = 8 * np.array([2.0, 4.0, 6.0])
    mean = 500 + 100 * hours.mean()  # triangular mean (a + m + b) / 3
    sd = 100 * 8 * math.sqrt((4 + 16 + 36 - 8 - 12 - 24) / 18)
    assert result.cost.planned == 500 + 100 * 32
    assert abs(result.cost.mean - mean) < 5 * sd / math.sqrt(N)
    assert result.cost.percentiles[10] < result.cost.percentiles[50] < result.cost.percentiles[90]


def test_a_fired_risk_adds_its_cost_in_the_iterations_it_fires() -> None:
    body = PAID + "risks:\n  - {id: R, title: fine, probability: 25%, impacts: [{task: build, cost: 2000}]}\n"
    with_risk = forecast(plan(body), iterations=N, seed=1)
    without = forecast(plan(PAID), iterations=N, seed=1)
    assert with_risk.cost is not None and without.cost is not None
    extra = with_risk.cost.mean - without.cost.mean
    assert abs(extra - 500) < 5 * 2000 * math.sqrt(0.25 * 0.75 / N)


def test_plans_without_costs_report_none() -> None:
    assert forecast(plan(HEAD + "tasks:\n  - {id: a, duration: 1d}\n"), iterations=10).cost is None


def test_milestone_odds_against_the_plan_and_the_baseline() -> None:
    project = plan(PAID)
    result = forecast(project, iterations=N, seed=2)
    (odds,) = result.milestones
    # the milestone is on time when build takes at most its planned 4 days: F(4) of triangular(2, 4, 6)
    assert odds.target_kind == "plan" and odds.target == dt.datetime(2027, 1, 7, 17)
    assert abs(odds.probability - 0.5) < 5 * math.sqrt(0.25 / N)
    saved = capture(schedule(project), "signed", dt.datetime(2027, 1, 1))
    late = dict(saved.tasks)
    late["done"] = late["done"].__class__(dt.datetime(2027, 1, 8, 17), dt.datetime(2027, 1, 8, 17))
    baselined = project.replace(baselines=(saved.__class__(saved.name, saved.saved, late),))
    (odds,) = forecast(baselined, iterations=N, seed=2).milestones
    # by the baseline's 5 days: F(5) = 1 − (6 − 5)² / ((6 − 2)(6 − 4)) = 7/8
    assert odds.target_kind == "baseline" and abs(odds.probability - 7 / 8) < 5 * math.sqrt(7 / 64 / N)


def test_histogram_and_cdf_describe_the_same_iterations() -> None:
    result = forecast(plan(PAID), iterations=N, seed=3)
    assert sum(b.count for b in result.histogram) == N
    assert all(a.high == b.low for a, b in zip(result.histogram, result.histogram[1:], strict=False))
    assert len(result.histogram) <= 40 and all((b.high - b.low) % DAY == 0 for b in result.histogram)
    minutes = [c.minutes for c in result.cdf]
    assert minutes == sorted(minutes) and [c.percent for c in result.cdf] == list(range(0, 101, 5))
    assert result.cdf[16].minutes == result.percentile_minutes[80]
    assert result.histogram[0].low < result.cdf[0].minutes <= result.histogram[-1].high
    assert result.planned_minutes == 4 * DAY


def test_progress_is_reported_stage_by_stage() -> None:
    calls: list[tuple[int, int]] = []
    forecast(plan(PAID), iterations=100, on_progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1] and [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_peoples_vacations_and_part_time_weeks_stretch_their_tasks() -> None:
    body = HEAD + """\
resources:
  - {id: al, vacations: [{from: 2027-01-11, to: 2027-01-15}]}
  - {id: bo, week: {fri: []}}
tasks:
  - {id: a, duration: 10d, estimate: 10d/10d/10d, assign: [al]}
  - {id: b, duration: 4d, assign: [bo], after: [a]}
"""
    project = plan(body)
    result = forecast(project, iterations=50)
    # al's week off stretches a over three weeks; bo works Mon-Thu, so b fills the fourth week
    assert result.percentile_finish[50] == schedule(project).finish == dt.datetime(2027, 1, 28, 17)
    assert result.planned_minutes == result.percentile_minutes[50]


def test_a_plan_passed_in_and_details_off_give_the_same_finish() -> None:
    project = plan(PAID)
    full = forecast(project, iterations=2_000, seed=4)
    lean = forecast(project, iterations=2_000, seed=4, plan=schedule(project), details=False)
    assert lean.percentile_minutes == full.percentile_minutes and lean.deadlines == full.deadlines
    assert lean.cost is None and lean.histogram == () and not any(lean.criticality.values())
