"""A real `headway serve` killed with SIGKILL while it runs a background job, on SQLite and PostgreSQL.

The next server takes the job over once its heartbeat is stale and finishes it exactly once, with a
result that passes an independent check (a CP-SAT leveling: every link and every team's capacity kept,
not longer than the heuristic's); a job that was queued behind it gives the same result as the sync
endpoint; ``GET …/result`` never serves a half result. A job cancelled while its server is dead stays
cancelled. The database itself records every change of a job's state or worker (a trigger).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import random
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import httpx2
import numpy as np
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from headway.cli.commands.serve import SETTINGS_ENV, settings_from_json, settings_json
from headway.cli.main import cli
from headway.server import Settings, create_app
from headway.server import jobs as worker_module
from headway.server.jobs import JobWorkers
from headway.store.jobs import TAKEN_OVER
from tests.server.conftest import add_user, post_plan
from tests.server.process import Served, create_account, login, start

HEARTBEAT, STALE = 0.5, 5.0  # seconds; the defaults (5 s, 60 s) would make each test wait a minute
FAST_TAKEOVER = ("--job-heartbeat-seconds", str(HEARTBEAT), "--job-stale-seconds", str(STALE))
ONE_PROCESS = ("--workers", "1")  # one job worker in all: a second job stays queued behind the first
TIME_LIMIT = 20.0  # seconds of CP-SAT search: the warm start (30% of it) is never cut short, even under load
LEVEL_JOB = {"kind": "level", "params": {"solver": "cpsat", "time_limit": TIME_LIMIT, "workers": 1}}
FORECAST = {"iterations": 10_000, "seed": 7}
WAIT = 240.0  # seconds a job may take on a loaded machine before the test gives up
TEAM_UNITS = 4  # each team is four people (400%)


@dataclass(frozen=True)
class PlannedTask:
    id: str
    days: int
    uses: dict[str, int]  # team: people
    after: tuple[str, ...]


def contested_tasks(count: int = 60, teams: int = 4, seed: int = 3) -> list[PlannedTask]:
    """Tasks that compete for a few teams, each after up to two of the fifteen before it: a plan the
    heuristic leaves a gap on (12% above its lower bound), so CP-SAT searches to its time limit."""
    rng = random.Random(seed)
    names = [f"team{k}" for k in range(teams)]
    tasks = []
    for i in range(count):
        uses = {name: rng.randint(1, 3) for name in rng.sample(names, rng.randint(1, 2))}
        after = sorted({f"t{j}" for j in rng.sample(range(max(0, i - 15), i), min(i, rng.randint(0, 2)))})
        tasks.append(PlannedTask(f"t{i}", rng.randint(1, 10), uses, tuple(after)))
    return tasks


def plan_text(tasks: list[PlannedTask]) -> str:
    teams = sorted({team for task in tasks for team in task.uses})
    lines = ["project:", "  name: Contested", "  start: 2027-01-04", "resources:"]
    lines += [f"  - id: {team}\n    units: {TEAM_UNITS * 100}%" for team in teams]
    lines.append("tasks:")
    for task in tasks:
        uses = ", ".join(f"{{resource: {team}, units: {people * 100}%}}" for team, people in task.uses.items())
        lines += [f"  - id: {task.id}", f"    duration: {task.days}d", f"    assign: [{uses}]"]
        if task.after:
            lines.append(f"    after: [{', '.join(task.after)}]")
    return "\n".join(lines) + "\n"


def assert_feasible(tasks: list[PlannedTask], result: dict[str, Any]) -> None:
    """An independent check of a leveled schedule on the Mon-Fri calendar: each task lasts its working
    days, starts after its predecessors finish, and no team is asked for more people than it has."""
    when = {t["id"]: (dt.datetime.fromisoformat(t["start"]), dt.datetime.fromisoformat(t["finish"]))
            for t in result["tasks"]}
    assert set(when) == {task.id for task in tasks}
    busy: dict[tuple[str, dt.date], int] = defaultdict(int)
    for task in tasks:
        start, finish = when[task.id]
        assert np.busday_count(start.date(), finish.date() + dt.timedelta(days=1)) == task.days, task
        assert all(start > when[before][1] for before in task.after), task
        for offset in range((finish.date() - start.date()).days + 1):  # a weekend inside a task counts
            for team, people in task.uses.items():  # only if it does on the Friday: no false alarm
                busy[team, start.date() + dt.timedelta(days=offset)] += people
    assert max(busy.values()) <= TEAM_UNITS, max(busy.items(), key=lambda item: item[1])


_TRANSITIONS = {
    "sqlite": [
        "CREATE TABLE test_job_transitions (seq INTEGER PRIMARY KEY AUTOINCREMENT, job_id INTEGER, state TEXT, "
        "worker TEXT, was REAL, now REAL, message TEXT)",
        "CREATE TRIGGER test_job_transitions AFTER UPDATE ON jobs FOR EACH ROW "
        "WHEN NEW.state IS NOT OLD.state OR NEW.worker IS NOT OLD.worker BEGIN "
        "INSERT INTO test_job_transitions (job_id, state, worker, was, now, message) "
        "VALUES (NEW.id, NEW.state, NEW.worker, OLD.progress, NEW.progress, NEW.message); END"],
    "postgresql": [
        "CREATE TABLE test_job_transitions (seq serial PRIMARY KEY, job_id integer, state text, worker text, "
        "was float, now float, message text)",
        "CREATE FUNCTION test_log_job_transition() RETURNS trigger AS $$ BEGIN "
        "IF NEW.state IS DISTINCT FROM OLD.state OR NEW.worker IS DISTINCT FROM OLD.worker THEN "
        "INSERT INTO test_job_transitions (job_id, state, worker, was, now, message) "
        "VALUES (NEW.id, NEW.state, NEW.worker, OLD.progress, NEW.progress, NEW.message); END IF; "
        "RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER test_job_transitions AFTER UPDATE ON jobs FOR EACH ROW "
        "EXECUTE FUNCTION test_log_job_transition()"],
}


def record_transitions(database: str) -> None:
    """Have the database log every job update that changes its state or worker (migrated first)."""
    create_account(database, "ann")  # migrates: the jobs table exists
    engine = create_engine(database)
    try:
        with engine.begin() as connection:
            for statement in _TRANSITIONS[make_url(database).get_backend_name()]:
                connection.execute(text(statement))
    finally:
        engine.dispose()


class Change(NamedTuple):
    """A change of a job's state or worker, as the trigger saw it: the new state, worker and message,
    and the progress before and after."""

    state: str
    worker: str | None  # None: back in the queue
    was: float
    now: float
    message: str


def transitions(database: str, job_id: int) -> list[Change]:
    """Each recorded change of job ``job_id``, in order."""
    engine = create_engine(database)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT state, worker, was, now, message FROM test_job_transitions "
                                           "WHERE job_id = :job ORDER BY seq"), {"job": job_id}).all()
    finally:
        engine.dispose()
    return [Change(*row) for row in rows]


def pid_of(worker: str | None) -> int:
    """The process id in a worker's name (``host:pid:tag:thread``)."""
    assert worker is not None
    return int(worker.split(":")[1])


@dataclass
class Seen:
    """What a client polling a job saw: its (started, state, progress, message) and every result answer."""

    job: list[tuple[str | None, str, float, str]] = field(default_factory=list)
    results: list[tuple[int, Any]] = field(default_factory=list)


@dataclass
class Setup:
    database: str
    logs: Path
    headers: dict[str, str]
    project: str  # /projects/{id}, the same through any server
    servers: list[Served] = field(default_factory=list)

    def start(self, name: str, *options: str) -> Served:
        served = start(self.database, self.logs / f"{name}.log", options=[*FAST_TAKEOVER, *options])
        self.servers.append(served)
        return served

    def http(self, served: Served) -> httpx2.Client:
        return httpx2.Client(base_url=served.api + self.project, headers=self.headers, timeout=60)


@contextmanager
def project_on_a_server(database: str, tmp_path: Path, tasks: list[PlannedTask]) -> Iterator[tuple[Setup, Served]]:
    """One server process running one job worker, with ann's project of ``tasks``; every server started
    through the setup is stopped afterwards."""
    record_transitions(database)
    setup = Setup(database, tmp_path, {}, "")
    try:
        first = setup.start("first", *ONE_PROCESS)
        setup.headers = login(first.api, "ann")
        created = httpx2.post(f"{first.api}/projects", content=plan_text(tasks).encode(), timeout=60,
                              headers={**setup.headers, "Content-Type": "application/yaml"})
        assert created.status_code == 201, created.text
        setup.project = f"/projects/{created.json()['id']}"
        yield setup, first
    finally:
        for served in setup.servers:
            served.stop()


def queue(http: httpx2.Client, job: dict[str, Any]) -> int:
    created = http.post("/jobs", json=job)
    assert created.status_code == 202, created.text
    job_id: int = created.json()["id"]
    return job_id


def running_with_progress(http: httpx2.Client, job_id: int, at_least: float = 0.1) -> dict[str, Any]:
    """The job once it is running and has reported ``at_least`` of its progress."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        job: dict[str, Any] = http.get(f"/jobs/{job_id}").json()
        assert job["state"] in ("queued", "running"), job
        if job["state"] == "running" and job["progress"] >= at_least:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never ran: {job}")


def wait_for_message(http: httpx2.Client, job_id: int, part: str) -> dict[str, Any]:
    """The job once its message says ``part``."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        job: dict[str, Any] = http.get(f"/jobs/{job_id}").json()
        if part in job["message"]:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} never said {part!r}: {job}")


def follow(http: httpx2.Client, job_id: int) -> Seen:
    """Poll the job and its result until it ends."""
    seen = Seen()
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        job = http.get(f"/jobs/{job_id}").json()
        seen.job.append((job["started"], job["state"], job["progress"], job["message"]))
        answer = http.get(f"/jobs/{job_id}/result")
        seen.results.append((answer.status_code, answer.json()))
        if job["state"] not in ("queued", "running"):
            return seen
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not end: {seen.job[-3:]}")


def test_a_job_of_a_killed_server_is_taken_over_and_finished_once(database: str, tmp_path: Path) -> None:
    tasks = contested_tasks()
    with project_on_a_server(database, tmp_path, tasks) as (setup, first):
        with setup.http(first) as http:
            level = queue(http, LEVEL_JOB)
            before = running_with_progress(http, level)
            waiting = queue(http, {"kind": "forecast", "params": FORECAST})  # behind it: the one worker is busy
            assert http.get(f"/jobs/{waiting}").json()["state"] == "queued"
            first.kill()
        killed = dt.datetime.now(dt.UTC)
        second = setup.start("second")  # default: a process per core, each with a job worker
        with setup.http(second) as http:
            seen = follow(http, level)
            final = http.get(f"/jobs/{level}").json()
            result = http.get(f"/jobs/{level}/result")
            heuristic = http.get("/leveled").json()
            cpm = http.get("/schedule").json()
            forecast = follow(http, waiting)
            forecast_result = http.get(f"/jobs/{waiting}/result")
            sync = http.get("/forecast", params=FORECAST)

    assert final["state"] == "done" and final["progress"] == 1.0, final
    assert result.status_code == 200
    # taken over: started again after the kill, its progress back to 0 and only rising from there
    assert dt.datetime.fromisoformat(final["started"]) > killed > dt.datetime.fromisoformat(before["started"])
    rerun = [(progress, message) for started, state, progress, message in seen.job
             if started == final["started"] and state == "running"]
    assert rerun and [p for p, _ in rerun] == sorted(p for p, _ in rerun), rerun
    # never a half result: 409 job_not_done until done, then the one result
    for status, body in seen.results:
        assert (status, body.get("type")) == (409, "urn:headway:problem:job_not_done") or (
            status, body) == (200, result.json()), (status, str(body)[:200])
    # exactly once, as the database saw it: the dead worker's run, one takeover, one finish
    changes = transitions(setup.database, level)
    assert [change.state for change in changes] == ["running", "running", "done"], changes
    claimed, took_over, done = changes
    assert pid_of(claimed.worker) == first.process.pid != pid_of(took_over.worker) and done.worker == took_over.worker
    assert took_over.was >= before["progress"] > 0 and took_over.now == 0.0 and done.now == 1.0, changes
    assert (claimed.message, took_over.message) == ("started", TAKEN_OVER)
    # the result holds what any leveling must, and CP-SAT is no worse than the heuristic
    body = result.json()
    assert_feasible(tasks, body)
    assert body["leveling"]["method"] in ("optimal", "heuristic") and body["leveling"]["lower_bound_slots"] > 0
    assert cpm["project"]["finish"] <= body["project"]["finish"] <= heuristic["project"]["finish"]
    # the job queued at the kill ran once on the new server, and equals the sync endpoint
    assert forecast.job[-1][1] == "done" and forecast_result.json() == sync.json()
    ran, ended = transitions(setup.database, waiting)
    assert (ran.state, ended.state) == ("running", "done") and ran.worker == ended.worker
    assert pid_of(ran.worker) != first.process.pid
    assert "Traceback" not in second.log_text()


def test_a_job_cancelled_while_its_server_is_dead_stays_cancelled(database: str, tmp_path: Path) -> None:
    with project_on_a_server(database, tmp_path, contested_tasks()) as (setup, first):
        front = setup.start("api-only", *ONE_PROCESS, "--job-workers", "0")  # another server on the database
        with setup.http(first) as http:
            level = queue(http, LEVEL_JOB)
            before = running_with_progress(http, level)
            first.kill()
        killed = time.monotonic()
        with setup.http(front) as http:
            quiet = wait_for_message(http, level, "no word from its server")
            assert quiet["state"] == "running" and f"takes the job over after {STALE:g} s" in quiet["message"]
            cancelled = http.delete(f"/jobs/{level}")
            assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled", cancelled.text
        second = setup.start("second")
        with setup.http(second) as http:
            time.sleep(max(0.0, killed + STALE + 2.0 - time.monotonic()))  # its heartbeat is long stale now
            probe = queue(http, {"kind": "critical"})  # the new server's workers are alive and claiming
            assert follow(http, probe).job[-1][1] == "done"
            job = http.get(f"/jobs/{level}").json()
            result = http.get(f"/jobs/{level}/result")
    assert job["state"] == "cancelled" and job["started"] == before["started"] and job["result"] is None, job
    assert result.status_code == 409 and result.json()["state"] == "cancelled"
    changes = transitions(setup.database, level)
    assert [change.state for change in changes] == ["running", "cancelled"], changes  # no takeover
    assert pid_of(changes[0].worker) == first.process.pid and changes[1].worker == changes[0].worker


def test_a_server_stopped_mid_search_gives_its_job_back_at_once(database: str, tmp_path: Path) -> None:
    """SIGTERM: the CP-SAT search does not report before the shutdown's timeout, yet its job is queued
    again by the stopping server itself, not left ``running`` until it is stale."""
    with project_on_a_server(database, tmp_path, contested_tasks()) as (setup, first):
        with setup.http(first) as http:
            level = queue(http, LEVEL_JOB)
            running_with_progress(http, level)
        first.stop()
        assert first.process.returncode is not None
        changes = transitions(setup.database, level)
    assert [(change.state, change.worker) for change in changes][1:] == [("queued", None)], changes
    assert pid_of(changes[0].worker) == first.process.pid and changes[1].now == 0.0


def _silent(_kind: str, _project: Any, _params: Any, _progress: Any, should_stop: Any = None, *,
            release: threading.Event) -> dict[str, Any]:
    """A computation that never reports and never asks whether to stop (as a search stuck in one long
    step) until released."""
    del should_stop
    release.wait(WAIT)
    return {"late": True}


def test_stopping_requeues_a_job_that_does_not_stop_and_refuses_its_late_result(
        database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    monkeypatch.setattr(worker_module, "compute", functools.partial(_silent, release=release))
    with TestClient(create_app(Settings(database, job_workers=0))) as idle:
        ann = add_user(idle, "ann")
        project = f"/api/v1/projects/{post_plan(idle, ann).json()['id']}"
        url = f"{project}/jobs"
        job_id = idle.post(url, json={"kind": "critical"}, headers=ann).json()["id"]
        sessions = idle.app.state.sessions  # type: ignore[attr-defined]
        workers = JobWorkers(sessions, 1, poll_seconds=0.05, heartbeat_seconds=0.1, stale_seconds=1)
        workers.start()
        try:
            deadline = time.monotonic() + WAIT
            while idle.get(f"{url}/{job_id}", headers=ann).json()["state"] == "queued" and time.monotonic() < deadline:
                time.sleep(0.05)
            workers.stop(timeout=0.2)
            assert idle.get(f"{url}/{job_id}", headers=ann).json()["state"] == "queued"  # at once, not when stale
        finally:
            release.set()
        for thread in threading.enumerate():  # the released computation ends; its result is refused
            if thread.name.startswith("headway-job-worker"):
                thread.join(WAIT)
        shown = idle.get(f"{url}/{job_id}", headers=ann).json()
        assert shown["state"] == "queued" and shown["result"] is None and shown["started"] is None, shown
        monkeypatch.undo()
        assert JobWorkers(sessions, 1).run_next("next")
        result = idle.get(f"{url}/{job_id}/result", headers=ann)
        assert result.status_code == 200 and result.json() == idle.get(f"{project}/critical", headers=ann).json()


def test_serve_passes_the_job_timings_to_every_worker_process(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    served: dict[str, Any] = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: served.update(options, app=app))
    monkeypatch.setenv(SETTINGS_ENV, "")  # restored (removed) after the test, whatever serve sets
    database = f"sqlite:///{tmp_path / 'cli.db'}"
    base = ["serve", "--database", database, "--workers", "2"]
    result = CliRunner().invoke(cli, [*base, *FAST_TAKEOVER, "--job-retention-days", "7"])
    assert result.exit_code == 0, result.output
    settings = settings_from_json(os.environ[SETTINGS_ENV])
    assert (settings.job_heartbeat_seconds, settings.job_stale_seconds) == (HEARTBEAT, STALE)
    assert settings.job_retention_days == 7
    refused = CliRunner().invoke(cli, [*base, "--job-heartbeat-seconds", "3", "--job-stale-seconds", "5"])
    assert refused.exit_code == 2 and "twice --job-heartbeat-seconds" in refused.output


def test_the_job_timings_reach_the_workers(tmp_path: Path) -> None:
    settings = Settings(f"sqlite:///{tmp_path / 'x.db'}", job_heartbeat_seconds=0.25, job_stale_seconds=2,
                        job_retention_days=0.5)
    assert settings_from_json(settings_json(settings)) == settings
    workers = create_app(settings).state.jobs
    assert (workers.beat, workers.stale, workers.retention) == (0.25, 2, dt.timedelta(hours=12))
    with pytest.raises(ValueError, match="positive"):
        Settings("sqlite://", job_retention_days=0)
    with pytest.raises(ValueError, match="at least twice"):
        Settings("sqlite://", job_heartbeat_seconds=2, job_stale_seconds=3)
    with pytest.raises(ValueError, match="positive"):
        Settings("sqlite://", job_heartbeat_seconds=0)
