"""Build the plan document's content from a plan and its schedule (once, for every format)."""

from __future__ import annotations

import datetime as dt

from headway.engine.results import Schedule
from headway.model import Project
from headway.reports.plan_doc import intent, money, people, work
from headway.reports.plan_doc.content import PlanDocument


def document_date(project: Project) -> dt.date:
    """The plan's status date, else its start: the document never depends on today."""
    when = project.status_date or project.start
    return when.date() if isinstance(when, dt.datetime) else when


def build_document(project: Project, schedule: Schedule) -> PlanDocument:
    """Objectives, scope, WBS, schedule, milestones, resources, RACI, budget, risks, assumptions and
    stakeholders, in that order."""
    sections = (
        intent.objectives(project, schedule),
        intent.scope(project),
        work.wbs(project, schedule),
        work.schedule_section(project, schedule),
        work.milestones(project, schedule),
        people.resources(project),
        people.raci_section(project, schedule),
        money.budget(project, schedule),
        money.risks(project),
        intent.assumptions(project),
        intent.stakeholders(project),
    )
    return PlanDocument(project.name, document_date(project), project.description.strip(), sections)
