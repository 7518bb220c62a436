"""The plan document as plain content: sections of paragraphs, bullet lists and tables.

Built once from the plan (``build.build_document``) and rendered to Markdown, HTML and Word by
``reports/render/plan_doc_*``. Text here is plain (no markup); each renderer escapes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NONE_RECORDED = "None recorded."


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Subheading:
    """A heading one level below the section's (Heading 2 in Word)."""

    text: str


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a header row; every row has as many cells as ``headers``."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Bullets | Subheading | Table


@dataclass(frozen=True, slots=True)
class Section:
    """One generated section; ``id`` is stable (it names the section's markers in plan.md)."""

    id: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class PlanDocument:
    """The whole document: ``date`` is the plan's status date (or start), never today."""

    title: str
    date: dt.date
    description: str
    sections: tuple[Section, ...]

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)
