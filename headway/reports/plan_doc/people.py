"""Sections on the people: the resources and the RACI matrix."""

from __future__ import annotations

from headway.engine.results import Schedule
from headway.model import Project
from headway.reports.plan_doc.content import NONE_RECORDED, Paragraph, Section, Table
from headway.reports.plan_doc.raci import raci
from headway.reports.plan_doc.words import DASH, day, percent

LEGEND = ("R: responsible (assigned); A: accountable (the task's owner, or its nearest summary's); "
          "C: consulted; I: informed (from the stakeholder register; a summary stands for its subtree).")


def resources(project: Project) -> Section:
    """Each resource: role, units, rate, calendar and vacations."""
    if not project.resources:
        return Section("resources", "Resources", (Paragraph(NONE_RECORDED),))
    rows = tuple((r.id, r.name or r.id, r.role or DASH, percent(r.units),
                  f"{r.rates.standard:,.2f}" if r.rates.standard else DASH, r.calendar or project.calendar or DASH,
                  ", ".join(f"{day(v.start)} to {day(v.end)}" for v in r.vacations) or DASH)
                 for r in project.resources)
    table = Table(("Id", "Name", "Role", "Units", f"Rate ({project.currency}/h)", "Calendar", "Vacations"), rows)
    return Section("resources", "Resources", (table,))


def raci_section(project: Project, schedule: Schedule) -> Section:
    """One row per task, one column per person who has a letter anywhere."""
    matrix = raci(project)
    people = [(pid, label) for pid, label in matrix.people
              if any(matrix.cell(tid, pid) for tid in matrix.tasks)]
    if not people:
        return Section("raci", "RACI matrix", (Paragraph(NONE_RECORDED),))
    rows = tuple((schedule.task(tid).wbs if tid in schedule else DASH, tid,
                  *(matrix.cell(tid, pid) for pid, _ in people)) for tid in matrix.tasks)
    table = Table(("WBS", "Task", *(label for _, label in people)), rows)
    return Section("raci", "RACI matrix", (Paragraph(LEGEND), table))
