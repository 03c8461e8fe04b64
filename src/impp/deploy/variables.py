"""CP-SAT variables for an :class:`~impp.deploy.instance.Instance`.

Each activity has a start and a completion; each mode a presence literal and
an interval holding the resources (optional when there is more than one
mode); modes with forbidden windows also get an interval covering the days
the activity is under way. Each milestone is one integer variable.
Domains are cut with the precedence bounds (earliest start, and the latest
start that still leaves room for the chain after it within the horizon).
"""

from __future__ import annotations

from dataclasses import dataclass

from impp.deploy.cpsat import cp_model
from impp.deploy.instance import Instance


@dataclass
class ModeVars:
    """The variables of one mode of one activity."""

    present: cp_model.IntVar | int
    occupancy: cp_model.IntervalVar
    span: cp_model.IntervalVar | None


@dataclass
class Variables:
    """Every variable of the model, indexed like the instance."""

    start: list[cp_model.IntVar]
    finish: list[cp_model.IntVar]
    modes: list[list[ModeVars]]
    milestones: list[cp_model.IntVar]
    horizon: int


def build_variables(model: cp_model.CpModel, inst: Instance, horizon: int) -> Variables:
    """Create the variables of ``inst`` in ``model`` for schedules within ``horizon``.

    >>> from impp.deploy.instance import Activity, Mode
    >>> inst = Instance((Activity("a", (Mode(3, 3),)),), (), (), ((0,),))
    >>> v = build_variables(cp_model.CpModel(), inst, 10)
    >>> len(v.start), len(v.milestones)
    (1, 1)
    """
    done = inst.earliest_completions()
    tails = inst.tails()
    start: list[cp_model.IntVar] = []
    finish: list[cp_model.IntVar] = []
    modes: list[list[ModeVars]] = []
    for i, act in enumerate(inst.activities):
        min_lag = min(m.lag for m in act.modes)
        earliest = done[i] - min_lag
        latest = max(earliest, horizon - tails[i])
        s = model.new_int_var(earliest, latest, f"start_{i}")
        f = model.new_int_var(done[i], latest + max(m.lag for m in act.modes), f"finish_{i}")
        start.append(s)
        finish.append(f)
        mv: list[ModeVars] = []
        single = len(act.modes) == 1
        for k, mode in enumerate(act.modes):
            if single:
                present: cp_model.IntVar | int = 1
                occ = model.new_fixed_size_interval_var(s, mode.duration, f"occ_{i}_{k}")
                span = (
                    model.new_fixed_size_interval_var(s, mode.span, f"span_{i}_{k}")
                    if mode.windows else None
                )
            else:
                lit = model.new_bool_var(f"mode_{i}_{k}")
                present = lit
                occ = model.new_optional_fixed_size_interval_var(
                    s, mode.duration, lit, f"occ_{i}_{k}"
                )
                span = (
                    model.new_optional_fixed_size_interval_var(s, mode.span, lit, f"span_{i}_{k}")
                    if mode.windows else None
                )
            mv.append(ModeVars(present, occ, span))
        modes.append(mv)
    milestones = []
    for k, members in enumerate(inst.milestones):
        low = max([done[i] for i in members] + [0])
        milestones.append(model.new_int_var(low, horizon, f"milestone_{k}"))
    return Variables(start, finish, modes, milestones, horizon)
