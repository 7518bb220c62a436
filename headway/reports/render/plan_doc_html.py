"""The plan document as one self-contained, printable HTML page (plan.html): no external references."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from markdown_it import MarkdownIt

from headway.reports.plan_doc.content import Block, Bullets, Paragraph, PlanDocument, Subheading, Table
from headway.reports.plan_doc.manual import HEADER, TOP
from headway.reports.render.plan_doc_md import subtitle

CSS = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1f;
       max-width: 1100px; margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 2em; margin: 0 0 .2em; }
h2 { font-size: 1.4em; margin: 1.6em 0 .5em; border-bottom: 2px solid #4c78a8; padding-bottom: .15em; }
h3 { font-size: 1.1em; margin: 1.2em 0 .4em; }
.subtitle { color: #555; margin: 0 0 1em; }
nav ol { columns: 2; padding-left: 1.4em; }
nav a { color: #1f4e8c; text-decoration: none; }
.table { overflow-x: auto; }
table { border-collapse: collapse; margin: .5em 0 1em; font-size: .92em; }
th, td { border: 1px solid #c8ccd2; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
tbody tr:nth-child(even) { background: #f8f9fb; }
.manual { border-left: 3px solid #e0a100; padding-left: 1em; margin: 1em 0; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  nav { page-break-after: always; }
  h2, h3 { page-break-after: avoid; }
  tr { page-break-inside: avoid; }
  thead { display: table-header-group; }
  .table { overflow: visible; }
}
"""


def render_html(doc: PlanDocument, manual: Mapping[str, str] | None = None) -> str:
    """The whole page; ``manual`` is the hand-written Markdown kept in plan.md, by the section it follows."""
    manual = manual or {}
    # no raw HTML and no images: the page must load nothing from outside (an image stays a link)
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")
    title = escape(doc.title)

    def hand(anchor: str) -> list[str]:
        text = manual.get(anchor)
        return [f'<div class="manual">\n{markdown.render(text)}</div>'] if text else []

    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{title}: plan document</title>", f"<style>{CSS}</style>", "</head>", "<body>", *hand(TOP),
           "<header>", f"<h1>{title}</h1>", f'<p class="subtitle">{escape(subtitle(doc))}</p>']
    if doc.description:
        out.append(f"<p>{escape(doc.description)}</p>")
    out += ["</header>", *hand(HEADER), '<nav><h2>Contents</h2><ol>']
    out += [f'<li><a href="#{s.id}">{escape(s.title)}</a></li>' for s in doc.sections]
    out.append("</ol></nav>")
    for number, section in enumerate(doc.sections, start=1):
        out += [f'<section id="{section.id}">', f"<h2>{number}. {escape(section.title)}</h2>"]
        out += [_block(b) for b in section.blocks]
        out.append("</section>")
        out += hand(section.id)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Subheading):
        return f"<h3>{escape(block.text)}</h3>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>"
    return _table(block)


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = "\n".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in table.rows)
    return f'<div class="table"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>'
