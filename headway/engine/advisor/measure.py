"""Re-schedule a plan and a changed copy the way the plan is scheduled, and compare the two.

A plan with assignments is scheduled by the leveling heuristic (seeded, so it is repeatable);
one without, by CPM. The optional P80 comes from a seeded forecast with modest iterations (of
the leveled sequence for a leveled plan), so a fix's P80 gain reproduces exactly too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from headway.engine.advisor.changes import Change, ChangeError, apply_all
from headway.engine.clock import ProjectClock
from headway.engine.cost import project_cost
from headway.engine.cpm import schedule
from headway.engine.forecast import forecast
from headway.engine.forecast_leveled import with_leveled_sequence
from headway.engine.leveling.plan import LeveledPlan, level_plan
from headway.engine.planned import uses_leveling
from headway.engine.results import Schedule
from headway.model import PlanError, Project

P80_ITERATIONS = 500  # modest: a fix's P80 is a second opinion, not the headline
SEED = 0
# leveling stops at its schedule budget, not the clock, so a what-if reproduces exactly on a busy machine
LEVEL_TIME_LIMIT = 600.0


@dataclass(frozen=True, slots=True)
class Scenario:
    """One scheduling of a plan: its schedule, the plan as scheduled (with leveling's picks), the
    leveling result when leveled, the cost and, when asked for, the forecast P80 finish."""

    schedule: Schedule
    project: Project
    leveled: LeveledPlan | None
    cost: float
    p80: dt.datetime | None = None


def run(project: Project, *, leveled: bool, p80_iterations: int | None = None, seed: int = SEED) -> Scenario:
    """Schedule ``project`` (leveled or CPM); PlanError or ValueError when it cannot be scheduled."""
    result = level_plan(project, seed=seed, time_limit=LEVEL_TIME_LIMIT) if leveled else None
    plan = schedule(project) if result is None else result.schedule
    scheduled = result.project if result is not None and result.project is not None else project
    p80 = None
    if p80_iterations:
        sampled = with_leveled_sequence(result, project)[0] if result is not None else project
        try:
            p80 = forecast(sampled, iterations=p80_iterations, seed=seed, details=False).percentile_finish[80]
        except PlanError:
            p80 = None
    return Scenario(plan, scheduled, result, project_cost(scheduled, plan), p80)


@dataclass(frozen=True, slots=True)
class Move:
    """A task whose finish moved: before, after and the working minutes it moved earlier."""

    id: str
    name: str
    before: dt.datetime
    after: dt.datetime
    gain_minutes: int


@dataclass(frozen=True, slots=True)
class Comparison:
    """A plan against its changed copy; gains are working minutes earlier (negative: later)."""

    changes: tuple[Change, ...]
    before: Scenario
    after: Scenario
    gain_minutes: int
    p80_gain_minutes: int | None
    milestones: tuple[Move, ...]
    became_critical: tuple[str, ...]
    left_critical: tuple[str, ...]
    minutes_per_day: int

    @property
    def gain_days(self) -> float:
        return round(self.gain_minutes / self.minutes_per_day, 2)

    def task_gain(self, task_id: str) -> int | None:
        """Working minutes ``task_id`` finishes earlier after the change (None: gone or unknown)."""
        if task_id not in self.before.schedule or task_id not in self.after.schedule:
            return None
        return gain(self.before.project, self.before.schedule.task(task_id).finish,
                    self.after.schedule.task(task_id).finish)


def gain(project: Project, before: dt.datetime, after: dt.datetime, clock: ProjectClock | None = None) -> int:
    """Working minutes of the project calendar from ``after`` to ``before`` (positive: earlier)."""
    clock = clock or ProjectClock(project, max(before, after).date() + dt.timedelta(days=7))
    return clock.minutes(before) - clock.minutes(after)


def compare(project: Project, changes: Sequence[Change], *, base: Scenario | None = None,
            p80_iterations: int | None = None, seed: int = SEED) -> Comparison:
    """Apply ``changes`` to a copy of ``project``, re-schedule both as the plan is scheduled, compare.

    ``base`` is ``project``'s own scenario when the caller has it. Raises ChangeError when a change
    does not fit, or when the changed plan cannot be scheduled (with the reason).
    """
    leveled = uses_leveling(project)
    before = base if base is not None else run(project, leveled=leveled, p80_iterations=p80_iterations, seed=seed)
    changed = apply_all(project, changes)
    try:
        after = run(changed, leveled=leveled, p80_iterations=p80_iterations, seed=seed)
    except PlanError as err:
        reasons = "; ".join(p.format() for p in err.problems if p.is_error)[:500]
        raise ChangeError(f"the changed plan cannot be scheduled: {reasons}") from err
    except ValueError as err:
        raise ChangeError(f"the changed plan cannot be scheduled: {err}") from err
    last = max(d for d in (before.schedule.finish, after.schedule.finish, before.p80, after.p80) if d is not None)
    clock = ProjectClock(project, last.date() + dt.timedelta(days=7))
    p80_gain = gain(project, before.p80, after.p80, clock) if before.p80 is not None and after.p80 is not None \
        else None
    old_crit = {t.id for t in before.schedule.tasks if t.critical and not t.summary}
    new_crit = {t.id for t in after.schedule.tasks if t.critical and not t.summary}
    return Comparison(
        tuple(changes), before, after, gain(project, before.schedule.finish, after.schedule.finish, clock), p80_gain,
        _milestones(project, before.schedule, after.schedule, clock), tuple(sorted(new_crit - old_crit)),
        tuple(sorted(old_crit - new_crit)), before.schedule.minutes_per_day)


def _milestones(project: Project, before: Schedule, after: Schedule, clock: ProjectClock) -> tuple[Move, ...]:
    out = []
    for task in before.tasks:
        if task.milestone and task.id in after:
            moved = after.task(task.id).finish
            out.append(Move(task.id, task.name, task.finish, moved, gain(project, task.finish, moved, clock)))
    return tuple(out)
