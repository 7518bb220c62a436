"""Many clients editing one project at once, on SQLite and PostgreSQL: every accepted write is stored,
every refused one got 412 (never a 500, never a lost update), and the store stays consistent."""

from __future__ import annotations

import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from headway.server import Settings, create_app
from tests.server.conftest import add_user, post_plan
from tests.server.process import networked_plan

CLIENTS = 20
ROUNDS = 5
HOT = [f"t{i}" for i in range(0, 12, 2)]  # the tasks everybody fights over


@dataclass(frozen=True, slots=True)
class Write:
    """One PATCH: who sent which value to which task, read at which ETag, and the answer."""

    task: str
    round: int
    duration: str
    notes: str
    read_etag: str
    status: int
    etag: str | None


def test_twenty_clients_edit_one_project(database: str) -> None:
    with TestClient(create_app(Settings(database))) as client:
        headers = add_user(client, "ann")
        created = post_plan(client, headers, networked_plan(24))
        assert created.status_code == 201, created.text
        base = f"/api/v1/projects/{created.json()['id']}"
        read_done, write_done = threading.Barrier(CLIENTS), threading.Barrier(CLIENTS)

        def client_run(number: int) -> list[Write]:
            rng = random.Random(number)
            writes = []
            for round_ in range(ROUNDS):
                task = rng.choice(HOT) if rng.random() < 0.7 else f"t{1 + 2 * rng.randrange(11)}"
                read = client.get(f"{base}/tasks/{task}", headers=headers)
                read_done.wait(timeout=60)  # every client has read before anyone writes: the ETags race
                duration, notes = f"{rng.randint(1, 9)}d", f"client {number} round {round_}"
                answer = client.patch(f"{base}/tasks/{task}", json={"duration": duration, "notes": notes},
                                      headers={**headers, "If-Match": read.headers["etag"]})
                writes.append(Write(task, round_, duration, notes, read.headers["etag"], answer.status_code,
                                    answer.headers.get("etag")))
                write_done.wait(timeout=60)
            return writes

        with ThreadPoolExecutor(CLIENTS) as pool:
            writes = [w for ws in pool.map(client_run, range(CLIENTS)) for w in ws]

        assert {w.status for w in writes} <= {200, 412}, Counter(w.status for w in writes)
        accepted = [w for w in writes if w.status == 200]
        by_race: Counter[tuple[str, int]] = Counter((w.task, w.round) for w in accepted)
        for task, round_ in {(w.task, w.round) for w in writes}:  # one ETag, one winner
            assert by_race[(task, round_)] == 1, [w for w in writes if (w.task, w.round) == (task, round_)]
        assert any(w.status == 412 for w in writes), "the clients never collided; the test proves nothing"
        _assert_store_holds(client, headers, base, accepted)


def test_clients_on_separate_tasks_never_conflict(database: str) -> None:
    """Writes to different tasks of one project all succeed, even though each bumps the project's revision."""
    with TestClient(create_app(Settings(database))) as client:
        headers = add_user(client, "ann")
        base = f"/api/v1/projects/{post_plan(client, headers, networked_plan(CLIENTS)).json()['id']}"

        def client_run(number: int) -> list[Write]:
            task, writes = f"t{number}", []
            etag = client.get(f"{base}/tasks/{task}", headers=headers).headers["etag"]
            for k in range(3):
                duration, notes = f"{1 + (number + k) % 7}d", f"client {number} edit {k}"
                answer = client.patch(f"{base}/tasks/{task}", json={"duration": duration, "notes": notes},
                                      headers={**headers, "If-Match": etag})
                writes.append(Write(task, k, duration, notes, etag, answer.status_code, answer.headers.get("etag")))
                etag = answer.headers.get("etag") or etag
            return writes

        with ThreadPoolExecutor(CLIENTS) as pool:
            writes = [w for ws in pool.map(client_run, range(CLIENTS)) for w in ws]
        assert [w for w in writes if w.status != 200] == []
        _assert_store_holds(client, headers, base, writes)


def _assert_store_holds(client: TestClient, headers: dict[str, str], base: str, accepted: list[Write]) -> None:
    """Each task is at version 1 + its accepted writes and holds the last of them; the audit log has one
    entry per accepted write; the project still reads and schedules."""
    per_task: dict[str, list[Write]] = {}
    for write in sorted(accepted, key=lambda w: w.round):
        per_task.setdefault(write.task, []).append(write)
    for task, writes in per_task.items():
        stored = client.get(f"{base}/tasks/{task}", headers=headers)
        assert stored.status_code == 200
        assert stored.headers["etag"] == f'"{1 + len(writes)}"' == writes[-1].etag, (task, writes)
        assert (stored.json()["duration"], stored.json()["notes"]) == (writes[-1].duration, writes[-1].notes)
    feed = client.get(f"{base}/activity", params={"limit": 1000}, headers=headers).json()
    logged: Counter[str] = Counter(c["key"] for c in feed if c["entity"] == "task")
    assert logged == Counter(w.task for w in accepted)
    notes_logged = Counter(c["after"]["notes"] for c in feed if c["entity"] == "task")
    assert notes_logged == Counter(w.notes for w in accepted)
    schedule = client.get(f"{base}/schedule", headers=headers)
    assert schedule.status_code == 200, schedule.text
    scheduled = {t["id"]: t for t in schedule.json()["tasks"]}
    for task, writes in per_task.items():  # 8 working hours a day on the default calendar
        assert scheduled[task]["duration_minutes"] == int(writes[-1].duration[:-1]) * 8 * 60, task


def _etag(response: Any) -> str:
    return str(response.headers["etag"])


def test_concurrent_edits_of_one_task(database: str) -> None:
    with TestClient(create_app(Settings(database))) as client:
        headers = add_user(client, "ann")
        url = f"/api/v1/projects/{post_plan(client, headers).json()['id']}/tasks/build"
        for round_ in range(3):
            etag = _etag(client.get(url, headers=headers))

            def edit(days: int, etag: str = etag) -> tuple[int, str]:
                response = client.patch(url, json={"duration": f"{days}d"}, headers={**headers, "If-Match": etag})
                return response.status_code, f"{days}d"

            with ThreadPoolExecutor(8) as pool:
                results = list(pool.map(edit, range(10 + 10 * round_, 20 + 10 * round_)))
            winners = [d for status, d in results if status == 200]
            assert sorted({s for s, _ in results}) == [200, 412], results
            assert len(winners) == 1, results
            stored = client.get(url, headers=headers)
            assert stored.json()["duration"] == winners[0]
            assert _etag(stored) == f'"{round_ + 2}"'
        schedule = client.get(url.rsplit("/tasks", 1)[0] + "/schedule", headers=headers)
        assert schedule.status_code == 200
