"""Reading a YAML node tree with places: typed getters that record a Problem instead of raising."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from headway.io.durations import DURATION_HINT, parse_duration, parse_percentage
from headway.model import Duration, Problem, Severity, SourceLocation, did_you_mean

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
ID_RE = re.compile(r"[A-Za-z0-9_.-]+")
ID_HINT = "ids may use letters, digits, '_', '.' and '-', e.g. 'build-api'"
DATE_HINT = "write dates as YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a time of day"
# YAML refuses a raw NUL, but a double-quoted escape (as JSON writes it) makes one: no database text holds it
NUL_ESCAPE = re.compile(r"\\(?:0|x00|u0000|U00000000)")
NUL_MESSAGE = "text cannot hold the NUL character (\\0)"


def compose(text: str, path: str) -> tuple[yaml.Node | None, Any, list[Problem]]:
    """The document's node tree and the loader that composed it, or a ``yaml_syntax`` problem."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = SourceLocation(path, mark.line + 1, mark.column + 1) if mark else None
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return None, loader, [Problem("yaml_syntax", f"not valid YAML: {message}", location=where,
                                      hint="check indentation, colons and quotes near this place")]
    except yaml.YAMLError as exc:
        return None, loader, [Problem("yaml_syntax", f"not valid YAML: {exc}",
                                      location=SourceLocation(path, 1, 1))]
    finally:
        loader.dispose()
    if node is not None and NUL_ESCAPE.search(text):
        holding = sorted((n for n in _scalars(node) if "\x00" in n.value), key=lambda n: n.start_mark.index)
        if holding:
            return None, loader, [Problem("nul_character", NUL_MESSAGE, location=SourceLocation(
                path, n.start_mark.line + 1, n.start_mark.column + 1),
                hint="remove the \\0 escape; a plan's text cannot hold it") for n in holding]
    return node, loader, []


def _scalars(node: yaml.Node) -> Iterable[yaml.ScalarNode]:
    """Every scalar of a node tree, keys included (iteratively: a deep tree does not recurse)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            yield current
        elif isinstance(current, yaml.MappingNode):
            stack.extend(part for pair in current.value for part in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


@dataclass
class Context:
    """One read of one file: where it came from and every problem found so far."""

    path: str
    loader: Any
    problems: list[Problem] = field(default_factory=list)
    failed: set[tuple[str | None, str]] = field(default_factory=set)

    def loc(self, node: yaml.Node) -> SourceLocation:
        return SourceLocation(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def report(self, code: str, message: str, node: yaml.Node, entity: str | None = None,
               hint: str | None = None, key: str | None = None,
               severity: Severity = Severity.ERROR) -> None:
        """Record a problem at ``node``; ``key`` marks that field of ``entity`` as unreadable."""
        self.problems.append(Problem(code, message, severity, entity, self.loc(node), hint))
        if key is not None:
            self.failed.add((entity, key))

    def construct(self, node: yaml.Node) -> Any:
        """The Python value of a scalar node (strings fast, other tags via the YAML constructor)."""
        if node.tag == STR_TAG:
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):  # e.g. 2027-13-01 looks like a date
            return str(node.value)

    def wrong_type(self, node: yaml.Node, what: str, expected: str, entity: str | None,
                   key: str | None = None, hint: str | None = None) -> None:
        found = _kind(node, self)
        self.report("wrong_type", f"{what} should be {expected}, not {found}", node, entity, hint, key)

    def fields(self, node: yaml.Node, allowed: Iterable[str], what: str,
               entity: str | None = None) -> dict[str, yaml.Node] | None:
        """Keys of a mapping node, reporting non-mappings, duplicates and unknown keys."""
        if not isinstance(node, yaml.MappingNode):
            self.wrong_type(node, what, "a mapping of keys to values", entity)
            return None
        known = tuple(allowed)
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.wrong_type(key_node, f"a key in {what}", "a plain word", entity)
                continue
            key = key_node.value
            if key not in known:
                hint = did_you_mean(key, known) or "allowed here: " + ", ".join(known)
                self.report("unknown_key", f"unknown key {key!r} in {what}", key_node, entity, hint)
            elif key in out:
                self.report("duplicate_key", f"key {key!r} appears twice in {what}", key_node, entity,
                            "keep one of them")
            else:
                out[key] = value_node
        return out

    def require(self, fields: dict[str, yaml.Node], key: str, node: yaml.Node, what: str,
                example: str, entity: str | None = None) -> yaml.Node | None:
        """The value of a required ``key``, or a ``missing_key`` problem at the mapping."""
        if key in fields and not _is_null(fields[key]):
            return fields[key]
        self.report("missing_key", f"{what} needs '{key}'", node, entity, f"add e.g. '{example}'")
        return None

    def items(self, node: yaml.Node, what: str, entity: str | None = None,
              key: str | None = None) -> list[yaml.Node]:
        """Entries of a list; a single scalar or mapping counts as a one-item list, null as empty."""
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if _is_null(node):
            return []
        if isinstance(node, yaml.ScalarNode | yaml.MappingNode):
            return [node]
        self.wrong_type(node, what, "a list", entity, key)
        return []

    def text(self, node: yaml.Node, what: str, entity: str | None = None,
             key: str | None = None) -> str | None:
        """Free text as written (``name: yes`` stays "yes"); None for null."""
        if isinstance(node, yaml.ScalarNode):
            return None if _is_null(node) else str(node.value)
        self.wrong_type(node, what, "text", entity, key)
        return None

    def ident(self, node: yaml.Node, what: str, entity: str | None = None,
              key: str | None = None) -> str | None:
        """An id as written (``id: 1`` is "1"), checked against the allowed characters."""
        if not isinstance(node, yaml.ScalarNode) or _is_null(node):
            self.wrong_type(node, what, "an id", entity, key, ID_HINT)
            return None
        value = str(node.value)
        if ID_RE.fullmatch(value) is None:
            self.report("bad_id", f"{what} {value!r} has characters an id may not use", node, entity,
                        ID_HINT, key)
            return None
        return sys.intern(value)  # one string object per id: every later lookup hashes it once

    def number(self, node: yaml.Node, what: str, entity: str | None = None,
               key: str | None = None) -> float | None:
        value = self.construct(node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(value, str) and getattr(node, "style", None) is None:
            with contextlib.suppress(ValueError):  # JSON's 1e5 is a string in YAML 1.1
                value = float(value)
        if isinstance(value, int | float) and not isinstance(value, bool) and value == value:
            return float(value)
        self.wrong_type(node, what, "a number", entity, key)
        return None

    def integer(self, node: yaml.Node, what: str, entity: str | None = None,
                key: str | None = None) -> int | None:
        value = self.construct(node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self.wrong_type(node, what, "a whole number", entity, key)
        return None

    def boolean(self, node: yaml.Node, what: str, entity: str | None = None,
                key: str | None = None) -> bool | None:
        value = self.construct(node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(value, bool):
            return value
        self.wrong_type(node, what, "true or false", entity, key)
        return None

    def date(self, node: yaml.Node, what: str, entity: str | None = None,
             key: str | None = None) -> dt.date | dt.datetime | None:
        """A date or local date-time (YAML timestamp or ISO text)."""
        value = self.construct(node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value.strip().replace(" ", "T", 1))
            except ValueError:
                value = None
            if isinstance(value, dt.datetime) and value.time() == dt.time() and len(node.value.strip()) == 10:
                value = value.date()
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            self.report("bad_date", f"{what} {node.value!r} has a UTC offset", node, entity,
                        "write local date-times; set 'timezone:' on the project instead", key)
            return None
        if isinstance(value, dt.date):
            return value
        self.report("bad_date", f"{what} {_show(node)} is not a date", node, entity, DATE_HINT, key)
        return None

    def duration(self, node: yaml.Node, what: str, entity: str | None = None,
                 key: str | None = None) -> Duration | None:
        if isinstance(node, yaml.ScalarNode) and not _is_null(node):
            try:
                return parse_duration(node.value)
            except ValueError:
                pass
        self.report("bad_duration", f"{what} {_show(node)} is not a duration", node, entity,
                    DURATION_HINT, key)
        return None

    def percentage(self, node: yaml.Node, what: str, entity: str | None = None,
                   key: str | None = None) -> float | None:
        if isinstance(node, yaml.ScalarNode) and not _is_null(node):
            try:
                value = parse_percentage(node.value if node.tag == STR_TAG else self.construct(node))
            except (ValueError, TypeError):
                pass
            else:
                if value > 4 and "%" not in str(node.value):
                    self.report("suspicious_units", f"{what} {node.value} means {value:.0%}", node, entity,
                                f"write {node.value}% if you mean {node.value} percent",
                                severity=Severity.WARNING)
                return value
        self.report("bad_percentage", f"{what} {_show(node)} is not a percentage", node, entity,
                    "write e.g. 50% or 0.5", key)
        return None


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG


def _show(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return "nothing" if _is_null(node) else repr(node.value)
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"


def _kind(node: yaml.Node, ctx: Context) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if _is_null(node):
        return "nothing"
    value = ctx.construct(node)
    if isinstance(value, bool):
        return f"{node.value!r} (YAML reads it as {str(value).lower()})"
    return repr(value) if isinstance(value, str) else f"{node.value} ({type(value).__name__})"


def is_null(node: yaml.Node) -> bool:
    """Whether ``node`` is an explicit or empty null."""
    return _is_null(node)
