"""Sections on the work: the WBS, the schedule with its critical path, and the milestones."""

from __future__ import annotations

from headway.engine.baselines import find
from headway.engine.results import Schedule, ScheduledTask
from headway.engine.variance import clock_for, compare
from headway.model import Project
from headway.reports.plan_doc.content import NONE_RECORDED, Block, Paragraph, Section, Subheading, Table
from headway.reports.plan_doc.words import DASH, day, signed_days, work_days


def _kind(task: ScheduledTask) -> str:
    return "summary" if task.summary else "milestone" if task.milestone else "task"


def wbs(project: Project, schedule: Schedule) -> Section:
    """The task tree: WBS number, id, name, kind, duration, owner and who is assigned."""
    per_day = schedule.minutes_per_day
    plan = project.tasks_by_id()
    rows = []
    for t in schedule.tasks:
        task = plan.get(t.id)
        people = ", ".join(a.resource for a in task.assignments) if task is not None else ""
        rows.append((t.wbs, t.id, t.name or t.id, _kind(t),
                     DASH if t.milestone else work_days(t.duration_minutes, per_day),
                     (task.owner if task is not None else None) or DASH, people or DASH))
    if not rows:
        return Section("wbs", "Work breakdown structure", (Paragraph(NONE_RECORDED),))
    return Section("wbs", "Work breakdown structure",
                   (Table(("WBS", "Id", "Task", "Kind", "Duration", "Owner", "Assigned"), tuple(rows)),))


def schedule_section(project: Project, schedule: Schedule) -> Section:
    """Start, finish and length; the critical path; every task's dates and total float."""
    per_day = schedule.minutes_per_day
    facts = (f"The project starts {day(schedule.start)} and finishes {day(schedule.finish)}: "
             f"{work_days(schedule.duration_minutes, per_day)} working days.")
    if schedule.status_date is not None:
        facts += f" Progress is known up to the status date, {day(schedule.status_date)}."
    blocks: list[Block] = [Paragraph(facts), Subheading("Critical path")]
    path = [schedule.task(tid) for tid in schedule.critical_path]
    if path:
        blocks.append(Table(("Id", "Task", "Start", "Finish"),
                            tuple((t.id, t.name or t.id, day(t.start), day(t.finish)) for t in path)))
    else:
        blocks.append(Paragraph(NONE_RECORDED))
    blocks.append(Subheading("All tasks"))
    rows = tuple((t.wbs, t.id, day(t.start), day(t.finish), work_days(t.total_float_minutes, per_day),
                  "yes" if t.critical else "") for t in schedule.tasks)
    blocks.append(Table(("WBS", "Id", "Start", "Finish", "Total float", "Critical"), rows)
                  if rows else Paragraph(NONE_RECORDED))
    return Section("schedule", "Schedule", tuple(blocks))


def milestones(project: Project, schedule: Schedule) -> Section:
    """Each milestone planned now vs the latest baseline, and against its deadline."""
    marks = [t for t in schedule.tasks if t.milestone]
    if not marks:
        return Section("milestones", "Milestones", (Paragraph(NONE_RECORDED),))
    per_day = schedule.minutes_per_day
    baseline = find(project, None)
    variance = compare(project, schedule, baseline) if baseline is not None else None
    clock = clock_for(project, schedule.finish, *(t.deadline for t in marks))
    rows = []
    for t in marks:
        was = variance.task(t.id) if variance is not None else None
        slip = DASH if was is None or was.finish_slip_minutes is None \
            else signed_days(was.finish_slip_minutes, per_day)
        if t.deadline is None:
            against = DASH
        else:
            late = clock.minutes(t.finish) - clock.minutes(t.deadline)
            against = f"late by {work_days(late, per_day)}" if late > 0 else "on time"
        rows.append((t.id, t.name or t.id, day(t.finish), day(was.baseline_finish) if was is not None else DASH,
                     slip, day(t.deadline), against))
    note = (f"Baseline: {baseline.name!r}, saved {day(baseline.saved)}." if baseline is not None
            else "No baseline saved: planned dates only.")
    table = Table(("Id", "Milestone", "Planned", "Baseline", "Slip", "Deadline", "Against deadline"), tuple(rows))
    return Section("milestones", "Milestones", (Paragraph(note), table))
