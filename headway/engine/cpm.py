"""Critical path method: ``schedule(project) -> Schedule``, a pure function of the plan.

Early dates come from a forward pass over all link types, lags and constraints on each
task's calendar; late dates from a backward pass from the project finish (the latest early
finish), tightened by deadlines and finish limits, so float can be negative. Every task
records what drives its start, so the schedule can explain itself.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from headway.engine.network import NONE, Network, as_datetime, build_network, horizon_days
from headway.engine.passes import Levels, Passes, overflow, run, topological_levels
from headway.engine.results import Driver, DriverKind, Schedule, ScheduledLink, ScheduledTask
from headway.engine.rollup import LeafDates, roll_up, wbs_numbers
from headway.engine.worktime import IntArray
from headway.model import PlanError, Problem, Project, Severity, validate
from headway.model.graph import find_cycles

MAX_HORIZON_DAYS = 366 * 200


def schedule(project: Project, *, force_general: bool = False) -> Schedule:
    """Compute early/late dates, floats, drivers and the critical path of ``project``.

    Raises ``PlanError`` with every problem when the plan cannot be scheduled. With
    ``force_general`` the passes convert every link through calendar instants even when one
    integer axis would do (used to test the two modes against each other).
    """
    problems = validate(project)
    if any(p.is_error for p in problems):
        raise PlanError(problems)
    days = horizon_days(project)
    while True:
        net = build_network(project, days)
        levels = topological_levels(len(net.ids), net.src, net.dst)
        if levels is None:
            raise PlanError([Problem("link_cycle", "dependency cycle: " + " -> ".join(c), entity_id=c[0])
                             for c in find_cycles(project)] or [Problem("link_cycle", "dependency cycle")])
        passes = run(net, levels, force_general)
        if not overflow(net, passes):
            break
        if days > MAX_HORIZON_DAYS:
            raise PlanError([Problem("schedule_too_long", f"the schedule runs past {MAX_HORIZON_DAYS // 366}"
                                     " years", hint="check for huge durations or lags")])
        days *= 2
    return _assemble(project, net, levels, passes, [*problems, *net.problems])


def _minutes_to_datetimes(origin: dt.datetime, minutes: IntArray) -> list[dt.datetime]:
    base = np.datetime64(origin, "m")
    values: list[dt.datetime] = (base + minutes.astype("timedelta64[m]")).tolist()
    return values


def _leaf_dates(net: Network, p: Passes) -> LeafDates:
    axis, cal = net.axis, net.cal
    at_finish = p.at_finish
    alap = np.array([t.constraint is not None and t.constraint.type.value == "alap" for t in net.tasks], bool)
    start_w = np.where(alap, p.es + p.free_float, p.es)

    def starts(w: IntArray) -> IntArray:
        return np.where(at_finish, axis.end_of(cal, w), axis.start_of(cal, w))

    def finishes(w: IntArray, begin: IntArray) -> IntArray:
        return np.where(net.dur == 0, begin, axis.end_of(cal, w))

    es_abs, ls_abs, st_abs = starts(p.es), starts(p.ls), starts(start_w)
    cols = [es_abs, finishes(p.ef, es_abs), ls_abs, finishes(p.lf, ls_abs), st_abs,
            finishes(start_w + net.dur, st_abs)]
    dates = _minutes_to_datetimes(net.origin, np.concatenate(cols))
    n = len(net.ids)
    es_d, ef_d, ls_d, lf_d, st_d, fi_d = (dates[i * n:(i + 1) * n] for i in range(6))
    return LeafDates(
        early_start=es_d, early_finish=ef_d, late_start=ls_d, late_finish=lf_d, start=st_d, finish=fi_d,
        start_abs=st_abs, finish_abs=np.where(net.dur == 0, st_abs, axis.end_of(cal, start_w + net.dur)),
        total_float=p.ls - p.es, free_float=np.minimum(p.free_float, np.maximum(p.ls - p.es, 0)))


def _driver(net: Network, p: Passes, i: int, when: list[dt.datetime], gap: bool) -> Driver:
    link_index = int(p.driver_link[i])
    if link_index >= 0:
        ll = net.links[link_index]
        return Driver(DriverKind.LINK, when[i], predecessor=ll.written_predecessor, via=ll.predecessor,
                      link_type=ll.link.type, lag=ll.link.lag, calendar_gap=gap)
    kind = net.floor_kind[i]
    if kind == "project_start" or (net.fixed_kind[i] == 0 and net.floor_abs[i] <= net.start_abs
                                   and net.fnet_abs[i] <= net.start_abs):
        return Driver(DriverKind.PROJECT_START, when[i], calendar_gap=gap)
    return Driver(DriverKind.CONSTRAINT, when[i], constraint=kind, calendar_gap=gap)


def _calendar_gaps(net: Network, p: Passes, driving_abs: IntArray) -> IntArray:
    """Tasks whose own calendar starts them later than the project calendar would."""
    cal0 = np.zeros(len(net.ids), np.int64)
    project_next = net.axis.start_of(cal0, net.axis.to_work(cal0, driving_abs))
    own_next = net.axis.start_of(net.cal, net.axis.to_work(net.cal, driving_abs))
    return (own_next > project_next) & (net.dur > 0) & (net.cal != 0) & (net.fixed_kind == 0)


def _driving_abs(net: Network, p: Passes) -> IntArray:
    """The instant each task's driver imposes, before its calendar pushes it to working time."""
    out = np.where(net.fixed_kind > 0, net.fixed_abs, np.maximum(net.floor_abs, net.start_abs))
    linked = np.flatnonzero(p.driver_link >= 0)
    if linked.size:
        li = p.driver_link[linked]
        pred = net.src[li]
        ref = np.where(net.from_finish[li], p.ef_abs[pred], p.es_abs[pred]) + net.elag[li]
        lag_work = net.wlag[li]
        cal = net.cal[linked]
        shifted = net.axis.end_of(cal, net.axis.to_work(cal, ref) + lag_work)
        out[linked] = np.where(lag_work != 0, shifted, ref)
    return out


def _link_conflicts(net: Network, p: Passes) -> list[Problem]:
    """Links a must-start/finish-on constraint overrides."""
    out = []
    for i in np.flatnonzero(net.fixed_kind > 0):
        for li in np.flatnonzero(net.dst == i):
            pred = int(net.src[li])
            ll = net.links[int(li)]
            need_abs = (p.ef_abs[pred] if net.from_finish[li] else p.es_abs[pred]) + net.elag[li]
            need = int(net.axis.to_work(net.cal[i:i + 1], np.array([need_abs]))[0] + net.wlag[li])
            have = int(p.ef[i] if net.to_finish[li] else p.es[i])
            if need > have:
                task = net.tasks[int(i)]
                out.append(Problem(
                    "constraint_conflict", f"{net.floor_kind[i]} holds it {need - have} working minutes "
                    f"before its link from {ll.written_predecessor!r} allows", Severity.WARNING,
                    task.id, task.origin, "move the date, or make it start-no-earlier-than"))
    return out


def _late_problems(net: Network, dates: LeafDates, per_day: int) -> list[Problem]:
    """Tasks with their own deadline or date limit that the early schedule misses."""
    limited = (net.finish_limit_abs != NONE) | (net.snlt_abs != NONE) | (net.fixed_kind > 0)
    out = []
    for i in np.flatnonzero((dates.total_float < 0) & limited):
        task = net.tasks[int(i)]
        days = -int(dates.total_float[i]) / per_day
        limit = f"deadline {task.deadline}" if task.deadline is not None else "date constraint"
        out.append(Problem(
            "negative_float", f"misses its {limit} by {days:g} working days (total float {-days:g}d)",
            Severity.WARNING, task.id, task.origin,
            f"run 'headway why PLAN {task.id}' to see what drives it; shorten or overlap its predecessors"))
    return out


def _critical_path(net: Network, p: Passes, dates: LeafDates) -> tuple[str, ...]:
    if not net.ids:
        return ()
    last = len(net.ids) - 1 - int(np.argmax(dates.finish_abs[::-1]))  # the last of the latest
    chain = [last]
    while p.driver_link[chain[-1]] >= 0 and len(chain) <= len(net.ids):
        chain.append(int(net.src[p.driver_link[chain[-1]]]))
    return tuple(net.ids[i] for i in reversed(chain))


def _days_off(net: Network, first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """Non-working days of the project calendar between two dates."""
    axis = net.axis
    lo, hi = axis.first[0], axis.last[0] + 1
    work_days = np.unique(axis.start[lo:hi] // 1440)
    d0 = (first - net.origin.date()).days
    d1 = (last - net.origin.date()).days
    days = np.arange(d0, d1 + 1)
    off = days[~np.isin(days, work_days)]
    return frozenset(net.origin.date() + dt.timedelta(days=int(d)) for d in off)


def _assemble(project: Project, net: Network, levels: Levels, p: Passes,
              problems: list[Problem]) -> Schedule:
    dates = _leaf_dates(net, p)
    driving_abs = _driving_abs(net, p)
    when = _minutes_to_datetimes(net.origin, driving_abs)
    gaps = _calendar_gaps(net, p, driving_abs)
    drivers = {net.ids[i]: _driver(net, p, i, when, bool(gaps[i])) for i in range(len(net.ids))}
    driving_written = {(net.links[int(li)].written_predecessor, net.links[int(li)].written_successor)
                       for li in p.driver_link if li >= 0}
    leaf_index = {tid: i for i, tid in enumerate(net.ids)}
    tasks = roll_up(project, net, leaf_index, dates, drivers)
    cal0 = np.zeros(1, np.int64)
    first_work = net.axis.start_of(cal0, net.axis.to_work(cal0, np.array([net.start_abs])))
    start = _minutes_to_datetimes(net.origin, first_work)[0]
    finish_list = _minutes_to_datetimes(net.origin, np.array([p.finish_abs]))
    finish = max(finish_list[0], start)
    duration = int(net.axis.to_work(np.zeros(1, np.int64), np.array([p.finish_abs]))[0]
                   - net.axis.to_work(np.zeros(1, np.int64), np.array([net.start_abs]))[0])
    links = tuple(ScheduledLink(link.predecessor, task.id, link.type, link.lag,
                                (link.predecessor, task.id) in driving_written)
                  for task in project.tasks for link in task.links)
    status = as_datetime(project.status_date) if project.status_date is not None else None
    first_day = min([start.date()] + [t.start.date() for t in tasks])
    off = _days_off(net, first_day - dt.timedelta(days=7), finish.date() + dt.timedelta(days=7))
    found = [*problems, *_link_conflicts(net, p), *_late_problems(net, dates, round(project.working_time.hours_per_day * 60))]
    return Schedule(
        project_name=project.name, start=start, finish=finish, duration_minutes=max(duration, 0),
        tasks=tuple(tasks), links=links, critical_path=_critical_path(net, p, dates), status_date=status,
        days_off=off, minutes_per_day=round(project.working_time.hours_per_day * 60),
        problems=tuple(found))


__all__ = ["schedule", "wbs_numbers"]
