"""The Headway server: a REST API over the store (FastAPI), built by ``create_app(settings)``."""

from headway.server.app import create_app
from headway.server.settings import Settings

__all__ = ["Settings", "create_app"]
