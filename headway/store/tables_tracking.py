"""Tracking tables: progress entries, timesheets, baselines (and their tasks), risks (and their
impacts), correlations and the issue log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from headway.model import Duration
from headway.store.columns import DateOrTime, DateOrTimeText, DateTimeText, DurationText
from headway.store.tables import Base, InProject, Json


class ProgressRow(InProject, Base):
    __tablename__ = "progress_entries"

    date: Mapped[DateOrTime] = mapped_column(DateOrTimeText)
    task: Mapped[str] = mapped_column(String)
    done: Mapped[float | None] = mapped_column(Float)
    remaining: Mapped[Duration | None] = mapped_column(DurationText)
    actual_start: Mapped[DateOrTime | None] = mapped_column(DateOrTimeText)
    actual_finish: Mapped[DateOrTime | None] = mapped_column(DateOrTimeText)
    actual_cost: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text)


class TimesheetRow(InProject, Base):
    __tablename__ = "timesheet_lines"

    date: Mapped[dt.date] = mapped_column(Date)
    resource: Mapped[str] = mapped_column(String)
    task: Mapped[str] = mapped_column(String)
    work: Mapped[Duration] = mapped_column(DurationText)
    overtime: Mapped[Duration | None] = mapped_column(DurationText)


class BaselineRow(InProject, Base):
    __tablename__ = "baselines"

    name: Mapped[str] = mapped_column(String)
    saved: Mapped[dt.datetime] = mapped_column(DateTimeText)
    finish: Mapped[dt.datetime | None] = mapped_column(DateTimeText)
    cost: Mapped[float] = mapped_column(Float)

    tasks: Mapped[list[BaselineTaskRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="BaselineTaskRow.position")


class BaselineTaskRow(InProject, Base):
    __tablename__ = "baseline_tasks"

    baseline_id: Mapped[int] = mapped_column(ForeignKey("baselines.id", ondelete="CASCADE"), index=True)
    task: Mapped[str] = mapped_column(String)
    start: Mapped[dt.datetime] = mapped_column(DateTimeText)
    finish: Mapped[dt.datetime] = mapped_column(DateTimeText)
    work_minutes: Mapped[int] = mapped_column(Integer)
    cost: Mapped[float] = mapped_column(Float)
    duration_minutes: Mapped[int] = mapped_column(Integer)


class RiskRow(InProject, Base):
    __tablename__ = "risks"

    key: Mapped[str] = mapped_column(String)
    title: Mapped[str] = mapped_column(Text)
    probability: Mapped[float] = mapped_column(Float)
    owner: Mapped[str | None] = mapped_column(String)
    mitigation: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))

    impacts: Mapped[list[RiskImpactRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="RiskImpactRow.position")


class RiskImpactRow(InProject, Base):
    __tablename__ = "risk_impacts"

    risk_id: Mapped[int] = mapped_column(ForeignKey("risks.id", ondelete="CASCADE"), index=True)
    task: Mapped[str] = mapped_column(String)
    delay: Mapped[Any] = mapped_column(Json, nullable=True)  # {"duration": "2.0 d"} or {"estimate": {...}}
    cost: Mapped[float] = mapped_column(Float)


class CorrelationRow(InProject, Base):
    __tablename__ = "correlations"

    tasks: Mapped[Any] = mapped_column(Json)  # task ids (a summary stands for its subtree)
    coefficient: Mapped[float] = mapped_column(Float)


class IssueRow(InProject, Base):
    __tablename__ = "issues"

    key: Mapped[str] = mapped_column(String)
    title: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str | None] = mapped_column(String)
    tasks: Mapped[Any] = mapped_column(Json)
    opened: Mapped[DateOrTime | None] = mapped_column(DateOrTimeText)
    due: Mapped[DateOrTime | None] = mapped_column(DateOrTimeText)
    resolved: Mapped[DateOrTime | None] = mapped_column(DateOrTimeText)
    resolution: Mapped[str] = mapped_column(Text)
