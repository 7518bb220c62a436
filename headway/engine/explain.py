"""Why a task starts when it does: the chain of drivers back to the project start."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from headway.engine.results import DriverKind, Schedule, ScheduledTask
from headway.model import LinkType, Project

LINK_WORDS = {
    LinkType.FS: ("finishes", "start after it finishes"),
    LinkType.SS: ("starts", "start after it starts"),
    LinkType.FF: ("finishes", "finish after it finishes"),
    LinkType.SF: ("starts", "finish after it starts"),
}


@dataclass(frozen=True, slots=True)
class WhyStep:
    """One link of the chain: a task, its dates, and the reason in plain words."""

    task_id: str
    start: dt.datetime
    finish: dt.datetime
    reason: str


def when(value: dt.datetime) -> str:
    """``Thu 2027-01-07 08:00``."""
    return value.strftime("%a %Y-%m-%d %H:%M")


def why(project: Project, schedule: Schedule, task_id: str) -> list[WhyStep]:
    """Steps from ``task_id`` back along its driving links to what started the chain.

    Raises KeyError for an unknown task id.
    """
    steps: list[WhyStep] = []
    seen: set[str] = set()
    current: str | None = task_id
    while current is not None and current not in seen:
        seen.add(current)
        task = schedule.task(current)
        reason, nxt = _reason(project, schedule, task)
        steps.append(WhyStep(task.id, task.early_start, task.early_finish, reason))
        current = nxt
    return steps


def _reason(project: Project, schedule: Schedule, task: ScheduledTask) -> tuple[str, str | None]:
    driver = task.driver
    name = f"{task.id!r}"
    if driver is None:
        return f"{name} starts {when(task.early_start)}", None
    if driver.kind is DriverKind.SUMMARY:
        return (f"summary {name} starts {when(task.early_start)} with its earliest subtask "
                f"{driver.via!r}"), driver.via
    gap = _gap_words(project, task, driver.date) if driver.calendar_gap else ""
    if driver.kind is DriverKind.PROJECT_START:
        return f"{name} starts {when(task.early_start)}: the project starts then{gap}", None
    if driver.kind is DriverKind.STATUS_DATE:
        return f"{name} starts {when(task.early_start)}: remaining work starts after the status date{gap}", None
    if driver.kind is DriverKind.ACTUAL_START:
        return f"{name} started {when(task.early_start)}, as recorded in its progress", None
    if driver.kind is DriverKind.LEVELING:
        return (f"{name} starts {when(task.early_start)}: leveling delayed it; it waited for "
                f"{driver.waited_for}{gap}"), None
    if driver.kind is DriverKind.CONSTRAINT:
        return f"{name} starts {when(task.early_start)}: it is constrained to {driver.constraint}{gap}", None
    assert driver.link_type is not None and driver.via is not None
    pred = schedule.task(driver.via)
    verb, rule = LINK_WORDS[driver.link_type]
    ref = pred.early_finish if driver.link_type.from_finish else pred.early_start
    lag = ""
    if driver.lag is not None and driver.lag.amount:
        lead = driver.lag.amount < 0
        amount = str(driver.lag).lstrip("-")
        lag = f" with a {'lead' if lead else 'lag'} of {amount}"
    through = f" (through summary {driver.predecessor!r})" if driver.predecessor != driver.via else ""
    field = "finishes" if driver.link_type.to_finish else "starts"
    field_date = task.early_finish if driver.link_type.to_finish else task.early_start
    text = (f"{name} {field} {when(field_date)} because {driver.via!r} {verb} {when(ref)} and "
            f"{name} must {rule} ({driver.link_type.value}{lag}){through}{gap}")
    return text, driver.via


def _gap_words(project: Project, task: ScheduledTask, ready: dt.datetime) -> str:
    """Which calendar kept the task from starting when it was ready."""
    people = project.resources_by_id()
    reasons = []
    for rid in task.resources:
        res = people.get(rid)
        if res is None:
            continue
        for vac in res.vacations:
            if vac.start <= task.early_start.date() and vac.end >= ready.date():
                reasons.append(f"{rid} is on vacation {vac.start}..{vac.end}")
    detail = "; ".join(reasons) if reasons else f"its calendar ({task.calendar}) has no working time"
    return f"; it was ready {when(ready)} but waited: {detail}"
