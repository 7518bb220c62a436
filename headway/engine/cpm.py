"""Critical path method: ``schedule(project) -> Schedule``, a pure function of the plan.

Early dates come from a forward pass over all link types, lags and constraints on each
task's calendar; late dates from a backward pass from the project finish (the latest early
finish), tightened by deadlines and finish limits, so float can be negative. Every task
records what drives its start, so the schedule can explain itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np

from headway.engine.collector import collector_paused
from headway.engine.network import (
    NONE,
    PROJECT_CALENDAR,
    Network,
    as_datetime,
    attach_calendars,
    build_structure,
    horizon_days,
)
from headway.engine.passes import Levels, Passes, longest_path_minutes, overflow, run, shift, topological_levels
from headway.engine.progress_schedule import (
    Tracking,
    horizon_dates,
    leaf_tracking,
    needs_plan,
    out_of_sequence,
    prepare,
    retain_logic,
    standings_of,
)
from headway.engine.progress_schedule import apply as apply_progress
from headway.engine.results import Driver, DriverKind, LazySequence, Schedule, ScheduledLink
from headway.engine.rollup import LeafDates, minutes_to_datetimes, roll_up
from headway.engine.schedule_memo import active_memo
from headway.engine.worktime import IntArray
from headway.model import PlanError, Problem, Project, Severity, validate
from headway.model.graph import find_cycles, summary_leaves, without_external_links

MAX_HORIZON_DAYS = 366 * 200
HORIZON_STEP = 91  # calendar days precomputed, rounded up to a multiple of this (a longer span changes no date)


def schedule(project: Project, *, force_general: bool = False,
             start_after: Mapping[str, tuple[dt.datetime, str]] | None = None) -> Schedule:
    """Compute early/late dates, floats, drivers and the critical path of ``project``.

    Raises ``PlanError`` with every problem when the plan cannot be scheduled. With
    ``force_general`` the passes convert every link through calendar instants even when one
    integer axis would do (used to test the two modes against each other). ``start_after``
    holds tasks back to a date, with the reason (how leveling delays tasks). Within
    ``schedule_memo.reusing(memo)``, a project object scheduled before is answered from the memo.
    """
    memo = active_memo()
    if memo is None or force_general or start_after:
        with collector_paused():
            return _schedule(project, force_general, start_after or {})
    return memo.get(project, _plain)


def _plain(project: Project) -> Schedule:
    with collector_paused():
        return _schedule(project, False, {})


def _schedule(project: Project, force_general: bool,
              start_after: Mapping[str, tuple[dt.datetime, str]]) -> Schedule:
    problems = validate(project, cycles=False)
    if any(p.is_error for p in problems):
        raise PlanError(problems)
    project = without_external_links(project)  # warned about above; only a portfolio resolves them
    leaves = summary_leaves(project)
    net = build_structure(project, leaves)
    _hold_back(net, start_after)
    tracking = _tracking(project, net, force_general, start_after) if project.progress else None
    levels = topological_levels(len(net.ids), net.src, net.dst)
    if levels is None:
        raise PlanError([Problem("link_cycle", "dependency cycle: " + " -> ".join(c), entity_id=c[0],
                                 location=project.task(c[0]).origin, hint="remove or reverse one of these links")
                         for c in find_cycles(project)])
    days = horizon_days(project, longest_path_minutes(net, levels))
    later = [when.date() for when, _ in start_after.values()] + (horizon_dates(tracking) if tracking else [])
    if later:  # past the latest hold and status date too, or the calendars would end before them
        days = max(days, (max(later) - as_datetime(project.start).date()).days + days // 2 + 120)
    days = -(-days // HORIZON_STEP) * HORIZON_STEP  # so an edit seldom changes it: calendars get reused
    while True:
        attach_calendars(net, project, days)
        passes = _run(net, levels, force_general, tracking)
        if not overflow(net, passes):
            break
        if days > MAX_HORIZON_DAYS:
            raise PlanError([Problem("schedule_too_long", f"the schedule runs past {MAX_HORIZON_DAYS // 366}"
                                     " years", hint="check for huge durations or lags")])
        days *= 2
    return _assemble(project, net, levels, passes, [*problems, *net.problems], leaves, tracking)


def _tracking(project: Project, net: Network, force_general: bool,
              start_after: Mapping[str, tuple[dt.datetime, str]]) -> Tracking | None:
    """Progress to schedule with; dates a started task lacks come from the plan without progress
    (computed by ``_run`` on the same network before progress is applied)."""
    standings = standings_of(project)
    tracking = prepare(project, net, standings)
    if tracking is not None:
        tracking.needs_planned = needs_plan(standings)
    return tracking


def _run(net: Network, levels: Levels, force_general: bool, tracking: Tracking | None) -> Passes:
    """The passes; with progress, again while in-progress work still waits for predecessors."""
    if tracking is None:
        return run(net, levels, force_general)
    if tracking.needs_planned and not tracking.planned:  # the plan as if untracked: first run only
        untracked = run(net, levels, force_general, forward_only=True)
        if overflow(net, untracked):
            return untracked  # the caller attaches longer calendars and comes back
        idx = tracking.index
        starts = minutes_to_datetimes(net.origin, untracked.es_abs[idx])
        finishes = minutes_to_datetimes(net.origin, untracked.ef_abs[idx])
        tracking.planned = {net.ids[i]: (a, b) for i, a, b in zip(idx.tolist(), starts, finishes, strict=True)}
    apply_progress(tracking, net)
    passes = run(net, levels, force_general, forward_only=True)  # early dates settle first
    for _ in range(len(net.ids)):
        if overflow(net, passes) or not retain_logic(tracking, net, passes):
            break
        passes = run(net, levels, force_general, forward_only=True)
    return passes if overflow(net, passes) else run(net, levels, force_general)


def _hold_back(net: Network, start_after: Mapping[str, tuple[dt.datetime, str]]) -> None:
    """Raise the earliest start of tasks that must wait (leveling), remembering why."""
    index = {tid: i for i, tid in enumerate(net.ids)}
    for tid, (when, why) in start_after.items():
        i = index.get(tid)
        t = net.to_abs(when)
        if i is not None and t > net.floor_abs[i]:
            net.floor_abs[i] = t
            net.floor_kind[i] = f"leveling: {why}"


def _project_minutes(net: Network, instants: IntArray) -> IntArray:
    """Working minutes of the project calendar completed by each instant."""
    return net.calendars.to_work(np.full(len(instants), PROJECT_CALENDAR), instants)


def _leaf_dates(net: Network, p: Passes) -> LeafDates:
    axis, cal, dur = net.calendars, net.cal, net.dur
    alap = np.array([t.constraint is not None and t.constraint.type.value == "alap" for t in net.tasks], bool)
    own_tf = p.ls - p.es
    milestone = dur == 0
    # a milestone with float is shown late at the end of a working day, like a finish
    first_w = axis.to_work(cal, np.full(len(net.ids), net.start_abs))
    late_milestone = np.where(p.ls > first_w, axis.end_of(cal, p.ls), axis.start_of(cal, p.ls))
    ls_abs = np.where(milestone, np.where(own_tf == 0, p.es_abs, late_milestone), axis.start_of(cal, p.ls))
    # without float, a finish a link put at the next working time (08:00) is late there too
    lf_abs = np.where(milestone, ls_abs, np.where(p.lf == p.ef, np.maximum(axis.end_of(cal, p.lf), p.ef_abs),
                                                   axis.end_of(cal, p.lf)))
    # Float in project working minutes too: a round-the-clock task's slack overnight is no slack.
    project_tf = _project_minutes(net, ls_abs) - _project_minutes(net, p.es_abs)
    tf = np.minimum(own_tf, project_tf)
    ff_abs = axis.end_of(cal, p.ef + p.free_float)
    project_ff = _project_minutes(net, np.where(milestone, p.es_abs, ff_abs)) - _project_minutes(net, p.ef_abs)
    ff = np.clip(np.minimum(p.free_float, project_ff), 0, np.maximum(tf, 0))
    start_w = p.es + np.where(alap, p.free_float, 0)
    moved = alap & ~milestone & (p.free_float > 0)  # as late as possible: within its free float
    st_abs = np.where(moved, axis.start_of(cal, start_w), p.es_abs)
    fi_abs = np.where(moved, axis.end_of(cal, start_w + dur), p.ef_abs)
    return LeafDates(early_start=p.es_abs, early_finish=p.ef_abs, late_start=ls_abs, late_finish=lf_abs,
                     start=st_abs, finish=fi_abs, total_float=tf, free_float=ff)


def _driving_abs(net: Network, p: Passes) -> IntArray:
    """The instant each task's driver imposes, before its calendar pushes it to working time."""
    out = np.where(net.fixed_kind > 0, net.fixed_abs, np.maximum(net.floor_abs, net.start_abs))
    linked = np.flatnonzero(p.driver_link >= 0)
    if linked.size:
        li = p.driver_link[linked]
        pred = net.src[li]
        ref = shift(net, np.where(net.from_finish[li], p.ef_abs[pred], p.es_abs[pred]), li)
        need = net.calendars.to_work(net.cal[linked], ref)
        finish_type = net.to_finish[li]
        # for a finish link the driver fixes the finish: report the start that implies
        out[linked] = np.where(finish_type, net.calendars.start_of(net.cal[linked], need - net.dur[linked]), ref)
    return out


def _calendar_gaps(net: Network, driving_abs: IntArray) -> IntArray:
    """Tasks whose own calendar starts them later than the project calendar would."""
    proj = np.full(len(net.ids), PROJECT_CALENDAR)
    axis = net.calendars
    project_next = axis.start_of(proj, axis.to_work(proj, driving_abs))
    own_next = axis.start_of(net.cal, axis.to_work(net.cal, driving_abs))
    gaps: IntArray = (own_next > project_next) & (net.dur > 0) & (net.cal != 0) & (net.fixed_kind == 0)
    return gaps


def _driver(net: Network, p: Passes, i: int, when: dt.datetime, gap: bool) -> Driver:
    link_index = int(p.driver_link[i])
    if link_index >= 0:
        written = net.written_at(int(net.link_written[link_index]))
        return Driver(DriverKind.LINK, when, predecessor=written.predecessor,
                      via=net.ids[int(net.src[link_index])], link_type=written.link.type,
                      lag=written.link.lag, calendar_gap=gap)
    kind = net.floor_kind[i]
    if kind in ("status_date", "actual_start"):
        return Driver(DriverKind(kind), when, calendar_gap=gap)
    if kind.startswith("leveling: ") and net.fixed_kind[i] == 0:
        return Driver(DriverKind.LEVELING, when, calendar_gap=gap, waited_for=kind.removeprefix("leveling: "))
    if kind == "project_start" or (net.fixed_kind[i] == 0 and net.floor_abs[i] <= net.start_abs
                                   and net.fnet_abs[i] <= net.start_abs):
        return Driver(DriverKind.PROJECT_START, when, calendar_gap=gap)
    return Driver(DriverKind.CONSTRAINT, when, constraint=kind, calendar_gap=gap)


def _link_conflicts(net: Network, p: Passes) -> list[Problem]:
    """Links that a must-start-on or must-finish-on constraint overrides."""
    out: list[Problem] = []
    fixed = (net.fixed_kind == 1) | (net.fixed_kind == 2)  # not tasks pinned by progress
    into_fixed = np.flatnonzero(fixed[net.dst]) if len(net.dst) else np.zeros(0, np.int64)
    if not into_fixed.size:
        return out
    pred, succ = net.src[into_fixed], net.dst[into_fixed]
    ref = shift(net, np.where(net.from_finish[into_fixed], p.ef_abs[pred], p.es_abs[pred]), into_fixed)
    need = net.calendars.to_work(net.cal[succ], ref)
    have = np.where(net.to_finish[into_fixed], p.ef[succ], p.es[succ])
    for k in np.flatnonzero(need > have):
        i, li = int(succ[k]), int(into_fixed[k])
        task, written = net.tasks[i], net.written_at(int(net.link_written[li]))
        out.append(Problem(
            "constraint_conflict", f"{net.floor_kind[i]} holds it {int(need[k] - have[k])} working minutes "
            f"before its link from {written.predecessor!r} allows", Severity.WARNING,
            task.id, task.origin, "move the date, or use start-no-earlier-than so the link can push it"))
    return out


def _late_problems(net: Network, p: Passes, dates: LeafDates, per_day: int) -> list[Problem]:
    """Tasks with their own deadline or date limit and negative float. The message says by how much the
    task misses its own deadline, and when the float is lower still, that later date limits drive it."""
    limited = (net.finish_limit_abs != NONE) | (net.snlt_abs != NONE) | (net.fixed_kind > 0)
    late = np.flatnonzero((dates.total_float < 0) & limited)
    own_limit = net.calendars.to_work(net.cal[late], np.where(net.finish_limit_abs[late] != NONE,
                                                              net.finish_limit_abs[late], 0))
    own_miss = np.where(net.finish_limit_abs[late] != NONE, p.ef[late] - own_limit, 0)
    out = []
    for i, miss in zip(late.tolist(), own_miss.tolist(), strict=True):
        task = net.tasks[i]
        days = -int(dates.total_float[i]) / per_day
        limit = f"deadline {task.deadline}" if task.deadline is not None else "date constraint"
        if net.finish_limit_abs[i] == NONE or miss >= -int(dates.total_float[i]):
            text = f"misses its {limit} by {_working_days(days)} (total float {-days:g}d)"
        elif miss > 0:
            text = (f"misses its {limit} by {_working_days(miss / per_day)}, and later tasks' date limits need "
                    f"it earlier still (total float {-days:g}d)")
        else:
            text = (f"meets its {limit}, but later tasks' date limits need it {_working_days(days)} earlier "
                    f"(total float {-days:g}d)")
        out.append(Problem(
            "negative_float", text, Severity.WARNING, task.id, task.origin,
            f"run 'headway why PLAN {task.id}' to see what drives it; shorten or overlap its predecessors"))
    return out


def _working_days(days: float) -> str:
    return f"{days:g} working day{'' if days == 1 else 's'}"


def _critical_path(net: Network, p: Passes, dates: LeafDates) -> tuple[str, ...]:
    """The longest driving chain back from a task finishing last (ties: the last in WBS order)."""
    if not net.ids:
        return ()
    best: list[int] = []
    for last in np.flatnonzero(dates.finish == dates.finish.max())[::-1].tolist():
        chain = [last]
        while p.driver_link[chain[-1]] >= 0 and len(chain) <= len(net.ids):
            chain.append(int(net.src[p.driver_link[chain[-1]]]))
        if len(chain) > len(best):
            best = chain
    return tuple(net.ids[i] for i in reversed(best))


def _days_off(net: Network, first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """Non-working days of the project calendar between two dates."""
    axis = net.calendars
    lo, hi = axis.first[PROJECT_CALENDAR], axis.last[PROJECT_CALENDAR] + 1
    work_days = np.unique(axis.start[lo:hi] // 1440)
    base = net.origin.date()
    days = np.arange((first - base).days, (last - base).days + 1)
    return frozenset(base + dt.timedelta(days=int(d)) for d in days[~np.isin(days, work_days)])


def _assemble(project: Project, net: Network, levels: Levels, p: Passes, problems: list[Problem],
              leaves: dict[str, list[str]], tracking: Tracking | None) -> Schedule:
    dates = _leaf_dates(net, p)
    progress = leaf_tracking(tracking, net, dates) if tracking is not None else None
    if tracking is not None:
        problems = [*problems, *out_of_sequence(tracking, net, p)]
    driving_abs = _driving_abs(net, p)
    gaps = _calendar_gaps(net, driving_abs).tolist()
    driving_list = driving_abs.tolist()

    def driver(i: int) -> Driver:
        return _driver(net, p, i, net.origin + dt.timedelta(minutes=driving_list[i]), bool(gaps[i]))

    driving_written = np.zeros(len(net.written_links), bool)
    driving_written[net.link_written[p.driver_link[p.driver_link >= 0]]] = True
    tasks = roll_up(project, net, dates, driver, leaves, progress)
    proj = np.array([PROJECT_CALENDAR])
    first_work = net.calendars.start_of(proj, net.calendars.to_work(proj, np.array([net.start_abs])))
    start, finish = minutes_to_datetimes(net.origin, np.array([first_work[0], max(p.finish_abs, net.start_abs)]))
    duration = int(_project_minutes(net, np.array([p.finish_abs]))[0] - _project_minutes(net, first_work)[0])
    pred, succ, link, drives = net.written_pred, net.written_succ, net.written_links, driving_written.tolist()
    links = LazySequence(len(link), lambda k: ScheduledLink(pred[k], succ[k], link[k].type, link[k].lag, drives[k]))
    status = None
    if project.status_date is not None:
        status = minutes_to_datetimes(net.origin, np.array([net.to_abs(as_datetime(project.status_date))]))[0]
    first_day = min(start, net.origin + dt.timedelta(minutes=int(dates.start.min(initial=net.start_abs)))).date()
    off = _days_off(net, first_day - dt.timedelta(days=7), finish.date() + dt.timedelta(days=7))
    per_day = round(project.working_time.hours_per_day * 60)
    found = [*problems, *_link_conflicts(net, p), *_late_problems(net, p, dates, per_day)]
    return Schedule(
        project_name=project.name, start=start, finish=max(finish, start), duration_minutes=max(duration, 0),
        tasks=tasks, links=links, critical_path=_critical_path(net, p, dates), status_date=status,
        days_off=off, minutes_per_day=per_day, problems=tuple(found), task_ids=[t.id for t in project.tasks])

