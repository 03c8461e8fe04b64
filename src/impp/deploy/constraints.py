"""CP-SAT constraints: modes, precedences, resources, windows and milestones.

Besides the constraints that define a schedule, two redundant ones help the
search prove bounds: each milestone is at least the energy bound of every
resource (the work on it before the milestone divided by its capacity), and
at least the longest precedence chain (that one lives in the variables'
domains).
"""

from __future__ import annotations

from impp.deploy.cpsat import cp_model
from impp.deploy.instance import Instance, topological_order
from impp.deploy.variables import Variables


def add_constraints(model: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """Add every constraint of ``inst`` over the variables ``v``.

    >>> from impp.deploy.instance import Activity, Mode
    >>> from impp.deploy.variables import build_variables
    >>> inst = Instance((Activity("a", (Mode(3, 3, ((0, 1),)),)),), (1,), (), ((0,),))
    >>> m = cp_model.CpModel()
    >>> add_constraints(m, inst, build_variables(m, inst, 10))
    >>> m.validate()
    ''
    """
    _modes(model, inst, v)
    _precedences(model, inst, v)
    _resources(model, inst, v)
    _windows(model, inst, v)
    _milestones(model, inst, v)
    _disjunctions(model, inst, v)


#: At most this many order literals (pairs beyond it are left to the cumulatives).
MAX_DISJUNCTIONS = 4000


def incompatible_pairs(inst: Instance) -> list[tuple[int, int]]:
    """Pairs of single-mode activities that can never run at the same time.

    Two activities are incompatible when, on some resource, their demands
    together exceed its capacity; pairs already ordered by a chain of
    precedences are left out (the order literal would add little to them).

    >>> from impp.deploy.instance import Activity, Mode
    >>> acts = tuple(Activity(x, (Mode(1, 1, ((0, 2),)),)) for x in "abc")
    >>> incompatible_pairs(Instance(acts, (3,), ((0, 1),), ((0, 1, 2),)))
    [(0, 2), (1, 2)]
    """
    n = len(inst.activities)
    succ = inst.successors()
    order = topological_order(n, inst.precedences)
    after: list[int] = [0] * n  # bit sets of transitive successors
    for i in reversed(order):
        bits = 0
        for j in succ[i]:
            bits |= after[j] | (1 << j)
        after[i] = bits
    single = [
        dict(a.modes[0].demands) if len(a.modes) == 1 and a.modes[0].duration > 0 else None
        for a in inst.activities
    ]
    pairs = []
    for i in range(n):
        di = single[i]
        if di is None:
            continue
        for j in range(i + 1, n):
            dj = single[j]
            if dj is None or (after[i] >> j) & 1 or (after[j] >> i) & 1:
                continue
            if any(q + dj.get(r, 0) > inst.capacities[r] for r, q in di.items()):
                pairs.append((i, j))
    return pairs


def _disjunctions(model: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    # One literal per incompatible pair: either i's assets are free before j
    # starts, or j's before i starts. Redundant with the cumulatives, but the
    # solver learns on these literals, which shortens the proofs on tightly
    # constrained instances. The order is of the days the assets are held
    # (start + duration), not of the completions: a convoy's trucks may be
    # free before its column arrives, and a ship busy after its cargo landed.
    pairs = incompatible_pairs(inst)
    if len(pairs) > MAX_DISJUNCTIONS:
        return
    for i, j in pairs:
        first = model.new_bool_var(f"before_{i}_{j}")
        held_i = inst.activities[i].modes[0].duration
        held_j = inst.activities[j].modes[0].duration
        model.add(v.start[j] >= v.start[i] + held_i).only_enforce_if(first)
        model.add(v.start[i] >= v.start[j] + held_j).only_enforce_if(~first)


def _modes(model: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    for i, act in enumerate(inst.activities):
        mv = v.modes[i]
        if len(act.modes) == 1:
            model.add(v.finish[i] == v.start[i] + act.modes[0].lag)
            continue
        lits = [m.present for m in mv]
        model.add_exactly_one(lits)
        for mode, m in zip(act.modes, mv, strict=True):
            model.add(v.finish[i] == v.start[i] + mode.lag).only_enforce_if(m.present)


def _precedences(model: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    for i, j in inst.precedences:
        model.add(v.start[j] >= v.finish[i])


def _resources(model: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    n_res = len(inst.capacities)
    intervals: list[list[cp_model.IntervalVar]] = [[] for _ in range(n_res)]
    demands: list[list[int]] = [[] for _ in range(n_res)]
    for i, act in enumerate(inst.activities):
        for mode, m in zip(act.modes, v.modes[i], strict=True):
            if any(amount > inst.capacities[r] for r, amount in mode.demands):
                # more than there is (an asset type of count 0): never this way
                # (a lone mode that cannot fit is refused before the model is built)
                if not isinstance(m.present, int):
                    model.add(m.present == 0)
                continue
            for r, amount in mode.demands:
                if amount > 0 and mode.duration > 0:
                    intervals[r].append(m.occupancy)
                    demands[r].append(amount)
    # a withdrawal reaches past every day an asset may be held (the last start
    # within the horizon, plus the longest hold), so none is held after it
    reach = v.horizon + max((m.duration for a in inst.activities for m in a.modes), default=0) + 1
    for k, (r, a, b, amount) in enumerate(inst.unavailable):
        a, b = max(a, 0), min(b, reach)
        if b > a and amount > 0:
            intervals[r].append(model.new_fixed_size_interval_var(a, b - a, f"off_{k}"))
            demands[r].append(min(amount, inst.capacities[r]))
    for r in range(n_res):
        if not intervals[r]:
            continue
        cap = inst.capacities[r]
        if all(d * 2 > cap for d in demands[r]):
            model.add_no_overlap(intervals[r])  # no two can share it: stronger propagation
        else:
            model.add_cumulative(intervals[r], demands[r], cap)


def _windows(model: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    fixed: dict[tuple[int, int], cp_model.IntervalVar] = {}
    for i, act in enumerate(inst.activities):
        for mode, m in zip(act.modes, v.modes[i], strict=True):
            if not mode.windows or m.span is None:
                continue
            blocks = []
            for a, b in mode.windows:
                if (a, b) not in fixed:
                    fixed[(a, b)] = model.new_fixed_size_interval_var(a, b - a, f"win_{a}_{b}")
                blocks.append(fixed[(a, b)])
            model.add_no_overlap([m.span, *blocks])


def _milestones(model: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    for k, members in enumerate(inst.milestones):
        for i in members:
            model.add(v.milestones[k] >= v.finish[i])
        if k < len(inst.milestone_bounds) and inst.milestone_bounds[k] is not None:
            model.add(v.milestones[k] <= inst.milestone_bounds[k])
        # energy bound: the work on each resource before the milestone over its
        # capacity. An activity done by the milestone holds its assets at least
        # min(duration, lag) days before it: a ship back in port 30 days after
        # sailing may have landed its cargo on day 10, and holds it only those.
        for r, cap in enumerate(inst.capacities):
            if cap <= 0:
                continue
            energy = 0
            for i in members:
                act = inst.activities[i]
                energy += min(
                    (dict(m.demands).get(r, 0) * min(m.duration, m.lag) for m in act.modes),
                    default=0,
                )
            if energy:
                model.add(v.milestones[k] >= -(-energy // cap))
