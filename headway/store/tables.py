"""The plan's tables: projects, calendars (and their exceptions), resources, tasks, links, assignments.

Database rows, not the model: ``rows.py`` maps between the two. Every row has a surrogate ``id``
and a ``version`` the ORM increments on each update (optimistic concurrency). Rows inside a
project carry ``project_id`` (deleting a project deletes them) and ``position``, their place in
the plan's order. A task's parent and a link's predecessor are foreign keys; other references
(an assignment's resource, a progress entry's task) are plan ids (``key``) within the project,
since a portfolio plan may name people of a shared pool and history outlives a deleted task.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from headway.model import Duration
from headway.store.columns import DateOrTime, DateOrTimeText, DurationText

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Json = JSON(none_as_null=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """A surrogate key and the row version (starts at 1, +1 on every ORM update)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class InProject(Versioned):
    """A row of one project, at ``position`` in the plan's order."""

    @declared_attr
    def project_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)

    position: Mapped[int] = mapped_column(Integer)


class ProjectRow(Versioned, Base):
    __tablename__ = "projects"
    # SQLite must never reuse a deleted project's id: results are cached by (project id, revision)
    __table_args__ = ({"sqlite_autoincrement": True},)

    name: Mapped[str] = mapped_column(Text)
    start: Mapped[DateOrTime] = mapped_column(DateOrTimeText)
    status_date: Mapped[DateOrTime | None] = mapped_column(DateOrTimeText)
    calendar: Mapped[str | None] = mapped_column(String)
    currency: Mapped[str] = mapped_column(String)
    timezone: Mapped[str | None] = mapped_column(String)
    hours_per_day: Mapped[float] = mapped_column(Float)
    days_per_week: Mapped[float] = mapped_column(Float)
    days_per_month: Mapped[float] = mapped_column(Float)
    description: Mapped[str] = mapped_column(Text)
    priority: Mapped[int] = mapped_column(Integer)
    budget: Mapped[float | None] = mapped_column(Float)
    uncertainty_low: Mapped[float | None] = mapped_column(Float)
    uncertainty_high: Mapped[float | None] = mapped_column(Float)
    # +1 on every change to anything in the project (``bump_revision``): the key for cached results
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    calendars: Mapped[list[CalendarRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="CalendarRow.position")
    resources: Mapped[list[ResourceRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ResourceRow.position")
    tasks: Mapped[list[TaskRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="TaskRow.position")


class CalendarRow(InProject, Base):
    __tablename__ = "calendars"
    __table_args__ = (UniqueConstraint("project_id", "key"),)

    key: Mapped[str] = mapped_column(String)
    name: Mapped[str] = mapped_column(Text)
    week: Mapped[Any] = mapped_column(Json, nullable=True)  # 7 days of [[start, end] minutes], Monday first
    base: Mapped[str | None] = mapped_column(String)
    holidays: Mapped[Any] = mapped_column(Json)  # [[country, subdivision or null]]

    exceptions: Mapped[list[CalendarExceptionRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="CalendarExceptionRow.position")


class CalendarExceptionRow(InProject, Base):
    __tablename__ = "calendar_exceptions"

    calendar_id: Mapped[int] = mapped_column(ForeignKey("calendars.id", ondelete="CASCADE"), index=True)
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    hours: Mapped[Any] = mapped_column(Json)  # [[start, end] minutes]; [] is a day off
    name: Mapped[str] = mapped_column(Text)


class ResourceRow(InProject, Base):
    __tablename__ = "resources"
    __table_args__ = (UniqueConstraint("project_id", "key"),)

    key: Mapped[str] = mapped_column(String)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(String)
    units: Mapped[float] = mapped_column(Float)
    rate_standard: Mapped[float] = mapped_column(Float)
    rate_overtime: Mapped[float] = mapped_column(Float)
    rate_per_use: Mapped[float] = mapped_column(Float)
    calendar: Mapped[str | None] = mapped_column(String)
    week: Mapped[Any] = mapped_column(Json, nullable=True)
    vacations: Mapped[Any] = mapped_column(Json)  # [[first day, last day]] ISO dates
    email: Mapped[str | None] = mapped_column(String)
    tags: Mapped[Any] = mapped_column(Json)
    source_uid: Mapped[str | None] = mapped_column(String)


class TaskRow(InProject, Base):
    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("project_id", "key"),)

    key: Mapped[str] = mapped_column(String)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    duration: Mapped[Duration | None] = mapped_column(DurationText)
    effort: Mapped[Duration | None] = mapped_column(DurationText)
    milestone: Mapped[bool] = mapped_column(Boolean)
    constraint_type: Mapped[str | None] = mapped_column(String(32))
    constraint_date: Mapped[DateOrTime | None] = mapped_column(DateOrTimeText)
    deadline: Mapped[DateOrTime | None] = mapped_column(DateOrTimeText)
    priority: Mapped[int] = mapped_column(Integer)
    cost: Mapped[float | None] = mapped_column(Float)
    budget: Mapped[float | None] = mapped_column(Float)
    level: Mapped[bool] = mapped_column(Boolean)
    leveling_delay: Mapped[Duration | None] = mapped_column(DurationText)
    estimate: Mapped[Any] = mapped_column(Json, nullable=True)  # {optimistic, most_likely, pessimistic, distribution}
    calendar: Mapped[str | None] = mapped_column(String)
    owner: Mapped[str | None] = mapped_column(String)
    tags: Mapped[Any] = mapped_column(Json)
    notes: Mapped[str] = mapped_column(Text)
    source_uid: Mapped[str | None] = mapped_column(String)

    parent: Mapped[TaskRow | None] = relationship(remote_side="TaskRow.id")
    links: Mapped[list[LinkRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="LinkRow.position", foreign_keys="LinkRow.task_id")
    assignments: Mapped[list[AssignmentRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="AssignmentRow.position")


class LinkRow(InProject, Base):
    """A dependency of task ``task_id`` on task ``predecessor_id`` of the same project, or on task
    ``external_task`` of project ``external_project`` (a portfolio link, resolved when projects
    are scheduled together): exactly one of the two is set."""

    __tablename__ = "links"
    __table_args__ = (CheckConstraint("(predecessor_id IS NULL) <> (external_task IS NULL)", name="one_predecessor"),)

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    predecessor_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    external_project: Mapped[str | None] = mapped_column(String)
    external_task: Mapped[str | None] = mapped_column(String)
    type: Mapped[str] = mapped_column(String(2))
    lag: Mapped[Duration] = mapped_column(DurationText)

    predecessor: Mapped[TaskRow | None] = relationship(foreign_keys=[predecessor_id])


class AssignmentRow(InProject, Base):
    __tablename__ = "assignments"

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    resource: Mapped[str] = mapped_column(String)
    units: Mapped[float | None] = mapped_column(Float)
    alternatives: Mapped[Any] = mapped_column(Json)
    role: Mapped[str | None] = mapped_column(String)
