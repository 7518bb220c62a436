"""The plan document rendered for every example plan: Markdown markers, HTML with no external
references, and a Word file with real headings, a title page and a RACI table that matches the plan."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import lxml.html
import pytest
from test_plan_doc import expected_raci  # tests/reports is a rootdir, not a package

from headway.engine.cpm import schedule
from headway.io.plan import load
from headway.model import Project
from headway.reports.plan_doc import PlanDocument, build_document
from headway.reports.plan_doc.manual import extract
from headway.reports.render.plan_doc_docx import render_docx
from headway.reports.render.plan_doc_html import render_html
from headway.reports.render.plan_doc_md import escape, render_markdown

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("headway/demo/*.yaml")])


def built(path: Path) -> tuple[Project, PlanDocument]:
    project = load(path).project
    assert project is not None
    return project, build_document(project, schedule(project))


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def example(request: pytest.FixtureRequest) -> tuple[Project, PlanDocument]:
    return built(request.param)


def test_markdown_marks_every_section_and_has_no_hand_written_text(example: tuple[Project, PlanDocument]) -> None:
    _, doc = example
    text = render_markdown(doc)
    begins = re.findall(r"^<!-- headway:begin (\S+) -->$", text, re.M)
    ends = re.findall(r"^<!-- headway:end (\S+) -->$", text, re.M)
    assert begins == ends == ["header", *(s.id for s in doc.sections)]
    assert extract(text) == {}  # everything is generated: nothing to keep
    assert "headway docs" in text.split("<!-- headway:begin objectives", 1)[0]


def test_html_parses_and_references_nothing_outside(example: tuple[Project, PlanDocument]) -> None:
    _, doc = example
    page = lxml.html.fromstring(render_html(doc))
    assert [h.text_content() for h in page.iter("h2")][1:] == [f"{i}. {s.title}" for i, s in
                                                                enumerate(doc.sections, start=1)]
    assert not page.xpath("//script | //link | //img | //iframe | //object | //@src")
    assert all(href.startswith("#") for href in page.xpath("//@href"))
    style = " ".join(page.xpath("//style/text()"))
    assert "url(" not in style and "@import" not in style and "@page" in style


def test_docx_has_a_title_page_real_headings_and_tables(example: tuple[Project, PlanDocument]) -> None:
    project, doc = example
    word = docx.Document(io.BytesIO(render_docx(doc)))
    styles = [(p.style.name, p.text) for p in word.paragraphs]
    assert styles[0] == ("Title", project.name)
    assert [t for s, t in styles if s == "Heading 1"] == [f"{i}. {s.title}" for i, s in
                                                          enumerate(doc.sections, start=1)]
    assert word.core_properties.created == dt.datetime.combine(doc.date, dt.time(), tzinfo=dt.UTC)
    assert len(word.tables) == sum(1 for s in doc.sections for b in s.blocks if type(b).__name__ == "Table")


def test_docx_raci_table_matches_the_plan(example: tuple[Project, PlanDocument]) -> None:
    project, doc = example
    word = docx.Document(io.BytesIO(render_docx(doc)))
    table = next((t for t in word.tables if [c.text for c in t.rows[0].cells][:2] == ["WBS", "Task"]
                  and len(t.rows[0].cells) > 2 and "Start" not in [c.text for c in t.rows[0].cells]), None)
    expected = expected_raci(project)
    if table is None:
        assert not expected
        return
    labels = {r.name or r.id: r.id for r in project.resources}
    labels.update({s.name: s.id for s in project.stakeholders if not s.resource})
    header = [c.text for c in table.rows[0].cells]
    people = [labels.get(h, h) for h in header[2:]]
    seen = set()
    for row in table.rows[1:]:
        cells = [c.text for c in row.cells]
        for pid, text in zip(people, cells[2:], strict=True):
            assert set(text.split("/")) - {""} == expected.get((cells[1], pid), set()), (cells[1], pid)
            seen.add((cells[1], pid))
    assert set(expected) <= seen  # nobody with a letter was left out


def test_docx_bytes_do_not_depend_on_the_clock() -> None:
    _, doc = built(EXAMPLES[0])
    data = render_docx(doc)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time[:3] for i in z.infolist()} == {(doc.date.year, doc.date.month, doc.date.day)}
        core = z.read("docProps/core.xml").decode()
    assert doc.date.isoformat() in core
    assert doc.date == dt.date.today() or dt.date.today().isoformat() not in core


def test_hand_written_markdown_reaches_html_and_docx() -> None:
    _, doc = built(EXAMPLES[0])
    manual = {"scope": "## Agreed\n\nSigned off by *the board*.\n\n- keep this",
              "risks": '<script src="https://example.com/x.js"></script> ![logo](https://example.com/l.png)'}
    page = lxml.html.fromstring(render_html(doc, manual))
    assert not page.xpath("//script | //img")  # raw HTML is escaped; an image would be an outside reference
    manual.pop("risks")
    page = lxml.html.fromstring(render_html(doc, manual))
    (note,) = page.xpath("//div[@class='manual']")
    assert note.xpath("string(.//em)") == "the board"
    assert note.getprevious().get("id") == "scope"  # right after the section it followed
    word = docx.Document(io.BytesIO(render_docx(doc, manual)))
    texts = [(p.style.name, p.text) for p in word.paragraphs]
    assert ("Heading 1", "Agreed") in texts and ("List Bullet", "keep this") in texts
    assert ("Normal", "Signed off by the board.") in texts


@pytest.mark.parametrize("text", ["*not bold*", "a | b", "<b>x</b>", "# not a heading", "1. not a list",
                                  "snake_case_name", "[link](x)", "`code`", "back\\slash"])
def test_markdown_escaping_keeps_plain_text_literal(text: str) -> None:
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(escape(text))
    assert lxml.html.fromstring(html).text_content().strip() == text
