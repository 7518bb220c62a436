"""The calibration replay on a small fixed slice of the public datasets (the full replay is
bench/calibration.py). Coverage must land in 80% ± three binomial standard errors of the slice;
skipped when ../shared/data/estimates is absent."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest

from headway.engine.calibration_replay import (
    out_of_sample_correlation,
    project_coverage,
    replay_projects,
    replay_tasks,
)
from headway.io.estimate_datasets import read_dataset
from headway.model import EstimateRecord

ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "estimates"
needs_data = pytest.mark.skipif(not ROOT.is_dir(), reason="../shared/data/estimates is absent")
SIP_SLICE = 2000  # the first 2,000 SiP tasks: ~600 test tasks after the slice's own cut-off
CESAW_PROJECT = "101"  # one CESAW project, ~2,000 rows


def band(n: int, p: float) -> float:
    return 3 * math.sqrt(p * (1 - p) / n)


@pytest.fixture(scope="module")
def sip() -> list[EstimateRecord]:
    return read_dataset(ROOT, "sip")[:SIP_SLICE]


@pytest.fixture(scope="module")
def cesaw() -> list[EstimateRecord]:
    return [r for r in read_dataset(ROOT, "cesaw") if r.project == CESAW_PROJECT]


@needs_data
@pytest.mark.parametrize("name", ["sip", "cesaw"])
def test_task_replay_covers_80_and_50_percent_within_the_slice_band(name: str, request: pytest.FixtureRequest) -> None:
    records: list[EstimateRecord] = request.getfixturevalue(name)
    replay = replay_tasks(records)
    n = int(replay.tested.sum())
    assert n > 300
    assert abs(replay.coverage("headway", 80) - 0.8) < band(n, 0.8)
    # with ties the ideal lies between the strict and the ≤ share
    assert replay.coverage("headway", 50, strict=True) < 0.5 + band(n, 0.5)
    assert replay.coverage("headway", 50) > 0.5 - band(n, 0.5)
    assert replay.coverage("headway", 80) > replay.coverage("naive", 80) + 0.05
    assert not np.any(np.isnan(replay.p80["headway"][replay.tested]))


@needs_data
def test_project_replay_runs_and_correlation_only_widens(sip: list[EstimateRecord]) -> None:
    cases = replay_projects(sip, iterations=300)
    assert len(cases) >= 10
    assert all(c.correlation >= 0 and c.open_tasks > 0 for c in cases)
    naive, independent, correlated = project_coverage(cases)
    assert naive < independent <= correlated + 1e-9


@needs_data
def test_out_of_sample_correlation_is_small_but_positive(sip: list[EstimateRecord]) -> None:
    rho = out_of_sample_correlation(sip, as_of=dt.date(2007, 1, 1))
    assert 0 < rho < 0.3


def test_replay_of_a_synthetic_lognormal_team_is_calibrated() -> None:
    """An oracle that needs no data: ratios drawn from a known lognormal per person."""
    rng = np.random.default_rng(2)
    records = []
    day0 = dt.date(2020, 1, 1)
    for i in range(3000):
        person = f"p{i % 6}"
        estimate = float(np.exp(rng.uniform(0, 3)))
        ratio = float(np.exp(rng.normal(0.1 * (i % 6), 0.5)))
        start = day0 + dt.timedelta(days=i // 6)
        records.append(EstimateRecord(person, "x", str(i), estimate, estimate * ratio, start,
                                      start + dt.timedelta(days=int(rng.integers(0, 5)))))
    replay = replay_tasks(records)
    n = int(replay.tested.sum())
    assert abs(replay.coverage("headway", 80) - 0.8) < band(n, 0.8)
    assert abs(replay.coverage("headway", 50) - 0.5) < band(n, 0.5)
    spread = np.std(list(replay.per_person("headway").values()))
    assert spread < 0.05
