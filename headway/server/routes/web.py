"""The web app's files: ``/static/*`` and ``index.html`` for every client-side path (``/``, ``/login``,
``/my-work``, ``/projects/{id}`` and its ``resources``, ``risks``, ``issues``, ``progress`` and ``report``
pages). No data is served here; the pages read it from ``/api/v1``."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from headway.server.web import STATIC_DIR

router = APIRouter(include_in_schema=False)

PAGES = ("/", "/login", "/my-work", "/projects/{project_id}", "/projects/{project_id}/resources",
         "/projects/{project_id}/risks", "/projects/{project_id}/issues", "/projects/{project_id}/progress",
         "/projects/{project_id}/report")
_NO_CACHE = {"Cache-Control": "no-cache"}  # revalidate, so a new release is picked up at once


def _index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html", headers=_NO_CACHE)


for _page in PAGES:
    router.add_api_route(_page, _index, methods=["GET"], response_class=FileResponse)


def mount(app: FastAPI) -> None:
    """Serve the web app on ``app``: the static files and the client-side pages (register it last)."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(router)
