"""`headway agenda`: the table, JSON, the .ics feed (read back with icalendar) and clean failures."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar

from headway.cli.commands.agenda import default_start
from headway.cli.main import VERBS, cli
from headway.engine.agenda import agenda
from headway.engine.cpm import schedule
from headway.engine.leveling.plan import level_plan
from headway.io.plan import load, loads

ROOT = Path(__file__).parents[2]
PLAN = """\
project: {name: Team, start: 2027-01-04, timezone: Europe/Berlin}
resources:
  - {id: alice, name: Alice Liu}
  - {id: bob}
  - {id: carol}
tasks:
  - {id: api, duration: 3d, assign: [alice]}
  - {id: ui, duration: 2d, assign: [alice], deadline: 2027-01-15}
  - {id: review, duration: 2h, after: [api], assign: [alice, bob]}
  - {id: ship, name: Ship it, milestone: true, after: [review, ui]}
"""


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN)
    return path


def test_agenda_is_a_verb() -> None:
    assert "agenda" in VERBS


def test_json_follows_the_leveled_schedule(plan: Path) -> None:
    result = run("agenda", plan, "--person", "alice", "--from", "2027-01-04", "--days", "14", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    leveled = level_plan(load(plan).project).schedule  # alice has api and ui at once: leveling orders them
    # review waits for alice to finish ui, so it is the critical one; then api (due Fri 8) and ui (Mon 11)
    assert [item["task"] for item in data["items"]] == ["review", "api", "ui"]
    due = {tid: min(t.late_finish, t.deadline or t.late_finish) for tid in ("api", "ui", "review")
           for t in [leveled.task(tid)]}
    assert sorted(due, key=lambda tid: (not leveled.task(tid).critical, due[tid])) == ["review", "api", "ui"]
    for item in data["items"]:
        task = leveled.task(item["task"])
        assert (item["start"], item["finish"]) == (task.start.isoformat(), task.finish.isoformat())
        assert item["reason"] == "; ".join(item["reasons"]) and item["reasons"]
    assert data["items"][0]["reasons"][0] == "critical: drives Ship it"
    assert (data["from"], data["to"]) == ("2027-01-04T00:00:00", "2027-01-18T00:00:00")


def test_table_names_the_person_and_the_reasons(plan: Path) -> None:
    result = run("agenda", plan, "--person", "Alice Liu", "--from", "2027-01-04")
    assert result.exit_code == 0, result.output
    assert "Agenda of Alice Liu" in result.output and "critical" in result.output


def test_a_person_with_no_tasks(plan: Path) -> None:
    result = run("agenda", plan, "--person", "carol", "--from", "2027-01-04", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["items"] == []
    assert "nothing open" in run("agenda", plan, "--person", "carol", "--from", "2027-01-04").output


def test_an_unknown_person_exits_2_listing_the_ids(plan: Path) -> None:
    result = run("agenda", plan, "--person", "alcie")
    assert result.exit_code == 2
    assert "did you mean 'alice'?" in result.output and "resources: alice, bob, carol" in result.output


def test_ics_has_one_event_per_item_with_the_reason(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "alice.ics"
    result = run("agenda", plan, "--person", "alice", "--from", "2027-01-04", "--json", "--ics", out)
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)["items"]
    cal = Calendar.from_ical(out.read_bytes())
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    assert len(events) == len(items) == 3
    for rank, (event, item) in enumerate(zip(events, items, strict=True), start=1):
        assert str(event["summary"]) == f"{rank}. {item['task']}"
        description = str(event["description"])
        assert description.lower().startswith(item["reason"].lower())
    assert len({str(e["uid"]) for e in events}) == 3
    review = next(e for e in events if str(e["summary"]).endswith("review"))  # two hours: a timed event
    assert review.decoded("dtstart").tzinfo is not None and str(review.decoded("dtstart").tzinfo) == "Europe/Berlin"


def test_example_plans_have_an_agenda_per_team_lead() -> None:
    """Each example's team-lead stakeholder has work (CPM dates, to keep the test quick); the CLI runs
    end to end, leveling included, on the smallest example."""
    for name in ("product-launch.yaml", "infra-migration.yaml", "oss-release.yaml"):
        project = load(ROOT / "examples" / name).project
        lead = next(s for s in project.stakeholders if s.role == "team lead")
        found = agenda(project, schedule(project), lead.id, start=project.start, days=400)
        assert found.items and found.person == lead.resource, name
    path = ROOT / "examples" / "oss-release.yaml"
    result = run("agenda", path, "--person", "maintainer", "--from", "2027-05-03", "--days", "60", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["person"] == "hana"


def test_default_window_starts_at_the_status_date_or_today() -> None:
    project = loads(PLAN).project
    assert default_start(project, dt.date(2026, 11, 26)) == dt.date(2027, 1, 4)  # before the start: the start
    assert default_start(project, dt.date(2027, 2, 1)) == dt.date(2027, 2, 1)
    tracked = project.replace(status_date=dt.date(2027, 1, 8))
    assert default_start(tracked, dt.date(2027, 2, 1)) == dt.date(2027, 1, 8)
