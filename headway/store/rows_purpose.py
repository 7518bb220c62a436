"""Objectives, stakeholders and scope statements to rows and back."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from headway.model import Project
from headway.model.objectives import Cadence, Level, Objective, ReportKind, Stakeholder, SuccessCriterion
from headway.store.tables import Base, InProject
from headway.store.tables_purpose import ObjectiveRow, ProjectStatementRow, StakeholderRow, SuccessCriterionRow

R = TypeVar("R", bound=InProject)

# the Project field of each statement kind
STATEMENT_KINDS = {"scope": "scope", "out_of_scope": "out_of_scope", "assumption": "assumptions"}


def statements(project: Project) -> tuple[tuple[str, ...], ...]:
    """The project's statements, one tuple per kind: what the ``statements`` section compares."""
    return tuple(getattr(project, field) for field in STATEMENT_KINDS.values())


def objective_rows(project: Project, pid: int) -> list[Base]:
    rows: list[Base] = []
    for i, o in enumerate(project.objectives):
        row = ObjectiveRow(project_id=pid, position=i, key=o.id, title=o.title, description=o.description,
                           owner=o.owner, deliverables=list(o.deliverables))
        row.criteria = [SuccessCriterionRow(project_id=pid, position=j, metric=c.metric, target=c.target,
                                            milestone=c.milestone, met=c.met)
                        for j, c in enumerate(o.criteria)]
        rows += [row, *row.criteria]
    return rows


def stakeholder_rows(project: Project, pid: int) -> list[Base]:
    return [StakeholderRow(project_id=pid, position=i, key=s.id, name=s.name, role=s.role,
                           organisation=s.organisation, interest=s.interest.value, influence=s.influence.value,
                           report=s.report.value, cadence=s.cadence.value, email=s.email, resource=s.resource,
                           consulted=list(s.consulted), informed=list(s.informed), notes=s.notes)
            for i, s in enumerate(project.stakeholders)]


def statement_rows(project: Project, pid: int) -> list[Base]:
    return [ProjectStatementRow(project_id=pid, position=i, kind=kind, text=text)
            for kind, field in STATEMENT_KINDS.items() for i, text in enumerate(getattr(project, field))]


def read_objectives(session: Session, pid: int) -> tuple[Objective, ...]:
    criteria: dict[int, list[SuccessCriterionRow]] = defaultdict(list)
    for c in _rows(session, SuccessCriterionRow, pid):
        criteria[c.objective_id].append(c)
    return tuple(Objective(o.key, o.title, o.description, tuple(o.deliverables),
                           tuple(SuccessCriterion(c.metric, c.target, c.milestone, c.met) for c in criteria[o.id]),
                           o.owner)
                 for o in _rows(session, ObjectiveRow, pid))


def read_stakeholders(session: Session, pid: int) -> tuple[Stakeholder, ...]:
    return tuple(Stakeholder(s.key, s.name, s.role, s.organisation, Level(s.interest), Level(s.influence),
                             ReportKind(s.report), Cadence(s.cadence), s.email, s.resource, tuple(s.consulted),
                             tuple(s.informed), s.notes)
                 for s in _rows(session, StakeholderRow, pid))


def read_statements(session: Session, pid: int) -> tuple[tuple[str, ...], ...]:
    """The project's statements, one tuple per kind in ``STATEMENT_KINDS`` order (as ``statements`` gives)."""
    out: dict[str, list[str]] = {kind: [] for kind in STATEMENT_KINDS}
    query = (select(ProjectStatementRow.kind, ProjectStatementRow.text).where(ProjectStatementRow.project_id == pid)
             .order_by(ProjectStatementRow.kind, ProjectStatementRow.position))
    for kind, text in session.execute(query):
        out[kind].append(text)
    return tuple(tuple(texts) for texts in out.values())


def _rows(session: Session, table: type[R], pid: int) -> Sequence[R]:
    query = select(table).where(table.project_id == pid).order_by(table.position)
    return session.scalars(query).all()
