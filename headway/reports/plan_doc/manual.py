"""Hand-written text in a generated plan.md: found outside the ``headway:begin``/``end`` markers,
kept when the document is regenerated, anchored to the generated section it follows."""

from __future__ import annotations

import re
from collections.abc import Iterable

TOP = ""  # anchor of text written before the first generated section
HEADER = "header"  # the generated title block's section id
_MARK = re.compile(r"^<!-- headway:(begin|end) ([A-Za-z0-9_-]+) -->\s*$")


class ManualTextError(ValueError):
    """A plan.md whose markers do not pair up, or that headway did not write."""


def begin(section_id: str) -> str:
    return f"<!-- headway:begin {section_id} -->"


def end(section_id: str) -> str:
    return f"<!-- headway:end {section_id} -->"


def extract(markdown: str, name: str = "plan.md") -> dict[str, str]:
    """The hand-written text of a generated document, by the id of the section it follows (``TOP``
    before the first one); each piece without its surrounding blank lines."""
    pieces: dict[str, list[str]] = {}
    anchor, inside, seen = TOP, None, False
    for number, line in enumerate(markdown.splitlines(), start=1):
        mark = _MARK.match(line)
        if mark is None:
            if inside is None:
                pieces.setdefault(anchor, []).append(line)
            continue
        kind, section = mark.groups()
        seen = True
        if kind == "begin":
            if inside is not None:
                raise ManualTextError(f"{name}:{number}: section {section!r} begins inside {inside!r}; "
                                      f"restore the end marker of {inside!r}")
            inside = section
        elif section != inside:
            raise ManualTextError(f"{name}:{number}: end of section {section!r} without its begin marker")
        else:
            inside, anchor = None, section
    if inside is not None:
        raise ManualTextError(f"{name}: section {inside!r} has no end marker; restore it so the text after it "
                              "is not lost")
    if not seen:
        raise ManualTextError(f"{name} was not written by headway docs (it has no headway markers); move it "
                              "away or write the documents to another directory")
    out = {key: "\n".join(lines).strip("\n") for key, lines in pieces.items()}
    return {key: text for key, text in out.items() if text.strip()}


def place(manual: dict[str, str], section_ids: Iterable[str]) -> dict[str, str]:
    """``manual`` with text that followed a section no longer generated moved to the end of the
    document (after the last section), so nothing written by hand is lost."""
    known = [TOP, HEADER, *section_ids]
    out = {key: text for key, text in manual.items() if key in known}
    orphans = [text for key, text in manual.items() if key not in known]
    if orphans:
        last = known[-1]
        out[last] = "\n\n".join([*([out[last]] if last in out else []), *orphans])
    return out
