"""`headway serve --workers N`: several processes on one port keep no state that matters (a write through
one is read through all, a revoked token is refused by all at once), and none outlives its parent."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from click.testing import CliRunner

from headway.cli.commands.serve import SETTINGS_ENV, default_workers, settings_from_json, settings_json
from headway.cli.main import cli
from headway.server import Settings
from headway.server.app import pool_options
from tests.server.process import Served, create_account_cli, headway_command, login, networked_plan

WORKER = re.compile(r"Started server process \[(\d+)\]")


def test_settings_reach_the_worker_processes_unchanged() -> None:
    settings = Settings("sqlite:////tmp/x.db", migrate=False, secure_cookies=True,
                        session_lifetime=dt.timedelta(hours=5, seconds=3), trusted_origins=("https://a.example",),
                        job_workers=3)
    assert settings_from_json(settings_json(settings)) == settings
    assert 1 <= default_workers() <= (os.cpu_count() or 1)


def test_serve_with_workers_hands_uvicorn_a_factory_and_the_settings(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    served: dict[str, Any] = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: served.update(options, app=app))
    monkeypatch.setenv(SETTINGS_ENV, "")  # restored (removed) after the test, whatever serve sets
    database = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(cli, ["serve", "--database", database, "--workers", "3", "--job-workers", "0",
                                      "--trusted-origin", "https://b.example/", "--port", "8124"])
    assert result.exit_code == 0, result.output
    assert served["app"] == "headway.cli.commands.serve:worker_app" and served["factory"] is True
    assert served["workers"] == 3 and served["port"] == 8124
    settings = settings_from_json(os.environ[SETTINGS_ENV])  # what each worker process reads
    assert settings == Settings(database, migrate=False, trusted_origins=("https://b.example",), job_workers=0)


def test_pool_sizes_fit_the_database() -> None:
    assert pool_options("sqlite://") == {} and pool_options("sqlite:///:memory:") == {}
    assert pool_options("sqlite:////tmp/x.db")["pool_size"] >= 20
    assert pool_options("postgresql+psycopg://u@h/db")["pool_size"] > 0


def _start(database: str, log: Path, workers: int) -> Served:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("HEADWAY_DATABASE_URL", None)
    with log.open("ab") as sink:
        process = subprocess.Popen([*headway_command(), "serve", "--port", "0", "--database", database,
                                    "--workers", str(workers), "--no-access-log"],
                                   stdout=sink, stderr=subprocess.STDOUT, env=env)
    served = Served(database, process, log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        found = re.findall(r"Uvicorn running on (http://\S+)", served.log_text())
        if found and len(WORKER.findall(served.log_text())) >= workers:
            served.url = found[-1]
            try:
                if httpx2.get(f"{served.api}/health", timeout=5).status_code == 200:
                    return served
            except httpx2.TransportError:
                pass
        time.sleep(0.1)
    served.kill()
    pytest.fail(f"headway serve --workers {workers} did not start:\n{served.log_text()}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    database = f"sqlite:///{tmp_path / 'workers.db'}"
    create_account_cli(database, "ann")
    server = _start(database, tmp_path / "serve.log", workers=2)
    try:
        yield server
    finally:
        server.stop()


def _fresh_reads(api: str, path: str, headers: dict[str, str], times: int = 16) -> list[httpx2.Response]:
    """``times`` GETs, each on a new connection, so the kernel hands them to either process."""
    return [httpx2.get(f"{api}{path}", headers=headers, timeout=60) for _ in range(times)]


def test_every_process_sees_every_write_and_every_revocation(served: Served) -> None:
    headers = login(served.api, "ann")
    created = httpx2.post(f"{served.api}/projects", content=networked_plan(12).encode(), timeout=120,
                          headers={**headers, "Content-Type": "application/yaml"})
    assert created.status_code == 201, created.text
    schedule = f"/projects/{created.json()['id']}/schedule"
    first = _fresh_reads(served.api, schedule, headers)
    assert {r.status_code for r in first} == {200}
    revisions = {r.headers["Headway-Project-Revision"] for r in first}
    assert len(revisions) == 1
    task = f"{served.api}/projects/{created.json()['id']}/tasks/t3"
    etag = httpx2.get(task, headers=headers).headers["etag"]
    patched = httpx2.patch(task, json={"duration": "9d"}, headers={**headers, "If-Match": etag}, timeout=60)
    assert patched.status_code == 200, patched.text
    after = _fresh_reads(served.api, schedule, headers)
    assert {r.status_code for r in after} == {200}
    assert {r.headers["Headway-Project-Revision"] for r in after} == {str(int(revisions.pop()) + 1)}
    durations = {next(t["duration_minutes"] for t in r.json()["tasks"] if t["id"] == "t3") for r in after}
    assert durations == {9 * 480}  # the edited plan's schedule, whichever process answered
    tokens = httpx2.get(f"{served.api}/auth/tokens", headers=headers).json()
    assert httpx2.delete(f"{served.api}/auth/tokens/{tokens[0]['id']}", headers=headers).status_code == 204
    assert {r.status_code for r in _fresh_reads(served.api, schedule, headers)} == {401}


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"  # a zombie has ended


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")
def test_worker_processes_end_with_a_killed_parent(served: Served) -> None:
    workers = [int(pid) for pid in WORKER.findall(served.log_text())]
    assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    served.process.send_signal(signal.SIGKILL)
    served.process.wait(timeout=30)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in workers), "a worker outlived its parent"
