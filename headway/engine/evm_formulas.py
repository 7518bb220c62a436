"""Earned value and earned schedule arithmetic on plain numbers (PMI's formulas and Lipke's).

Every index is None where it is undefined (a zero denominator), never infinite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def ratio(num: float, den: float) -> float | None:
    """``num / den``, or None when ``den`` is 0."""
    return num / den if den != 0 else None


@dataclass(frozen=True, slots=True)
class Indicators:
    """Cost-based EVM at one instant: variances, indices and estimates at completion."""

    bac: float
    pv: float
    ev: float
    ac: float

    @property
    def sv(self) -> float:
        return self.ev - self.pv

    @property
    def cv(self) -> float:
        return self.ev - self.ac

    @property
    def spi(self) -> float | None:
        return ratio(self.ev, self.pv)

    @property
    def cpi(self) -> float | None:
        return ratio(self.ev, self.ac)

    @property
    def eac_cpi(self) -> float | None:
        """BAC / CPI: the work left costs what the work done did."""
        return ratio(self.bac, self.cpi) if self.cpi is not None else None

    @property
    def eac_budget_rate(self) -> float:
        """AC + BAC − EV: the work left costs what was budgeted."""
        return self.ac + self.bac - self.ev

    @property
    def eac_cpi_spi(self) -> float | None:
        """AC + (BAC − EV) / (CPI × SPI): both cost and schedule efficiency carry on."""
        if self.cpi is None or self.spi is None:
            return None
        factor = ratio(self.bac - self.ev, self.cpi * self.spi)
        return self.ac + factor if factor is not None else None

    @property
    def etc(self) -> float | None:
        """EAC − AC, on EAC = BAC / CPI."""
        return self.eac_cpi - self.ac if self.eac_cpi is not None else None

    @property
    def vac(self) -> float | None:
        """BAC − EAC, on EAC = BAC / CPI."""
        return self.bac - self.eac_cpi if self.eac_cpi is not None else None

    @property
    def tcpi(self) -> float | None:
        """(BAC − EV) / (BAC − AC): the cost efficiency the remaining work needs to finish on budget."""
        return ratio(self.bac - self.ev, self.bac - self.ac)


def earned_schedule(times: Sequence[float], cum_pv: Sequence[float], ev: float) -> float:
    """The time at which cumulative PV first reached ``ev`` (Lipke's ES = C + I).

    ``times`` are period ends and ``cum_pv`` the cumulative PV there, both non-decreasing,
    starting at the origin (time 0, PV 0 for a project). Within the period where PV
    crosses ``ev`` the time is interpolated linearly; past the last point it is the last
    time (all planned value earned).
    """
    if not times:
        return 0.0
    if ev <= cum_pv[0]:
        return float(times[0])
    for k in range(1, len(times)):
        if cum_pv[k] >= ev:
            lo, hi = cum_pv[k - 1], cum_pv[k]
            return float(times[k - 1] + (ev - lo) / (hi - lo) * (times[k] - times[k - 1]))
    return float(times[-1])


@dataclass(frozen=True, slots=True)
class ScheduleIndicators:
    """Earned schedule at one instant, in one time unit: ES, AT and the planned duration PD."""

    es: float
    at: float
    pd: float

    @property
    def sv_t(self) -> float:
        return self.es - self.at

    @property
    def spi_t(self) -> float | None:
        return ratio(self.es, self.at) if self.at > 0 else None

    @property
    def ieac_t(self) -> float | None:
        """PD / SPI(t): the duration forecast at the schedule efficiency so far."""
        return ratio(self.pd, self.spi_t) if self.spi_t is not None else None
