"""The API's request and response bodies (never the domain classes or the tables)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class TokenCreate(BaseModel):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=1024)


class TokenPublic(BaseModel):
    token: str


class ProjectCreated(BaseModel):
    id: int


class ProjectPublic(BaseModel):
    id: int
    name: str
    tasks: int
    version: int


class MemberUpdate(BaseModel):
    role: Literal["owner", "editor", "viewer"]


class MemberPublic(BaseModel):
    username: str
    role: str


class ChangePublic(BaseModel):
    """One entry of a project's activity feed (from the audit log)."""

    at: str
    user: str | None
    action: str
    entity: str
    key: str | None
    before: Any
    after: Any
