"""`headway serve`: the REST API and the web app (uvicorn) on the team database, built by ``create_app`` like
the tests do. ``--demo`` seeds a portfolio of three live projects and two accounts on the first start."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import inspect
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

import click
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from headway.cli.console import stderr
from headway.cli.database import database_option, migrated_engine, safe_url
from headway.cli.loading import PLAN_ERROR_EXIT
from headway.io import plan as plan_file
from headway.model import PlanError
from headway.server import Settings, create_app
from headway.server.settings import JOB_HEARTBEAT_SECONDS, JOB_RETENTION_DAYS, JOB_STALE_SECONDS
from headway.store import StoreError, bump_revision, database_url, import_project, make_sessions
from headway.store.accounts import create_user, find_user, grant
from headway.store.audit import record_change
from headway.store.tables_accounts import UserRow

DEMO_USER, DEMO_PASSWORD = "demo", "headway-demo"
VIEWER_USER, VIEWER_PASSWORD = "stakeholder", "headway-view"
# The demo owner is Alex Morgan, a person in all three demo plans, so "My work" has tasks to show.
DEMO_PEOPLE = {DEMO_USER: ("Alex Morgan", "alex@demo.example"), VIEWER_USER: ("Sam Rivera (stakeholder)", None)}
DEMO_PLANS = Path(__file__).resolve().parents[2] / "demo"  # package data: there in every install
SETTINGS_ENV = "HEADWAY_SERVE_SETTINGS"  # how `serve --workers N` hands its settings to the worker processes
MAX_AUTO_WORKERS = 8
# A worker that does not answer uvicorn's ping within this time is killed and replaced. Its answer needs
# the GIL, which a busy worker on a loaded machine may hold off for seconds: 5 s (uvicorn's) is too short.
HEALTHCHECK_SECONDS = 60


def default_workers() -> int:
    """One server process per CPU core this process may use (at most ``MAX_AUTO_WORKERS``)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO_WORKERS))


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="The port.")
@click.option("--demo", is_flag=True, help=f"Load the demo portfolio and create the accounts {DEMO_USER!r} (owner) "
              f"and {VIEWER_USER!r} (viewer) on the first run, and print how to log in.")
@click.option("--workers", type=click.IntRange(0, 64), default=0, show_default="0: one per CPU core",
              help="Server processes sharing the port (uvicorn workers); they keep no state of their own.")
@click.option("--job-workers", default=1, show_default=True, type=click.IntRange(0, 64),
              help="Background-job threads in each server process (0: queue jobs for other servers to run).")
@click.option("--job-heartbeat-seconds", default=JOB_HEARTBEAT_SECONDS, show_default=True,
              type=click.FloatRange(min=0.05), help="How often a running background job reports that it is alive.")
@click.option("--job-stale-seconds", default=JOB_STALE_SECONDS, show_default=True, type=click.FloatRange(min=0.1),
              help="A running job silent for this long is taken over by another worker: its server died. "
                   "At least twice the heartbeat.")
@click.option("--job-retention-days", default=JOB_RETENTION_DAYS, show_default=True, type=click.FloatRange(min=0.001),
              help="How long an ended background job and its result are kept before they are deleted.")
@click.option("--secure-cookies", is_flag=True,
              help="Mark login cookies Secure even over plain HTTP (behind a TLS-terminating proxy).")
@click.option("--trusted-origin", "trusted_origins", multiple=True, metavar="URL",
              help="Another origin allowed to send cookie-authenticated writes, e.g. the proxy's public "
                   "https://host (repeatable).")
@click.option("--access-log/--no-access-log", default=True, show_default=True, help="Log every request.")
@click.option("--forwarded-allow-ips", metavar="IPS", default=None,
              help="Proxies (comma-separated addresses or networks, or '*') whose X-Forwarded-For and "
                   "X-Forwarded-Proto give the client's address and scheme (per-address login throttling). "
                   "Default: $FORWARDED_ALLOW_IPS, else 127.0.0.1 (uvicorn's).")
@database_option
def command(host: str, port: int, demo: bool, workers: int, job_workers: int, job_heartbeat_seconds: float,
            job_stale_seconds: float, job_retention_days: float, secure_cookies: bool,
            trusted_origins: tuple[str, ...], access_log: bool,
            forwarded_allow_ips: str | None, url: str | None) -> None:
    """Run the Headway web app (/) and API (/api/v1, OpenAPI at /openapi.json) on the database."""
    import uvicorn

    if job_stale_seconds < 2 * job_heartbeat_seconds:
        raise click.BadParameter(f"{job_stale_seconds:g} is less than twice --job-heartbeat-seconds "
                                 f"({job_heartbeat_seconds:g}): a live worker's job could be taken over",
                                 param_hint="--job-stale-seconds")

    target = database_url(url)
    migrated_engine(url).dispose()  # migrate once, with a clear message if the database cannot be opened
    if demo:
        _load_demo(target)
    base = f"http://{host}:{port}"
    stderr().print(f"Headway on [green]{base}/[/green] (API {base}/api/v1, docs {base}/docs), "
                   f"database {safe_url(target)}")
    if demo:
        stderr().print(f"demo login: user [bold]{DEMO_USER}[/bold], password [bold]{DEMO_PASSWORD}[/bold]; "
                       f"read-only: [bold]{VIEWER_USER}[/bold] / [bold]{VIEWER_PASSWORD}[/bold]  "
                       f"(curl -X POST {base}/api/v1/auth/token -H 'Content-Type: application/json' "
                       f"-d '{{\"username\": \"{DEMO_USER}\", \"password\": \"{DEMO_PASSWORD}\"}}')")
    settings = Settings(target, migrate=False, secure_cookies=secure_cookies,
                        trusted_origins=tuple(o.rstrip("/") for o in trusted_origins), job_workers=job_workers,
                        job_heartbeat_seconds=job_heartbeat_seconds, job_stale_seconds=job_stale_seconds,
                        job_retention_days=job_retention_days)
    processes = workers or default_workers()
    if processes == 1:
        app = create_app(settings)
        freeze_startup_objects()
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=access_log,
                    forwarded_allow_ips=forwarded_allow_ips)
        return
    stderr().print(f"{processes} server processes")
    os.environ[SETTINGS_ENV] = settings_json(settings)  # inherited by the workers, read by worker_app
    options: dict[str, Any] = {"forwarded_allow_ips": forwarded_allow_ips}
    if "timeout_worker_healthcheck" in inspect.signature(uvicorn.run).parameters:
        options["timeout_worker_healthcheck"] = HEALTHCHECK_SECONDS
    uvicorn.run(f"{__name__}:worker_app", factory=True, workers=processes, host=host, port=port,
                log_level="info", access_log=access_log, **options)


def settings_json(settings: Settings) -> str:
    """``settings`` as JSON for ``worker_app`` (durations in seconds)."""
    data: dict[str, Any] = dataclasses.asdict(settings)
    data["session_lifetime"] = settings.session_lifetime.total_seconds()
    return json.dumps(data)


def worker_app() -> Any:
    """The app of one worker process of ``serve --workers N``, from the settings its parent left in the
    environment. A worker is killed with its parent (Linux): a server killed with SIGKILL stops at once as
    a whole, as a one-process server would, and leaves no orphan holding the database."""
    _die_with_parent()
    app = create_app(settings_from_json(os.environ[SETTINGS_ENV]))
    freeze_startup_objects()
    return app


def freeze_startup_objects() -> None:
    """Keep what exists once the app is built (about 180,000 modules, classes, functions and routes, alive
    for the whole process) out of the garbage collector's full passes. Each pass over them took 90-165 ms
    under load and stalled every request of the process; now a pass sees only what requests and cached
    projects allocated. Objects frozen are still freed by reference counting."""
    gc.collect()
    gc.freeze()


def settings_from_json(text: str) -> Settings:
    """The settings ``settings_json`` wrote."""
    data = json.loads(text)
    data["session_lifetime"] = dt.timedelta(seconds=data["session_lifetime"])
    data["trusted_origins"] = tuple(data["trusted_origins"])
    return Settings(**data)


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    parent = os.getppid()
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent or parent == 1:  # the parent died before the request took effect
        os.kill(os.getpid(), signal.SIGKILL)


def _load_demo(target: str) -> None:
    """The demo accounts and plans, once (a database that has the demo account is left alone)."""
    engine = migrated_engine(target)
    try:
        with make_sessions(engine).begin() as session:
            if find_user(session, DEMO_USER) is not None:
                return
            owner = _account(session, DEMO_USER, DEMO_PASSWORD)
            viewer = _account(session, VIEWER_USER, VIEWER_PASSWORD)
            for path in sorted(DEMO_PLANS.glob("*.yaml")):
                _import(session, path, owner, viewer)
    except (SQLAlchemyError, StoreError) as err:
        stderr().print(f"[red]headway: cannot load the demo: {err}[/red]")
        raise SystemExit(PLAN_ERROR_EXIT) from err
    finally:
        engine.dispose()


def _account(session: Session, username: str, password: str) -> UserRow:
    user = create_user(session, username, password)
    user.display_name, user.email = DEMO_PEOPLE[username]
    return user


def _import(session: Session, path: Path, owner: UserRow, viewer: UserRow) -> None:
    """One demo plan as a project owned by ``owner`` and seen by ``viewer``, with its audit row."""
    try:
        project = plan_file.load(path).project
    except PlanError as err:
        stderr().print(f"[yellow]headway: demo plan {path.name} skipped: {err}[/yellow]")
        return
    project_id = import_project(session, project)
    grant(session, project_id, owner, "owner")
    grant(session, project_id, viewer, "viewer")
    bump_revision(session, project_id)
    record_change(session, user_id=owner.id, project_id=project_id, action="import", entity="project",
                  key=str(project_id), before=None, after={"name": project.name, "tasks": len(project.tasks),
                                                           "file": f"headway/demo/{path.name}"})
