"""The what-if change language: ``reassign api-tests from alice to carol`` and friends, parsed into
the advisor's typed changes (``engine/advisor/changes.py``), whose ``text`` writes them back."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from headway.engine.advisor.changes import (
    AddPerson,
    Change,
    Cut,
    FastTrack,
    MoveDeadline,
    Reassign,
    RemoveLink,
    SetDuration,
    Split,
)
from headway.io.durations import parse_duration

FORMS = (
    "reassign TASK from PERSON to PERSON",
    "split TASK with PERSON",
    "fast-track PRED -> SUCC [lag 2d]",
    "add PERSON like PERSON from YYYY-MM-DD",
    "move deadline TASK to YYYY-MM-DD",
    "cut TASK",
    "set TASK duration 3d",
    "remove link PRED -> SUCC",
)

_ID = r"(\S+)"
_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Change]], ...] = (
    (re.compile(rf"reassign\s+{_ID}\s+from\s+{_ID}\s+to\s+{_ID}", re.I), lambda m: Reassign(*m.groups())),
    (re.compile(rf"split\s+{_ID}\s+with\s+{_ID}", re.I), lambda m: Split(*m.groups())),
    (re.compile(rf"fast-?track\s+{_ID}\s*->\s*{_ID}(?:\s+lag\s+(\S+))?", re.I),
     lambda m: FastTrack(m[1], m[2], parse_duration(m[3]) if m[3] else None)),
    (re.compile(rf"add\s+{_ID}\s+like\s+{_ID}\s+from\s+{_ID}", re.I),
     lambda m: AddPerson(m[1], m[2], _date(m[3]))),
    (re.compile(rf"move\s+deadline\s+{_ID}\s+to\s+{_ID}", re.I), lambda m: MoveDeadline(m[1], _date(m[2]))),
    (re.compile(rf"cut\s+{_ID}", re.I), lambda m: Cut(m[1])),
    (re.compile(rf"set\s+{_ID}\s+duration\s+(\S+)", re.I), lambda m: SetDuration(m[1], parse_duration(m[2]))),
    (re.compile(rf"remove\s+link\s+{_ID}\s*->\s*{_ID}", re.I), lambda m: RemoveLink(m[1], m[2])),
)


class ChangeTextError(ValueError):
    """Text that is not a change: says which text and lists the accepted forms."""

    def __init__(self, text: str, reason: str = "") -> None:
        why = f": {reason}" if reason else ""
        super().__init__(f"cannot read change {text!r}{why}; write one of:\n  " + "\n  ".join(FORMS))
        self.text = text


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def parse_change(text: str) -> Change:
    """The change ``text`` describes; ChangeTextError with the accepted forms when it fits none."""
    cleaned = " ".join(text.split())
    for pattern, build in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match is not None:
            try:
                return build(match)
            except ValueError as err:
                raise ChangeTextError(text, str(err)) from None
    raise ChangeTextError(text)


def format_change(change: Change) -> str:
    """The canonical text of ``change`` (``parse_change`` reads it back to an equal value)."""
    return change.text
