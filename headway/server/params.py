"""A computed result's options from JSON (a job's ``params``): checked against the kind's option
class, unknown names refused, so a typo is a 422 rather than a silently ignored option."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from headway.io.computed import KINDS
from headway.io.computed_params import Params
from headway.server.errors import ApiProblem

SOLVERS = {"cpsat": "optimal", "heuristic": "heuristic"}  # a job's ``solver`` names leveling's ``method``


@cache
def _adapter(kind: str) -> TypeAdapter[Any]:
    return TypeAdapter(KINDS[kind].params)


def _invalid(detail: str, **extra: Any) -> ApiProblem:
    return ApiProblem(422, detail, kind="invalid_params", extra=extra)


def parse_params(kind: str, data: Mapping[str, Any]) -> Params:
    """The options of ``kind`` in ``data`` (422 naming every wrong one)."""
    if kind not in KINDS:
        raise _invalid(f"no job kind {kind!r}; kinds: {', '.join(KINDS)}")
    values = dict(data)
    if kind == "level" and "solver" in values:
        solver = values.pop("solver")
        if solver not in SOLVERS:
            raise _invalid(f"solver must be one of {', '.join(SOLVERS)}")
        values["method"] = SOLVERS[solver]
    known = [f.name for f in dataclasses.fields(KINDS[kind].params)]
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise _invalid(f"{kind} has no option {', '.join(map(repr, unknown))}; options: {', '.join(known) or 'none'}")
    try:
        params: Params = _adapter(kind).validate_python(values)
    except ValidationError as err:
        errors = [{"loc": [str(p) for p in e["loc"]], "message": e["msg"], "type": e["type"]} for e in err.errors()]
        said = "; ".join(".".join(map(str, e["loc"])) + ": " + e["msg"] if e["loc"] else e["msg"]
                         for e in err.errors())
        raise _invalid(f"the {kind} options are not valid: {said}", errors=errors) from err
    return params


def params_json(kind: str, params: Params) -> dict[str, Any]:
    """The options as JSON data, every default spelled out."""
    data: dict[str, Any] = _adapter(kind).dump_python(params, mode="json")
    return data
