"""Cell values of task sheets (Excel, CSV) as plan values: durations as people and MS Project write
them (``3``, ``3d``, ``3 days``, ``4 hrs``, ``1 day?``), dates, flags, links and assignments.

Each parser returns the value or raises ValueError with a message that names the bad part.
"""

from __future__ import annotations

import datetime as dt
import re

from headway.io.durations import parse_duration, parse_percentage
from headway.model import ConstraintType, Duration, LinkType, TimeUnit

CellValue = str | int | float | bool | dt.datetime | dt.date | None

_NUMBER = r"[+-]?\s*(?:\d+(?:[.,]\d*)?|[.,]\d+)"
_WORDY_RE = re.compile(rf"\s*({_NUMBER})\s*([a-zA-Z]*)\s*\??\s*")
_UNIT_WORDS: dict[str, TimeUnit] = {}
for _unit, _words in (
    (TimeUnit.MINUTE, "m min mins minute minutes"), (TimeUnit.HOUR, "h hr hrs hour hours"),
    (TimeUnit.DAY, "d dy day days"), (TimeUnit.WEEK, "w wk wks week weeks"),
    (TimeUnit.MONTH, "mo mon mons month months"),
    (TimeUnit.ELAPSED_MINUTE, "em emin emins eminute eminutes"), (TimeUnit.ELAPSED_HOUR, "eh ehr ehrs ehour ehours"),
    (TimeUnit.ELAPSED_DAY, "ed edy eday edays"), (TimeUnit.ELAPSED_WEEK, "ew ewk ewks eweek eweeks"),
):
    _UNIT_WORDS.update(dict.fromkeys(_words.split(), _unit))

TRUE_WORDS = frozenset({"yes", "y", "true", "x", "1", "ja", "oui", "si", "sí", "✓", "✔"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", "-", "nein", "non"})

CONSTRAINT_LABELS: dict[ConstraintType, str] = {
    ConstraintType.ASAP: "As Soon As Possible", ConstraintType.ALAP: "As Late As Possible",
    ConstraintType.SNET: "Start No Earlier Than", ConstraintType.SNLT: "Start No Later Than",
    ConstraintType.FNET: "Finish No Earlier Than", ConstraintType.FNLT: "Finish No Later Than",
    ConstraintType.MSO: "Must Start On", ConstraintType.MFO: "Must Finish On",
}
_CONSTRAINTS: dict[str, ConstraintType] = {
    **{ct.value: ct for ct in ConstraintType}, **{ct.name.lower(): ct for ct in ConstraintType},
    **{label.lower().replace(" ", "-"): ct for ct, label in CONSTRAINT_LABELS.items()},
}
CONSTRAINT_HINT = "use e.g. Start No Earlier Than, SNET, Must Finish On, As Late As Possible"


def is_blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: CellValue) -> str:
    """A cell as text: ``7`` for the number 7.0, ISO for dates."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def duration_of(value: CellValue) -> Duration:
    """A number of days, or text such as ``3d``, ``2.5h``, ``5ed``, ``3 days``, ``4 hrs``, ``1 day?``."""
    if isinstance(value, bool | dt.date):
        raise ValueError(f"{text_of(value)!r} is not a duration")
    if isinstance(value, int | float):
        return parse_duration(value)
    text = str(value)
    try:
        return parse_duration(text)
    except ValueError:
        pass
    match = _WORDY_RE.fullmatch(text)
    unit = _UNIT_WORDS.get(match.group(2).lower() if match.group(2) else "d") if match else None
    if match is None or unit is None:
        raise ValueError(f"{text!r} is not a duration")
    return Duration(float(match.group(1).replace(" ", "").replace(",", ".")), unit)


def percentage_of(value: CellValue) -> float:
    """``50%``, ``0.5`` or a percent-formatted number (0.5)."""
    if isinstance(value, bool | dt.date) or is_blank(value):
        raise ValueError(f"{text_of(value)!r} is not a percentage")
    return parse_percentage(value if isinstance(value, int | float) else str(value).replace(",", "."))


def flag_of(value: CellValue) -> bool:
    """Yes/no, true/false, x, 1/0 (blank is no)."""
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    word = text_of(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{text_of(value)!r} is not yes or no")


def date_of(value: CellValue) -> dt.date | dt.datetime:
    """A date cell, or ISO text (``2027-01-04``, ``2027-01-04 08:00``); a date alone stays a date."""
    if isinstance(value, dt.datetime | dt.date):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            raise ValueError(f"{value.isoformat()!r} has a UTC offset")
        return value
    text = text_of(value).strip()
    try:
        when = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise ValueError(f"{text!r} is not a date") from None
    if when.tzinfo is not None:
        raise ValueError(f"{text!r} has a UTC offset")
    return when.date() if len(text) == 10 else when


def number_of(value: CellValue) -> float:
    if isinstance(value, bool | dt.date) or is_blank(value):
        raise ValueError(f"{text_of(value)!r} is not a number")
    try:
        number = float(value) if isinstance(value, int | float) else float(str(value).strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"{text_of(value)!r} is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"{text_of(value)!r} is not a number")
    return number


def constraint_type_of(value: CellValue) -> ConstraintType:
    key = re.sub(r"[\s_]+", "-", text_of(value).strip().lower())
    found = _CONSTRAINTS.get(key)
    if found is None:
        raise ValueError(f"{text_of(value)!r} is not a constraint type")
    return found


def split_list(text: str) -> list[str]:
    """Items of a list cell, separated by ``,`` or ``;``; blanks dropped."""
    return [item.strip() for item in re.split(r"[,;]", text) if item.strip()]


def link_readings(token: str) -> list[tuple[str, LinkType, str | None]]:
    """Every way to read a predecessor such as ``b FS+2d``, ``3FS+2 days``, ``c SS`` or ``a``:
    (reference, type, lag text), the whole token first."""
    out: list[tuple[str, LinkType, str | None]] = [(token, LinkType.FS, None)]
    upper = token.upper()
    for kind in LinkType:
        start = upper.find(kind.value, 1)
        while start > 0:
            ref, rest = token[:start].strip(), token[start + 2:].strip()
            if ref and (not rest or rest[0] in "+-"):
                out.append((ref, kind, rest or None))
            start = upper.find(kind.value, start + 1)
    parts = token.rsplit(None, 1)
    if len(parts) == 2 and parts[1][:1] in "+-":
        out.append((parts[0], LinkType.FS, parts[1]))
    return out


def format_link_lag(kind: LinkType, lag: Duration) -> str:
    """`` SS``, `` FS+2d``, `` FF-1ed`` after the predecessor; empty for a plain FS link."""
    if lag.amount == 0 and lag.unit is TimeUnit.DAY:
        return "" if kind is LinkType.FS else f" {kind.value}"
    text = str(lag)
    return f" {kind.value}" + (text if text.startswith("-") else f"+{text}")


def column_letter(index: int) -> str:
    """``A`` for 1, ``AA`` for 27."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
