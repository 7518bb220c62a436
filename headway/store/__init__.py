"""Persistence of the model in a relational database (SQLAlchemy 2; SQLite by default, PostgreSQL for teams).

Knows nothing of HTTP. Sessions and engines are passed in; nothing here is module-global.
"""

from headway.store.database import DATABASE_URL_ENV, database_url, default_sqlite_url, make_engine, make_sessions
from headway.store.migrate import upgrade
from headway.store.repository import (
    ProjectSummary,
    StoreError,
    bump_revision,
    delete_project,
    get_project,
    import_project,
    list_projects,
    project_revision,
)

__all__ = [
    "DATABASE_URL_ENV",
    "ProjectSummary",
    "StoreError",
    "bump_revision",
    "database_url",
    "default_sqlite_url",
    "delete_project",
    "get_project",
    "import_project",
    "list_projects",
    "make_engine",
    "make_sessions",
    "project_revision",
    "upgrade",
]
