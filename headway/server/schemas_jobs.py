"""The jobs API's request and response bodies."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

JobState = Literal["queued", "running", "done", "failed", "cancelled"]


class JobCreate(BaseModel):
    """A computation to run in the background: a kind of computed result and its options."""

    kind: str = Field(description="level, forecast, status, evm, usage, critical, schedule or why",
                      examples=["level", "forecast"])
    params: dict[str, Any] = Field(default_factory=dict,
                                   description="the options of the matching GET endpoint / CLI command",
                                   examples=[{"solver": "cpsat", "time_limit": 30}, {"iterations": 100000}])


class JobPublic(BaseModel):
    """A job: its state and progress; ``result`` is the URL of its result once ``state`` is done."""

    id: int
    project_id: int
    kind: str
    params: dict[str, Any]
    state: JobState
    progress: float
    message: str
    project_revision: int | None = Field(description="the project revision the result was computed on")
    attempts: int = Field(description="times a server started it (a clean server stop gives it back uncounted); "
                                      "after 3 starts whose servers died it fails as job_abandoned")
    created: str
    started: str | None
    finished: str | None
    error: dict[str, Any] | None
    result: str | None
