"""What a project is for and who cares: objectives (and their success criteria), stakeholders, and
the plain statements of scope, out-of-scope and assumptions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from headway.store.tables import Base, InProject, Json


class ObjectiveRow(InProject, Base):
    __tablename__ = "objectives"

    key: Mapped[str] = mapped_column(String)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String)  # a resource or stakeholder id
    deliverables: Mapped[Any] = mapped_column(Json)  # task ids

    criteria: Mapped[list[SuccessCriterionRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="SuccessCriterionRow.position")


class SuccessCriterionRow(InProject, Base):
    __tablename__ = "success_criteria"

    objective_id: Mapped[int] = mapped_column(ForeignKey("objectives.id", ondelete="CASCADE"), index=True)
    metric: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)
    milestone: Mapped[str | None] = mapped_column(String)  # task id
    met: Mapped[bool | None] = mapped_column(Boolean)  # None: not judged yet


class StakeholderRow(InProject, Base):
    __tablename__ = "stakeholders"

    key: Mapped[str] = mapped_column(String)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text)
    organisation: Mapped[str] = mapped_column(Text)
    interest: Mapped[str] = mapped_column(String(16))
    influence: Mapped[str] = mapped_column(String(16))
    report: Mapped[str] = mapped_column(String(16))
    cadence: Mapped[str] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String)
    resource: Mapped[str | None] = mapped_column(String)
    consulted: Mapped[Any] = mapped_column(Json)  # task ids
    informed: Mapped[Any] = mapped_column(Json)  # task ids
    notes: Mapped[str] = mapped_column(Text)


class ProjectStatementRow(InProject, Base):
    """One statement of the project's scope (``kind`` scope, out_of_scope or assumption), at
    ``position`` among the statements of its kind."""

    __tablename__ = "project_statements"

    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
