"""Plan ids for things imported from other tools: readable slugs of their names, unique, stable.

Every importer (MS Project XML, MPXJ formats, spreadsheets) names tasks and resources the same
way, so a plan imported twice from the same file, or from the same plan saved in two formats,
gets the same ids. The tool's own id is kept apart in ``source_uid``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_NOT_ID = re.compile(r"[^a-z0-9]+")
MAX_LENGTH = 40


def slug(name: str) -> str:
    """``"Design the API (v2)"`` → ``"design-the-api-v2"``; accents folded, at most 40 characters."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_ID.sub("-", folded).strip("-")[:MAX_LENGTH].rstrip("-")


def unique_ids(items: Iterable[tuple[str | None, str | None]], prefix: str = "task") -> list[str]:
    """One id per ``(name, source_uid)``: the slug of the name, else ``prefix-UID`` (else ``prefix``),
    with ``-2``, ``-3``… appended to repeats, in input order."""
    out: list[str] = []
    taken: set[str] = set()
    for name, uid in items:
        base = slug(name or "")
        if not base:
            base = f"{prefix}-{slug(uid)}" if uid and slug(uid) else prefix
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        out.append(candidate)
    return out
