"""``GET /api/v1/health``: is the server up (no authentication)."""

from __future__ import annotations

from fastapi import APIRouter

from headway.server.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health")
def health() -> Health:
    """200 while the server answers; needs no token."""
    return Health()
