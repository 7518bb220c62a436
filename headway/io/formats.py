"""Which formats Headway reads and writes, and which one a file is (from its content).

Each format lives in its own module with ``read(path) -> ReadResult`` and/or
``write(project, schedule, path)``; this registry names them and imports one only when it is
used (``importlib`` at call time), so formats never import each other and an optional one
(MPXJ, which needs Java) costs nothing until asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from headway.engine.results import Schedule
from headway.io.plan import ReadResult
from headway.model import PlanError, Problem, Project, SourceLocation

__all__ = ["READERS", "WRITERS", "FormatError", "detect", "losses", "read", "write", "writer_for"]


@dataclass(frozen=True)
class Format:
    """A format: its name, the module that implements it and the file name endings it uses."""

    name: str
    module: str
    suffixes: tuple[str, ...]
    label: str


READERS: dict[str, Format] = {f.name: f for f in (
    Format("plan", "headway.io.plan", (".yaml", ".yml", ".json"), "Headway plan (YAML/JSON)"),
    Format("mspdi", "headway.io.mspdi_read", (".xml",), "MS Project XML (MSPDI)"),
    Format("mpxj", "headway.io.mpxj_read", (".mpp", ".mpx", ".xer", ".pmxml", ".gan", ".planner"),
           "MS Project .mpp/.mpx, Primavera .xer/PMXML, GanttProject, Planner (through MPXJ; needs Java)"),
    Format("xlsx", "headway.io.xlsx", (".xlsx",), "Excel task list"),
    Format("csv", "headway.io.task_csv", (".csv",), "CSV task list"),
    Format("psplib", "headway.io.psplib", (".sm",), "PSPLIB instance"),
)}

WRITERS: dict[str, Format] = {f.name: f for f in (
    Format("mspdi", "headway.io.mspdi_write", (".xml",), "MS Project XML (MSPDI)"),
    Format("xlsx", "headway.io.xlsx", (".xlsx",), "Excel workbook"),
    Format("csv", "headway.io.task_csv", (".csv",), "CSV"),
    Format("ics", "headway.io.ical", (".ics",), "iCalendar"),
)}

_MPXJ_XML_ROOTS = ("APIBusinessObjects", "project")  # Primavera PMXML; GanttProject and Planner


class FormatError(Exception):
    """A format that is unknown, cannot be detected, or whose module is not available."""


def detect(path: str | Path) -> str:
    """The reader format of ``path`` from its first bytes (XML root, magic numbers), else its suffix."""
    with Path(path).open("rb") as stream:
        head = stream.read(4096)
    suffix = Path(path).suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0") or head.startswith(b"ERMHDR") or _is_mpx(head):
        return "mpxj"  # OLE2 (.mpp), Primavera XER, MPX
    text = head.decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        root = _xml_root(text)
        if root == "Project":
            return "mspdi"
        if root in _MPXJ_XML_ROOTS:
            return "mpxj"
        raise FormatError(f"{path}: XML with root <{root}> is not a format Headway reads")
    if suffix == ".sm" or text.startswith("*" * 20):
        return "psplib"
    if suffix == ".csv":
        return "csv"
    return "plan"


def _is_mpx(head: bytes) -> bool:
    """MPX starts with ``MPX`` and then its field delimiter: a comma, or a semicolon or tab in
    locales whose decimal mark is a comma (German and others)."""
    return head.lstrip()[:4] in (b"MPX,", b"MPX;", b"MPX\t")


def _xml_root(text: str) -> str:
    """The name of the first element of an XML document's head (past the declaration and comments)."""
    rest = text
    while rest.startswith("<?") or rest.startswith("<!"):
        end = rest.find("-->") + 3 if rest.startswith("<!--") else rest.find(">") + 1
        rest = rest[end:].lstrip() if end > 0 else ""
    name = rest[1:].split(">", 1)[0].split(None, 1)[0].rstrip("/") if rest.startswith("<") else ""
    return name.split(":")[-1]


def _module(fmt: Format) -> ModuleType:
    try:
        return importlib.import_module(fmt.module)
    except ImportError as err:
        raise FormatError(f"{fmt.label} is not available in this installation ({err})") from err


def read(path: str | Path, fmt: str | None = None) -> ReadResult:
    """Read ``path`` in format ``fmt`` (detected when None); PlanError on bad content."""
    name = fmt or detect(path)
    if name not in READERS:
        raise FormatError(f"unknown import format {name!r}; known: {', '.join(READERS)}")
    module = _module(READERS[name])
    if name == "plan":
        result: ReadResult = module.load(path)
        return result
    if name == "psplib":
        return ReadResult(module.read(path), ())
    try:
        result = module.read(path)
    except (OSError, UnicodeDecodeError) as err:
        raise PlanError([Problem("unreadable_file", f"cannot read the file: {err}",
                                 location=SourceLocation(str(path), 1))]) from err
    return result


def writer_for(path: str | Path, fmt: str | None = None) -> str:
    """The writer format for ``path``: ``fmt`` if given, else from its suffix."""
    if fmt is not None:
        if fmt not in WRITERS:
            raise FormatError(f"unknown export format {fmt!r}; known: {', '.join(WRITERS)}")
        return fmt
    suffix = Path(path).suffix.lower()
    for name, spec in WRITERS.items():
        if suffix in spec.suffixes:
            return name
    known = ", ".join(s for spec in WRITERS.values() for s in spec.suffixes)
    raise FormatError(f"{path}: cannot tell the export format from {suffix or 'no suffix'!r}; use one of {known}")


def losses(project: Project, path: str | Path, fmt: str | None = None) -> list[Problem]:
    """What the writer for ``path`` cannot keep of ``project`` (formats without a ``losses`` say nothing)."""
    module = _module(WRITERS[writer_for(path, fmt)])
    found: list[Problem] = getattr(module, "losses", lambda _: [])(project)
    return found


def write(project: Project, schedule: Schedule, path: str | Path, fmt: str | None = None,
          person: str | None = None) -> None:
    """Write ``project`` with ``schedule`` to ``path``; ``person`` picks one person's tasks (iCalendar)."""
    name = writer_for(path, fmt)
    module = _module(WRITERS[name])
    kwargs: dict[str, Any] = {}
    if person is not None:
        if name != "ics":
            raise FormatError("--person applies to iCalendar (.ics) export only")
        kwargs["person"] = person
    module.write(project, schedule, path, **kwargs)
