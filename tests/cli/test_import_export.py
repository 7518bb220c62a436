"""`headway import` and `headway export`, and every PLAN command taking an importable file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from headway.cli.main import cli
from headway.io import formats, mspdi_read, plan

ROOT = Path(__file__).resolve().parents[2]
LAUNCH = ROOT / "examples" / "product-launch.yaml"
CORPUS = ROOT.parent / "shared" / "data" / "interop"
SAMPLE = CORPUS / "mspdi" / "sample.xml"
XSD = CORPUS / "mspdi" / "mspdi_pj12.xsd"
needs_corpus = pytest.mark.skipif(not SAMPLE.is_file(), reason="interop corpus ../shared/data/interop absent")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@needs_corpus
def test_import_writes_a_plan_and_lists_warnings(tmp_path: Path) -> None:
    code, _, err = run("import", str(SAMPLE), "-o", str(tmp_path / "sample.yaml"))
    assert code == 0, err
    assert "warning[union_calendar]" in err
    project = plan.load(tmp_path / "sample.yaml").project
    assert project.task("first-task").source_uid == "1"
    assert project == mspdi_read.read(SAMPLE).project


@needs_corpus
def test_schedule_reads_ms_project_xml_directly() -> None:
    code, out, err = run("schedule", str(SAMPLE), "--json")
    assert code == 0, err
    tasks = {t["id"]: t for t in json.loads(out)["tasks"]}
    assert tasks["related-task-1b"]["source_uid"] == "10"
    assert tasks["related-task-1b"]["start"] == "2003-01-08T08:00:00"
    assert "imported as mspdi" in err


@needs_corpus
def test_check_lists_import_warnings() -> None:
    code, _, err = run("check", str(CORPUS / "mspdi" / "mspdinulltasks.xml"))
    assert code == 0 and "warning[blank_task_skipped]" in err


def test_export_writes_schema_valid_ms_project_xml(tmp_path: Path) -> None:
    out = tmp_path / "launch.xml"
    code, _, err = run("export", str(LAUNCH), "-o", str(out))
    assert code == 0, err
    if XSD.is_file():
        schema = etree.XMLSchema(etree.parse(str(XSD)))
        assert schema.validate(etree.parse(str(out))), schema.error_log.last_error
    again = mspdi_read.read(out).project
    assert [t.label for t in again.tasks] == [t.label for t in plan.load(LAUNCH).project.tasks]


def test_export_round_trips_through_import(tmp_path: Path) -> None:
    assert run("export", str(LAUNCH), "-o", str(tmp_path / "a.xml"))[0] == 0
    assert run("import", str(tmp_path / "a.xml"), "-o", str(tmp_path / "a.yaml"))[0] == 0
    first = json.loads(run("schedule", str(LAUNCH), "--json")[1])["tasks"]
    again = json.loads(run("schedule", str(tmp_path / "a.yaml"), "--json")[1])["tasks"]
    assert [(t["name"], t["start"], t["finish"]) for t in again] == [
        (t["name"], t["start"], t["finish"]) for t in first]


def test_export_refuses_unknown_suffixes_and_misplaced_person(tmp_path: Path) -> None:
    code, _, err = run("export", str(LAUNCH), "-o", str(tmp_path / "out.pdf"))
    assert code == 2 and "cannot tell the export format" in err
    code, _, err = run("export", str(LAUNCH), "-o", str(tmp_path / "out.xml"), "--person", "x")
    assert code == 2 and "--person" in err


def test_import_of_malformed_xml_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text('<?xml version="1.0"?>\n<Project xmlns="http://schemas.microsoft.com/project">\n<Tasks>\n',
                   encoding="utf-8")
    code, _, err = run("import", str(bad), "-o", str(tmp_path / "x.yaml"))
    assert code == 1
    assert f"{bad}:4:" in err and "error[xml_syntax]" in err
    assert not (tmp_path / "x.yaml").exists()


@pytest.mark.parametrize(("content", "expected"), [
    (b'<?xml version="1.0"?>\n<!-- c -->\n<Project xmlns="http://schemas.microsoft.com/project"/>', "mspdi"),
    (b'<?xml version="1.0"?><APIBusinessObjects/>', "mpxj"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "mpxj"),
    (b"ERMHDR\t8.0", "mpxj"),
    (b"MPX,Microsoft Project for Windows,4.0,ANSI\n", "mpxj"),
    (b"MPX;Microsoft Project for Windows;4,0;ANSI\n10;\xa3;1;2;.;,\n", "mpxj"),  # German locale: ';' fields
    (b"MPXJ_NOTES: not an MPX header\n", "plan"),
    (b"PK\x03\x04rest", "xlsx"),
    (b"project: {name: x, start: 2027-01-04}\n", "plan"),
])
def test_format_is_detected_from_content(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "file.bin"
    path.write_bytes(content)
    assert formats.detect(path) == expected


def test_unknown_xml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<html/>", encoding="utf-8")
    code, _, err = run("schedule", str(path))
    assert code == 1 and "root <html>" in err


@pytest.mark.parametrize(("suffix", "module"), [(".xlsx", "headway.io.xlsx"), (".csv", "headway.io.task_csv"),
                                                (".ics", "headway.io.ical")])
def test_export_dispatches_on_the_suffix(tmp_path: Path, suffix: str, module: str) -> None:
    pytest.importorskip(module)
    out = tmp_path / f"launch{suffix}"
    code, _, err = run("export", str(LAUNCH), "-o", str(out))
    assert code == 0, err
    assert out.stat().st_size > 0


def test_export_ics_for_one_person(tmp_path: Path) -> None:
    pytest.importorskip("headway.io.ical")
    person = plan.load(LAUNCH).project.resources[0].id
    out = tmp_path / "me.ics"
    code, _, err = run("export", str(LAUNCH), "-o", str(out), "--person", person)
    assert code == 0, err
    assert "BEGIN:VCALENDAR" in out.read_text(encoding="utf-8")
    code, _, err = run("export", str(LAUNCH), "-o", str(out), "--person", "nobody-here")
    assert code == 2 and "nobody-here" in err


def test_export_lists_what_ms_project_xml_cannot_hold(tmp_path: Path) -> None:
    source = tmp_path / "p.yaml"
    source.write_text("project: {name: p, start: 2027-01-04}\nresources: [{id: a}, {id: b}]\n"
                      "tasks:\n  - {id: t, estimate: 1d/2d/4d, assign: [{any_of: [a, b]}]}\n"
                      "risks:\n  - {id: R-1, title: late, probability: 10%}\n", encoding="utf-8")
    code, _, err = run("export", str(source), "-o", str(tmp_path / "p.xml"))
    assert code == 0, err
    for warning in ("choice_not_exported", "estimate_not_exported", "not_exported"):
        assert f"warning[{warning}]" in err


def test_saving_commands_can_refuse_imported_files(tmp_path: Path) -> None:
    import click

    from headway.cli.loading import require_plan_file

    xml = tmp_path / "p.xml"
    assert run("export", str(LAUNCH), "-o", str(xml))[0] == 0
    with pytest.raises(click.UsageError, match="headway import"):
        require_plan_file(xml)
    require_plan_file(LAUNCH)


@pytest.mark.parametrize("verb", [["update", "{file}", "kickoff", "--done", "50%"], ["baseline", "save", "{file}"]])
def test_commands_that_save_refuse_to_overwrite_an_imported_file(tmp_path: Path, verb: list[str]) -> None:
    xml = tmp_path / "launch.xml"
    code, _, err = run("export", str(LAUNCH), "-o", str(xml))
    assert code == 0, err
    before = xml.read_bytes()
    code, out, err = run(*(arg.format(file=xml) for arg in verb))
    assert code == 2 and "headway import" in out + err
    assert xml.read_bytes() == before
