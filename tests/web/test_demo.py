"""``headway serve --demo`` seeds a live portfolio: three projects with progress, a baseline, risks and a
shared person, an owner and a viewer account, and an audit row per import; once only."""

from __future__ import annotations

from pathlib import Path

from headway.cli.commands.serve import DEMO_PLANS, DEMO_USER, VIEWER_USER, _load_demo
from headway.store import get_project, make_engine, make_sessions
from headway.store.accounts import find_user, role_of, visible_projects
from headway.store.audit import activity


def test_demo_seeds_three_live_projects_and_two_accounts_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    _load_demo(url)
    _load_demo(url)  # a second start adds nothing
    engine = make_engine(url)
    with make_sessions(engine)() as session:
        owner, viewer = find_user(session, DEMO_USER), find_user(session, VIEWER_USER)
        assert owner is not None and viewer is not None
        projects = visible_projects(session, owner)
        assert len(projects) == len(list(DEMO_PLANS.glob("*.yaml"))) == 3
        shared = None
        for summary in projects:
            assert role_of(session, owner, summary.id) == "owner"
            assert role_of(session, viewer, summary.id) == "viewer"
            project = get_project(session, summary.id)
            assert project.status_date is not None and project.baselines and project.risks
            done = {e.task for e in project.progress if e.done is not None and e.done >= 1}
            under_way = {e.task for e in project.progress} - done
            assert done and under_way, project.name  # some tasks finished, some in progress
            people = {(r.id, r.name) for r in project.resources}
            shared = people if shared is None else shared & people
            assert [c.action for c in activity(session, summary.id)] == ["import"]
        assert shared == {("alex", owner.display_name)}  # the demo owner works in every project
    engine.dispose()
