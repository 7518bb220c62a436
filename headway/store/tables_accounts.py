"""Accounts and history: users, their roles on projects, the audit log (filled by the server), API tokens and
failed logins per client address."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from headway.store.columns import DateTimeText
from headway.store.tables import Base, Json, Versioned

ROLES = ("owner", "editor", "viewer")


class UserRow(Versioned, Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(150), unique=True)
    display_name: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String)
    password_hash: Mapped[str | None] = mapped_column(String)  # argon2; None: cannot log in with a password
    is_admin: Mapped[bool] = mapped_column(Boolean)
    is_active: Mapped[bool] = mapped_column(Boolean)
    created: Mapped[dt.datetime] = mapped_column(DateTimeText)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # since the last success
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTimeText)  # login throttling (UTC)


class ProjectRoleRow(Versioned, Base):
    """``user_id`` may see (viewer), change (editor) or also share and delete (owner) ``project_id``."""

    __tablename__ = "project_roles"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))


class AuditRow(Versioned, Base):
    """One change: who did what to which entity, when, with the entity before and after (JSON)."""

    __tablename__ = "audit_log"

    at: Mapped[dt.datetime] = mapped_column(DateTimeText, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(32))  # create, update, delete, import…
    entity: Mapped[str] = mapped_column(String(32))  # task, link, resource…
    entity_key: Mapped[str | None] = mapped_column(String)
    before: Mapped[Any] = mapped_column(Json, nullable=True)
    after: Mapped[Any] = mapped_column(Json, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    request_id: Mapped[str | None] = mapped_column(String(64))
    revision: Mapped[int | None] = mapped_column(Integer)  # the project revision the change made, if one

    __table_args__ = (Index("ix_audit_log_project_id_revision", "project_id", "revision"),)


class TokenRow(Versioned, Base):
    """A personal API token of ``user_id``; only its SHA-256 is kept (the token itself is shown once)."""

    __tablename__ = "api_tokens"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[dt.datetime] = mapped_column(DateTimeText)
    name: Mapped[str] = mapped_column(Text, default="", server_default="")  # what the user called it
    last_used: Mapped[dt.datetime | None] = mapped_column(DateTimeText)


class LoginFailureRow(Versioned, Base):
    """One failed login from ``address`` (see ``store.address_throttle``), for throttling per client
    address; ``user_id`` is the account it named, if one exists. Rows older than the window are swept."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_address_at", "address", "at"),)

    address: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = mapped_column(DateTimeText, index=True)  # UTC, whole seconds
