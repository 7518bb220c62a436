"""Accounts, tokens, roles and version-guarded task updates in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Engine, select

from headway.io.plan import loads
from headway.store import StoreError, get_project, import_project, make_sessions
from headway.store.accounts import (
    authenticate,
    create_user,
    grant,
    issue_token,
    role_of,
    user_for_token,
    visible_projects,
)
from headway.store.audit import record_change
from headway.store.tables_accounts import AuditRow
from headway.store.tasks import StaleVersion, task_row, update_task

PLAN = """\
project: {name: Tiny, start: 2027-01-04}
tasks:
  - {id: a, duration: 2d}
  - {id: b, duration: 3d, after: a}
"""


def test_users_tokens_and_roles(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        ann = create_user(session, "ann-accounts", "pw one")
        bob = create_user(session, "bob-accounts", "pw two")
        root = create_user(session, "root-accounts", "pw three", admin=True)
        with pytest.raises(StoreError, match="already exists"):
            create_user(session, "ann-accounts", "again")
        project_id = import_project(session, loads(PLAN).project)
        grant(session, project_id, ann, "owner")
        grant(session, project_id, bob, "viewer")
        grant(session, project_id, bob, "editor")
        with pytest.raises(StoreError, match="unknown role"):
            grant(session, project_id, bob, "king")
        token = issue_token(session, ann)
    with sessions() as session:
        assert authenticate(session, "ann-accounts", "pw one") is not None
        assert authenticate(session, "ann-accounts", "pw two") is None
        assert authenticate(session, "nobody", "pw one") is None
        found = user_for_token(session, token)
        assert found is not None and found.username == "ann-accounts"
        assert user_for_token(session, token + "x") is None
        assert (role_of(session, ann, project_id), role_of(session, bob, project_id)) == ("owner", "editor")
        assert role_of(session, root, project_id) == "owner"
        assert project_id in {p.id for p in visible_projects(session, root)}
        assert [p.id for p in visible_projects(session, bob)] == [project_id]


def test_update_task_is_guarded_by_its_version(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        project_id = import_project(session, loads(PLAN).project)
    old = next(t for t in loads(PLAN).project.tasks if t.id == "b")
    longer = dataclasses.replace(old, duration=dataclasses.replace(old.duration, amount=4.0))  # type: ignore[arg-type]
    with sessions.begin() as session:
        assert update_task(session, project_id, old, longer, 1) == 2
        record_change(session, user_id=None, project_id=project_id, action="update", entity="task", key="b",
                      before={"duration": "3d"}, after={"duration": "4d"})
    with pytest.raises(StaleVersion), sessions.begin() as session:
        update_task(session, project_id, longer, old, 1)
    unlinked = dataclasses.replace(longer, links=())
    with sessions.begin() as session:
        assert update_task(session, project_id, longer, unlinked, 2) == 3
    with sessions() as session:
        stored = next(t for t in get_project(session, project_id).tasks if t.id == "b")
        assert stored == unlinked
        row = task_row(session, project_id, "b")
        assert row is not None and row.version == 3
        audit = session.scalars(select(AuditRow).where(AuditRow.project_id == project_id)).all()
        assert [(a.entity_key, a.after) for a in audit] == [("b", {"duration": "4d"})]


@pytest.mark.parametrize("name", ["a/b", "tab\there", "\udb7f\ude0e", "nul\x00"],
                         ids=["slash", "tab", "surrogate", "nul"])
def test_a_user_name_must_be_printable_text_without_a_slash(engine: Engine, name: str) -> None:
    with make_sessions(engine).begin() as session, pytest.raises(StoreError):
        create_user(session, name, "s3cret pass")
