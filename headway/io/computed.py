"""A project's computed results as the CLI's ``--json`` objects: one function per kind, so the
server's endpoints and background jobs give exactly what the commands print.

Each function takes the project, its options (``computed_params``) and a ``Progress`` callback
``(fraction 0..1, message)``; a callback may raise to stop the work. Options that do not fit the
project raise ``ParamError``; a plan that cannot be scheduled raises ``PlanError``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from headway.engine.calibration import calibrate, people_summary, records_from_project
from headway.engine.cpm import schedule
from headway.engine.evm import earned_value
from headway.engine.forecast import forecast
from headway.engine.forecast_leveled import with_leveled_sequence
from headway.engine.leveling.plan import LeveledPlan, level_plan
from headway.engine.progress import end_of
from headway.engine.status import status
from headway.engine.usage import resource_usage
from headway.io.computed_params import (
    CriticalParams,
    EvmParams,
    ForecastParams,
    LevelParams,
    Params,
    ScheduleParams,
    StatusParams,
    UsageParams,
    WhyParams,
)
from headway.io.evm_json import evm_dict
from headway.io.explain_json import critical_dict, why_dict
from headway.io.forecast_json import calibration_dict, forecast_dict
from headway.io.schedule_json import leveled_dict, resources_list, schedule_dict, usage_dict
from headway.io.tracking_json import status_dict
from headway.model import DateOrTime, Project, did_you_mean

Progress = Callable[[float, str], None]
ShouldStop = Callable[[], bool]
MAX_USAGE_DAYS = 100 * 365
Json = dict[str, Any]


class ParamError(ValueError):
    """An option that does not fit the project (an unknown baseline, resource…); ``missing`` when
    the thing asked about (a task to explain) is not in the project."""

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing


def _quiet(_fraction: float, _message: str) -> None:
    return None


def _unknown(what: str, key: str, known: list[str], *, missing: bool = False) -> ParamError:
    hint = did_you_mean(key, known)
    return ParamError(f"no {what} {key!r} in the project" + (f"; {hint}" if hint else ""), missing=missing)


STATUS_REACH_YEARS = 20  # how far from the project's start a status date given as an option may lie


def local(project: Project, value: DateOrTime | None) -> DateOrTime | None:
    """A status date as the plan's local time: one with a UTC offset is moved into the plan's time
    zone (UTC without one) and keeps no offset, as the engine counts in the plan's wall-clock time.
    A date more than ``STATUS_REACH_YEARS`` from the project's start is refused: the day-by-day
    curves up to it would cost time and memory without meaning anything."""
    if value is None:
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    start = project.start.date() if isinstance(project.start, dt.datetime) else project.start
    if abs((day - start).days) > STATUS_REACH_YEARS * 366:
        raise ParamError(f"status date {day.isoformat()} is more than {STATUS_REACH_YEARS} years from the "
                         f"project's start ({start.isoformat()})")
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        return value
    try:
        zone = ZoneInfo(project.timezone) if project.timezone else dt.UTC
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ParamError(f"the plan's time zone {project.timezone!r} is unknown: give a date-time without an offset") \
            from err
    return value.astimezone(zone).replace(tzinfo=None)


def _level(project: Project, params: LevelParams, progress: Progress,
           should_stop: ShouldStop | None = None) -> LeveledPlan:
    began = time.monotonic()

    def better(found: int, makespan: int) -> None:
        share = min(0.99, (time.monotonic() - began) / max(params.time_limit, 0.1))
        progress(share, f"{found} better schedule(s); the best is {makespan} slots long")

    try:
        return level_plan(project, method=params.method, time_limit=params.time_limit, workers=params.workers,
                          within_float=params.within_float, on_progress=better, should_stop=should_stop,
                          objective="lateness" if params.objective == "lateness" else "makespan")
    except ValueError as err:
        raise ParamError(str(err)) from err


def schedule_json(project: Project, _params: ScheduleParams, _progress: Progress = _quiet) -> Json:
    """``headway schedule --json``."""
    result = schedule(project)
    data = schedule_dict(result)
    data["resources"] = resources_list(project, result)
    return data


def critical_json(project: Project, _params: CriticalParams, _progress: Progress = _quiet) -> Json:
    """``headway critical --json``."""
    return critical_dict(schedule(project))


def leveled_json(project: Project, params: LevelParams, progress: Progress = _quiet,
                 should_stop: ShouldStop | None = None) -> Json:
    """``headway level --json`` with the same options (``should_stop``: see ``compute``)."""
    return leveled_dict(_level(project, params, progress, should_stop), project)


def status_json(project: Project, params: StatusParams, _progress: Progress = _quiet) -> Json:
    """``headway status --json``; ``status_date`` replaces the plan's."""
    if params.baseline is not None and all(b.name != params.baseline for b in project.baselines):
        raise _unknown("baseline", params.baseline, [b.name for b in project.baselines])
    if params.status_date is not None:
        project = project.replace(status_date=local(project, params.status_date))
    report = status(project, baseline=params.baseline, if_lasts=params.if_lasts, undated=params.undated,
                    forecast_iterations=None if params.no_forecast else params.iterations, seed=params.seed)
    return status_dict(project, report)


def evm_json(project: Project, params: EvmParams, _progress: Progress = _quiet) -> Json:
    """``headway evm --json``: at ``status_date``, else the plan's status date."""
    written = local(project, params.status_date) if params.status_date is not None else project.status_date
    if written is None:
        raise ParamError("the plan has no status_date: give one (status_date=YYYY-MM-DD)")
    if params.task is not None and params.task not in project.summary_ids():
        raise _unknown("summary task", params.task, sorted(project.summary_ids()))
    value = earned_value(project, schedule(project), status=end_of(written), by=params.by)
    return evm_dict(value, project.name, written, params.task)


def forecast_json(project: Project, params: ForecastParams, progress: Progress = _quiet) -> Json:
    """``headway forecast --json`` (``--level``, ``--calibrate``: on the plan's own finished tasks)."""
    calibration = calibrate(records_from_project(project)) if params.calibrate else None
    extra: Json = {}
    if params.level:
        progress(0.0, "leveling first")
        project, links = with_leveled_sequence(_level(project, LevelParams(), _quiet), project)
        extra["leveled_links"] = links

    def stage(done: int, total: int) -> None:
        progress(done / total, f"sampling {params.iterations} schedules: stage {done} of {total}")

    result = forecast(project, iterations=params.iterations, seed=params.seed, on_progress=stage,
                      calibration=calibration, task_percentiles=params.tasks)
    if calibration is not None:
        plain = forecast(project, iterations=params.iterations, seed=params.seed)
        extra["calibration"] = calibration_dict(calibration.correlation, people_summary(calibration, project), plain)
    return forecast_dict(result) | extra


def usage_json(project: Project, params: UsageParams, _progress: Progress = _quiet) -> Json:
    """``headway usage --json``."""
    known = [r.id for r in project.resources]
    for rid in params.resources:
        if rid not in known:
            raise _unknown("resource", rid, known)
    if params.first is not None and params.last is not None:
        if params.last < params.first:
            raise ParamError(f"'last' {params.last} is before 'first' {params.first}")
        if (params.last - params.first).days > MAX_USAGE_DAYS:
            raise ParamError(f"show at most {MAX_USAGE_DAYS // 365} years of usage at once")
    result = _level(project, LevelParams(), _quiet).schedule if params.leveled else schedule(project)
    usage = resource_usage(project, result, by=params.by, first=params.first, last=params.last,
                           resources=list(params.resources) or None)
    return usage_dict(usage, project.name)


def why_json(project: Project, params: WhyParams, _progress: Progress = _quiet) -> Json:
    """``headway why PLAN TASK --json``."""
    result = schedule(project)
    if params.task not in result:
        raise _unknown("task", params.task, [t.id for t in result.tasks], missing=True)
    return why_dict(project, result, params.task)


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of computed result: its options' class and the function computing it."""

    name: str
    params: type[Any]
    run: Callable[..., Json]  # (project, params, progress), and should_stop when ``stoppable``
    stoppable: bool = False


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("schedule", ScheduleParams, schedule_json), Kind("critical", CriticalParams, critical_json),
    Kind("level", LevelParams, leveled_json, stoppable=True), Kind("status", StatusParams, status_json),
    Kind("evm", EvmParams, evm_json), Kind("forecast", ForecastParams, forecast_json),
    Kind("usage", UsageParams, usage_json), Kind("why", WhyParams, why_json),
)}


def compute(kind: str, project: Project, params: Params, progress: Progress = _quiet,
            should_stop: ShouldStop | None = None) -> Json:
    """The result of ``kind`` (a key of ``KINDS``) for ``project``. ``should_stop``, asked a few times a
    second by a long search (CP-SAT leveling), ends it early: the caller no longer wants the answer."""
    found = KINDS[kind]
    stop = (should_stop,) if should_stop is not None and found.stoppable else ()
    try:
        result: Json = found.run(project, params, progress, *stop)
        return result
    except OverflowError as err:  # a date option thousands of years away
        raise ParamError(f"a date or amount is out of range: {err}") from err
