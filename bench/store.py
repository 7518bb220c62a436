"""Benchmark: importing a 1,000-task plan into the store and exporting it back.

Plans: bench/plans.py's ``random_project`` (links, summaries, a holiday calendar) and
bench/evm.py's ``tracked_project`` (50 people, assignments, a baseline, progress entries).
For SQLite (a file, WAL) and, when reachable, PostgreSQL (a throwaway database on the local
socket, or $HEADWAY_BENCH_POSTGRES_URL), prints the best of ``--repeat`` runs of: import (one
transaction, committed), export (the project read back as the model) and export plus the plan
writer's text; and checks that the project read back equals the one imported.
Usage: python bench/store.py [--tasks 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from evm import tracked_project  # noqa: E402
from plans import random_project  # noqa: E402
from sqlalchemy import Engine, create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from headway.io.plan import dumps  # noqa: E402
from headway.model import Project  # noqa: E402
from headway.store import get_project, import_project, make_engine, make_sessions, upgrade  # noqa: E402

PG_ADMIN = os.environ.get("HEADWAY_BENCH_POSTGRES_URL", "postgresql+psycopg:///postgres?host=/var/run/postgresql")


@contextmanager
def sqlite() -> Iterator[Engine]:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        yield engine
        engine.dispose()


@contextmanager
def postgres() -> Iterator[Engine | None]:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"headway_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as err:  # any failure means: no PostgreSQL here
        print(f"PostgreSQL skipped: {str(err).splitlines()[0]}")
        yield None
        return
    engine = make_engine(make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(engine: Engine, project: Project, repeat: int) -> tuple[float, float, float]:
    upgrade(engine)
    sessions = make_sessions(engine)
    ids: list[int] = []

    def do_import() -> None:
        with sessions.begin() as session:
            ids.append(import_project(session, project))

    def do_export() -> Project:
        with sessions() as session:
            return get_project(session, ids[-1])

    t_import = best(repeat, do_import)
    assert do_export() == project, "round trip lost something"
    t_export = best(repeat, do_export)
    t_text = best(repeat, lambda: dumps(do_export()))
    return t_import, t_export, t_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    plans = {"random_project": random_project(args.tasks), "tracked_project": tracked_project(args.tasks)}
    print(f"{'database':<11}{'plan':<17}{'rows':>7}{'import s':>10}{'export s':>10}{'+ text s':>10}")
    for label, backend in (("sqlite", sqlite), ("postgresql", postgres)):
        with backend() as engine:
            if engine is None:
                continue
            for name, project in plans.items():
                rows = (len(project.tasks) + sum(len(t.links) + len(t.assignments) for t in project.tasks)
                        + len(project.progress) + sum(len(b.tasks) for b in project.baselines))
                t_import, t_export, t_text = measure(engine, project, args.repeat)
                print(f"{label:<11}{name:<17}{rows:>7}{t_import:>10.3f}{t_export:>10.3f}{t_text:>10.3f}")


if __name__ == "__main__":
    main()
