"""Portfolio merge keeps each plan's forecast inputs: risks, correlation groups and default uncertainty."""

from __future__ import annotations

import pytest

from headway.engine.forecast import forecast
from headway.engine.portfolio import schedule_portfolio
from headway.engine.portfolio_merge import merge, portfolio_problems
from headway.io.plan import loads
from headway.model import Correlation, Duration, Estimate, TimeUnit
from headway.model.portfolio import Member, Portfolio

ALPHA = """\
project: {{name: Alpha, start: 2027-01-04{extra}}}
tasks:
  - {{id: a1, duration: 5d}}
  - {{id: a2, duration: 10d, after: [a1]}}
"""
BETA = """\
project: {{name: Beta, start: 2027-01-04{extra}}}
tasks:
  - {{id: b1, duration: 3d}}
  - {{id: done, milestone: true, after: [b1]}}
risks:
  - {{id: R, title: Supplier late, probability: 100%, impacts: [{{task: b1, delay: {delay}}}]}}
  - {{id: R2, title: Never, probability: 0%, impacts: [{{task: b1, delay: {{low: 1d, likely: 2d, high: 4d}}}}]}}
"""
SPREAD = ", default_uncertainty: [-10%, +30%]"


def folio(alpha: str = "", beta: str = "", delay: str = "14d") -> Portfolio:
    return Portfolio((Member("alpha", loads(ALPHA.format(extra=alpha), "alpha.yaml").project),
                      Member("beta", loads(BETA.format(extra=beta, delay=delay), "beta.yaml").project)))


def test_risks_come_along_qualified_and_fire_in_the_portfolio_forecast() -> None:
    merged = merge(folio())
    assert [r.id for r in merged.risks] == ["beta/R", "beta/R2"]
    assert [i.task for r in merged.risks for i in r.impacts] == ["beta/b1", "beta/b1"]
    result = forecast(merged, iterations=200, seed=1)
    # beta/b1 lasts 3d + 14d in every run, so the portfolio takes 17 days instead of alpha's 15
    assert result.percentile_minutes[50] == result.percentile_minutes[80] == 17 * 480
    effects = {r.risk: (r.fired_share, r.p80_delta_minutes) for r in result.risks}
    assert effects == {"beta/R": (1.0, 2 * 480), "beta/R2": (0.0, 0)}


def test_risk_delays_of_a_plan_with_other_working_hours_become_minutes() -> None:
    merged = merge(folio(beta=", hours_per_day: 4", delay="4d"))
    (impact,) = merged.risks[0].impacts
    assert impact.delay == Duration(4 * 4 * 60, TimeUnit.MINUTE)
    assert merged.risks[1].impacts[0].delay == Estimate(*(Duration(d * 240, TimeUnit.MINUTE) for d in (1, 2, 4)))


def test_differing_default_uncertainty_applies_to_each_plan_s_own_tasks() -> None:
    merged = merge(folio(alpha=SPREAD, delay="0d"))
    assert merged.default_uncertainty is None
    estimates = {t.id: t.estimate for t in merged.tasks if t.estimate is not None}
    minutes = [Duration(m, TimeUnit.MINUTE) for m in (2160, 2400, 3120, 4320, 4800, 6240)]
    assert estimates == {"alpha/a1": Estimate(*minutes[:3]), "alpha/a2": Estimate(*minutes[3:])}
    # beta never varies and is shorter than alpha's shortest run: the portfolio forecast is alpha's own
    alone = forecast(loads(ALPHA.format(extra=SPREAD)).project, iterations=2_000, seed=4)
    together = forecast(merged, iterations=2_000, seed=4)
    assert together.percentile_minutes == alone.percentile_minutes
    assert together.mean_minutes == pytest.approx(alone.mean_minutes)
    assert together.percentile_minutes[10] < 15 * 480 < together.percentile_minutes[90]
    assert together.sensitivity["beta/b1"] == 0.0


def test_the_same_default_uncertainty_stays_the_merged_project_s_own() -> None:
    merged = merge(folio(alpha=SPREAD, beta=SPREAD))
    assert merged.default_uncertainty == (-0.1, 0.3)
    assert all(t.estimate is None for t in merged.tasks)


def test_correlation_groups_are_qualified() -> None:
    plans = folio()
    alpha = plans.members[0].project.replace(correlations=(Correlation(("a1", "a2"), 0.5),))
    merged = merge(Portfolio((Member("alpha", alpha), plans.members[1])))
    assert merged.correlations == (Correlation(("alpha/a1", "alpha/a2"), 0.5),)


def test_a_portfolio_with_risks_and_mixed_uncertainty_still_schedules() -> None:
    plans = folio(alpha=SPREAD)
    assert portfolio_problems(plans) == []
    result = schedule_portfolio(plans, level=False)
    assert [p.key for p in result.projects] == ["alpha", "beta"]
