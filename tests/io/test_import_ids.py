"""Imported names become unique plan ids the plan reader accepts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from headway.io.import_ids import slug, unique_ids
from headway.io.plan_nodes import ID_RE


def test_slug_folds_accents_and_punctuation() -> None:
    assert slug("Déploiement de l'API (v2)") == "deploiement-de-l-api-v2"
    assert slug("  ") == ""


def test_repeats_and_empty_names() -> None:
    assert unique_ids([("Build", "1"), ("Build", "2"), (None, "7"), ("", None), ("—", "x y")]) == [
        "build", "build-2", "task-7", "task", "task-x-y"]


@given(st.lists(st.tuples(st.one_of(st.none(), st.text()), st.one_of(st.none(), st.text()))))
def test_ids_are_unique_and_valid(items: list[tuple[str | None, str | None]]) -> None:
    ids = unique_ids(items)
    assert len(ids) == len(items) == len(set(ids))
    assert all(ID_RE.fullmatch(i) for i in ids)
