"""`headway db upgrade|import|export|list` end to end, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from headway.cli.main import cli
from headway.io.plan import dumps, load
from headway.io.pool import load_pool
from headway.model.portfolio import Pool
from headway.store import DATABASE_URL_ENV, make_engine
from tests.store.counting import row_counts

ROOT = Path(__file__).parents[2]
LAUNCH = ROOT / "examples" / "product-launch.yaml"


def run(*args: object, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["db", *map(str, args)], env=env, catch_exceptions=False)


def test_import_export_list(database: str, tmp_path: Path) -> None:
    assert run("upgrade", "--database", database).exit_code == 0
    imported = run("import", LAUNCH, "--database", database)
    assert imported.exit_code == 0, imported.output
    project_id = int(imported.stdout.strip())
    out = tmp_path / "back.yaml"
    exported = run("export", project_id, "-o", out, "--database", database)
    assert exported.exit_code == 0, exported.output
    assert out.read_text() == dumps(load(LAUNCH).project)
    assert run("export", project_id, "--database", database).stdout == out.read_text()
    listed = json.loads(run("list", "--json", "--database", database).stdout)
    assert {"id": project_id, "name": "Ledger Pro launch", "tasks": 67, "version": 1} in listed
    assert "Ledger Pro launch" in run("list", "--database", database).stdout


def test_portfolio_member_with_its_pool(database: str) -> None:
    portfolio = ROOT / "examples" / "portfolio"
    result = run("import", portfolio / "checkout.yaml", "--pool", portfolio / "pool.yaml", "--database", database)
    assert result.exit_code == 0, result.output
    back = run("export", result.stdout.strip(), "--database", database).stdout
    assert back == dumps(load(portfolio / "checkout.yaml", pool=_pool(portfolio)).project)


def _pool(folder: Path) -> Pool:
    return load_pool(folder / "pool.yaml").pool


def test_a_bad_plan_changes_nothing(database: str, tmp_path: Path) -> None:
    run("upgrade", "--database", database)
    engine = make_engine(database)
    before = row_counts(engine)
    bad = tmp_path / "bad.yaml"
    bad.write_text("project: {name: Bad, start: 2027-01-04}\ntasks:\n  - {id: a, duration: 2d, after: [nope]}\n")
    result = run("import", bad, "--database", database)
    assert result.exit_code == 1
    assert "nope" in result.stderr
    assert row_counts(engine) == before
    engine.dispose()


def test_unknown_project(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["db", "export", "999", "--database", f"sqlite:///{tmp_path / 'h.db'}"])
    assert result.exit_code == 2
    assert "no project 999" in result.output


def test_environment_and_default_location(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    assert run("import", LAUNCH, env={DATABASE_URL_ENV: url}).stdout.strip() == "1"
    assert (tmp_path / "env.db").exists()
    data = tmp_path / "data"
    assert run("import", LAUNCH, env={DATABASE_URL_ENV: "", "XDG_DATA_HOME": str(data)}).exit_code == 0
    assert (data / "headway" / "headway.db").exists()


def test_unreachable_database(tmp_path: Path) -> None:
    result = run("list", "--database", "postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    assert result.exit_code == 1
    assert "cannot open the database" in result.stderr and "secret" not in result.stderr


@pytest.mark.parametrize("verb", ["upgrade", "import", "export", "list"])
def test_help(verb: str) -> None:
    assert "--database" in run(verb, "--help").stdout
