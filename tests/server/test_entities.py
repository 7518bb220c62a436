"""CRUD of a project's entities through the API: tasks (list, create, delete with dependants), links,
assignments, resources, risks, issues, progress, baselines, the project and its plan, members; each
write checked against the plan file it leaves (exported back and re-read), never against printed figures."""

from __future__ import annotations

from typing import Any

import yaml
from fastapi.testclient import TestClient

from headway.io import plan as plan_file
from tests.server.conftest import LAUNCH, add_user, assert_problem, post_plan


def _setup(client: TestClient, text: str | None = None) -> tuple[dict[str, str], str]:
    headers = add_user(client, "ann")
    response = post_plan(client, headers, text) if text else post_plan(client, headers)
    return headers, f"/api/v1/projects/{response.json()['id']}"


def _plan(client: TestClient, project: str, headers: dict[str, str]) -> Any:
    """The stored project, exported as a plan file and read back as the CLI would."""
    response = client.get(f"{project}/plan", headers=headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/yaml")
    return plan_file.loads(response.text).project


def test_task_list_pages_and_filters(client: TestClient) -> None:
    headers, project = _setup(client, LAUNCH.read_text())
    everything = client.get(f"{project}/tasks", headers=headers, params={"limit": 1000})
    ids = [t["id"] for t in everything.json()]
    assert ids == [t.id for t in plan_file.load(LAUNCH).project.tasks]
    assert everything.headers["x-total-count"] == str(len(ids)) and "link" not in everything.headers
    first = client.get(f"{project}/tasks", headers=headers, params={"limit": 2})
    assert [t["id"] for t in first.json()] == ids[:2]
    assert 'rel="next"' in first.headers["link"] and "offset=2" in first.headers["link"]
    second = client.get(f"{project}/tasks", headers=headers, params={"limit": 2, "offset": 2})
    assert [t["id"] for t in second.json()] == ids[2:4]
    milestones = client.get(f"{project}/tasks", headers=headers, params={"milestone": True}).json()
    assert milestones and all(t.get("milestone") for t in milestones)
    needle = ids[-1][1:4].upper()
    found = client.get(f"{project}/tasks", headers=headers, params={"q": needle}).json()
    assert ids[-1] in [t["id"] for t in found]
    assert_problem(client.get(f"{project}/tasks", headers=headers, params={"limit": 1001}), 422)


def test_create_nested_task_then_delete_with_dependants(client: TestClient) -> None:
    headers, project = _setup(client)
    made = client.post(f"{project}/tasks", json={"id": "review", "duration": "1d", "parent": None,
                                                 "after": ["build"]}, headers=headers)
    assert made.status_code == 201, made.text
    assert made.headers["etag"] == '"1"'
    ship = client.get(f"{project}/tasks/ship", headers=headers)
    client.patch(f"{project}/tasks/ship", json={"after": ["review"]},
                 headers={**headers, "If-Match": ship.headers["etag"]})
    assert_problem(client.post(f"{project}/tasks", json={"id": "review"}, headers=headers), 409)
    assert_problem(client.post(f"{project}/tasks", json={"id": "x", "after": ["nope"]}, headers=headers), 422)
    assert_problem(client.post(f"{project}/tasks", json={"id": "y", "parent": "nope"}, headers=headers), 422)
    tag = client.get(f"{project}/tasks/review", headers=headers).headers["etag"]
    refused = assert_problem(client.delete(f"{project}/tasks/review", headers={**headers, "If-Match": tag}), 409)
    assert refused["dependants"] == ["ship"]
    assert_problem(client.delete(f"{project}/tasks/review", headers=headers), 428)
    gone = client.delete(f"{project}/tasks/review", params={"cascade": True}, headers={**headers, "If-Match": tag})
    assert gone.status_code == 204, gone.text
    plan = _plan(client, project, headers)
    assert "review" not in {t.id for t in plan.tasks}
    assert next(t for t in plan.tasks if t.id == "ship").links == ()


def test_nested_create_keeps_other_etags(client: TestClient) -> None:
    text = "project: {name: N, start: 2027-01-04}\ntasks:\n  - id: g\n    tasks:\n      - {id: a, duration: 1d}\n" \
           "  - {id: b, duration: 2d, after: [a]}\n"
    headers, project = _setup(client, text)
    before = client.get(f"{project}/tasks/b", headers=headers).headers["etag"]
    assert client.post(f"{project}/tasks", json={"id": "a2", "duration": "1d", "parent": "g"},
                       headers=headers).status_code == 201
    assert [t.id for t in _plan(client, project, headers).tasks] == ["g", "a", "a2", "b"]
    assert client.get(f"{project}/tasks/b", headers=headers).headers["etag"] == before
    assert client.get(f"{project}/tasks/a2", headers=headers).json()["parent"] == "g"


def test_links_crud(client: TestClient) -> None:
    headers, project = _setup(client)
    links = client.get(f"{project}/links", headers=headers).json()
    assert {(x["predecessor"], x["successor"]) for x in links} == {("design", "build"), ("build", "ship")}
    made = client.post(f"{project}/links", json={"predecessor": "design", "successor": "ship", "type": "SS",
                                                 "lag": "2d"}, headers=headers)
    assert made.status_code == 201, made.text
    assert made.json() == {"predecessor": "design", "successor": "ship", "type": "SS", "lag": "2d"}
    assert_problem(client.post(f"{project}/links", json={"predecessor": "ship", "successor": "design"},
                               headers=headers), 422)  # a cycle
    url = f"{project}/links/design/ship"
    tag = client.get(url, headers=headers).headers["etag"]
    assert_problem(client.patch(url, json={"lag": "1d"}, headers={**headers, "If-Match": '"x"'}), 412)
    changed = client.patch(url, json={"lag": "1d", "type": "FF"}, headers={**headers, "If-Match": tag})
    assert changed.status_code == 200, changed.text
    link = next(x for x in next(t for t in _plan(client, project, headers).tasks if t.id == "ship").links
                if x.predecessor == "design")
    assert (link.type.value, str(link.lag)) == ("FF", "1d")
    assert client.delete(url, headers={**headers, "If-Match": changed.headers["etag"]}).status_code == 204
    assert_problem(client.get(url, headers=headers), 404)


PEOPLE = """\
project: {name: People, start: 2027-01-04}
resources:
  - {id: ann, name: Ann}
  - {id: bob, name: Bob}
tasks:
  - {id: a, duration: 2d, assign: [ann]}
  - {id: b, duration: 3d, after: [a]}
"""


def test_resources_and_assignments(client: TestClient) -> None:
    headers, project = _setup(client, PEOPLE)
    assert [r["id"] for r in client.get(f"{project}/resources", headers=headers).json()] == ["ann", "bob"]
    made = client.post(f"{project}/resources", json={"id": "cy", "name": "Cy", "units": "50%"}, headers=headers)
    assert made.status_code == 201, made.text
    assert_problem(client.post(f"{project}/resources", json={"id": "cy"}, headers=headers), 409)
    assert_problem(client.post(f"{project}/resources", json={"id": "dee", "units": "lots"}, headers=headers), 422)
    url = f"{project}/resources/cy"
    tag = client.get(url, headers=headers).headers["etag"]
    renamed = client.patch(url, json={"name": "Cyrus"}, headers={**headers, "If-Match": tag})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Cyrus"
    assert_problem(client.patch(url, json={"name": "C"}, headers={**headers, "If-Match": tag}), 412)
    asg = client.post(f"{project}/tasks/b/assignments", json={"resource": "cy", "units": "50%"}, headers=headers)
    assert asg.status_code == 201, asg.text
    assert asg.json()["units"] == 0.5
    assert_problem(client.post(f"{project}/tasks/b/assignments", json={"resource": "zed"}, headers=headers), 422)
    # ann is assigned: removing her breaks the plan (422), and nothing is saved
    ann = client.get(f"{project}/resources/ann", headers=headers).headers["etag"]
    assert_problem(client.delete(f"{project}/resources/ann", headers={**headers, "If-Match": ann}), 422)
    a_url = f"{project}/tasks/b/assignments/cy"
    a_tag = client.get(f"{project}/tasks/b/assignments", headers=headers).json()
    assert a_tag == [{"resource": "cy", "units": 0.5, "role": None, "any_of": None}]
    plan = _plan(client, project, headers)
    assert [a.resource for a in next(t for t in plan.tasks if t.id == "b").assignments] == ["cy"]
    assert [r.id for r in plan.resources] == ["ann", "bob", "cy"]
    from headway.server.plans import content_etag

    gone = client.delete(a_url, headers={**headers, "If-Match": content_etag(a_tag[0])})
    assert gone.status_code == 204, gone.text
    assert next(t for t in _plan(client, project, headers).tasks if t.id == "b").assignments == ()


def test_risks_and_issues_filter_by_status(client: TestClient) -> None:
    headers, project = _setup(client)
    for risk in ({"id": "r1", "title": "Vendor late", "probability": "30%", "impacts": [{"task": "build",
                                                                                      "delay": "2d"}]},
                 {"id": "r2", "title": "Sick", "probability": 0.1, "status": "closed"}):
        assert client.post(f"{project}/risks", json=risk, headers=headers).status_code == 201
    assert [r["id"] for r in client.get(f"{project}/risks", params={"status": "closed"},
                                        headers=headers).json()] == ["r2"]
    assert [r["id"] for r in client.get(f"{project}/risks", params={"status": "open"},
                                        headers=headers).json()] == ["r1"]
    assert_problem(client.post(f"{project}/risks", json={"id": "r3", "title": "x", "probability": 2,
                                                         "impacts": [{"task": "nope"}]}, headers=headers), 422)
    made = client.post(f"{project}/issues", json={"id": "i1", "title": "Spec unclear", "severity": "high",
                                                  "tasks": ["design"]}, headers=headers)
    assert made.status_code == 201, made.text
    plan = _plan(client, project, headers)
    assert [r.id for r in plan.risks] == ["r1", "r2"] and [i.id for i in plan.issues] == ["i1"]


def test_progress_and_baselines(client: TestClient) -> None:
    headers, project = _setup(client)
    recorded = client.post(f"{project}/progress", json={"task": "design", "done": "50%", "date": "2027-01-05"},
                           headers=headers)
    assert recorded.status_code == 201, recorded.text
    assert_problem(client.post(f"{project}/progress", json={"task": "nope", "done": 0.5}, headers=headers), 422)
    assert_problem(client.post(f"{project}/progress", json={"task": "design"}, headers=headers), 422)
    plan = _plan(client, project, headers)
    assert [(p.task, p.done) for p in plan.progress] == [("design", 0.5)]
    saved = client.post(f"{project}/baselines", json={"name": "v1"}, headers=headers)
    assert saved.status_code == 201, saved.text
    assert set(saved.json()["tasks"]) == {"design", "build", "ship"}
    listed = client.get(f"{project}/baselines", headers=headers).json()
    assert [(b["name"], b["tasks"]) for b in listed] == [("v1", 3)]
    assert client.get(f"{project}/baselines/v1", headers=headers).json() == saved.json()
    assert_problem(client.get(f"{project}/baselines/v2", headers=headers), 404)


def test_project_settings_plan_and_delete(client: TestClient) -> None:
    headers, project = _setup(client, LAUNCH.read_text())
    shown = client.get(project, headers=headers)
    assert shown.json()["name"] == plan_file.load(LAUNCH).project.name
    assert_problem(client.patch(project, json={"description": "x"}, headers=headers), 428)
    changed = client.patch(project, json={"description": "Launch v2"}, headers={**headers,
                                                                                 "If-Match": shown.headers["etag"]})
    assert changed.status_code == 200, changed.text
    assert changed.headers["etag"] != shown.headers["etag"]
    assert_problem(client.patch(project, json={"description": "y"}, headers={**headers,
                                                                            "If-Match": shown.headers["etag"]}), 412)
    assert_problem(client.patch(project, json={"start": "soon"}, headers={**headers,
                                                                         "If-Match": changed.headers["etag"]}), 422)
    original = plan_file.load(LAUNCH).project
    assert _plan(client, project, headers) == original.replace(description="Launch v2")
    as_json = client.get(f"{project}/plan", headers={**headers, "Accept": "application/json"})
    assert plan_file.loads_data(as_json.json()).project == original.replace(description="Launch v2")
    text = plan_file.dumps(original)
    put = client.put(f"{project}/plan", content=text.encode(),
                     headers={**headers, "Content-Type": "application/yaml", "If-Match": changed.headers["etag"]})
    assert put.status_code == 200, put.text
    assert _plan(client, project, headers) == original
    bob = add_user(client, "bob")
    client.put(f"{project}/members/bob", json={"role": "editor"}, headers=headers)
    assert_problem(client.delete(project, headers=bob), 403)
    assert_problem(client.delete(project, headers=headers), 428)
    assert_problem(client.delete(project, headers={**headers, "If-Match": changed.headers["etag"]}), 412)
    assert_problem(client.delete(project, headers={**headers, "If-Match": put.headers["etag"]}), 412)  # bob joined
    latest = client.get(project, headers=headers).headers["etag"]
    assert client.delete(project, headers={**headers, "If-Match": latest}).status_code == 204
    assert_problem(client.get(project, headers=headers), 404)


def test_members_and_the_last_owner(client: TestClient) -> None:
    headers, project = _setup(client)
    add_user(client, "bob")
    assert client.put(f"{project}/members/bob", json={"role": "viewer"}, headers=headers).status_code == 200
    assert client.get(f"{project}/members", headers=headers).json() == [{"username": "ann", "role": "owner"},
                                                                       {"username": "bob", "role": "viewer"}]
    assert_problem(client.delete(f"{project}/members/ann", headers=headers), 409)
    assert_problem(client.put(f"{project}/members/ann", json={"role": "editor"}, headers=headers), 409)
    assert client.delete(f"{project}/members/bob", headers=headers).status_code == 204
    assert_problem(client.delete(f"{project}/members/bob", headers=headers), 404)
    activity = client.get(f"{project}/activity", params={"entity": "member", "limit": 1}, headers=headers)
    assert activity.json()[0]["action"] == "delete" and activity.headers["x-total-count"] == "2"
    assert 'rel="next"' in activity.headers["link"]


def test_viewer_cannot_write_and_failures_save_nothing(client: TestClient) -> None:
    headers, project = _setup(client)
    viewer = add_user(client, "vic")
    client.put(f"{project}/members/vic", json={"role": "viewer"}, headers=headers)
    before = client.get(f"{project}/plan", headers=headers).text
    assert_problem(client.post(f"{project}/resources", json={"id": "x"}, headers=viewer), 403)
    assert_problem(client.post(f"{project}/tasks", json={"id": "x"}, headers=viewer), 403)
    assert_problem(client.post(f"{project}/links", json={"predecessor": "design", "successor": "ship"},
                               headers=viewer), 403)
    assert client.get(f"{project}/plan", headers=headers).text == before
    assert yaml.safe_load(before)["project"]["name"] == "Small"


def test_project_list_pages(client: TestClient) -> None:
    headers = add_user(client, "ann")
    ids = [post_plan(client, headers).json()["id"] for _ in range(3)]
    first = client.get("/api/v1/projects", params={"limit": 2}, headers=headers)
    assert [p["id"] for p in first.json()] == ids[:2] and first.headers["x-total-count"] == "3"
    rest = client.get(first.headers["link"].split(";")[0].strip("<>").split("testserver")[-1], headers=headers)
    assert [p["id"] for p in rest.json()] == ids[2:] and "link" not in rest.headers
