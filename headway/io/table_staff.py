"""People named in the Resources cells of a task table (``alice, Bob Ng:50%, ana|ben``): those of a
Resources sheet, matched by id or name, and new ones created as they come."""

from __future__ import annotations

from headway.io.import_ids import slug
from headway.io.plan_nodes import ID_RE
from headway.io.sheet_values import is_blank, percentage_of, split_list
from headway.io.table_cells import Cell, TableReader
from headway.model import Assignment, Resource, Severity

UNITS_HINT = "write e.g. 'alice, bob:50%'"


class Staff:
    """People named in Resources cells: those of the Resources sheet, and new ones as they come."""

    def __init__(self, people: list[Resource]) -> None:
        self.resources = list(people)
        self._refs = {r.name: r.id for r in people if r.name} | {r.id: r.id for r in people}

    def assignments(self, reader: TableReader, cell: Cell | None, tid: str | None) -> tuple[Assignment, ...]:
        if cell is None or is_blank(cell.value):
            return ()
        where = reader.location(cell.row, cell.column)
        out = []
        for token in split_list(cell.text):
            who, units = token, None
            if token not in self._refs:
                who, units = _split_units(token)
            parsed = None
            if units is not None:
                try:
                    parsed = percentage_of(units)
                except ValueError:
                    reader.report("bad_percentage", f"units {units!r} of {who!r} are not a percentage", cell, tid,
                                  UNITS_HINT)
                    continue
                if parsed > 4 and "%" not in units:
                    reader.report("suspicious_units", f"units {units} of {who!r} mean {parsed:.0%}", cell, tid,
                                  f"write {units}% if you mean {units} percent", Severity.WARNING)
            people = [self._person(name.strip()) for name in who.split("|") if name.strip()]
            if people:
                out.append(Assignment(people[0], parsed, where, alternatives=tuple(people[1:])))
        return tuple(out)

    def _person(self, name: str) -> str:
        found = self._refs.get(name)
        if found is None:
            taken = {r.id for r in self.resources}
            if ID_RE.fullmatch(name):
                found, label = name, ""
            else:
                found, label = slug(name) or "resource", name
            base, n = found, 1
            while found in taken:
                n += 1
                found = f"{base}-{n}"
            self.resources.append(Resource(found, label))
            self._refs[name] = found
        return found


def _split_units(token: str) -> tuple[str, str | None]:
    """``bob:50%`` or MS Project's ``bob[50%]`` → (``bob``, ``50%``)."""
    if token.endswith("]") and "[" in token:
        who, _, units = token[:-1].rpartition("[")
        return who.strip(), units.strip()
    if ":" in token:
        who, _, units = token.rpartition(":")
        return who.strip(), units.strip()
    return token, None
