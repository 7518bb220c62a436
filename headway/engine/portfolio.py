"""Scheduling a portfolio: plans merged into one network, leveled together by project priority,
then split back into one schedule per plan.

Each project's floats and critical path are measured against its own finish (the merged
schedule is computed again with every project's finish as the deadline of its summary task),
so a short project is not all float just because another one runs longer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from headway.engine.cpm import schedule
from headway.engine.leveling import Method
from headway.engine.leveling.plan import LeveledPlan, level_plan
from headway.engine.portfolio_load import ResourceLoad, project_key, resource_loads
from headway.engine.portfolio_merge import merge, portfolio_problems
from headway.engine.portfolio_split import Localizer, clock_for, minutes_late, planned, split_schedule
from headway.engine.results import Schedule
from headway.engine.usage import overallocations
from headway.model import PlanError, Problem, Project
from headway.model.portfolio import Member, Portfolio, qualified

PRIORITY_SCALE = 1001  # project priority ranks before any task priority (0..1000)


@dataclass(frozen=True)
class ProjectSchedule:
    """One plan's part of a portfolio schedule, in the plan's own task ids.

    ``project`` is the plan as read; ``plan`` the plan as scheduled (with the pool people and
    calendars it uses, and the people leveling picked for flexible assignments).
    ``delay_minutes`` and ``waited_for`` say what leveling did to each task (merged project
    working minutes); ``finish_delay_minutes`` is how much later leveling made the project
    finish, and ``late`` lists the tasks that miss their deadline and by how much (both in
    working minutes of the plan's calendar).
    """

    key: str
    project: Project
    plan: Project
    schedule: Schedule
    delay_minutes: Mapping[str, int]
    waited_for: Mapping[str, str]
    finish_delay_minutes: int
    late: tuple[tuple[str, int], ...]
    deadlines: int
    load: tuple[ResourceLoad, ...]


@dataclass(frozen=True)
class PortfolioSchedule:
    """The merged schedule (ids ``project/task``), one schedule per plan, and everyone's load.

    ``merged`` is the merged project as scheduled (flexible assignments as leveling picked).

    ``leveled`` is None when the portfolio was scheduled without leveling; ``problems`` are
    the findings that belong to no single plan (people asked for too much, unleveled).
    """

    merged: Project
    schedule: Schedule
    projects: tuple[ProjectSchedule, ...]
    load: tuple[ResourceLoad, ...]
    leveled: LeveledPlan | None
    problems: tuple[Problem, ...]


def priorities(portfolio: Portfolio) -> dict[str, int]:
    """Leveling priority of every merged task: its project's priority first, then its own."""
    return {qualified(m.key, t.id): m.project.priority * PRIORITY_SCALE + t.priority
            for m in portfolio.members for t in m.project.tasks}


def schedule_portfolio(portfolio: Portfolio, *, level: bool = True, method: Method = "heuristic",
                       time_limit: float = 10.0, workers: int = 2, seed: int = 0,
                       objective: str = "makespan") -> PortfolioSchedule:
    """Schedule every plan of ``portfolio`` together, leveling shared people unless ``level`` is False.

    ``objective`` ``lateness`` meets deadlines first, weighted by (project, task) priority.

    Raises ``PlanError`` with every problem when the portfolio cannot be scheduled.
    """
    problems = portfolio_problems(portfolio)
    if any(p.is_error for p in problems):
        raise PlanError(problems)
    merged = merge(portfolio)
    base = schedule(merged)
    leveled, current, chosen = None, base, merged
    holds: dict[str, tuple[dt.datetime, str]] = {}
    if level:
        leveled = level_plan(merged, method=method, time_limit=time_limit, workers=workers, seed=seed,
                             priority=priorities(portfolio), objective=objective)
        current, chosen = leveled.schedule, leveled.project or merged
        # holding every task leveling held back at its leveled early start gives the same forward pass
        holds = {tid: (current.task(tid).early_start, why) for tid, why in leveled.waited_for.items()}
    finishes = {m.key: current.task(m.key).finish for m in portfolio.members}
    bounded = chosen.replace(tasks=tuple(replace(t, deadline=finishes[t.id]) if t.id in finishes else t
                                         for t in chosen.tasks))
    final = schedule(bounded, start_after=holds)
    parts = tuple(_part(m, portfolio, chosen, final, base, leveled) for m in portfolio.members)
    found = () if level else tuple(overallocations(chosen, final))
    keys = set(portfolio.keys())
    loose = tuple(p for p in final.problems if p.entity_id is None or project_key(p.entity_id) not in keys)
    return PortfolioSchedule(chosen, final, parts, resource_loads(chosen, final), leveled, loose + found)


def _part(member: Member, portfolio: Portfolio, merged: Project, final: Schedule, base: Schedule,
          leveled: LeveledPlan | None) -> ProjectSchedule:
    """``merged`` is the merged project as scheduled (with leveling's picks)."""
    project = portfolio.pool.complete(member.project)  # the plan's calendar may be a pool calendar
    clock = clock_for(project, final.task(member.key).finish)
    own = split_schedule(member.key, member.project, clock, final)
    local = Localizer(member.key, member.project)
    slipped = clock.minutes(final.task(member.key).finish) - clock.minutes(base.task(member.key).finish)
    return ProjectSchedule(
        key=member.key, project=member.project, schedule=own,
        plan=planned(member.key, member.project, portfolio.pool.resources, portfolio.pool.calendars, merged),
        delay_minutes=local.keyed(leveled.delay_minutes) if leveled else {},
        waited_for=local.keyed(leveled.waited_for) if leveled else {},
        finish_delay_minutes=slipped, late=minutes_late(clock, own),
        deadlines=sum(1 for t in own.tasks if t.deadline is not None),
        load=resource_loads(merged, final, member.key))
