"""The public estimate datasets, cleaned as ../shared/data/estimates/README.md says: its counts are
the oracle. Skipped when the data folder is absent."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest

from headway.io.estimate_datasets import read_dataset
from headway.model import EstimateRecord

ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "estimates"
pytestmark = pytest.mark.skipif(not ROOT.is_dir(), reason="../shared/data/estimates is absent")


def people(records: list[EstimateRecord], at_least: int = 1) -> int:
    return sum(n >= at_least for n in Counter(r.person for r in records).values())


def sorted_by_estimate_date(records: list[EstimateRecord]) -> bool:
    return all(a.estimated_on <= b.estimated_on for a, b in itertools.pairwise(records))


def test_sip_cleaned_counts() -> None:
    records = read_dataset(ROOT, "sip")
    assert (len(records), people(records), people(records, 20)) == (8175, 21, 11)
    assert len({r.project for r in records}) == 18
    assert sorted_by_estimate_date(records)
    assert str(records[0].estimated_on) == "2004-02-26" and str(records[-1].estimated_on) == "2014-12-05"
    assert sum(r.actual == r.estimate for r in records) / len(records) == pytest.approx(0.375, abs=0.0005)
    assert min(r.estimate for r in records) >= 0.01 and all(r.finished_on is not None for r in records)


def test_cesaw_cleaned_counts() -> None:
    records = read_dataset(ROOT, "cesaw")
    assert (len(records), people(records), people(records, 20)) == (58125, 246, 210)
    assert str(records[0].estimated_on) == "2008-09-29"
    assert str(max(r.finished_on for r in records if r.finished_on)) == "2017-07-05"
    assert sorted_by_estimate_date(records)


def test_renzo_cleaned_counts() -> None:
    records = read_dataset(ROOT, "renzo-pomodoro")
    assert (len(records), people(records)) == (6015, 1)
    assert sum(r.actual == r.estimate for r in records) / len(records) == pytest.approx(0.498, abs=0.001)


def test_project22_cleaned_counts() -> None:
    records = read_dataset(ROOT, "project-22")
    assert (len(records), people(records)) == (321, 1)
    assert all(r.estimate > 0 and (r.actual or 0) > 0 for r in records)
    assert sorted_by_estimate_date(records)
