"""Write the plan document into a directory, keeping hand-written text and leaving unchanged files alone."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from headway.reports.plan_doc.content import PlanDocument
from headway.reports.plan_doc.manual import extract, place
from headway.reports.render.plan_doc_docx import render_docx
from headway.reports.render.plan_doc_html import render_html
from headway.reports.render.plan_doc_md import render_markdown

FORMATS = ("md", "html", "docx")
MARKDOWN_NAME = "plan.md"


def _text(render: Callable[[PlanDocument, Mapping[str, str]], str]) -> Callable[[PlanDocument, Mapping[str, str]],
                                                                                  bytes]:
    return lambda doc, manual: render(doc, manual).encode("utf-8")


RENDERERS: dict[str, Callable[[PlanDocument, Mapping[str, str]], bytes]] = {
    "md": _text(render_markdown), "html": _text(render_html), "docx": render_docx}


def hand_written(directory: Path, doc: PlanDocument) -> dict[str, str]:
    """The text a person added to ``directory``/plan.md, placed against ``doc``'s sections (none
    when there is no plan.md yet). Raises ``ManualTextError`` on a plan.md with broken markers."""
    path = directory / MARKDOWN_NAME
    if not path.is_file():
        return {}
    return place(extract(path.read_text(encoding="utf-8"), str(path)), (s.id for s in doc.sections))


def write_documents(doc: PlanDocument, directory: Path, formats: Iterable[str] = FORMATS) -> list[tuple[Path, bool]]:
    """Write ``plan.<format>`` for each format into ``directory``; each path with whether it changed
    (a file whose bytes would not change is not rewritten)."""
    directory.mkdir(parents=True, exist_ok=True)
    manual = hand_written(directory, doc)
    out = []
    for fmt in formats:
        path = directory / f"plan.{fmt}"
        data = RENDERERS[fmt](doc, manual)
        changed = not path.is_file() or path.read_bytes() != data
        if changed:
            path.write_bytes(data)
        out.append((path, changed))
    return out
