"""Background jobs: queued in the database, run by any app process's workers, exactly once, with
progress, cancel, takeover of a dead worker's job and the revision each result was computed on."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from headway.server import Settings, create_app
from headway.server import jobs as worker_module
from headway.server.jobs import JobWorkers
from headway.server.routes.computed import REVISION_HEADER
from headway.store import jobs as store
from headway.store.tables_server import JobRow
from tests.server.conftest import LAUNCH, add_user, assert_problem, post_plan
from tests.server.test_computed import STAFFED

WAIT = 180.0  # seconds a job may take on a loaded machine before the test gives up


def wait_for(client: TestClient, headers: dict[str, str], url: str, states: tuple[str, ...] = ("done", "failed",
             "cancelled")) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT
    while True:
        job: dict[str, Any] = client.get(url, headers=headers).json()
        if job["state"] in states or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


@pytest.fixture
def idle(database: str) -> Iterator[TestClient]:
    """An app whose process runs no jobs (they stay queued until a worker is started by hand)."""
    with TestClient(create_app(Settings(database, job_workers=0))) as client:
        yield client


def sessions_of(client: TestClient) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = client.app.state.sessions  # type: ignore[attr-defined]
    return factory


def test_a_job_gives_the_sync_result(client: TestClient) -> None:
    headers = add_user(client, "ann")
    project_id = post_plan(client, headers, LAUNCH.read_text()).json()["id"]
    base = f"/api/v1/projects/{project_id}"
    params = {"iterations": 500, "seed": 7}
    created = client.post(f"{base}/jobs", json={"kind": "forecast", "params": params}, headers=headers)
    assert created.status_code == 202, created.text
    assert created.json()["state"] in ("queued", "running")
    job = wait_for(client, headers, created.headers["location"])
    assert job["state"] == "done" and job["progress"] == 1.0, job
    assert job["params"] == {"iterations": 500, "seed": 7, "level": False, "calibrate": False, "tasks": False}
    result = client.get(job["result"], headers=headers)
    sync = client.get(f"{base}/forecast?iterations=500&seed=7", headers=headers)
    assert result.status_code == 200 and result.json() == sync.json()
    assert result.headers[REVISION_HEADER] == sync.headers[REVISION_HEADER] == str(job["project_revision"])
    assert job["started"] >= job["created"] and job["finished"] >= job["started"]


def test_cpsat_leveling_job(client: TestClient) -> None:
    headers = add_user(client, "ann")
    project_id = post_plan(client, headers, STAFFED).json()["id"]
    url = f"/api/v1/projects/{project_id}/jobs"
    created = client.post(url, json={"kind": "level", "params": {"solver": "cpsat", "time_limit": 20}},
                          headers=headers)
    assert created.status_code == 202, created.text
    assert created.json()["params"]["method"] == "optimal"
    job = wait_for(client, headers, created.headers["location"])
    assert job["state"] == "done", job
    result = client.get(job["result"], headers=headers).json()
    loads = [day["load"] for person in result["resources"] for day in person["usage"]]
    assert all(load is None or load <= 1 + 1e-9 for load in loads)  # None: work on a day off, fixed by the plan
    assert result["leveling"]["proven_optimal"]  # a small plan: CP-SAT proves its schedule the shortest
    heuristic = client.get(f"/api/v1/projects/{project_id}/leveled", headers=headers).json()
    assert result["project"]["finish"] <= heuristic["project"]["finish"]
    assert [j["id"] for j in client.get(url, headers=headers).json()] == [job["id"]]


def test_roles_and_bad_requests(idle: TestClient) -> None:
    ann, bob, eve = add_user(idle, "ann"), add_user(idle, "bob"), add_user(idle, "eve")
    project_id = post_plan(idle, ann).json()["id"]
    idle.put(f"/api/v1/projects/{project_id}/members/bob", json={"role": "viewer"}, headers=ann).raise_for_status()
    url = f"/api/v1/projects/{project_id}/jobs"
    job = idle.post(url, json={"kind": "critical"}, headers=ann).json()
    assert [j["id"] for j in idle.get(url, headers=bob).json()] == [job["id"]]
    assert idle.get(f"{url}/{job['id']}", headers=bob).json()["state"] == "queued"
    assert_problem(idle.post(url, json={"kind": "critical"}, headers=bob), 403)
    assert_problem(idle.delete(f"{url}/{job['id']}", headers=bob), 403)
    assert_problem(idle.get(url, headers=eve), 404)
    assert_problem(idle.get(f"{url}/{job['id']}", headers=eve), 404)
    assert_problem(idle.post(url, json={"kind": "critical"}), 401)
    assert "kinds" in assert_problem(idle.post(url, json={"kind": "dance"}, headers=ann), 422)["detail"]
    assert "'iteratons'" in assert_problem(idle.post(url, json={"kind": "forecast", "params": {"iteratons": 5}},
                                                     headers=ann), 422)["detail"]
    assert_problem(idle.post(url, json={"kind": "forecast", "params": {"iterations": 0}}, headers=ann), 422)
    assert_problem(idle.post(url, json={"kind": "forecast", "params": {"iterations": 10**7}}, headers=ann), 422)
    assert_problem(idle.post(url, json={"kind": "level", "params": {"solver": "magic"}}, headers=ann), 422)
    assert_problem(idle.get(f"{url}/999", headers=ann), 404)


def test_result_waits_and_cancel(idle: TestClient) -> None:
    ann = add_user(idle, "ann")
    project_id = post_plan(idle, ann).json()["id"]
    url = f"/api/v1/projects/{project_id}/jobs"
    first, second = (idle.post(url, json={"kind": "schedule"}, headers=ann).json() for _ in range(2))
    body = assert_problem(idle.get(f"{url}/{first['id']}/result", headers=ann), 409)
    assert body["state"] == "queued"
    cancelled = idle.delete(f"{url}/{first['id']}", headers=ann)
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert_problem(idle.delete(f"{url}/{first['id']}", headers=ann), 409)
    assert_problem(idle.get(f"{url}/{first['id']}/result", headers=ann), 409)
    assert [j["id"] for j in idle.get(url, headers=ann).json()] == [second["id"], first["id"]]  # newest first
    workers = JobWorkers(sessions_of(idle), 1)
    assert workers.run_next("w") and not workers.run_next("w")  # the cancelled job is never run
    assert idle.get(f"{url}/{second['id']}", headers=ann).json()["state"] == "done"
    assert idle.get(f"{url}/{first['id']}", headers=ann).json()["state"] == "cancelled"


def test_failed_job_is_problem_json(idle: TestClient) -> None:
    ann = add_user(idle, "ann")
    project_id = post_plan(idle, ann).json()["id"]
    url = f"/api/v1/projects/{project_id}/jobs"
    job = idle.post(url, json={"kind": "why", "params": {"task": "desing"}}, headers=ann).json()
    assert JobWorkers(sessions_of(idle), 1).run_next("w")
    shown = idle.get(f"{url}/{job['id']}", headers=ann).json()
    assert shown["state"] == "failed" and shown["error"]["status"] == 404
    body = assert_problem(idle.get(f"{url}/{job['id']}/result", headers=ann), 404)
    assert "did you mean 'design'" in body["detail"] and body["job"] == job["id"]


def test_result_keeps_the_revision_it_was_computed_on(idle: TestClient) -> None:
    ann = add_user(idle, "ann")
    project_id = post_plan(idle, ann).json()["id"]
    base = f"/api/v1/projects/{project_id}"
    job = idle.post(f"{base}/jobs", json={"kind": "critical"}, headers=ann).json()
    assert JobWorkers(sessions_of(idle), 1).run_next("w")
    before = idle.get(f"{base}/critical", headers=ann)
    task = idle.get(f"{base}/tasks/build", headers=ann)
    idle.patch(f"{base}/tasks/build", json={"duration": "20d"},
               headers={**ann, "If-Match": task.headers["etag"]}).raise_for_status()
    now = idle.get(f"{base}/critical", headers=ann)
    result = idle.get(f"{base}/jobs/{job['id']}/result", headers=ann)
    assert result.json() == before.json() != now.json()
    assert result.headers[REVISION_HEADER] == before.headers[REVISION_HEADER]
    assert int(now.headers[REVISION_HEADER]) == int(result.headers[REVISION_HEADER]) + 1
    assert idle.get(f"{base}/jobs/{job['id']}", headers=ann).json()["project_revision"] == int(
        before.headers[REVISION_HEADER])


def test_jobs_survive_a_restart(database: str) -> None:
    """Queued by a process that runs no workers and then stops; run by the next one."""
    with TestClient(create_app(Settings(database, job_workers=0))) as first:
        ann = add_user(first, "ann")
        project_id = post_plan(first, ann).json()["id"]
        location = first.post(f"/api/v1/projects/{project_id}/jobs", json={"kind": "critical"},
                              headers=ann).headers["location"]
    with TestClient(create_app(Settings(database, migrate=False))) as second:
        assert wait_for(second, ann, location)["state"] == "done"


def _slow(_kind: str, _project: Any, _params: Any, progress: Any, should_stop: Any = None) -> dict[str, Any]:
    """A computation that reports progress for up to a minute, or until its progress call raises. It
    ignores ``should_stop`` on purpose: progress reports alone must be enough to stop a job."""
    del should_stop
    for step in range(6000):
        progress(step / 6000, f"step {step}")
        time.sleep(0.01)
    return {"finished": True}


def test_cancel_a_running_job(idle: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker_module, "compute", _slow)
    ann = add_user(idle, "ann")
    project_id = post_plan(idle, ann).json()["id"]
    url = f"/api/v1/projects/{project_id}/jobs"
    job = idle.post(url, json={"kind": "critical"}, headers=ann).json()
    workers = JobWorkers(sessions_of(idle), 1, poll_seconds=0.05)
    workers.start()
    try:
        running = wait_for(idle, ann, f"{url}/{job['id']}", ("running",))
        assert running["state"] == "running" and running["started"] is not None
        assert idle.delete(f"{url}/{job['id']}", headers=ann).json()["state"] == "cancelled"
        deadline = time.monotonic() + WAIT
        while workers_busy(sessions_of(idle), job["id"]) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        workers.stop(timeout=WAIT)
    shown = idle.get(f"{url}/{job['id']}", headers=ann).json()
    assert shown["state"] == "cancelled" and shown["result"] is None


def workers_busy(sessions: sessionmaker[Session], job_id: int) -> bool:
    """Whether a worker still reports on the job (its heartbeat moved within the last second)."""
    with sessions() as session:
        job = session.get(JobRow, job_id)
        assert job is not None and job.heartbeat is not None
        return job.heartbeat > store.now_utc() - dt.timedelta(seconds=1)


def test_stopping_puts_the_running_job_back(idle: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker_module, "compute", _slow)
    ann = add_user(idle, "ann")
    project_id = post_plan(idle, ann).json()["id"]
    url = f"/api/v1/projects/{project_id}/jobs/" + str(idle.post(f"/api/v1/projects/{project_id}/jobs",
                                                                  json={"kind": "critical"}, headers=ann).json()["id"])
    workers = JobWorkers(sessions_of(idle), 1, poll_seconds=0.05)
    workers.start()
    assert wait_for(idle, ann, url, ("running",))["state"] == "running"
    workers.stop(timeout=WAIT)
    job = idle.get(url, headers=ann).json()
    assert job["state"] == "queued" and job["started"] is None


def test_a_stale_job_is_taken_over(idle: TestClient) -> None:
    ann = add_user(idle, "ann")
    project_id = post_plan(idle, ann).json()["id"]
    url = f"/api/v1/projects/{project_id}/jobs"
    job = idle.post(url, json={"kind": "critical"}, headers=ann).json()
    sessions = sessions_of(idle)
    long_ago = store.now_utc() - dt.timedelta(minutes=10)
    assert store.claim_next(sessions, "dead", stale_before=long_ago, now=long_ago) == job["id"]
    fresh = JobWorkers(sessions, 1, stale_seconds=3600)
    assert not fresh.run_next("alive")  # ten minutes of silence is not stale under a one-hour timeout
    assert JobWorkers(sessions, 1, stale_seconds=60).run_next("alive")
    assert idle.get(f"{url}/{job['id']}", headers=ann).json()["state"] == "done"
    with sessions.begin() as session:
        assert not store.report(session, job["id"], "dead", progress=0.5)  # the dead worker lost it
        row = session.get(JobRow, job["id"])
        assert row is not None and row.worker == "alive"


def test_a_job_whose_servers_keep_dying_is_abandoned_after_three_starts(idle: TestClient) -> None:
    """Each takeover counts; a clean stop's give-back does not; at the third death the job fails as
    job_abandoned (named in its error) instead of being started a fourth time, and no server runs it."""
    ann = add_user(idle, "ann")
    project_id = post_plan(idle, ann).json()["id"]
    url = f"/api/v1/projects/{project_id}/jobs"
    job = idle.post(url, json={"kind": "critical"}, headers=ann).json()
    assert job["attempts"] == 0
    sessions = sessions_of(idle)
    long_ago = store.now_utc() - dt.timedelta(minutes=10)
    stale_before = store.now_utc() - dt.timedelta(minutes=1)
    assert store.claim_next(sessions, "s0", stale_before=stale_before, now=long_ago) == job["id"]
    with sessions.begin() as session:  # s0 stops cleanly: given back, not counted
        assert store.requeue(session, job["id"], "s0")
    assert idle.get(f"{url}/{job['id']}", headers=ann).json()["attempts"] == 0
    for k in range(store.MAX_ATTEMPTS):  # started, then its server dies (its heartbeat goes stale)
        assert store.claim_next(sessions, f"s{k + 1}", stale_before=stale_before, now=long_ago) == job["id"]
        assert idle.get(f"{url}/{job['id']}", headers=ann).json()["attempts"] == k + 1
    assert store.claim_next(sessions, "s9", stale_before=stale_before, now=long_ago) is None
    failed = idle.get(f"{url}/{job['id']}", headers=ann).json()
    assert failed["state"] == "failed" and failed["attempts"] == store.MAX_ATTEMPTS
    assert failed["error"]["type"] == store.ABANDONED and "3 times" in failed["message"]
    assert not JobWorkers(sessions, 1, stale_seconds=60).run_next("alive")
    with sessions.begin() as session:
        assert not store.report(session, job["id"], f"s{store.MAX_ATTEMPTS}", progress=0.5)  # its last server lost it


def test_ended_jobs_older_than_the_retention_are_swept_after_each_run(idle: TestClient) -> None:
    """Each job run deletes, with their results, up to a batch of the jobs that ended before the
    retention; recent ended jobs and open ones (queued, running) stay whatever their age."""
    ann = add_user(idle, "ann")
    project_id = post_plan(idle, ann).json()["id"]
    url = f"/api/v1/projects/{project_id}/jobs"
    sessions = sessions_of(idle)
    now = store.now_utc()
    ids = [idle.post(url, json={"kind": "critical"}, headers=ann).json()["id"] for _ in range(store.SWEEP_BATCH + 6)]
    recent, running, queued = ids[0], ids[1], ids[-2:]
    with sessions.begin() as session:
        for k, job_id in enumerate(ids[:-2]):
            row = session.get(JobRow, job_id)
            assert row is not None
            row.created = now - dt.timedelta(days=60)
            if job_id == running:
                row.state, row.heartbeat = "running", now
            else:
                row.state = ("done", "failed", "cancelled")[k % 3]
                row.finished = now - dt.timedelta(days=29 if job_id == recent else 31 + k % 20)
    old = set(ids[:-2]) - {recent, running}
    assert len(old) > store.SWEEP_BATCH
    workers = JobWorkers(sessions, 1, retention_days=30)

    def stored() -> set[int]:
        with sessions() as session:
            return set(session.scalars(select(JobRow.id)).all())

    assert workers.run_next("w")
    assert len(old & stored()) == len(old) - store.SWEEP_BATCH
    assert workers.run_next("w")
    assert stored() == {recent, running, *queued}
    assert idle.get(f"{url}/{min(old)}", headers=ann).status_code == 404
    assert idle.get(f"{url}/{recent}", headers=ann).json()["state"] == "done"


def test_one_claim_wins(idle: TestClient) -> None:
    """Many threads claim at once, round after round: each job goes to exactly one of them."""
    ann = add_user(idle, "ann")
    project_id = post_plan(idle, ann).json()["id"]
    sessions = sessions_of(idle)
    for _ in range(5):
        job = idle.post(f"/api/v1/projects/{project_id}/jobs", json={"kind": "critical"}, headers=ann).json()
        assert sorted(_race(sessions, 6), key=lambda w: w is None) == [job["id"]] + [None] * 5


def _race(sessions: sessionmaker[Session], n: int) -> list[int | None]:
    """What each of ``n`` threads claiming at the same moment got."""
    start = threading.Barrier(n)
    won: list[int | None] = []

    def claim(k: int) -> None:
        start.wait()
        won.append(store.claim_next(sessions, f"w{k}", stale_before=store.now_utc() - dt.timedelta(hours=1)))

    threads = [threading.Thread(target=claim, args=(k,)) for k in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return won


def test_many_jobs_two_processes_run_each_once(idle: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    ann = add_user(idle, "ann")
    project_id = post_plan(idle, ann).json()["id"]
    url = f"/api/v1/projects/{project_id}/jobs"
    ids = [idle.post(url, json={"kind": "critical"}, headers=ann).json()["id"] for _ in range(24)]
    ran: list[tuple[int, str]] = []
    lock = threading.Lock()
    real = worker_module.run_job

    def counted(sessions: sessionmaker[Session], job_id: int, worker: str, **options: Any) -> None:
        with lock:
            ran.append((job_id, worker))
        real(sessions, job_id, worker, **options)

    monkeypatch.setattr(worker_module, "run_job", counted)
    pools = [JobWorkers(sessions_of(idle), 3, poll_seconds=0.02) for _ in range(2)]  # two "processes"
    for pool in pools:
        pool.start()
    try:
        for job_id in ids:
            assert wait_for(idle, ann, f"{url}/{job_id}")["state"] == "done"
    finally:
        for pool in pools:
            pool.stop(timeout=WAIT)
    assert Counter(job_id for job_id, _ in ran) == Counter(ids)
    assert len({worker for _, worker in ran}) > 1


def test_cpsat_progress_is_reported(idle: TestClient) -> None:
    """A CP-SAT search reports the share of its time limit spent, rising, then its result."""
    ann = add_user(idle, "ann")
    project_id = post_plan(idle, ann, LAUNCH.read_text()).json()["id"]
    url = f"/api/v1/projects/{project_id}/jobs"
    job = idle.post(url, json={"kind": "level", "params": {"solver": "cpsat", "time_limit": 4}}, headers=ann).json()
    workers = JobWorkers(sessions_of(idle), 1, poll_seconds=0.05, heartbeat_seconds=0.2)
    workers.start()
    seen: list[float] = []
    try:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            shown = idle.get(f"{url}/{job['id']}", headers=ann).json()
            if shown["state"] == "running":
                seen.append(shown["progress"])
            elif shown["state"] != "queued":
                break
            time.sleep(0.1)
    finally:
        workers.stop(timeout=WAIT)
    assert shown["state"] == "done", shown
    assert any(0 < p < 1 for p in seen) and seen == sorted(seen)
    result = idle.get(shown["result"], headers=ann).json()
    loads = [day["load"] for person in result["resources"] for day in person["usage"]]
    assert all(load is None or load <= 1 + 1e-9 for load in loads)
