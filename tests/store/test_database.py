"""Choosing and opening the database: URL precedence, the default SQLite file, its pragmas."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from headway.store import DATABASE_URL_ENV, database_url, default_sqlite_url, make_engine


def test_url_precedence() -> None:
    env = {DATABASE_URL_ENV: "postgresql+psycopg://h/db", "XDG_DATA_HOME": "/data"}
    assert database_url("sqlite:///x.db", env) == "sqlite:///x.db"
    assert database_url(None, env) == "postgresql+psycopg://h/db"
    assert database_url(None, {"XDG_DATA_HOME": "/data"}) == "sqlite:////data/headway/headway.db"


def test_default_file_is_in_the_user_data_directory() -> None:
    assert default_sqlite_url({"HOME": "/home/ann"}) == "sqlite:////home/ann/.local/share/headway/headway.db"


def test_sqlite_is_opened_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'deep' / 'dir' / 'h.db'}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    finally:
        engine.dispose()
    assert (tmp_path / "deep" / "dir" / "h.db").exists()
