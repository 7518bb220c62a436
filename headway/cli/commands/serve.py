"""`headway serve`: the REST API (uvicorn) on the team database, built by ``create_app`` like the tests do."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from headway.cli.console import stderr
from headway.cli.database import database_option, migrated_engine, safe_url
from headway.cli.loading import PLAN_ERROR_EXIT
from headway.io import plan as plan_file
from headway.model import PlanError
from headway.server import Settings, create_app
from headway.store import database_url, import_project, make_sessions
from headway.store.accounts import create_user, find_user, grant

DEMO_USER, DEMO_PASSWORD = "demo", "headway-demo"
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="The port.")
@click.option("--demo", is_flag=True, help=f"Load the example plans and create the account {DEMO_USER!r} "
              "(first run only) and print how to log in.")
@database_option
def command(host: str, port: int, demo: bool, url: str | None) -> None:
    """Run the Headway API (/api/v1, OpenAPI at /openapi.json) on the database."""
    import uvicorn

    target = database_url(url)
    migrated_engine(url).dispose()  # migrate once, with a clear message if the database cannot be opened
    if demo:
        _load_demo(target)
    base = f"http://{host}:{port}"
    stderr().print(f"Headway API on [green]{base}/api/v1[/green] (docs {base}/docs), database {safe_url(target)}")
    if demo:
        stderr().print(f"demo login: user [bold]{DEMO_USER}[/bold], password [bold]{DEMO_PASSWORD}[/bold]  "
                       f"(curl -X POST {base}/api/v1/auth/token -H 'Content-Type: application/json' "
                       f"-d '{{\"username\": \"{DEMO_USER}\", \"password\": \"{DEMO_PASSWORD}\"}}')")
    uvicorn.run(create_app(Settings(target, migrate=False)), host=host, port=port, log_level="info")


def _load_demo(target: str) -> None:
    """The demo account and the example plans, once (a database that has the account is left alone)."""
    engine = migrated_engine(target)
    try:
        with make_sessions(engine).begin() as session:
            if find_user(session, DEMO_USER) is not None:
                return
            user = create_user(session, DEMO_USER, DEMO_PASSWORD)
            for path in sorted(EXAMPLES.glob("*.yaml")):
                try:
                    project = plan_file.load(path).project
                except PlanError:
                    continue
                grant(session, import_project(session, project), user, "owner")
    except SQLAlchemyError as err:
        stderr().print(f"[red]headway: cannot load the demo: {err}[/red]")
        raise SystemExit(PLAN_ERROR_EXIT) from err
    finally:
        engine.dispose()
