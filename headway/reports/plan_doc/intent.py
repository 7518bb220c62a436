"""Sections on what the project is for: objectives, scope, assumptions and stakeholders."""

from __future__ import annotations

from headway.engine.objectives import criterion_state, objective_states
from headway.engine.results import Schedule
from headway.model import Project
from headway.reports.plan_doc.content import NONE_RECORDED, Block, Bullets, Paragraph, Section, Subheading, Table
from headway.reports.plan_doc.words import DASH, day


def objectives(project: Project, schedule: Schedule) -> Section:
    """Each objective: its state (``engine.objectives``), owner, deliverables and success criteria with theirs."""
    blocks: list[Block] = []
    states = {s.id: s for s in objective_states(project, schedule)}
    for objective in project.objectives:
        state = states[objective.id]
        blocks.append(Subheading(f"{objective.id}: {objective.title}"))
        if objective.description:
            blocks.append(Paragraph(objective.description))
        facts = [f"State: {state.state.value.replace('_', ' ')} ({state.reason})", f"Owner: {objective.owner or DASH}"]
        if objective.deliverables:
            facts.append("Deliverables: " + ", ".join(_task_words(d, schedule) for d in objective.deliverables))
        blocks.append(Bullets(tuple(facts)))
        if objective.criteria:
            rows = tuple((c.metric, c.target, _task_words(c.milestone, schedule) if c.milestone else DASH,
                          day(schedule.task(c.milestone).finish) if c.milestone and c.milestone in schedule
                          else DASH, criterion_state(c, schedule)) for c in objective.criteria)
            blocks.append(Table(("Success criterion", "Target", "By milestone", "Planned", "State"), rows))
        else:
            blocks.append(Paragraph("No success criteria recorded."))
    return Section("objectives", "Objectives", tuple(blocks) or (Paragraph(NONE_RECORDED),))


def scope(project: Project) -> Section:
    """In scope and out of scope, as plain statements."""
    blocks: list[Block] = [Subheading("In scope")]
    blocks.append(Bullets(project.scope) if project.scope else Paragraph(NONE_RECORDED))
    blocks.append(Subheading("Out of scope"))
    blocks.append(Bullets(project.out_of_scope) if project.out_of_scope else Paragraph(NONE_RECORDED))
    return Section("scope", "Scope", tuple(blocks))


def assumptions(project: Project) -> Section:
    block: Block = Bullets(project.assumptions) if project.assumptions else Paragraph(NONE_RECORDED)
    return Section("assumptions", "Assumptions", (block,))


def stakeholders(project: Project) -> Section:
    """The stakeholder register: role, interest and influence, and which report they get how often."""
    if not project.stakeholders:
        return Section("stakeholders", "Stakeholders", (Paragraph(NONE_RECORDED),))
    rows = tuple((s.id, s.name, s.role or DASH, s.organisation or DASH, s.interest.value, s.influence.value,
                  s.report.value if s.report.value == "none" else f"{s.report.value}, {s.cadence.value}",
                  s.email or DASH) for s in project.stakeholders)
    table = Table(("Id", "Name", "Role", "Organisation", "Interest", "Influence", "Report", "Contact"), rows)
    return Section("stakeholders", "Stakeholders", (table,))


def _task_words(task_id: str, schedule: Schedule) -> str:
    """``Launch (launch)``, or the bare id when the plan has no such task."""
    if task_id not in schedule:
        return task_id
    name = schedule.task(task_id).name
    return f"{name} ({task_id})" if name and name != task_id else task_id
