"""What a server needs to know, passed to ``create_app``; nothing is read from globals."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    """``database_url``: the store (SQLite file or PostgreSQL); ``migrate``: upgrade its tables at start."""

    database_url: str
    migrate: bool = True
