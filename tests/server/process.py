"""A real ``headway serve`` process for tests and benchmarks: started on a free loopback port, waited
for until ``/health`` answers, stopped or killed (SIGKILL) on demand; plus accounts and logins over HTTP."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from headway.store import make_engine, make_sessions, upgrade
from headway.store.accounts import create_user

_LISTENING = re.compile(r"Uvicorn running on (http://\S+)")
PASSWORD = "s3cret pass"


def headway_command() -> list[str]:
    """How to run the ``headway`` CLI of this interpreter's environment."""
    script = Path(sys.executable).with_name("headway")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from headway.cli.main import main; main()"]


class ServerFailed(RuntimeError):
    """The process exited or did not answer in time; the message carries its log."""


@dataclass
class Served:
    """One running ``headway serve`` process on ``database``; ``url`` is its base address."""

    database: str
    process: subprocess.Popen[bytes]
    log: Path
    url: str = ""

    @property
    def api(self) -> str:
        return f"{self.url}/api/v1"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush; what the database has committed is all that survives."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """A clean shutdown (SIGTERM), SIGKILL if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def start(database: str, log: Path, *, timeout: float = 60.0, options: Sequence[str] = ()) -> Served:
    """``headway serve --port 0 [options]`` on ``database``; returns once ``/health`` answers (ServerFailed
    otherwise)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("HEADWAY_DATABASE_URL", None)
    with log.open("ab") as sink:
        process = subprocess.Popen([*headway_command(), "serve", "--host", "127.0.0.1", "--port", "0",
                                    "--database", database, *options], stdout=sink, stderr=subprocess.STDOUT,
                                   env=env)
    served = Served(database, process, log)
    try:
        _wait_until_up(served, time.monotonic() + timeout)
    except BaseException:
        served.kill()
        raise
    return served


def _wait_until_up(served: Served, deadline: float) -> None:
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise ServerFailed(f"headway serve exited with {served.process.returncode}:\n{served.log_text()}")
        found = _LISTENING.findall(served.log_text())
        if found:
            served.url = found[-1]
            try:
                if httpx2.get(f"{served.api}/health", timeout=5).status_code == 200:
                    return
            except httpx2.TransportError:
                pass
        time.sleep(0.05)
    raise ServerFailed(f"headway serve did not answer in time:\n{served.log_text()}")


@contextmanager
def serving(database: str, log_dir: Path | None = None) -> Iterator[Served]:
    """A served process for the duration of the block (stopped afterwards, killed if need be)."""
    with tempfile.TemporaryDirectory() as spare:
        folder = log_dir or Path(spare)
        served = start(database, folder / f"serve-{time.monotonic_ns()}.log")
        try:
            yield served
        finally:
            served.stop()


def create_account(database: str, name: str, *, password: str = PASSWORD, admin: bool = False) -> None:
    """The account ``name`` in ``database`` (migrated first), as ``headway user create`` makes it."""
    engine = make_engine(database)
    try:
        upgrade(engine)
        with make_sessions(engine).begin() as session:
            create_user(session, name, password, admin=admin)
    finally:
        engine.dispose()


def create_account_cli(database: str, name: str, *, password: str = PASSWORD, admin: bool = False) -> None:
    """The account through the CLI contract: ``headway user create NAME --password-stdin [--admin]``."""
    command = [*headway_command(), "user", "create", name, "--password-stdin", "--database", database]
    subprocess.run([*command, "--admin"] if admin else command, input=f"{password}\n".encode(), check=True,
                   capture_output=True, timeout=120)


def login(base_api: str, name: str, password: str = PASSWORD) -> dict[str, str]:
    """Headers with a fresh bearer token for ``name``."""
    response = httpx2.post(f"{base_api}/auth/token", json={"username": name, "password": password}, timeout=30)
    if response.status_code != 200:
        raise ServerFailed(f"login of {name!r} failed: {response.status_code} {response.text}")
    return {"Authorization": f"Bearer {response.json()['token']}"}


def networked_plan(tasks: int, name: str = "Networked") -> str:
    """Plan text of ``tasks`` tasks in two workstreams, each task after one or two earlier ones across
    both streams, alternately assigned to two people."""
    lines = ["project:", f"  name: {name}", "  start: 2027-01-04", "resources:", "  - id: ann", "  - id: bob",
             "tasks:"]
    for group in (0, 1):
        lines += [f"  - id: g{group}", "    tasks:"]
        for i in range(group, tasks, 2):
            lines += [f"      - id: t{i}", f"        duration: {1 + i % 4}d",
                      f"        assign: [{('ann', 'bob')[i % 2]}]"]
            after = [f"t{j}" for j in (i - 1, i - 3) if j >= 0]
            if after:
                lines.append(f"        after: [{', '.join(after)}]")
    return "\n".join(lines) + "\n"


@contextmanager
def throwaway_postgres(admin_url: str) -> Iterator[str | None]:
    """The URL of a new, empty PostgreSQL database (dropped afterwards), or None when none answers."""
    name = f"headway_served_{uuid.uuid4().hex[:10]}"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:  # any failure (no driver, no server, no rights) means: no PostgreSQL here
        yield None
        return
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
