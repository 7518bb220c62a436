"""`headway doctor`: the JSON contract on every example plan and the interop corpus, --fail-on, the
terminal grouping by severity."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from headway.cli.main import cli
from headway.engine.advisor import diagnose
from headway.io import formats
from headway.reports.doctor_json import doctor_dict

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("headway/demo/*.yaml")])
CORPUS = ROOT.parent / "shared" / "data" / "interop"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix not in (".xsd", ".md", ".tsv")) \
    if CORPUS.is_dir() else []
PLANTED = ROOT / "tests" / "plans" / "advisor"
SNAKE = set("abcdefghijklmnopqrstuvwxyz_")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["doctor", *args], catch_exceptions=False)
    return result.exit_code, result.output


def check_contract(data: dict[str, Any]) -> None:
    """``{"findings": [...]}``; each finding code/severity/entity_ids/message/fixes; each fix
    change/finish_before/finish_after/gain_minutes, dates ISO and the gain matching them in sign."""
    assert isinstance(data["findings"], list)
    for finding in data["findings"]:
        assert set(finding["code"]) <= SNAKE and finding["code"]
        assert finding["severity"] in ("error", "warning", "info")
        assert isinstance(finding["entity_ids"], list) and all(isinstance(i, str) for i in finding["entity_ids"])
        assert isinstance(finding["message"], str) and finding["message"]
        assert isinstance(finding["fixes"], list)
        for fix in finding["fixes"]:
            assert isinstance(fix["change"], str) and fix["change"]
            before = dt.datetime.fromisoformat(fix["finish_before"])
            after = dt.datetime.fromisoformat(fix["finish_after"])
            assert isinstance(fix["gain_minutes"], int)
            assert (fix["gain_minutes"] > 0) == (after < before)


def test_examples_exist() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_plan_gives_contract_json(path: Path) -> None:
    code, out = run(str(path), "--json", "--max-fixes", "2", "--iterations", "200", "--today", "2027-03-01")
    assert code == 0, out
    data = json.loads(out)
    check_contract(data)
    assert data["findings"], "every example plan has something worth saying"


@pytest.mark.skipif(not CORPUS_FILES, reason="interop corpus ../shared/data/interop absent")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_interop_corpus_does_not_crash_the_doctor(path: Path) -> None:
    try:
        project = formats.read(path, formats.detect(path)).project
    except Exception as err:  # reading is the importers' job, tested there
        pytest.skip(f"cannot read {path.name}: {type(err).__name__}")
    result = diagnose(project, today=dt.date(2027, 3, 1), forecast_iterations=100, fixes=False)
    data = json.loads(json.dumps(doctor_dict(result)))
    check_contract(data)


def test_fail_on_severity_sets_the_exit_code() -> None:
    planted = str(PLANTED / "negative_float.yaml")
    assert run(planted, "--json", "--fail-on", "error", "--max-fixes", "1")[0] == 1
    assert run(planted, "--json", "--fail-on", "info", "--max-fixes", "1")[0] == 1
    fixed = str(PLANTED / "near_critical_path.fixed.yaml")
    code, out = run(fixed, "--json", "--fail-on", "warning")
    assert code == 0 and {f["severity"] for f in json.loads(out)["findings"]} <= {"info"}
    assert run(fixed, "--fail-on", "info")[0] == 1
    assert run(fixed)[0] == 0


def test_terminal_groups_by_severity_with_fixes() -> None:
    code, out = run(str(PLANTED / "negative_float.yaml"), "--max-fixes", "3")
    assert code == 0
    assert out.index("Errors (") < out.index("Notes (")
    assert "negative_float" in out and "fix: fast-track build -> test lag 5d: beta 5 working days earlier" in out


def test_json_carries_evidence_and_the_machine_readable_change() -> None:
    code, out = run(str(PLANTED / "over_allocation.yaml"), "--json", "--p80")
    assert code == 0
    finding = next(f for f in json.loads(out)["findings"] if f["code"] == "over_allocation")
    assert finding["evidence"]["peak_units"] == 2.0 and finding["evidence"]["tasks"] == ["api", "ui"]
    fix = finding["fixes"][0]
    assert fix["change_detail"]["kind"] == "reassign" and fix["change_detail"]["old"] == "alice"
    assert fix["p80_before"] is not None and fix["p80_after"] is not None


def test_a_plan_with_errors_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("project: {name: Bad, start: 2027-01-04}\ntasks:\n  - {id: a, duration: 2d, after: [zz]}\n",
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["doctor", str(bad)])
    assert result.exit_code == 1 and "unknown_predecessor" in result.output
