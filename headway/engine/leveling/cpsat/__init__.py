"""The ``optimal`` leveling engine: CP-SAT (the only place in Headway that imports ortools)."""

from headway.engine.leveling.cpsat.model import solve_cpsat

__all__ = ["solve_cpsat"]
