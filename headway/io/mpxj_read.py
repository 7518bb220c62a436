"""Read .mpp, .mpx, Primavera .xer and PMXML, GanttProject .gan, Planner and the other formats MPXJ
knows, through MPXJ's ``UniversalProjectReader`` (format sniffed from the content), into Headway.

``read(path)`` gives a ``ReadResult``: the project and a warning for everything Headway cannot hold.
``recorded_dates(path)`` gives the dates the source tool computed, to compare Headway's against.
Needs the ``mpxj`` extra and a Java runtime (``MpxjUnavailable`` says what to install); the JVM
starts once per process, on first use.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from headway.io.mpxj_extract import extract
from headway.io.mpxj_jvm import INSTALL_HINT, MpxjUnavailable, java_class
from headway.io.mpxj_map import to_project
from headway.io.mpxj_map_tasks import kept_tasks, task_ids
from headway.io.mpxj_records import SourceProject
from headway.io.plan import ReadResult
from headway.model import PlanError, Problem, SourceLocation, validate

__all__ = ["INSTALL_HINT", "MpxjUnavailable", "read", "read_source", "recorded_dates"]


def read(path: str | Path) -> ReadResult:
    """The Headway project of the file at ``path``, with the warnings found on the way.

    Raises ``PlanError`` when the file cannot be read or the result cannot be scheduled, and
    ``MpxjUnavailable`` (a ``PlanError``) when MPXJ or Java is missing.
    """
    where = str(path)
    mapped = to_project(read_source(path), where)
    problems = mapped.problems + validate(mapped.project)
    if any(p.is_error for p in problems):
        raise PlanError(problems)
    return ReadResult(mapped.project, tuple(problems))


def recorded_dates(path: str | Path) -> dict[str, tuple[dt.datetime, dt.datetime, bool]]:
    """Headway task id → (start, finish, auto-scheduled) as the source tool stored them."""
    src = read_source(path)
    kept = kept_tasks(src, lambda code, message, entity: None)
    ids = task_ids(kept, src.primavera)
    return {ids[t.uid]: (t.start, t.finish, not t.manual) for t in kept
            if t.start is not None and t.finish is not None}


def read_source(path: str | Path) -> SourceProject:
    """What the file says, as plain records (see ``mpxj_records``)."""
    where = str(path)
    if not Path(path).is_file():
        raise PlanError([_unreadable(where, "no such file")])
    return extract(_project_file(where))


def _unreadable(path: str, why: str) -> Problem:
    return Problem("unreadable_file", f"MPXJ cannot read this file: {why}", location=SourceLocation(path, 1),
                   hint="MPXJ reads .mpp, .mpx, .xer, Primavera XML, .gan, .planner, MS Project XML and more")


def _project_file(path: str) -> Any:
    reader = java_class("org.mpxj.reader.UniversalProjectReader")()
    try:
        file = reader.read(path)
    except Exception as err:  # MPXJException and other Java exceptions
        file = _localised_mpx(path)
        if file is None:
            raise PlanError([_unreadable(path, _message(err))]) from None
    if file is None:
        raise PlanError([_unreadable(path, "the format is not recognised")])
    return file


def _localised_mpx(path: str) -> Any:
    """MPX files written in another locale (German, French…): MPXJ reads them when told the locale."""
    with open(path, "rb") as stream:
        if not stream.read(3).upper().startswith(b"MPX"):
            return None
    mpx_reader = java_class("org.mpxj.mpx.MPXReader")
    for locale in mpx_reader().getSupportedLocales():
        reader = mpx_reader()
        reader.setLocale(locale)
        try:
            return reader.read(path)
        except Exception:  # not this locale; try the next
            continue
    return None


def _message(err: Exception) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0]
