"""The plan document as Word (plan.docx, python-docx): a title page, Heading 1/2 styles, real tables.

Byte-stable: the core properties carry the plan's status date, not the clock, and the zip entries
get a fixed timestamp, so regenerating an unchanged plan rewrites the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping

import docx
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.table import _Cell
from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.token import Token

from headway.reports.plan_doc.content import Block, Bullets, Paragraph, PlanDocument, Subheading, Table
from headway.reports.plan_doc.manual import HEADER, TOP
from headway.reports.render.plan_doc_md import subtitle

AUTHOR = "headway docs"
NOTE = ("This document is generated from the plan by headway docs and regenerated in place; edit plan.md "
        "outside its markers to add your own text.")


def render_docx(doc: PlanDocument, manual: Mapping[str, str] | None = None) -> bytes:
    """The .docx file's bytes."""
    manual = manual or {}
    word = docx.Document()
    _properties(word, doc)
    _manual(word, manual.get(TOP))
    _title_page(word, doc)
    _manual(word, manual.get(HEADER))
    for number, section in enumerate(doc.sections, start=1):
        word.add_heading(f"{number}. {section.title}", level=1)
        for block in section.blocks:
            _block(word, block)
        _manual(word, manual.get(section.id))
    buffer = io.BytesIO()
    word.save(buffer)
    return _fixed_zip(buffer.getvalue(), doc.date)


def _properties(word: Document, doc: PlanDocument) -> None:
    when = dt.datetime.combine(doc.date, dt.time(), tzinfo=dt.UTC)
    props = word.core_properties
    props.title = f"{doc.title}: plan document"
    props.subject = "Plan document"
    props.author = props.last_modified_by = AUTHOR
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    props.comments = ""
    props.keywords = ""


def _title_page(word: Document, doc: PlanDocument) -> None:
    word.add_paragraph(doc.title, style="Title")
    word.add_paragraph(subtitle(doc), style="Subtitle")
    if doc.description:
        word.add_paragraph(doc.description)
    word.add_paragraph(NOTE)
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _block(word: Document, block: Block) -> None:
    if isinstance(block, Paragraph):
        word.add_paragraph(block.text)
    elif isinstance(block, Subheading):
        word.add_heading(block.text, level=2)
    elif isinstance(block, Bullets):
        for item in block.items:
            word.add_paragraph(item, style="List Bullet")
    else:
        _table(word, block)


def _table(word: Document, table: Table) -> None:
    grid = word.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    grid.style = "Table Grid"
    # Cells straight from the rows' XML: python-docx's row.cells lays out the whole table on every
    # call, which made a 2,000-task RACI table take minutes.
    rows = [[_Cell(tc, grid) for tc in tr.tc_lst] for tr in grid._tbl.tr_lst]
    for cell, text in zip(rows[0], table.headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for cells, values in zip(rows[1:], table.rows, strict=True):
        for cell, text in zip(cells, values, strict=True):
            if text:
                _run(cell, text)
    word.add_paragraph()


def _run(cell: _Cell, text: str) -> None:
    """A plain run in the cell's paragraph, written as XML: python-docx's ``add_run`` costs ~0.2 ms a
    cell, seconds for a large plan's tables."""
    t = etree.SubElement(etree.SubElement(cell._tc.p_lst[0], qn("w:r")), qn("w:t"))
    t.text = text
    if text != text.strip():
        t.set(qn("xml:space"), "preserve")


def _manual(word: Document, text: str | None) -> None:
    """Hand-written Markdown as Word paragraphs: headings, bullets and plain paragraphs."""
    if not text:
        return
    style: str | None = None
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "heading_open":
            style = f"Heading {max(int(token.tag[1]) - 1, 1)}"
        elif token.type == "bullet_list_open":
            style = "List Bullet"
        elif token.type == "ordered_list_open":
            style = "List Number"
        elif token.type in ("heading_close", "bullet_list_close", "ordered_list_close"):
            style = None
        elif token.type == "inline":
            word.add_paragraph(_plain(token), style=style)
        elif token.type in ("fence", "code_block"):
            word.add_paragraph(token.content.rstrip("\n"))


def _plain(token: Token) -> str:
    return "".join(" " if c.type in ("softbreak", "hardbreak") else c.content for c in token.children or ())


def _fixed_zip(data: bytes, date: dt.date) -> bytes:
    """``data`` re-zipped with every entry stamped ``date`` (python-docx stamps the current time)."""
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
