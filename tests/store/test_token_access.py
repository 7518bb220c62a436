"""``token_access``: the cached-read path's one query gives what ``user_for_token`` and
``project_access`` give together, for every kind of caller, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from headway.io.plan import loads
from headway.store import bump_revision, import_project, make_sessions
from headway.store.accounts import (
    TOKEN_TOUCH_EVERY,
    create_token,
    create_user,
    grant,
    project_access,
    revoke_token,
    token_access,
    update_user,
    user_for_token,
)
from headway.store.tables_accounts import TokenRow

PLAN = "project: {name: Access, start: 2027-01-04}\ntasks:\n  - {id: a, duration: 2d}\n"


def _both(engine: Engine, token: str, project_id: int) -> tuple[object, object]:
    """(the one-query answer, the two-query answer) as comparable tuples."""
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        one = token_access(session, token, project_id)
    with sessions.begin() as session:
        user = user_for_token(session, token)
        if user is None:
            two = None
        else:
            access = project_access(session, user.id, user.is_admin, project_id)
            two = (user.id, user.username, user.is_admin, *(access if access is not None else (None, None)))
    got = None if one is None else (one.user_id, one.username, one.is_admin, one.role, one.revision)
    return got, two


def test_token_access_agrees_with_the_two_queries_it_replaces(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        owner = create_user(session, "ta-owner", "pw one")
        viewer = create_user(session, "ta-viewer", "pw two")
        stranger = create_user(session, "ta-stranger", "pw three")
        admin = create_user(session, "ta-admin", "pw four", admin=True)
        project_id = import_project(session, loads(PLAN).project)
        other_id = import_project(session, loads(PLAN).project)
        grant(session, project_id, owner, "owner")
        grant(session, project_id, viewer, "viewer")
        grant(session, other_id, stranger, "editor")
        bump_revision(session, project_id)
        tokens = {user.username: create_token(session, user)[1] for user in (owner, viewer, stranger, admin)}
        revoked_id, revoked = create_token(session, owner, "gone")
    with sessions.begin() as session:
        assert revoke_token(session, owner.id, revoked_id)
    cases = [(tokens[name], pid) for name in tokens for pid in (project_id, other_id, 10_000_000)]
    cases += [(revoked, project_id), ("not a token", project_id)]
    for token, pid in cases:
        got, expected = _both(engine, token, pid)
        assert got == expected, (token, pid)
    got, _ = _both(engine, tokens["ta-viewer"], project_id)
    assert got is not None and got[3:] == ("viewer", 2)  # role and the bumped revision
    assert _both(engine, tokens["ta-admin"], other_id)[0] is not None  # a site admin owns every project
    with sessions.begin() as session:
        update_user(session, session.merge(viewer), active=False)
    assert _both(engine, tokens["ta-viewer"], project_id) == (None, None)  # disabled: refused at once


def test_token_access_moves_last_used_forward_at_most_once_a_minute(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        user = create_user(session, "ta-touch", "pw")
        project_id = import_project(session, loads(PLAN).project)
        token_id, token = create_token(session, user)
    now = dt.datetime(2031, 5, 1, 12, 0, tzinfo=dt.UTC)

    def last_used() -> dt.datetime | None:
        with sessions() as session:
            value = session.scalar(select(TokenRow.last_used).where(TokenRow.id == token_id))
            return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value

    later = now + TOKEN_TOUCH_EVERY
    for at, expected in ((now, now), (now + TOKEN_TOUCH_EVERY / 2, now), (later, later)):
        with sessions.begin() as session:
            found = token_access(session, token, project_id, now=at)
        assert found is not None and found.role is None and found.revision is None  # no role on it
        assert last_used() == expected
