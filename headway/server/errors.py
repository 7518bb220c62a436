"""Every error leaves as RFC 9457 problem+json: ``{type, title, status, detail}`` plus, for a plan
that does not validate, ``problems`` (code, severity, message, id, line, column, hint)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from headway.model import Problem

PROBLEM_JSON = "application/problem+json"


class ApiProblem(Exception):
    """An HTTP error with a problem+json body; ``kind`` names its ``type`` (``urn:headway:problem:KIND``)."""

    def __init__(self, status: int, detail: str, *, kind: str | None = None, problems: Iterable[Problem] = (),
                 headers: Mapping[str, str] | None = None, extra: Mapping[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.problems = tuple(problems)
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})


def problem_dict(problem: Problem) -> dict[str, Any]:
    where = problem.location
    return {"code": problem.code, "severity": problem.severity.value, "message": problem.message,
            "id": problem.entity_id, "line": where.line if where else None, "column": where.column if where else None,
            "hint": problem.hint}


def problem_response(status: int, detail: str, *, kind: str | None = None, headers: Mapping[str, str] | None = None,
                     **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"type": f"urn:headway:problem:{kind}" if kind else "about:blank",
                            "title": HTTPStatus(status).phrase, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, headers=dict(headers or {}), media_type=PROBLEM_JSON)


async def _api_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiProblem)
    extra = dict(exc.extra)
    if exc.problems:
        extra["problems"] = [problem_dict(p) for p in exc.problems]
    return problem_response(exc.status, exc.detail, kind=exc.kind, headers=exc.headers, **extra)


async def _http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return problem_response(exc.status_code, str(exc.detail), headers=exc.headers)


async def _validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": [str(part) for part in e.get("loc", ())], "message": str(e.get("msg", "")),
               "type": str(e.get("type", ""))} for e in exc.errors()]
    if any(e["type"] == "json_invalid" for e in errors):
        return problem_response(400, "the body is not valid JSON", kind="invalid_json", errors=errors)
    return problem_response(422, "the request does not have the expected fields", kind="invalid_request",
                            errors=errors)


async def _refused_value(_request: Request, exc: Exception) -> JSONResponse:
    """A value the database cannot take (PostgreSQL: a NUL character in text, a number beyond its range),
    wherever it came from: the URL, the query or the body. SQLite takes more, so this is the net under it."""
    assert isinstance(exc, DataError)
    reason = str(exc.orig).splitlines()[0] if exc.orig is not None else "refused"
    return problem_response(422, f"the database refuses a value of the request ({reason}); nothing was saved",
                            kind="invalid_request")


async def _unexpected(_request: Request, _exc: Exception) -> JSONResponse:
    return problem_response(500, "the server failed; the change, if any, was not saved")


def install(app: FastAPI) -> None:
    """Route every error of ``app`` through problem+json."""
    app.add_exception_handler(ApiProblem, _api_problem)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(DataError, _refused_value)
    app.add_exception_handler(Exception, _unexpected)
