"""`headway docs`: writes the three documents, regenerates in place keeping hand-written text, and
leaves the files byte-identical when the plan did not change."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import lxml.html
from click.testing import CliRunner, Result

from headway.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "oss-release.yaml"
NAMES = ("plan.md", "plan.html", "plan.docx")


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["docs", *map(str, args)], catch_exceptions=False)


def snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {n: ((out / n).read_bytes(), (out / n).stat().st_mtime_ns) for n in NAMES}


def test_writes_markdown_html_and_word(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    result = run(EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    assert "headway:begin objectives" in (out / "plan.md").read_text(encoding="utf-8")
    word = docx.Document(io.BytesIO((out / "plan.docx").read_bytes()))
    assert word.paragraphs[0].style.name == "Title"


def test_regenerating_an_unchanged_plan_changes_no_file(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert run(EXAMPLE, "-o", out).exit_code == 0
    before = snapshot(out)
    again = run(EXAMPLE, "-o", out)
    assert again.exit_code == 0 and [line.split()[0] for line in again.output.splitlines()] == ["unchanged"] * 3
    assert snapshot(out) == before  # same bytes, not even rewritten


def test_two_runs_into_fresh_directories_give_identical_bytes(tmp_path: Path) -> None:
    assert run(EXAMPLE, "-o", tmp_path / "a").exit_code == 0
    assert run(EXAMPLE, "-o", tmp_path / "b").exit_code == 0
    for name in NAMES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_hand_written_text_survives_a_plan_change(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "docs"
    assert run(plan, "-o", out).exit_code == 0
    md = out / "plan.md"
    text = md.read_text(encoding="utf-8")
    mine = "## Decisions\n\nWe keep *Python 3.8* out of scope.\n"
    text = "Draft for the steering group.\n\n" + text.replace(
        "<!-- headway:end scope -->\n", "<!-- headway:end scope -->\n\n" + mine, 1)
    text = text.replace("## 2. Scope\n", "## 2. Scope\n\nThis edit is inside the markers and will go.\n", 1)
    md.write_text(text, encoding="utf-8")
    renamed = plan.read_text(encoding="utf-8").replace("tomlkit-lite 2.0 release", "tomlkit-lite 2.1 release")
    plan.write_text(renamed, encoding="utf-8")
    assert run(plan, "-o", out).exit_code == 0
    regenerated = md.read_text(encoding="utf-8")
    assert regenerated.startswith("Draft for the steering group.\n\n<!-- headway:begin header -->")
    assert "<!-- headway:end scope -->\n\n" + mine + "\n<!-- headway:begin wbs -->" in regenerated
    assert "will go" not in regenerated
    assert "tomlkit-lite 2.1" in regenerated
    page = lxml.html.fromstring((out / "plan.html").read_bytes())
    assert page.xpath("string(//div[@class='manual']//em)") == "Python 3.8"
    assert "Draft for the steering group." in page.text_content()
    before = snapshot(out)
    assert run(plan, "-o", out).exit_code == 0 and snapshot(out) == before


def test_formats_option(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert run(EXAMPLE, "-o", out, "--formats", "html").exit_code == 0
    assert [p.name for p in out.iterdir()] == ["plan.html"]
    bad = CliRunner().invoke(cli, ["docs", str(EXAMPLE), "-o", str(out), "--formats", "pdf"])
    assert bad.exit_code == 2 and "md, html, docx" in bad.output


def test_broken_markers_and_foreign_files_are_refused_with_a_message(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert run(EXAMPLE, "-o", out).exit_code == 0
    md = out / "plan.md"
    md.write_text(md.read_text(encoding="utf-8").replace("<!-- headway:end risks -->\n", ""), encoding="utf-8")
    broken = CliRunner().invoke(cli, ["docs", str(EXAMPLE), "-o", str(out)])
    assert broken.exit_code == 1 and "'risks'" in broken.output
    md.write_text("# My own notes\n", encoding="utf-8")
    foreign = CliRunner().invoke(cli, ["docs", str(EXAMPLE), "-o", str(out)])
    assert foreign.exit_code == 1 and "not written by headway docs" in foreign.output
    assert md.read_text(encoding="utf-8") == "# My own notes\n"


def test_a_plan_with_errors_exits_1(tmp_path: Path) -> None:
    plan = tmp_path / "bad.yaml"
    plan.write_text("project: {name: x, start: 2027-01-04}\ntasks:\n  - {id: a, after: [nowhere]}\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["docs", str(plan), "-o", str(tmp_path / "docs")])
    assert result.exit_code == 1 and not (tmp_path / "docs").exists()
