"""Rules for what happened: progress entries and timesheet lines must name real tasks and people."""

from __future__ import annotations

import datetime as dt

from headway.model.problems import Problem, Severity, did_you_mean
from headway.model.project import Project
from headway.model.task import DateOrTime
from headway.model.tracking import ProgressEntry

_DAY = dt.timedelta(days=1)


def tracking_problems(project: Project) -> list[Problem]:
    """Problems of ``project.progress`` and ``project.timesheets``, in list order."""
    if not project.progress and not project.timesheets:
        return []
    task_ids = [t.id for t in project.tasks]
    known = set(task_ids)
    summaries = project.summary_ids()
    status = _end(project.status_date) if project.status_date is not None else None
    out: list[Problem] = []
    for entry in project.progress:
        where = entry.origin
        if entry.task not in known:
            out.append(Problem("unknown_task", f"progress names task {entry.task!r}, which does not exist",
                               entity_id=entry.task, location=where, hint=did_you_mean(entry.task, task_ids)))
            continue
        if entry.task in summaries:
            out.append(Problem("progress_on_summary", "a summary task's progress rolls up from its subtasks; "
                               "this entry is ignored", Severity.WARNING, entry.task, where,
                               "record progress on the subtasks"))
        out += _entry_problems(entry)
        if status is not None and _end(entry.date) > status:
            out.append(Problem("progress_after_status_date", f"progress dated {entry.date} is after the "
                               f"status date {project.status_date}; it is ignored until then",
                               Severity.WARNING, entry.task, where, "move the project's status_date forward"))
    res_ids = [r.id for r in project.resources]
    for line in project.timesheets:
        if line.task not in known:
            out.append(Problem("unknown_task", f"timesheet names task {line.task!r}, which does not exist",
                               entity_id=line.task, location=line.origin, hint=did_you_mean(line.task, task_ids)))
        if line.resource not in res_ids:
            out.append(Problem("unknown_resource", f"timesheet names resource {line.resource!r}, which is not "
                               "defined", entity_id=line.task, location=line.origin,
                               hint=did_you_mean(line.resource, res_ids)))
        for value, what in ((line.work, "work"), (line.overtime, "overtime")):
            if value is not None and value.amount < 0:
                out.append(Problem("negative_duration", f"{what} {value} is negative",
                                   entity_id=line.task, location=line.origin))
    return out


def _entry_problems(entry: ProgressEntry) -> list[Problem]:
    out = []
    tid, where = entry.task, entry.origin
    if entry.done is not None and not 0 <= entry.done <= 1:
        out.append(Problem("bad_done", f"done {entry.done:.0%} is outside 0%..100%", entity_id=tid,
                           location=where, hint="write e.g. 'done: 40%'"))
    if entry.remaining is not None and entry.remaining.amount < 0:
        out.append(Problem("negative_duration", f"remaining {entry.remaining} is negative", entity_id=tid,
                           location=where))
    if entry.actual_cost is not None and entry.actual_cost < 0:
        out.append(Problem("negative_cost", f"actual cost {entry.actual_cost:g} is negative", entity_id=tid,
                           location=where))
    start, finish = entry.actual_start, entry.actual_finish
    if start is not None and finish is not None and _finishes_before(finish, start):
        out.append(Problem("finish_before_start", f"actual finish {finish} is before actual start {start}",
                           entity_id=tid, location=where))
    if start is not None and _start(start) > _end(entry.date):
        out.append(Problem("actual_after_entry", f"actual start {start} is after the entry's date {entry.date}",
                           entity_id=tid, location=where, hint="date the entry on or after the actual start"))
    return out


def _finishes_before(finish: DateOrTime, start: DateOrTime) -> bool:
    if isinstance(finish, dt.datetime):
        return finish < _start(start)
    return _end(finish) <= _start(start)


def _start(value: DateOrTime) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())


def _end(value: DateOrTime) -> dt.datetime:
    """A date alone means the end of that day."""
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time()) + _DAY
