"""Where the project stands at the status date: ``status(project) -> Status``.

Percent complete (work-weighted), SPI/CPI/SPI(t) from the EVM engine, late and
slipping tasks, milestones against the baseline, open blockers and their impact, a
red/amber/green rating with its reasons and, when asked, the forecast (``status_forecast``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from headway.engine.baselines import find
from headway.engine.blockers import BlockerImpact, apply_blockers
from headway.engine.completion import fraction_done, percent_complete
from headway.engine.cost import task_costs
from headway.engine.evm import earned_value
from headway.engine.network import as_datetime
from headway.engine.progress import TaskProgress, progress_as_of
from headway.engine.results import Schedule
from headway.engine.status_forecast import StatusForecast, status_forecast
from headway.engine.variance import TaskVariance, Variance, compare
from headway.model import Project

RED_SLIP_DAYS = 5.0  # a project finish this many working days behind its baseline is red
RED_INDEX, AMBER_INDEX = 0.9, 0.95  # SPI/CPI thresholds


@dataclass(frozen=True, slots=True)
class LateTask:
    """A task behind plan at the status date: ``reason`` is "not finished" or "started late"."""

    id: str
    name: str
    reason: str
    planned_start: dt.datetime
    planned_finish: dt.datetime
    actual_start: dt.datetime | None
    done: float


@dataclass(frozen=True, slots=True)
class Status:
    """The status report; ``variance`` is None without a baseline, ``forecast`` when not asked for."""

    status_date: dt.datetime
    finish: dt.datetime
    percent_complete: float
    indices: dict[str, float | None]
    variance: Variance | None
    late: tuple[LateTask, ...]
    slipping: tuple[TaskVariance, ...]
    milestones: tuple[TaskVariance, ...]
    blockers: BlockerImpact
    rag: str
    reasons: tuple[str, ...]
    forecast: StatusForecast | None = None


def status(project: Project, *, baseline: str | None = None, if_lasts: float | None = None,
           undated: float | None = None, plain: Schedule | None = None, forecast_iterations: int | None = None,
           seed: int = 0) -> Status:
    """The status of ``project`` against ``baseline`` (default: the latest saved), with a forecast of
    ``forecast_iterations`` seeded runs when given."""
    impact = apply_blockers(project, if_lasts=if_lasts, undated=undated, unblocked=plain, each=False)
    current = impact.schedule
    when = impact.status_date
    states = progress_as_of(project, when)
    base = find(project, baseline)
    variance = compare(project, current, base, task_costs(project, current)) if base is not None else None
    slipping = tuple(v for v in variance.tasks if not v.summary and (v.finish_slip_minutes or 0) > 0) \
        if variance else ()
    milestones = tuple(v for v in variance.tasks if v.milestone) if variance else ()
    late = _late(project, current, variance, states, when)
    value = earned_value(project, current, status=when)
    valued = value.project.cost.bac > 0  # with nothing costed, nothing is earned: the indices say nothing
    indices = {"spi": value.spi, "cpi": value.cpi, "spi_t": value.spi_t if valued else None}
    rag, reasons = _rag(variance, late, impact, indices)
    outlook = None if forecast_iterations is None else \
        status_forecast(project, current, holds=impact.holds, iterations=forecast_iterations, seed=seed)
    return Status(when, current.finish, percent_complete(project, current, states), indices, variance, late, slipping,
                  milestones, impact, rag, reasons, outlook)


def _late(project: Project, current: Schedule, variance: Variance | None, states: dict[str, TaskProgress],
          when: dt.datetime) -> tuple[LateTask, ...]:
    """Tasks planned (in the baseline, else now) to finish by ``when`` but not complete, or to have
    started by ``when`` but started later or not yet."""
    planned = {v.id: (v.baseline_start, v.baseline_finish) for v in variance.tasks} if variance else {}
    out = []
    for task in current.tasks:
        if task.summary:
            continue
        start, finish = planned.get(task.id, (None, None))
        start, finish = start or task.start, finish or task.finish
        state = states.get(task.id)
        if state is not None and state.complete:
            continue
        actual = as_datetime(state.actual_start) if state is not None and state.actual_start is not None else None
        reason = ""
        if finish <= when:
            reason = "not finished"
        elif start < when and (actual or when) > start and not task.milestone:
            reason = "started late"
        if reason:
            done = fraction_done(state, task.duration_minutes, project.working_time)
            out.append(LateTask(task.id, task.name, reason, start, finish, actual, done))
    return tuple(out)


def _rag(variance: Variance | None, late: tuple[LateTask, ...], impact: BlockerImpact,
         indices: dict[str, float | None]) -> tuple[str, tuple[str, ...]]:
    red: list[str] = []
    amber: list[str] = []
    slip = variance.finish_slip_days if variance else None
    if slip is not None and slip > 0:
        (red if slip >= RED_SLIP_DAYS else amber).append(f"finish {slip:g} working days behind baseline "
                                                         f"{variance.baseline if variance else ''!r}")
    for key in ("spi", "cpi", "spi_t"):
        value = indices.get(key)
        if value is not None and value < AMBER_INDEX:
            (red if value < RED_INDEX else amber).append(f"{key.upper().replace('_T', '(t)')} {value:.2f}")
    late_milestones = [v.id for v in (variance.tasks if variance else ()) if v.milestone
                       and (v.finish_slip_minutes or 0) > 0]
    if late_milestones:
        amber.append(f"{len(late_milestones)} milestone(s) later than baseline: " + ", ".join(late_milestones[:5]))
    if late:
        amber.append(f"{len(late)} task(s) late")
    if impact.finish_slip_days > 0:
        red.append(f"open blockers delay the finish by {impact.finish_slip_days:g} working days")
    elif impact.holds:
        amber.append(f"{len(impact.holds)} open blocker(s)")
    if impact.open_ended:
        amber.append("blocker(s) with no expected resolution: " + ", ".join(h.issue for h in impact.open_ended))
    if red:
        return "red", (*red, *amber)
    return ("amber", tuple(amber)) if amber else ("green", ("on plan",))
