"""A cancelled CP-SAT leveling job stops searching and frees its worker at once, instead of holding it
until the search's time limit (up to an hour)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from headway.server import Settings, create_app
from headway.server.jobs import JobWorkers
from tests.server.conftest import add_user, post_plan
from tests.server.test_job_faults import contested_tasks, plan_text
from tests.server.test_jobs import WAIT, sessions_of, wait_for

TIME_LIMIT = 900.0  # seconds the search would run if nothing stopped it


@pytest.fixture
def idle(database: str) -> Iterator[TestClient]:
    """An app whose process runs no jobs: the test starts one worker by hand."""
    with TestClient(create_app(Settings(database, job_workers=0))) as client:
        yield client


def test_a_cancelled_search_frees_its_worker_long_before_its_time_limit(idle: TestClient) -> None:
    ann = add_user(idle, "ann")
    project_id = post_plan(idle, ann, plan_text(contested_tasks())).json()["id"]
    jobs = f"/api/v1/projects/{project_id}/jobs"
    search = idle.post(jobs, json={"kind": "level", "params": {"solver": "cpsat", "time_limit": TIME_LIMIT,
                                                               "workers": 1}}, headers=ann).json()
    after = idle.post(jobs, json={"kind": "critical"}, headers=ann).json()  # queued behind it: one worker
    workers = JobWorkers(sessions_of(idle), 1, poll_seconds=0.05, heartbeat_seconds=0.2, stale_seconds=600)
    workers.start()
    try:
        assert wait_for(idle, ann, f"{jobs}/{search['id']}", ("running",))["state"] == "running"
        time.sleep(2)  # well into the search (the heuristic's warm start, or CP-SAT's own)
        began = time.monotonic()
        assert idle.delete(f"{jobs}/{search['id']}", headers=ann).json()["state"] == "cancelled"
        done = wait_for(idle, ann, f"{jobs}/{after['id']}")
        freed = time.monotonic() - began
        assert done["state"] == "done"
        assert freed < TIME_LIMIT / 5  # minutes at most on a loaded machine, not the search's 15
    finally:
        workers.stop(timeout=WAIT)
    shown = idle.get(f"{jobs}/{search['id']}", headers=ann).json()
    assert shown["state"] == "cancelled" and shown["result"] is None
