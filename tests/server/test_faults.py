"""A real `headway serve` killed with SIGKILL, on SQLite and PostgreSQL: mid-import it leaves no half
project, mid-burst it keeps every acknowledged write; a refused import changes no table."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx2
from sqlalchemy import Engine, create_engine, func, inspect, select, table, text
from sqlalchemy.engine import make_url

from headway.io import plan as plan_file
from tests.server.process import Served, create_account, login, networked_plan, start

AUTH_TABLES = {"users", "api_tokens", "login_sessions", "alembic_version"}  # logins touch these, imports do not
IMPORT_TASKS = 3000


@contextmanager
def engine_on(database: str) -> Iterator[Engine]:
    engine = create_engine(database)
    try:
        yield engine
    finally:
        engine.dispose()


def row_counts(database: str) -> dict[str, int]:
    """Rows per table, the tables that logins change left out."""
    with engine_on(database) as engine, engine.connect() as connection:
        names = sorted(set(inspect(connection).get_table_names()) - AUTH_TABLES)
        return {name: connection.scalar(select(func.count()).select_from(table(name))) or 0 for name in names}


@contextmanager
def writer_probe(database: str) -> Iterator[Callable[[], bool]]:
    """A probe: is some other connection in the middle of a write transaction on ``database``?"""
    url = make_url(database)
    if url.get_backend_name() == "sqlite":
        path = url.database or ""

        def sqlite_probe() -> bool:
            connection = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                connection.execute("BEGIN IMMEDIATE")  # refused at once while another writer holds the lock
                connection.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError as err:
                return "locked" in str(err) or "busy" in str(err)
            finally:
                connection.close()

        yield sqlite_probe
        return
    with engine_on(database) as engine, engine.connect() as connection:

        def postgres_probe() -> bool:
            writers = connection.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"))
            connection.rollback()  # a fresh snapshot of the statistics next time
            return bool(writers)

        yield postgres_probe


@dataclass
class Setup:
    served: Served
    headers: dict[str, str]
    log_dir: Path

    def restart(self) -> Served:
        self.served = start(self.served.database, self.log_dir / "restarted.log")
        return self.served


@contextmanager
def served_with_account(database: str, tmp_path: Path) -> Iterator[Setup]:
    create_account(database, "ann")
    setup = Setup(start(database, tmp_path / "first.log"), {}, tmp_path)
    try:
        setup.headers = login(setup.served.api, "ann")
        yield setup
    finally:
        setup.served.stop()


def test_kill_during_a_large_import_leaves_no_half_project(database: str, tmp_path: Path) -> None:
    body = networked_plan(IMPORT_TASKS, "Big import").encode()
    project = plan_file.loads(body.decode(), "big.yaml").project
    complete = {"projects": 1, "tasks": len(project.tasks), "links": sum(len(t.links) for t in project.tasks),
                "assignments": sum(len(t.assignments) for t in project.tasks), "resources": len(project.resources),
                "project_roles": 1}
    with served_with_account(database, tmp_path) as setup:
        before = row_counts(database)
        answers: list[int | str] = []

        def post() -> None:
            try:
                answers.append(httpx2.post(f"{setup.served.api}/projects", content=body, timeout=120,
                                           headers={**setup.headers, "Content-Type": "application/yaml"}).status_code)
            except httpx2.TransportError as err:
                answers.append(type(err).__name__)

        poster = threading.Thread(target=post)
        with writer_probe(database) as writing:
            poster.start()
            _wait_for_long_write(writing, answers)
            caught_mid_write = not answers
            setup.served.kill()
        poster.join(timeout=30)
        assert caught_mid_write, f"the import finished ({answers}) before it could be interrupted"

        served = setup.restart()
        after = row_counts(database)
        delta = {name: after[name] - before.get(name, 0) for name in after}
        listed = httpx2.get(f"{served.api}/projects", headers=setup.headers).json()
        if delta["projects"] == 0:  # rolled back: not one row of it anywhere
            assert listed == [] and set(delta.values()) == {0}, delta
        else:  # committed just before the kill: all of it
            assert {k: delta[k] for k in complete} == complete, delta
            assert [p["tasks"] for p in listed] == [len(project.tasks)]
            schedule = httpx2.get(f"{served.api}/projects/{listed[0]['id']}/schedule", headers=setup.headers)
            assert schedule.status_code == 200 and len(schedule.json()["tasks"]) == len(project.tasks)


def _wait_for_long_write(writing: Callable[[], bool], answers: list[int | str], hold: float = 0.3) -> None:
    """Until a write transaction has stayed open for ``hold`` seconds (the import's, not a short
    bookkeeping write such as a token's last use), or the request has been answered."""
    deadline, since = time.monotonic() + 60, None
    while not answers and time.monotonic() < deadline:
        if not writing():
            since = None
        elif since is None:
            since = time.monotonic()
        elif time.monotonic() - since >= hold:
            return
        time.sleep(0.005)


@dataclass
class Editor:
    """One client's edits of its own task: every acknowledged one, and the one in flight at the kill."""

    task: str
    acked: list[tuple[int, str]] = field(default_factory=list)  # (version from the ETag, notes)
    pending: str | None = None


def test_kill_during_a_burst_of_edits_keeps_every_acknowledged_write(database: str, tmp_path: Path) -> None:
    with served_with_account(database, tmp_path) as setup:
        api, headers = setup.served.api, setup.headers
        created = httpx2.post(f"{api}/projects", content=networked_plan(40).encode(),
                              headers={**headers, "Content-Type": "application/yaml"})
        project_path = f"/projects/{created.json()['id']}"
        base = api + project_path
        editors = [Editor(f"t{i}") for i in range(0, 40, 5)]
        stop = threading.Event()

        def edit(editor: Editor) -> None:
            with httpx2.Client(headers=headers, timeout=30) as http:
                etag = http.get(f"{base}/tasks/{editor.task}").headers["etag"]  # before the kill: see the wait
                for k in range(10_000):
                    if stop.is_set():
                        return
                    editor.pending = f"{editor.task} edit {k}"
                    try:
                        answer = http.patch(f"{base}/tasks/{editor.task}", headers={"If-Match": etag},
                                            json={"notes": editor.pending, "duration": f"{1 + k % 5}d"})
                    except httpx2.TransportError:
                        return
                    assert answer.status_code == 200, answer.text
                    etag = answer.headers["etag"]
                    editor.acked.append((int(etag.strip('"')), editor.pending))
                    editor.pending = None

        threads = [threading.Thread(target=edit, args=(e,)) for e in editors]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 15
        while sum(len(e.acked) for e in editors) < 40 and time.monotonic() < deadline:
            time.sleep(0.02)
        setup.served.kill()
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        assert sum(len(e.acked) for e in editors) >= 8, "too few edits were acknowledged to prove anything"

        base = setup.restart().api + project_path  # a new port
        with httpx2.Client(headers=headers, timeout=30) as http:
            for editor in editors:
                stored = http.get(f"{base}/tasks/{editor.task}")
                version, notes = int(stored.headers["etag"].strip('"')), stored.json().get("notes")
                last_version, last_notes = editor.acked[-1] if editor.acked else (1, None)
                if version == last_version:
                    assert notes == last_notes, editor
                else:  # the write in flight at the kill was committed before its answer could be sent
                    assert (version, notes) == (last_version + 1, editor.pending), editor
            assert http.get(f"{base}/schedule").status_code == 200


BAD_PLANS = {
    "yaml syntax": b"project: {name: Broken\ntasks: [\n",
    "not utf-8": b"project:\n  name: \xff\xfe\n",
    "cycle": networked_plan(30).replace("after: [t0]", "after: [t0, t29]").encode(),
    "unknown person": networked_plan(30).replace("assign: [ann]", "assign: [nobody]", 1).encode(),
    "json, not a plan": b"[1, 2, 3]",
}


def test_a_refused_import_changes_nothing(database: str, tmp_path: Path) -> None:
    with served_with_account(database, tmp_path) as setup:
        api, headers = setup.served.api, setup.headers
        good = httpx2.post(f"{api}/projects", content=networked_plan(30).encode(),
                           headers={**headers, "Content-Type": "application/yaml"})
        assert good.status_code == 201
        before = row_counts(database)
        for label, body in BAD_PLANS.items():
            kind = "application/json" if label.startswith("json") else "application/yaml"
            answer = httpx2.post(f"{api}/projects", content=body, headers={**headers, "Content-Type": kind})
            assert answer.status_code in (400, 422), (label, answer.status_code, answer.text)
            assert row_counts(database) == before, label
        assert [p["id"] for p in httpx2.get(f"{api}/projects", headers=headers).json()] == [good.json()["id"]]
