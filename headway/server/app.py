"""``create_app(settings)``: the FastAPI application, its store and routes. No module-level app or engine."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import APIRouter, FastAPI
from sqlalchemy.engine import Engine, make_url

from headway import __version__
from headway.server import errors
from headway.server.cache import ResultCache
from headway.server.fast_reads import FastReads, Shortcuts
from headway.server.jobs import JobWorkers
from headway.server.routes import (
    auth,
    computed,
    correlations,
    entities,
    health,
    jobs,
    links,
    project,
    projects,
    tasks,
    timesheets,
    tracking,
    users,
)
from headway.server.routes import web as web_app
from headway.server.settings import Settings
from headway.store import make_engine, make_sessions, upgrade

API_PREFIX = "/api/v1"
# Connections kept open per process. Up to 40 request threads (anyio's default) may each hold one; a
# connection beyond the pool is opened and closed again per request, which costs more than the query.
POOLS = {"sqlite": {"pool_size": 40, "max_overflow": 20}, "postgresql": {"pool_size": 20, "max_overflow": 10}}


def pool_options(url: str) -> dict[str, int]:
    """Pool sizes for a server's engine on ``url`` (none for an in-memory SQLite database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and (parsed.database or ":memory:") == ":memory:":
        return {}
    return POOLS.get(parsed.get_backend_name(), {})


# The cached reads' token check: one statement per use, on connections opened in autocommit mode (setting
# and resetting the mode on each checkout of a shared pool cost a tenth of the check). Few are needed: the
# statement takes a fraction of a millisecond, and a thread waits for a free one at worst.
CHECK_POOLS = {"sqlite": {"pool_size": 10, "max_overflow": 10}, "postgresql": {"pool_size": 5, "max_overflow": 5}}


def check_engine(url: str, engine: Engine) -> Engine:
    """The autocommit engine of the cached reads' token check on ``url`` (``engine`` shared for an
    in-memory SQLite database, which a second engine would not see)."""
    options = pool_options(url)
    if not options:
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    return make_engine(url, isolation_level="AUTOCOMMIT", **CHECK_POOLS[make_url(url).get_backend_name()])


def create_app(settings: Settings) -> FastAPI:
    """A Headway API on ``settings.database_url`` (migrated first unless ``settings.migrate`` is off)."""
    engine = make_engine(settings.database_url, **pool_options(settings.database_url))
    if settings.migrate:
        upgrade(engine)

    sessions = make_sessions(engine)
    workers = JobWorkers(sessions, settings.job_workers, heartbeat_seconds=settings.job_heartbeat_seconds,
                         stale_seconds=settings.job_stale_seconds, retention_days=settings.job_retention_days)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        workers.start()
        yield
        workers.stop()
        check.dispose()
        engine.dispose()

    app = FastAPI(title="Headway", version=__version__, lifespan=lifespan,
                  description="Projects, schedules and forecasts for a team (issue 7).")
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.autocommit = check = check_engine(settings.database_url, engine)
    app.state.cache = cache = ResultCache()
    app.state.shortcuts = shortcuts = Shortcuts()
    app.state.jobs = workers
    errors.install(app)
    app.add_middleware(FastReads, shortcuts=shortcuts, engine=app.state.autocommit,
                       answer=partial(computed.cached_answer, cache))
    api = APIRouter(prefix=API_PREFIX)
    for module in (health, auth, projects, computed, jobs, tasks, users, project, entities, links, tracking,
                   timesheets, correlations):
        api.include_router(module.router)
    app.include_router(api)
    web_app.mount(app)  # last: the web app's pages and files
    return app
