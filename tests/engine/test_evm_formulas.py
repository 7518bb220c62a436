"""EVM and earned-schedule formulas against published worked examples, to the examples' rounding."""

from __future__ import annotations

import pytest

from headway.engine.evm_formulas import Indicators, ScheduleIndicators, earned_schedule


def test_pra_package_example_bac_100000() -> None:
    """The "BAC 100,000" example of the R package PRA (Paul Govan), vignette "Earned Value Management"
    and the reference pages of ``pv``, ``ev``, ``ac``, ``spi`` and ``cpi``
    (https://paulgovan.github.io/PRA/articles/evm.html): cumulative planned fractions 0.1, 0.2,
    0.4, 0.7, 1.0; at period 3 the work is 35% complete and cumulative actual costs are 9,000,
    18,000, 36,000. Published: SPI 0.875, CPI 0.9722222.
    """
    bac = 100_000.0
    planned = [0.1, 0.2, 0.4, 0.7, 1.0]
    pv = bac * planned[2]
    ev = bac * 0.35
    ac = [9000.0, 18000.0, 36000.0][2]
    m = Indicators(bac, pv, ev, ac)
    assert (pv, ev, ac) == (40_000, 35_000, 36_000)
    assert m.spi == pytest.approx(0.875)
    assert round(m.cpi or 0, 7) == 0.9722222
    assert (m.sv, m.cv) == (-5000, -1000)


def test_earned_schedule_on_the_pra_series() -> None:
    """Lipke's ES = C + I (W. Lipke, "Schedule is Different", The Measurable News, March 2003;
    PMI Practice Standard for EVM, 2nd ed., Appendix D): C counts the whole periods whose
    cumulative PV the EV reaches, I = (EV − PV_C) / (PV_C+1 − PV_C). On the PRA series above
    (PV 10k, 20k, 40k, 70k, 100k; EV 35k at AT = 3 of PD = 5 periods): C = 2, I = 15/20,
    so ES = 2.75, SV(t) = −0.25, SPI(t) = 0.9167, IEAC(t) = PD / SPI(t) = 5.4545 periods.
    """
    times = [0, 1, 2, 3, 4, 5]
    cum_pv = [0, 10_000, 20_000, 40_000, 70_000, 100_000]
    es = earned_schedule(times, cum_pv, 35_000)
    assert es == pytest.approx(2.75)
    s = ScheduleIndicators(es, 3, 5)
    assert s.sv_t == pytest.approx(-0.25)
    assert round(s.spi_t or 0, 4) == 0.9167
    assert round(s.ieac_t or 0, 4) == 5.4545


def test_lipke_concept_figure_june_portion() -> None:
    """Lipke's "Earned Schedule Concept" figure (PMI College of Performance Management, earned
    schedule web site): with all PV through May earned and part of June, ES = 5 +
    (EV − PV(May)) / (PV(June) − PV(May)); AT = 7 months, so SV(t) < 0 and SPI(t) < 1.
    The figure gives no money amounts, so any monthly plan with EV inside June shows it.
    """
    cum_pv = [0, 10, 25, 45, 70, 100, 140, 180, 215, 240, 255, 260]
    ev = 120  # between May (100) and June (140): half of June
    es = earned_schedule(list(range(12)), cum_pv, ev)
    assert es == pytest.approx(5 + (ev - 100) / (140 - 100)) == pytest.approx(5.5)
    s = ScheduleIndicators(es, 7, 11)
    assert s.sv_t == pytest.approx(-1.5)
    assert (s.spi_t or 0) < 1


def test_budget_100000_over_20_months() -> None:
    """The textbook "budget of 100,000 USD, 20 months, work evenly distributed" question
    (askfilo.com, "You have a project with a budget of 100,000 USD…"): after ten months 55% is
    done and 65,000 spent. Published: PV 50,000, EV 55,000, CPI 0.846, SPI 1.10. With PV linear,
    ES is 11 months (SPI(t) 1.1, IEAC(t) 18.18 months).
    """
    pv = 100_000 * 10 / 20
    m = Indicators(100_000, pv, 0.55 * 100_000, 65_000)
    assert (m.pv, m.ev) == pytest.approx((50_000, 55_000))
    assert round(m.cpi or 0, 3) == 0.846
    assert round(m.spi or 0, 2) == 1.10
    es = earned_schedule(list(range(21)), [5000.0 * k for k in range(21)], m.ev)
    s = ScheduleIndicators(es, 10, 20)
    assert es == pytest.approx(11)
    assert s.spi_t == pytest.approx(1.1)
    assert round(s.ieac_t or 0, 2) == 18.18


def test_design_build_test_slides_bac_500() -> None:
    """The "Earned Value" training slides with tasks Design, Build and Test (BAC 500; at the data
    date PV 300, EV 200, AC 250; wnwk.com/doc/3476926). Published: CV −50, SV −100, CPI .80,
    SPI .67, EAC = BAC / CPI = 500 / .80 = 625; hence ETC = 625 − 250 = 375, VAC = 500 − 625 = −125.
    """
    m = Indicators(500, 300, 200, 250)
    assert (m.cv, m.sv) == (-50, -100)
    assert round(m.cpi or 0, 2) == 0.80
    assert round(m.spi or 0, 2) == 0.67
    assert m.eac_cpi == pytest.approx(625)
    assert m.etc == pytest.approx(375)
    assert m.vac == pytest.approx(-125)


def test_building_project_bac_5_million() -> None:
    """The building-project example of the CE board reviewer "Project control and earned value"
    (ceboardexamgenerator.com): BAC P5,000,000, EV P1,500,000, AC P1,800,000; "assuming the
    current cost efficiency continues", EAC = BAC / CPI = 6,000,000 (CPI 0.833).
    """
    m = Indicators(5_000_000, 1_500_000, 1_500_000, 1_800_000)
    assert round(m.cpi or 0, 3) == 0.833
    assert m.eac_cpi == pytest.approx(6_000_000)
    assert m.eac_budget_rate == pytest.approx(5_300_000)  # AC + BAC − EV
    assert m.tcpi == pytest.approx(3_500_000 / 3_200_000)  # (BAC − EV) / (BAC − AC)


def test_composite_eac_and_undefined_values() -> None:
    """EAC = AC + (BAC − EV) / (CPI × SPI) (PMBOK 6th ed., table 7-1); indices with a zero
    denominator are None, never infinite."""
    m = Indicators(1000, 500, 400, 500)
    assert m.eac_cpi_spi == pytest.approx(500 + 600 / (0.8 * 0.8))
    nothing = Indicators(1000, 0, 0, 0)
    assert (nothing.spi, nothing.cpi, nothing.eac_cpi, nothing.eac_cpi_spi, nothing.etc, nothing.vac) == (
        None, None, None, None, None, None)
    assert nothing.eac_budget_rate == 1000
    assert Indicators(1000, 1000, 900, 1000).tcpi is None  # AC = BAC: no budget left
    assert ScheduleIndicators(0, 0, 100).spi_t is None


def test_earned_schedule_edges() -> None:
    """EV of 0 gives the start; EV = BAC gives the first time PV reached BAC (flat tails ignored)."""
    times, cum = [0, 1, 2, 3, 4], [0, 10, 10, 30, 30]
    assert earned_schedule(times, cum, 0) == 0
    assert earned_schedule(times, cum, 30) == 3
    assert earned_schedule(times, cum, 10) == 1  # the first time PV reached it
    assert earned_schedule(times, cum, 20) == pytest.approx(2.5)
    assert earned_schedule([], [], 5) == 0
