"""Security, generated from the app's own route table so that new endpoints are covered as they appear:
every ``/api/v1`` call needs a login, nobody reaches a project they have no role on, and every write made
with a session cookie needs the session's CSRF token (and a same-origin ``Origin``); on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headway.server.security import origin_of
from tests.server.conftest import add_user, assert_problem, cookie_headers, log_in, post_plan

OPEN = {("GET", "/api/v1/health"), ("POST", "/api/v1/auth/token"), ("POST", "/api/v1/auth/login")}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # with {placeholders}


def api_calls(app: FastAPI) -> list[Call]:
    """Every method of every route under /api/v1 (included routers flattened where FastAPI nests them)."""
    try:
        from fastapi.routing import iter_route_contexts  # FastAPI ≥ 0.16x keeps included routers nested
        routes: Iterator[Any] = iter(iter_route_contexts(app.routes))
    except ImportError:  # pragma: no cover - older FastAPI: app.routes is flat
        routes = (r for r in app.routes if isinstance(r, APIRoute))
    calls = {Call(method, route.path) for route in routes if (route.path or "").startswith("/api/v1/")
             for method in (route.methods or ()) if method != "HEAD"}
    assert len(calls) > 10, calls  # the table was read, not silently empty
    return sorted(calls, key=lambda c: (c.path, c.method))


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def example(schema: dict[str, Any], spec: dict[str, Any]) -> Any:
    """The schema's own example, else a small value that fits it (required fields only), so that a refusal
    is about the caller, not the body."""
    schema = _resolve(schema, spec)
    if "example" in schema:
        return schema["example"]
    if schema.get("examples"):
        return schema["examples"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s, spec).get("type") != "null"] or schema[key]
            return example(options[0], spec)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type", "object")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: example(properties[name], spec) for name in schema.get("required", []) if name in properties}
    if kind == "array":
        return [example(schema.get("items", {}), spec) for _ in range(schema.get("minItems", 0))]
    if kind == "string":
        return {"date": "2027-01-05", "date-time": "2027-01-05T09:00:00Z"}.get(schema.get("format", ""),
                                                                             "x" * max(8, schema.get("minLength", 1)))
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    return False


@dataclass(frozen=True)
class World:
    """A project of ann's (``project``) and the values that make every path plausible on it."""

    project: int
    values: dict[str, Any]


def request(client: TestClient, call: Call, world: World, headers: dict[str, str]) -> Any:
    """``call`` with its path parameters filled from ``world`` and a body and query that fit the spec."""
    spec = client.app.openapi()  # type: ignore[attr-defined]
    operation = spec["paths"][call.path][call.method.lower()]
    path, query = call.path, {}
    for parameter in operation.get("parameters", []):
        value = world.values.get(parameter["name"], example(parameter.get("schema", {}), spec))
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", str(value))
        elif parameter["in"] == "query" and parameter.get("required"):
            query[parameter["name"]] = value
    content = operation.get("requestBody", {}).get("content", {})
    body = example(content["application/json"]["schema"], spec) if "application/json" in content else None
    return client.request(call.method, path, params=query, json=body,
                          headers={"If-Match": "*", **headers})


def _world(client: TestClient, owner: dict[str, str]) -> World:
    project = post_plan(client, owner).json()["id"]
    return World(project, {"project_id": project, "task_id": "build", "username": "ann"})


def _state(client: TestClient, world: World, ann: dict[str, str]) -> Any:
    """What a refused request must leave as it was."""
    base = f"/api/v1/projects/{world.project}"
    return (client.get(f"{base}/activity", headers=ann).json(), client.get(f"{base}/tasks/build", headers=ann).json(),
            client.get("/api/v1/users", headers=ann).json(), client.get("/api/v1/auth/tokens", headers=ann).json(),
            len(client.get("/api/v1/auth/sessions", headers=ann).json()))


def test_every_call_needs_a_login(client: TestClient) -> None:
    ann = add_user(client, "ann", admin=True)
    world = _world(client, ann)
    before = _state(client, world, ann)
    wrong: list[str] = []
    for call in api_calls(client.app):  # type: ignore[arg-type]
        if (call.method, call.path) in OPEN:
            continue
        for headers in ({}, {"Authorization": "Bearer not-a-token"}, cookie_headers({"headway_session": "forged"})):
            response = request(client, call, world, headers)
            if response.status_code != 401 or not response.headers["content-type"].startswith(
                    "application/problem+json"):
                wrong.append(f"{call.method} {call.path} with {sorted(headers)}: {response.status_code}")
    assert wrong == []
    assert _state(client, world, ann) == before


def test_open_calls_are_only_health_and_the_logins(client: TestClient) -> None:
    assert client.get("/api/v1/health").status_code == 200
    assert {(c.method, c.path) for c in api_calls(client.app)} >= OPEN  # type: ignore[arg-type]


def test_nobody_reaches_a_project_without_a_role(client: TestClient) -> None:
    """404 for a project one has no role on, exactly as for a missing one, and nothing changes. Where the
    generated body does not fit a route (its owner gets a 4xx for it too), the answer may be that 4xx,
    provided it is the same as for a missing project: it tells nothing about the project."""
    ann, bob = add_user(client, "ann"), add_user(client, "bob")
    world, probe = _world(client, ann), _world(client, ann)  # ``probe``: ann's own requests go there
    post_plan(client, bob)  # bob has roles, just not on ann's project
    bob_cookies = log_in(client, "bob")
    before = _state(client, world, ann)
    scoped = [c for c in api_calls(client.app) if "{project_id}" in c.path]  # type: ignore[arg-type]
    assert len(scoped) >= 4
    missing = World(world.project + 1000, {**world.values, "project_id": world.project + 1000})
    wrong: list[str] = []
    for call in scoped:
        nowhere = request(client, call, missing, ann)
        answers = {who: request(client, call, world, headers)
                   for who, headers in (("bob's token", bob), ("bob's session", cookie_headers(bob_cookies)))}
        if all(r.status_code == 404 for r in (nowhere, *answers.values())):
            continue
        unfit = request(client, call, probe, ann).status_code in (400, 415, 422)
        for who, response in {"a missing project": nowhere, **answers}.items():
            same = (response.status_code, response.json().get("detail")) == (nowhere.status_code,
                                                                             nowhere.json().get("detail"))
            if response.status_code != 404 and not (unfit and same and response.status_code in (400, 415, 422)):
                wrong.append(f"{call.method} {call.path} as {who}: {response.status_code} {response.text[:120]}")
    assert wrong == []
    assert _state(client, world, ann) == before


def test_every_cookie_write_needs_the_sessions_csrf_token(client: TestClient) -> None:
    ann = add_user(client, "ann", admin=True)
    world = _world(client, ann)
    cookies, other = log_in(client, "ann"), log_in(client, "ann")
    before = _state(client, world, ann)
    writes = [c for c in api_calls(client.app) if c.method in UNSAFE and (c.method, c.path) not in OPEN]  # type: ignore[arg-type]
    wrong: list[str] = []
    for call in writes:
        for case, headers in (("no header", cookie_headers(cookies, csrf="")),
                              ("a wrong header", cookie_headers(cookies, csrf="guess")),
                              ("another session's token", cookie_headers({**cookies, "headway_csrf": other[
                                  "headway_csrf"]})),
                              ("another origin", cookie_headers(cookies, Origin="https://evil.example")),
                              ("another referer", cookie_headers(cookies, Referer="http://evil.example/x"))):
            response = request(client, call, world, headers)
            if response.status_code != 403 or response.json().get("type") != "urn:headway:problem:csrf":
                wrong.append(f"{call.method} {call.path} with {case}: {response.status_code}")
    assert wrong == []
    assert _state(client, world, ann) == before


def test_csrf_on_a_task_edit(client: TestClient) -> None:
    token = add_user(client, "ann")
    world = _world(client, token)
    cookies, other = log_in(client, "ann"), log_in(client, "ann")
    url = f"/api/v1/projects/{world.project}/tasks/build"
    read = client.get(url, headers=cookie_headers(cookies, csrf=""))  # reads need no CSRF token
    assert read.status_code == 200
    etag = read.headers["etag"]
    refused = [cookie_headers(cookies, csrf="", **{"If-Match": etag}),
               cookie_headers(cookies, csrf="wrong", **{"If-Match": etag}),
               {**cookie_headers(cookies, **{"If-Match": etag}), "X-CSRF-Token": other["headway_csrf"]},
               cookie_headers({**cookies, "headway_csrf": other["headway_csrf"]}, **{"If-Match": etag})]
    for headers in refused:
        assert_problem(client.patch(url, json={"duration": "4d"}, headers=headers), 403)
    assert client.get(url, headers=token).headers["etag"] == etag
    same_origin = cookie_headers(cookies, **{"If-Match": etag, "Origin": "http://testserver",
                                             "Referer": "http://testserver/projects/1"})
    accepted = client.patch(url, json={"duration": "4d"}, headers=same_origin)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["duration"] == "4d"
    bearer = client.patch(url, json={"duration": "5d"}, headers={**token, "If-Match": accepted.headers["etag"]})
    assert bearer.status_code == 200 and bearer.json()["duration"] == "5d"  # tokens need no CSRF token


def test_login_refuses_another_origin(client: TestClient) -> None:
    add_user(client, "ann")
    response = client.post("/api/v1/auth/login", json={"username": "ann", "password": "s3cret pass"},
                           headers={"Origin": "https://evil.example"})
    assert assert_problem(response, 403)["type"] == "urn:headway:problem:csrf"
    assert not response.headers.get_list("set-cookie")


HOSTS = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\.[a-z]{2,6}){0,2}", fullmatch=True)


@given(scheme=st.sampled_from(["http", "https", "HTTP", "Https"]), host=HOSTS,
       port=st.none() | st.integers(1, 65535), tail=st.sampled_from(["", "/", "/a/b?c=d", "?x#y"]))
def test_origin_of_keeps_scheme_host_and_a_non_default_port(scheme: str, host: str, port: int | None,
                                                            tail: str) -> None:
    default = 443 if scheme.lower() == "https" else 80
    url = f"{scheme}://{host}{'' if port is None else f':{port}'}{tail}"
    expected = f"{scheme.lower()}://{host}" + ("" if port in (None, default) else f":{port}")
    assert origin_of(url) == expected


@given(st.sampled_from(["null", "", "file:///etc/passwd", "javascript:alert(1)", "http://", "//evil.example",
                        "http://host:99999", "ftp://host"]))
def test_origin_of_refuses_what_is_not_an_http_origin(value: str) -> None:
    assert origin_of(value) is None


TEXT = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(["ann", "root", "\x00", "a\x00b", " "])
JSON: st.SearchStrategy[Any] = st.recursive(st.none() | st.booleans() | st.integers(-2**40, 2**40) | TEXT,
                                            lambda inner: st.lists(inner, max_size=2)
                                            | st.dictionaries(TEXT, inner, max_size=2), max_leaves=4)
FIELDS = ["username", "password", "old", "new", "name", "display_name", "admin", "active"]
ACCOUNT_CALLS = [("POST", "/api/v1/auth/login"), ("POST", "/api/v1/auth/token"), ("POST", "/api/v1/auth/password"),
                 ("POST", "/api/v1/auth/tokens"), ("POST", "/api/v1/users"), ("PATCH", "/api/v1/users/{name}"),
                 ("DELETE", "/api/v1/auth/tokens/{name}"), ("DELETE", "/api/v1/auth/sessions/{name}")]


def test_account_calls_never_fail_with_a_500(client: TestClient) -> None:
    """Random bodies and path values (NULs, huge numbers, wrong types) get 2xx or a 4xx problem."""
    root = add_user(client, "root", admin=True, password="root password")

    @settings(max_examples=80, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(call=st.sampled_from(ACCOUNT_CALLS), body=st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=4),
           name=TEXT.filter(lambda t: t.strip() not in ("", ".", "..")) | st.integers(-2**70, 2**70).map(str))
    def fuzz(call: tuple[str, str], body: dict[str, Any], name: str) -> None:
        path = call[1].replace("{name}", quote(name, safe=""))
        response = client.request(call[0], path, json=body, headers=root)
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            assert response.headers["content-type"].startswith("application/problem+json")

    fuzz()


def test_nul_characters_are_refused_not_crashed_on(client: TestClient) -> None:
    """PostgreSQL text cannot hold NUL: each place a name enters the database answers 4xx."""
    root = add_user(client, "root", admin=True)
    assert_problem(client.post("/api/v1/auth/login", json={"username": "r\x00", "password": "x"}), 401)
    assert_problem(client.post("/api/v1/auth/token", json={"username": "\x00", "password": "x"}), 401)
    assert_problem(client.post("/api/v1/users", json={"username": "a\x00", "password": "long enough"},
                               headers=root), 422)
    assert_problem(client.patch("/api/v1/users/a%00b", json={"admin": True}, headers=root), 404)
    assert_problem(client.patch("/api/v1/users/root", json={"display_name": "\x00"}, headers=root), 422)
    assert_problem(client.post("/api/v1/auth/tokens", json={"name": "ci\x00"}, headers=root), 422)
    assert_problem(client.delete(f"/api/v1/auth/tokens/{2**40}", headers=root), 422)
