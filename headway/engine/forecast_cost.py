"""Total cost per Monte Carlo iteration: fixed costs, labour that grows with the time taken, fired risks.

A task's fixed cost is paid whatever happens; its labour (planned work × rates) scales with the
sampled duration over the planned one, since people are paid for the time the work takes. A
complete task with a recorded actual cost costs exactly that. Open risks add the cost of each
impact in the iterations where they fire.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from headway.engine.cost import leaf_costs
from headway.engine.network import Network
from headway.engine.results import Schedule
from headway.engine.worktime import IntArray
from headway.model import Project

FloatArray = npt.NDArray[np.float64]
BLOCK = 512  # rows at a time, so no float copy of the whole duration matrix is made


@dataclass(frozen=True, slots=True)
class CostModel:
    """Per leaf row: a constant part and a cost per sampled working minute."""

    constant: FloatArray
    per_minute: FloatArray

    @property
    def planned(self) -> bool:
        """Whether the plan has any cost at all."""
        return bool(self.constant.any() or self.per_minute.any())


def cost_model(project: Project, net: Network, plan: Schedule, base: IntArray,
               actual: dict[int, float] | None = None) -> CostModel:
    """The cost model of ``net``'s leaves on ``plan``; ``actual`` maps complete rows to their recorded cost."""
    costs = leaf_costs(project, plan)
    constant = np.zeros(len(net.ids))
    per_minute = np.zeros(len(net.ids))
    for i, tid in enumerate(net.ids):
        c = costs.get(tid)
        if c is None:
            continue
        if base[i] > 0:
            constant[i], per_minute[i] = c.fixed, c.labour / base[i]
        else:
            constant[i] = c.fixed + c.labour
    for i, amount in (actual or {}).items():
        constant[i], per_minute[i] = amount, 0.0
    return CostModel(constant, per_minute)


def cost_samples(model: CostModel, dur: IntArray, risk_cost: FloatArray) -> FloatArray:
    """The project's total cost in each iteration (``dur`` is tasks × iterations)."""
    out = np.full(dur.shape[1], float(model.constant.sum()))
    out += risk_cost
    rows = np.flatnonzero(model.per_minute)
    for first in range(0, len(rows), BLOCK):
        block = rows[first:first + BLOCK]
        out += model.per_minute[block] @ dur[block]
    return out
