"""Forecast deltas for a plan diff: P50/P80 finish of the old and new plan, with a fixed seed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from headway.engine.clock import ProjectClock
from headway.engine.forecast import forecast
from headway.engine.results import Schedule
from headway.model import Project

PERCENTILES = (50, 80)


@dataclass(frozen=True, slots=True)
class ForecastDelta:
    """Forecast finish percentiles before and after; deltas in working minutes (positive = later)."""

    iterations: int
    seed: int
    percentiles: tuple[int, ...]
    old: dict[int, dt.datetime]
    new: dict[int, dt.datetime]
    delta_minutes: dict[int, int]


def forecast_delta(old: Project, old_schedule: Schedule, new: Project, new_schedule: Schedule, *,
                   iterations: int = 2_000, seed: int = 0) -> ForecastDelta:
    """Run the same Monte Carlo (same seed and iterations) on both plans and compare P50/P80."""
    before = forecast(old, iterations=iterations, seed=seed, plan=old_schedule, details=False)
    after = forecast(new, iterations=iterations, seed=seed, plan=new_schedule, details=False)
    olds = {p: before.percentile_finish[p] for p in PERCENTILES}
    news = {p: after.percentile_finish[p] for p in PERCENTILES}
    latest = max(*olds.values(), *news.values()).date()
    clock = ProjectClock(new, latest + dt.timedelta(days=31))
    deltas = {p: clock.minutes(news[p]) - clock.minutes(olds[p]) for p in PERCENTILES}
    return ForecastDelta(iterations, seed, PERCENTILES, olds, news, deltas)
