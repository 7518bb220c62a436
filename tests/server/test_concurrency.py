"""Many clients editing one task at once, on SQLite and PostgreSQL: exactly one write per ETag wins,
every other gets 412, and the stored task is the winner's."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from headway.server import Settings, create_app
from tests.server.conftest import add_user, post_plan


def test_concurrent_edits_of_one_task(database: str) -> None:
    with TestClient(create_app(Settings(database))) as client:
        headers = add_user(client, "ann")
        url = f"/api/v1/projects/{post_plan(client, headers).json()['id']}/tasks/build"
        for round_ in range(3):
            etag = client.get(url, headers=headers).headers["etag"]

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
            assert stored.headers["etag"] == f'"{round_ + 2}"'
        schedule = client.get(url.rsplit("/tasks", 1)[0] + "/schedule", headers=headers)
        assert schedule.status_code == 200
