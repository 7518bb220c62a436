"""Two app instances on one database, as two `headway serve` processes are: a task edited through one
is put in place in the project the other keeps (``server.replay``) instead of the other reading the whole
project again, and what it then holds is exactly what a full read of the store gives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import headway.server.routes.common as common
from headway.io.plan import load
from headway.model import Project
from headway.server import Settings, create_app
from headway.server.replay import MAX_REPLAYED
from headway.store.repository import get_project, project_revision
from tests.server.conftest import LAUNCH, add_user, post_plan

_TASKS = load(LAUNCH).project.tasks
LEAVES = [t.id for t in _TASKS if t.duration is not None and not t.milestone]  # tasks planned by duration
BY_EFFORT = [t.id for t in _TASKS if t.effort is not None]


@pytest.fixture
def apps(database: str) -> Iterator[tuple[TestClient, TestClient]]:
    with TestClient(create_app(Settings(database))) as a, TestClient(create_app(Settings(database))) as b:
        yield a, b


@pytest.fixture
def replays(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each replay the apps tried succeeded."""
    outcomes: list[bool] = []
    real = common.replayed

    def spy(*args: Any) -> Project | None:
        result = real(*args)
        outcomes.append(result is not None)
        return result

    monkeypatch.setattr(common, "replayed", spy)
    return outcomes


def _kept(client: TestClient, project_id: int) -> tuple[int, Project]:
    """The newest revision the app keeps of the project, and that project."""
    kept = client.app.state.projects.newest(project_id, 10**9)  # type: ignore[attr-defined]
    assert kept is not None
    return kept  # type: ignore[no-any-return]


def _stored(client: TestClient, project_id: int) -> tuple[int, Project]:
    """The project's revision and the project as a full read of the store gives it (the oracle)."""
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        revision = project_revision(session, project_id)
        assert revision is not None
        return revision, get_project(session, project_id)


def _held_by_b(a: TestClient, b: TestClient) -> tuple[dict[str, str], int]:
    """A new account and the launch plan, posted through ``a`` and read once through ``b`` (which keeps it)."""
    headers = add_user(a, "ann")
    project_id = post_plan(a, headers, LAUNCH.read_text()).json()["id"]
    assert b.get(f"/api/v1/projects/{project_id}/tasks/{LEAVES[0]}", headers=headers).status_code == 200
    return headers, project_id


def _patch(client: TestClient, headers: dict[str, str], project_id: int, task: str, body: dict[str, Any]) -> Any:
    url = f"/api/v1/projects/{project_id}/tasks/{task}"
    etag = client.get(url, headers=headers).headers["etag"]
    return client.patch(url, json=body, headers={**headers, "If-Match": etag})


def test_task_edits_made_elsewhere_are_replayed_onto_the_kept_project(
        apps: tuple[TestClient, TestClient], replays: list[bool]) -> None:
    a, b = apps
    headers, project_id = _held_by_b(a, b)
    for k, (task, body) in enumerate([(LEAVES[0], {"duration": "7d"}), (LEAVES[1], {"notes": "moved"}),
                                      (LEAVES[2], {"duration": "2d", "notes": None})]):
        assert _patch(a, headers, project_id, task, body).status_code == 200, k
    replays.clear()
    got = b.get(f"/api/v1/projects/{project_id}/tasks/{LEAVES[1]}", headers=headers)
    assert got.json()["notes"] == "moved"
    assert replays == [True]  # three edits put in place, not a full read
    assert _kept(b, project_id) == _stored(b, project_id) == _kept(a, project_id)
    # an edit through b on top of the replayed project, then a catches up the same way
    assert _patch(b, headers, project_id, LEAVES[3], {"duration": "9d"}).status_code == 200
    replays.clear()
    assert a.get(f"/api/v1/projects/{project_id}/tasks/{LEAVES[3]}", headers=headers).json()["duration"] == "9d"
    assert replays == [True]
    assert _kept(a, project_id) == _stored(a, project_id) == _kept(b, project_id)


def test_any_other_change_between_means_a_full_read(apps: tuple[TestClient, TestClient],
                                                    replays: list[bool]) -> None:
    a, b = apps
    headers, project_id = _held_by_b(a, b)
    assert _patch(a, headers, project_id, LEAVES[0], {"duration": "6d"}).status_code == 200
    risk = {"id": "r1", "title": "Vendor late", "probability": "30%", "impacts": [{"task": LEAVES[0], "delay": "2d"}]}
    assert a.post(f"/api/v1/projects/{project_id}/risks", json=risk, headers=headers).status_code == 201
    assert _patch(a, headers, project_id, LEAVES[1], {"duration": "4d"}).status_code == 200
    replays.clear()
    b.get(f"/api/v1/projects/{project_id}/tasks/{LEAVES[0]}", headers=headers)
    assert replays == [False]
    kept = _kept(b, project_id)
    assert kept == _stored(b, project_id) and [r.id for r in kept[1].risks] == ["r1"]


def test_an_edit_that_changed_nothing_leaves_a_gap_and_a_full_read(apps: tuple[TestClient, TestClient],
                                                                  replays: list[bool]) -> None:
    """A PATCH that changes nothing still takes the project's lock (a revision) but audits nothing."""
    a, b = apps
    headers, project_id = _held_by_b(a, b)
    same = a.get(f"/api/v1/projects/{project_id}/tasks/{LEAVES[0]}", headers=headers).json()["duration"]
    assert _patch(a, headers, project_id, LEAVES[0], {"duration": same}).status_code == 200
    assert _patch(a, headers, project_id, LEAVES[1], {"notes": "after the no-op"}).status_code == 200
    replays.clear()
    got = b.get(f"/api/v1/projects/{project_id}/tasks/{LEAVES[1]}", headers=headers)
    assert got.json()["notes"] == "after the no-op"
    assert replays == [False]
    assert _kept(b, project_id) == _stored(b, project_id)


def test_too_far_behind_means_a_full_read(apps: tuple[TestClient, TestClient], replays: list[bool]) -> None:
    a, b = apps
    headers, project_id = _held_by_b(a, b)
    for k in range(MAX_REPLAYED + 1):
        assert _patch(a, headers, project_id, LEAVES[0], {"notes": f"edit {k}"}).status_code == 200
    replays.clear()
    assert b.get(f"/api/v1/projects/{project_id}/tasks/{LEAVES[0]}", headers=headers).json()["notes"] == (
        f"edit {MAX_REPLAYED}")
    assert replays == [False]
    assert _kept(b, project_id) == _stored(b, project_id)


_EDITS = st.lists(st.one_of(
    st.tuples(st.sampled_from("ab"), st.sampled_from(LEAVES),
              st.one_of(st.fixed_dictionaries({"duration": st.sampled_from(["1d", "3d", "2w", "12h", "0d"])}),
                        st.fixed_dictionaries({"notes": st.one_of(st.none(), st.text(max_size=20))}),
                        st.fixed_dictionaries({"name": st.text(min_size=1, max_size=20).filter(str.strip)}),
                        st.fixed_dictionaries({"duration": st.sampled_from(["4d", "-1d", "soon"]),
                                               "notes": st.text(max_size=5)}),
                        st.fixed_dictionaries({"after": st.lists(st.sampled_from(LEAVES), max_size=2)}),
                        st.fixed_dictionaries({"assign": st.sampled_from(
                            [None, ["dan"], [{"resource": "ava", "units": "50%"}], ["nobody"]])}))),
    st.tuples(st.sampled_from("ab"), st.sampled_from(BY_EFFORT),
              st.fixed_dictionaries({"effort": st.sampled_from(["2d", "10d", "30h", "none"])}))),
    min_size=1, max_size=6)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=_EDITS)
def test_after_any_interleaving_both_apps_hold_what_the_store_holds(
        apps: tuple[TestClient, TestClient], edits: list[tuple[str, str, dict[str, Any]]]) -> None:
    """Property: whatever task edits go through either app (durations, names, notes, links, assignments;
    some refused), each app's next read holds exactly the stored project, whether it replayed the edits
    or read it in full."""
    a, b = apps
    clients = {"a": a, "b": b}
    headers = add_user(a, f"u{id(edits)}")
    project_id = post_plan(a, headers, LAUNCH.read_text()).json()["id"]
    for client in (a, b):
        client.get(f"/api/v1/projects/{project_id}/tasks/{LEAVES[0]}", headers=headers)
    for side, task, body in edits:
        assert _patch(clients[side], headers, project_id, task, body).status_code in (200, 422)
    for client in (a, b):
        assert client.get(f"/api/v1/projects/{project_id}/tasks/{LEAVES[0]}", headers=headers).status_code == 200
        assert _kept(client, project_id) == _stored(client, project_id)
