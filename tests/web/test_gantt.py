"""The interactive Gantt against a live server: drag to move (successors follow), drag to link, reload
and see it persisted, undo; every expectation is read back from the API, not from the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from tests.web.conftest import Server, box_of, login, open_project, project_id

PROJECT = "Ledger Pro launch"


def schedule(server: Server, token: str, pid: int) -> dict[str, Any]:
    data: dict[str, Any] = server.call("GET", f"/projects/{pid}/schedule", token=token)
    return data


def tasks_by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in data["tasks"]}


def open_leaf(t: dict[str, Any]) -> bool:
    return not t["summary"] and not t["milestone"] and t["percent_complete"] == 0 and t["actual_start"] is None


def movable_with_successor(data: dict[str, Any]) -> tuple[str, str]:
    """A not-started task at least 2 days long whose start drives a not-started FS successor."""
    tasks = tasks_by_id(data)
    for link in data["links"]:
        pred, succ = tasks[link["predecessor"]], tasks[link["successor"]]
        if (link["type"] == "FS" and link["driving"] and open_leaf(pred) and open_leaf(succ)
                and pred["duration_minutes"] >= 2 * data["project"]["minutes_per_day"]):
            return pred["id"], succ["id"]
    raise AssertionError("the demo has no movable task with a driven successor")


def dependency_graph(data: dict[str, Any]) -> nx.DiGraph:
    """What must come before what: a summary is a start and a finish node around its subtasks, and a
    link runs from its predecessor's finish to its successor's start (any link type, conservatively)."""
    summaries = {t["id"] for t in data["tasks"] if t["summary"]}
    start = {t["id"]: (t["id"], "start") if t["id"] in summaries else t["id"] for t in data["tasks"]}
    finish = {t["id"]: (t["id"], "finish") if t["id"] in summaries else t["id"] for t in data["tasks"]}
    graph = nx.DiGraph()
    graph.add_nodes_from([*start.values(), *finish.values()])
    for t in data["tasks"]:
        if t["parent"]:
            graph.add_edge(start[t["parent"]], start[t["id"]])
            graph.add_edge(finish[t["id"]], finish[t["parent"]])
    for link in data["links"]:
        graph.add_edge(finish[link["predecessor"]], start[link["successor"]])
    return graph


def linkable_pair(data: dict[str, Any]) -> tuple[str, str]:
    """(a, b): open leaves, b a few rows above a, not linked yet, and a link a -> b makes no cycle."""
    graph = dependency_graph(data)
    linked = {(link["predecessor"], link["successor"]) for link in data["links"]}
    leaves = [t for t in data["tasks"] if open_leaf(t)]
    for i, a in enumerate(leaves):
        for b in leaves[max(0, i - 4):i]:
            if (a["id"], b["id"]) not in linked and not nx.has_path(graph, b["id"], a["id"]):
                return a["id"], b["id"]
    raise AssertionError("no linkable pair")


def drag(page: Any, source: Any, x: float, y: float, wait_text: str) -> None:
    """Drag from the middle of ``source`` to (x, y) and wait until the chart says it redrew."""
    box = box_of(source)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(x, y, steps=8)
    page.mouse.up()
    page.wait_for_selector("#status.shown")
    assert wait_text in page.locator("#status").inner_text()


def bar_left(page: Any, task: str) -> str:
    return str(page.locator(f'.bar[data-id="{task}"]').evaluate("b => b.style.left"))


def day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso[:10])


def test_drag_moves_a_task_and_its_successors_persists_and_undoes(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, PROJECT)
    before = tasks_by_id(schedule(server, token, pid))
    task, successor = movable_with_successor(schedule(server, token, pid))
    login(page, server)
    open_project(page, server, pid, task)
    px_per_day = 14  # the week zoom
    bar = page.locator(f'.bar[data-id="{task}"]')
    box = box_of(bar)
    # grab the bar left of its end handle and move it 10 days later
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3 + 10 * px_per_day, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_selector("#status.shown:has-text('moved')")
    entry = server.call("GET", f"/projects/{pid}/tasks/{task}", token=token)
    target = day(before[task]["start"]) + dt.timedelta(days=10)
    assert entry["constraint"] == {"type": "start-no-earlier-than", "date": target.isoformat()}
    after = tasks_by_id(schedule(server, token, pid))
    assert day(after[task]["start"]) >= target
    assert after[successor]["start"] > before[successor]["start"]  # the successor moved with it
    assert after[successor]["start"] >= after[task]["finish"]
    moved_left = bar_left(page, task)
    assert moved_left != f"{box['x']}px"

    page.reload()  # persisted: a fresh page draws the moved bar in the same place
    open_project(page, server, pid, task)
    assert bar_left(page, task) == moved_left

    page.locator(".gantt").focus()
    page.keyboard.press("Control+z")  # nothing to undo on a fresh page
    page.click("a[data-nav=portfolio]")
    open_project(page, server, pid, task)
    bar = page.locator(f'.bar[data-id="{task}"]')
    box = box_of(bar)
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3 + 7 * px_per_day, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_selector("#status.shown:has-text('moved')")
    page.keyboard.press("Control+z")
    page.wait_for_selector("#status.shown:has-text('Undone')")
    entry = server.call("GET", f"/projects/{pid}/tasks/{task}", token=token)
    assert entry["constraint"] == {"type": "start-no-earlier-than", "date": target.isoformat()}  # back one edit
    assert bar_left(page, task) == moved_left


def test_drag_links_two_tasks_and_undo_removes_the_link(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, PROJECT)
    data = schedule(server, token, pid)
    pred, succ = linkable_pair(data)
    old_after = server.call("GET", f"/projects/{pid}/tasks/{succ}", token=token).get("after")
    login(page, server)
    open_project(page, server, pid, pred)
    target = box_of(page.locator(f'.bar[data-id="{succ}"]'))
    drag(page, page.locator(f'.bar[data-id="{pred}"] .handle-link'), target["x"] + target["width"] / 2,
         target["y"] + target["height"] / 2, "linked")
    entry = server.call("GET", f"/projects/{pid}/tasks/{succ}", token=token)
    assert pred in [a if isinstance(a, str) else a["task"] for a in entry["after"]]
    tasks = tasks_by_id(schedule(server, token, pid))
    assert tasks[succ]["start"] >= tasks[pred]["finish"]  # finish-to-start, rescheduled by the server
    assert page.locator(f'.gantt-links path[data-link="{pred}>{succ}"]').count() == 1
    page.click("#undo")
    page.wait_for_selector("#status.shown:has-text('Undone')")
    assert server.call("GET", f"/projects/{pid}/tasks/{succ}", token=token).get("after") == old_after
    assert page.locator(f'.gantt-links path[data-link="{pred}>{succ}"]').count() == 0


def test_undo_after_someone_else_changed_the_task_reloads_and_keeps_their_change(console: Any, server: Server) -> None:
    page = console.page
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, PROJECT)
    task, _ = movable_with_successor(schedule(server, token, pid))
    login(page, server)
    open_project(page, server, pid, task)
    box = box_of(page.locator(f'.bar[data-id="{task}"]'))
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3 + 5 * 14, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_selector("#status.shown:has-text('moved')")
    etag = page.request.get(f"{server.base}/api/v1/projects/{pid}/tasks/{task}").headers["etag"]
    server.call("PATCH", f"/projects/{pid}/tasks/{task}", token=token, body={"notes": "changed by a colleague"},
                headers={"If-Match": etag})
    page.click("#undo")
    page.wait_for_selector("#status.shown:has-text('Someone else changed')")
    console.expect("412")
    entry = server.call("GET", f"/projects/{pid}/tasks/{task}", token=token)
    assert entry["notes"] == "changed by a colleague" and entry["constraint"]["type"] == "start-no-earlier-than"
    assert page.locator("#undo").is_disabled()  # nothing left to undo: the stale edit was dropped
