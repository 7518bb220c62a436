"""Two `headway serve` processes on one PostgreSQL database, as a team deploys behind a load balancer:
neither keeps state the other needs. Skipped without PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx2
import pytest
from sqlalchemy import create_engine, text

from tests.server.process import Served, create_account, login, networked_plan, start
from tests.store.conftest import _throwaway_postgres

# An independent record of every job state change, kept by the database itself (not by Headway).
_TRANSITIONS = """
CREATE TABLE test_job_transitions (seq serial PRIMARY KEY, job_id integer, state text, worker text);
CREATE FUNCTION test_log_job_transition() RETURNS trigger AS $$
BEGIN
  IF NEW.state IS DISTINCT FROM OLD.state THEN
    INSERT INTO test_job_transitions (job_id, state, worker) VALUES (NEW.id, NEW.state, NEW.worker);
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER test_job_transitions AFTER UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION test_log_job_transition();
"""


@dataclass(frozen=True)
class Pair:
    database: str
    a: Served
    b: Served
    headers: dict[str, str]  # a token issued by server a


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    for database in _throwaway_postgres():
        create_account(database, "ann")
        engine = create_engine(database)
        with engine.begin() as connection:
            connection.execute(text(_TRANSITIONS))
        engine.dispose()
        logs = tmp_path_factory.mktemp("servers")
        a = start(database, logs / "a.log")
        try:
            b = start(database, logs / "b.log")
            try:
                yield Pair(database, a, b, login(a.api, "ann"))
            finally:
                b.stop()
        finally:
            a.stop()
        for served in (a, b):  # no request above may have left a traceback in either log
            assert "Traceback" not in served.log_text(), served.log_text()[-3000:]


def _post_plan(served: Served, headers: dict[str, str], tasks: int = 20) -> int:
    created = httpx2.post(f"{served.api}/projects", content=networked_plan(tasks).encode(),
                          headers={**headers, "Content-Type": "application/yaml"})
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def test_a_token_from_one_server_works_on_the_other(pair: Pair) -> None:
    assert httpx2.get(f"{pair.b.api}/projects", headers=pair.headers).status_code == 200
    from_b = login(pair.b.api, "ann")
    assert httpx2.get(f"{pair.a.api}/projects", headers=from_b).status_code == 200
    assert httpx2.get(f"{pair.a.api}/projects", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_a_write_through_one_is_read_through_the_other(pair: Pair) -> None:
    project = _post_plan(pair.a, pair.headers)
    assert project in [p["id"] for p in httpx2.get(f"{pair.b.api}/projects", headers=pair.headers).json()]
    url = f"/projects/{project}/tasks/t5"
    before_b = httpx2.get(f"{pair.b.api}/projects/{project}/schedule", headers=pair.headers)  # b may cache it
    assert before_b.status_code == 200
    etag = httpx2.get(pair.a.api + url, headers=pair.headers).headers["etag"]
    changed = httpx2.patch(pair.a.api + url, json={"duration": "17d"}, headers={**pair.headers, "If-Match": etag})
    assert changed.status_code == 200, changed.text
    seen = httpx2.get(pair.b.api + url, headers=pair.headers)
    assert seen.json()["duration"] == "17d" and seen.headers["etag"] == changed.headers["etag"]
    after_b = httpx2.get(f"{pair.b.api}/projects/{project}/schedule", headers=pair.headers).json()
    task = next(t for t in after_b["tasks"] if t["id"] == "t5")
    assert task["duration_minutes"] == 17 * 8 * 60, "server b answered from a stale schedule"


def test_an_etag_conflict_across_servers_gets_412(pair: Pair) -> None:
    project = _post_plan(pair.a, pair.headers)
    url = f"/projects/{project}/tasks/t3"
    etag_a = httpx2.get(pair.a.api + url, headers=pair.headers).headers["etag"]
    etag_b = httpx2.get(pair.b.api + url, headers=pair.headers).headers["etag"]
    assert etag_a == etag_b
    assert httpx2.patch(pair.a.api + url, json={"notes": "a"},
                        headers={**pair.headers, "If-Match": etag_a}).status_code == 200
    stale = httpx2.patch(pair.b.api + url, json={"notes": "b"}, headers={**pair.headers, "If-Match": etag_b})
    assert stale.status_code == 412, stale.text
    assert httpx2.get(pair.b.api + url, headers=pair.headers).json()["notes"] == "a"


def test_simultaneous_writes_through_both_servers_have_one_winner(pair: Pair) -> None:
    project = _post_plan(pair.a, pair.headers)
    url = f"/projects/{project}/tasks/t7"
    for round_ in range(3):
        etag = httpx2.get(pair.a.api + url, headers=pair.headers).headers["etag"]

        def write(k: int, etag: str = etag, round_: int = round_) -> tuple[int, str]:
            served = (pair.a, pair.b)[k % 2]
            notes = f"round {round_} writer {k}"
            answer = httpx2.patch(served.api + url, json={"notes": notes}, headers={**pair.headers, "If-Match": etag})
            return answer.status_code, notes

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(write, range(8)))
        assert sorted(s for s, _ in answers) == [200] + [412] * 7, answers
        winner = next(n for s, n in answers if s == 200)
        for served in (pair.a, pair.b):
            stored = httpx2.get(served.api + url, headers=pair.headers)
            assert stored.json()["notes"] == winner and stored.headers["etag"] == f'"{round_ + 2}"'


def test_each_job_runs_exactly_once(pair: Pair) -> None:
    project = _post_plan(pair.a, pair.headers, tasks=60)
    queued = []
    for k in range(12):
        served = (pair.a, pair.b)[k % 2]
        answer = httpx2.post(f"{served.api}/projects/{project}/jobs", json={"kind": "schedule", "params": {}},
                             headers=pair.headers)
        if answer.status_code in (404, 405):
            pytest.skip("this server has no background jobs yet")
        assert answer.status_code == 202, answer.text
        queued.append(answer.json()["id"])
    deadline, states = time.monotonic() + 90, {}
    while time.monotonic() < deadline:
        listed = httpx2.get(f"{pair.b.api}/projects/{project}/jobs", headers=pair.headers).json()
        states = {j["id"]: j["state"] for j in listed}
        if all(states.get(j) in ("done", "failed", "cancelled") for j in queued):
            break
        time.sleep(0.2)
    assert all(states[j] == "done" for j in queued), states
    engine = create_engine(pair.database)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT job_id, state, worker FROM test_job_transitions "
                                       "WHERE job_id = ANY(:ids) ORDER BY seq"), {"ids": queued}).all()
    engine.dispose()
    for job in queued:
        runs = [r for r in rows if r.job_id == job]
        assert [r.state for r in runs] == ["running", "done"], (job, runs)  # claimed once, finished once
    results = {httpx2.get(f"{served.api}/projects/{project}/jobs/{queued[0]}/result",
                          headers=pair.headers).text for served in (pair.a, pair.b)}
    assert len(results) == 1

