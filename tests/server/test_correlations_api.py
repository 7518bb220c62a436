"""Correlation groups through the API, named by their 1-based place in the plan's list: add, read,
replace, remove (later groups renumbered, stale ETags refused with 412), problems listed as a plan file
lists them, roles, the activity feed, and a random sequence of edits against a plain list."""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headway.io import plan as plan_file
from headway.model import Correlation, PlanError, Project
from tests.server.conftest import add_user, assert_problem, post_plan
from tests.server.test_computed import cli_json

TASKS = ["a", "b", "c", "d", "e", "f"]
_ESTIMATE = "{optimistic: %dd, likely: %dd, pessimistic: %dd}"
PLAN = ("project: {name: Correlated, start: 2027-01-04}\ntasks:\n  - id: g\n    tasks:\n"
        + "".join(f"      - {{id: {t}, duration: 3d, estimate: {_ESTIMATE % (2, 3, 6)}}}\n" for t in TASKS[:2])
        + "".join(f"  - {{id: {t}, duration: 2d, estimate: {_ESTIMATE % (1, 2, 5)}, after: [{p}]}}\n"
                  for p, t in itertools.pairwise(TASKS[1:])))


def _setup(client: TestClient, name: str = "ann") -> tuple[dict[str, str], str]:
    headers = add_user(client, name)
    response = post_plan(client, headers, PLAN)
    assert response.status_code == 201, response.text
    return headers, f"/api/v1/projects/{response.json()['id']}"


def _plan(client: TestClient, project: str, headers: dict[str, str]) -> Project:
    response = client.get(f"{project}/plan", headers=headers)
    assert response.status_code == 200, response.text
    return plan_file.loads(response.text).project


def _file_problems(tasks: str, rho: float) -> set[tuple[str, str | None]]:
    """The errors of a plan file holding group 1 (a, b) and the group ``tasks``, ``rho`` second."""
    text = (PLAN + "correlations:\n  - {tasks: [a, b], coefficient: 0.5}\n"
            + f"  - {{tasks: {tasks}, coefficient: {rho}}}\n")
    with pytest.raises(PlanError) as raised:
        plan_file.loads(text)
    return {(p.code, p.entity_id) for p in raised.value.problems if p.is_error}


def _groups(*groups: tuple[list[str], float]) -> tuple[Correlation, ...]:
    return tuple(Correlation(tuple(tasks), rho) for tasks, rho in groups)


def test_groups_are_added_replaced_and_removed_by_number(client: TestClient) -> None:
    headers, project = _setup(client)
    url = f"{project}/correlations"
    first = client.post(url, json={"tasks": ["a", "b"], "coefficient": 0.5}, headers=headers)
    assert first.status_code == 201, first.text
    assert first.json() == {"number": 1, "tasks": ["a", "b"], "coefficient": 0.5}
    assert first.headers["location"] == f"{url}/1"
    second = client.post(url, json={"tasks": ["c", "d"], "coefficient": 0.3}, headers=headers)
    third = client.post(url, json={"tasks": ["e"], "coefficient": 0.2}, headers=headers)
    assert (second.json()["number"], third.json()["number"]) == (2, 3)
    assert client.get(url, headers=headers).json() == [first.json(), second.json(), third.json()]
    one = client.get(f"{url}/2", headers=headers)
    assert one.json() == second.json() and one.headers["etag"] == second.headers["etag"]
    assert_problem(client.put(f"{url}/2", json={"tasks": ["c"], "coefficient": 0.4}, headers=headers), 428)
    put = client.put(f"{url}/2", json={"tasks": ["c", "f"], "coefficient": 0.4},
                     headers={**headers, "If-Match": second.headers["etag"]})
    assert put.status_code == 200 and put.json() == {"number": 2, "tasks": ["c", "f"], "coefficient": 0.4}
    assert_problem(client.put(f"{url}/2", json={"tasks": ["c"], "coefficient": 0.1},
                              headers={**headers, "If-Match": second.headers["etag"]}), 412)
    assert client.delete(f"{url}/1", headers={**headers, "If-Match": first.headers["etag"]}).status_code == 204
    # the rest move up one: group 2 is now 1, and a client's ETags of the old numbering are all stale
    assert [g["tasks"] for g in client.get(url, headers=headers).json()] == [["c", "f"], ["e"]]
    assert_problem(client.delete(f"{url}/1", headers={**headers, "If-Match": first.headers["etag"]}), 412)
    assert_problem(client.delete(f"{url}/2", headers={**headers, "If-Match": put.headers["etag"]}), 412)
    assert_problem(client.get(f"{url}/3", headers=headers), 404)
    assert_problem(client.get(f"{url}/0", headers=headers), 422)
    assert _plan(client, project, headers).correlations == _groups((["c", "f"], 0.4), (["e"], 0.2))
    feed = client.get(f"{project}/activity", params={"entity": "correlation"}, headers=headers).json()
    assert [(c["action"], c["key"]) for c in feed] == [("delete", "1"), ("update", "2"), ("create", "3"),
                                                       ("create", "2"), ("create", "1")]
    assert feed[0]["before"] == first.json() and feed[1]["after"] == put.json()


def test_every_problem_is_listed_and_nothing_is_saved(client: TestClient) -> None:
    headers, project = _setup(client)
    url = f"{project}/correlations"
    assert client.post(url, json={"tasks": ["a", "b"], "coefficient": 0.5}, headers=headers).status_code == 201
    before = _plan(client, project, headers)
    body = assert_problem(client.post(url, json={"tasks": ["nope", "g", "c"], "coefficient": 1.5}, headers=headers),
                          422)
    found = {(p["code"], p["id"]) for p in body["problems"]}
    assert found == {("unknown_task", "correlation 2"), ("bad_correlation", "correlation 2")}
    assert found == _file_problems("[nope, g, c]", 1.5)
    twice = assert_problem(client.post(url, json={"tasks": ["g", "c"], "coefficient": 0.3}, headers=headers), 422)
    # g is a summary: it stands for a and b, which are in group 1 already
    assert {(p["code"], p["id"]) for p in twice["problems"]} == {("correlated_twice", "a"), ("correlated_twice", "b")}
    assert {(p["code"], p["id"]) for p in twice["problems"]} == _file_problems("[g, c]", 0.3)
    assert_problem(client.post(url, json={"tasks": ["c"], "coefficient": 0.5, "colour": "red"}, headers=headers), 422)
    assert_problem(client.post(url, json={"tasks": "c", "coefficient": "high"}, headers=headers), 422)
    tag = client.get(f"{url}/1", headers=headers).headers["etag"]
    assert_problem(client.put(f"{url}/1", json={"tasks": ["a"], "coefficient": -0.1},
                              headers={**headers, "If-Match": tag}), 422)
    assert _plan(client, project, headers) == before


def test_viewers_read_editors_write_strangers_see_nothing(client: TestClient) -> None:
    headers, project = _setup(client)
    url = f"{project}/correlations"
    made = client.post(url, json={"tasks": ["a", "b"], "coefficient": 0.5}, headers=headers)
    viewer, editor, stranger = add_user(client, "vic"), add_user(client, "eve"), add_user(client, "sam")
    client.put(f"{project}/members/vic", json={"role": "viewer"}, headers=headers)
    client.put(f"{project}/members/eve", json={"role": "editor"}, headers=headers)
    tag = {"If-Match": made.headers["etag"]}
    assert client.get(f"{url}/1", headers=viewer).json() == made.json()
    assert_problem(client.post(url, json={"tasks": ["c"], "coefficient": 0.1}, headers=viewer), 403)
    assert_problem(client.put(f"{url}/1", json={"tasks": ["c"], "coefficient": 0.1}, headers={**viewer, **tag}), 403)
    assert_problem(client.delete(f"{url}/1", headers={**viewer, **tag}), 403)
    for response in (client.get(url, headers=stranger), client.get(f"{url}/1", headers=stranger),
                     client.post(url, json={"tasks": ["c"], "coefficient": 0.1}, headers=stranger)):
        assert_problem(response, 404)
    assert client.delete(f"{url}/1", headers={**editor, **tag}).status_code == 204
    assert _plan(client, project, headers).correlations == ()


def test_the_forecast_uses_the_groups_as_the_cli_does(client: TestClient, tmp_path: Path) -> None:
    headers, project = _setup(client)
    query = {"iterations": 300, "seed": 3}
    independent = client.get(f"{project}/forecast", params=query, headers=headers).json()
    client.post(f"{project}/correlations", json={"tasks": ["g", "c", "d"], "coefficient": 0.8}, headers=headers)
    plan = tmp_path / "plan.yaml"
    plan.write_text(client.get(f"{project}/plan", headers=headers).text)
    response = client.get(f"{project}/forecast", params=query, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() != independent  # errors that go together widen the spread
    assert response.json() == cli_json(["forecast", "--json", "--no-progress", "--iterations", "300", "--seed", "3"],
                                       plan, [])


_EDITS = st.lists(st.tuples(st.sampled_from(["add", "put", "delete"]), st.integers(0, 5),
                            st.integers(0, 99)), min_size=1, max_size=8)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(edits=_EDITS)
def test_random_edits_leave_the_list_a_plain_list_would(client: TestClient,
                                                        edits: list[tuple[str, int, int]]) -> None:
    """Adds (an unused task each), replacements and removals by number, each with the ETag just read:
    the groups listed and exported are those of the same edits on a Python list."""
    headers, project = _setup(client, f"u{uuid.uuid4().hex[:12]}")
    url = f"{project}/correlations"
    model: list[dict[str, Any]] = []
    for action, at, percent in edits:
        rho = percent / 100
        free = [t for t in TASKS if all(t not in g["tasks"] for g in model)]
        if action == "add" or not model:
            if free:
                group = {"tasks": free[:1], "coefficient": rho}
                assert client.post(url, json=group, headers=headers).status_code == 201
                model.append(group)
            continue
        number = at % len(model) + 1
        tag = {"If-Match": client.get(f"{url}/{number}", headers=headers).headers["etag"]}
        if action == "delete":
            assert client.delete(f"{url}/{number}", headers={**headers, **tag}).status_code == 204
            del model[number - 1]
        else:
            group = {"tasks": model[number - 1]["tasks"] + free[:1], "coefficient": rho}
            assert client.put(f"{url}/{number}", json=group, headers={**headers, **tag}).status_code == 200
            model[number - 1] = group
    listed = client.get(url, headers=headers).json()
    assert listed == [{"number": n, **g} for n, g in enumerate(model, start=1)]
    assert _plan(client, project, headers).correlations == _groups(*((g["tasks"], g["coefficient"]) for g in model))
