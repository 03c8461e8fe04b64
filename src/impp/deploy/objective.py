"""CP-SAT objective: minimise one milestone, holding the ones already decided.

Milestones are minimised lexicographically, one solve per milestone: the
first is minimised; then it is held at the value found and the next is
minimised, and so on. Each phase keeps the previous phase's schedule as a hint.
"""

from __future__ import annotations

from impp.deploy.cpsat import cp_model
from impp.deploy.variables import Variables


def minimise(model: cp_model.CpModel, v: Variables, index: int) -> None:
    """Make milestone ``index`` the objective.

    >>> from impp.deploy.instance import Activity, Instance, Mode
    >>> from impp.deploy.variables import build_variables
    >>> inst = Instance((Activity("a", (Mode(3, 3),)),), (), (), ((0,),))
    >>> m = cp_model.CpModel()
    >>> v = build_variables(m, inst, 10)
    >>> minimise(m, v, 0)
    >>> m.has_objective()
    True
    """
    model.minimize(v.milestones[index])


def hold(model: cp_model.CpModel, v: Variables, index: int, value: int) -> None:
    """Keep milestone ``index`` at or below ``value`` in the phases that follow."""
    model.add(v.milestones[index] <= value)
