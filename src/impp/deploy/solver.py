"""The one entry point to the CP-SAT model: :func:`solve`.

Infeasible instances and time limits are statuses on the result, each with an
explanation, never exceptions. The serial schedule-generation heuristic
provides a horizon and a warm start; if CP-SAT finds nothing in time, the
heuristic's schedule is returned (status ``feasible``).

For single-mode instances minimising one makespan (RCPSP), a genetic
algorithm with forward-backward improvement (:mod:`impp.deploy.genetic`)
runs first, on as many threads as CP-SAT would have workers, for a share of
the time limit: its schedule is the warm start and sets the horizon, so
CP-SAT starts from a near-best schedule and spends its time improving and
proving it. When that schedule reaches the critical-path or energy bound it
is optimal and CP-SAT is not needed at all. Up to ``PROOF_SIZE`` activities
the schedule is then shortened and proven by :func:`impp.deploy.portfolio.descend`,
a race of a branch and bound against CP-SAT.
"""

from __future__ import annotations

import time

import numpy as np

from impp.deploy import branch, genetic, portfolio
from impp.deploy.ahead import Found, LookAhead, hint, outcome
from impp.deploy.compact import compact
from impp.deploy.constraints import add_constraints
from impp.deploy.cpsat import cp_model
from impp.deploy.instance import Instance
from impp.deploy.objective import hold, minimise
from impp.deploy.sgs import SgsSchedule, best_sgs, warm_up
from impp.deploy.solution import Solution, Status
from impp.deploy.variables import Variables, build_variables

#: Generations of the genetic algorithm in deterministic solves.
GA_GENERATIONS = 200
#: Single-mode makespan instances up to this many activities are solved by
#: :func:`impp.deploy.portfolio.descend` after the genetic algorithm (proofs are within reach);
#: larger ones by minimisation, whose neighbourhood search improves them more.
PROOF_SIZE = 40

def _precheck(inst: Instance) -> str | None:
    """A reason the instance cannot be scheduled at all, found without search."""
    for act in inst.activities:
        fits = [
            m for m in act.modes
            if all(0 <= r < len(inst.capacities) and amount <= inst.capacities[r]
                   for r, amount in m.demands)
        ]
        if not fits:
            needs = ", ".join(
                f"{inst.resource_names[r] if r < len(inst.resource_names) else r}: {amount}"
                for r, amount in act.modes[0].demands
            )
            return (f"{act.name} needs more than there is of a resource in every way "
                    f"it can be done ({needs}); add capacity or another way to do it")
    return None


def _values(inst: Instance, sched: SgsSchedule) -> tuple[int, ...]:
    return tuple(int(max((sched.finish[i] for i in ms), default=0)) for ms in inst.milestones)


def solve(
    inst: Instance,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    sgs_passes: int = 60,
    compiled_sgs: bool | None = None,
    deterministic: bool = False,
    search_share: float = 0.3,
    warm_start: SgsSchedule | None = None,
    look_ahead: bool = False,
) -> Solution:
    """Schedule ``inst`` minimising its milestones lexicographically.

    With ``deterministic``, ``time_limit`` is CP-SAT's deterministic time (work
    units, roughly seconds) and one worker searches, so the same instance gives
    the same schedule on any machine and under any load: what documents and
    the main job need. (CP-SAT's interleaved multi-worker search is
    deterministic too, but was five times slower on Carana.) Otherwise
    ``time_limit`` is wall-clock seconds shared by ``workers``.

    ``search_share``: the part of the time limit the genetic algorithm may
    take on instances it applies to (it stops sooner once it stops
    improving); with ``deterministic`` it runs a fixed number of generations.

    ``warm_start``: a feasible schedule of ``inst`` known beforehand (the
    plan's own, for a what-if with one more asset); it replaces the serial
    SGS passes as CP-SAT's first solution and horizon.

    ``look_ahead``: with ``deterministic``, solve each next milestone's
    phase on another thread from every schedule the current phase finds
    (:mod:`impp.deploy.ahead`): the same result, sooner when a core is idle
    (the plan's own lift schedule; not the what-ifs, which fill both).

    The heuristic's form depends on the instance alone (compiled SGS with
    ``sgs_passes`` passes above 80 activities, ten plain-Python passes
    below, unless ``compiled_sgs`` says), never on what this process has
    already compiled: the same instance gets the same first solution, so a
    deterministic search the same schedule.

    >>> from impp.deploy.instance import Activity, Mode
    >>> inst = Instance((Activity("a", (Mode(3, 3, ((0, 1),)),)),
    ...                  Activity("b", (Mode(2, 2, ((0, 1),)), Mode(4, 4))),), (1,), (), ((0, 1),))
    >>> sol = solve(inst, time_limit=5)
    >>> sol.status, sol.values, sol.mode
    ('optimal', (4,), (0, 1))
    """
    if compiled_sgs is None:
        compiled_sgs = len(inst.activities) > 80
    if compiled_sgs and warm_start is None:
        warm_up()  # a one-off compilation, not counted in the time limit
    use_ga = search_share > 0 and _makespan_only(inst) and genetic.applicable(inst)
    if use_ga:
        genetic.warm_up()  # the same, for the genetic algorithm and the branch and bound
        branch.warm_up()
    t0 = time.perf_counter()
    reason = _precheck(inst)
    if reason:
        return Solution("infeasible", reason, seconds=time.perf_counter() - t0)
    if not inst.milestones:
        return Solution("invalid", "the instance has no milestone to minimise")
    try:
        heuristic = warm_start if warm_start is not None else best_sgs(
            inst, passes=sgs_passes if compiled_sgs else 10, seed=seed, compiled=compiled_sgs)
    except ValueError as exc:  # a cycle of precedences
        return Solution("invalid", str(exc), seconds=time.perf_counter() - t0)
    static_bound = 0
    if use_ga:
        budget = max(search_share * time_limit - (time.perf_counter() - t0), 0.0)
        ga = genetic.improve(
            inst, islands=max(workers, 1), seed=seed,
            time_limit=float("inf") if deterministic else budget,
            max_generations=GA_GENERATIONS if deterministic else 10**9,
        )
        static_bound = ga.lower_bound
        if heuristic is None or ga.makespan < int(heuristic.finish.max()):
            heuristic = SgsSchedule(ga.start, np.zeros_like(ga.start), ga.finish)
        if ga.makespan <= ga.lower_bound:
            value = ga.makespan
            return Solution(
                "optimal", "optimal: the schedule meets the critical-path and resource bound",
                (value,), (value,), tuple(int(x) for x in ga.start),
                tuple(0 for _ in ga.start), tuple(int(x) for x in ga.finish),
                time.perf_counter() - t0, (value,),
            )
    if heuristic is not None:
        hvals = _values(inst, heuristic)
        horizon = max(int(heuristic.finish.max()), 1)
        if not _first_holds_all(inst):
            # The heuristic's last day bounds the first milestone's best, not the
            # activities outside it: these may have to wait past that day for
            # the first milestone to come sooner (IOC minimised before FOC).
            horizon = max(horizon, inst.trivial_horizon())
    else:
        hvals = ()
        horizon = inst.trivial_horizon()

    model = cp_model.CpModel()
    v = build_variables(model, inst, horizon)
    add_constraints(model, inst, v)
    if heuristic is not None:
        hint(model, v, _found(heuristic, hvals, v))

    deadline = t0 + time_limit
    if (use_ga and heuristic is not None and not deterministic
            and len(inst.activities) <= PROOF_SIZE):
        first = (tuple(int(x) for x in heuristic.start), tuple(int(x) for x in heuristic.mode),
                 tuple(int(x) for x in heuristic.finish))
        (start, mode, finish), value, proven = portfolio.descend(
            inst, model, v, first, static_bound, deadline, workers, seed)
        seconds = time.perf_counter() - t0
        if proven:
            return Solution("optimal", "optimal: no schedule reaches the milestones sooner",
                            (value,), (value,), start, mode, finish, seconds, hvals)
        return Solution(
            "feasible", f"time limit of {time_limit:g} s reached: the best schedule found; "
            "the lower bound says how far from the best possible it can be",
            (value,), (static_bound,), start, mode, finish, seconds, hvals)
    values: list[int] = []
    bounds: list[int] = []
    best: tuple[list[int], list[int], list[int]] | None = None
    all_optimal = True
    phases = len(inst.milestones)
    single = _makespan_only(inst)

    def configured(share: float) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        if not single:
            # Deployment models reach presolve's fixpoint in one round; the
            # default three took a fifth of CP-SAT's time over Carana's lift
            # schedule and what-if solves (1.97 s against 2.44 s, the same
            # optimal values).
            solver.parameters.max_presolve_iterations = 1
            if len(inst.activities) <= PROOF_SIZE:
                _proof_parameters(solver)
        if deterministic:
            solver.parameters.max_deterministic_time = time_limit / phases
            solver.parameters.num_workers = 1
        else:
            solver.parameters.max_time_in_seconds = max(share, 0.05)
        return solver

    ahead: LookAhead | None = None
    found: Found | None = None
    try:
        for k in range(phases):
            left = deadline - time.perf_counter()
            share = left if k == phases - 1 else left * 0.6
            minimise(model, v, k)
            phase = ahead.take(found) if ahead is not None and found is not None else None
            ahead = None
            if phase is None:
                solver = configured(share)
                if look_ahead and deterministic and k + 1 < phases:
                    # the next phase's parameters do not depend on the time left
                    ahead = LookAhead(model, v, k, lambda: configured(0.0))
                    code = solver.solve(model, ahead.callback())
                else:
                    code = solver.solve(model)
                phase = outcome(code, solver, v)
            if phase.code == cp_model.INFEASIBLE:
                return Solution(
                    "infeasible",
                    "no schedule meets every precedence, capacity, window and release date; "
                    "check assets' availability windows against the units' movements",
                    seconds=time.perf_counter() - t0,
                )
            if phase.code == cp_model.MODEL_INVALID:
                return Solution("invalid", model.validate() or "the model is invalid",
                                seconds=time.perf_counter() - t0)
            if phase.found is None:
                all_optimal = False
                if best is None and heuristic is not None:
                    best = (heuristic.start.tolist(), heuristic.mode.tolist(),
                            heuristic.finish.tolist())
                    values = list(hvals)
                    bounds.append(int(phase.bound) if k == 0 else values[k])
                    bounds.extend(values[k + 1:])
                break
            found = phase.found
            value = found.milestones[k]
            bound = max(round(phase.bound), static_bound if k == 0 else 0)
            if phase.code != cp_model.OPTIMAL:
                all_optimal = False
            values.append(value)
            bounds.append(min(bound, value))
            best = (list(found.start), found.modes(), list(found.finish))
            hold(model, v, k, value)
            hint(model, v, found)
    finally:
        if ahead is not None:
            ahead.close()
    seconds = time.perf_counter() - t0
    if best is None:
        return Solution("time_limit", f"no schedule found within {time_limit:g} s; "
                        "allow more time", seconds=seconds)
    if not single:
        # the milestones are decided: every other arrival as early as the lift allows
        best = compact(inst, *best)
    values = [max((best[2][i] for i in ms), default=0) for ms in inst.milestones]
    while len(bounds) < len(values):
        bounds.append(values[len(bounds)])
    if all_optimal and len(bounds) == phases:
        status: Status = "optimal"
        text = "optimal: no schedule reaches the milestones sooner"
    else:
        status = "feasible"
        text = (f"time limit of {time_limit:g} s reached: the best schedule found; "
                "the lower bound says how far from the best possible it can be")
    return Solution(
        status, text, tuple(values), tuple(bounds), tuple(best[0]), tuple(best[1]),
        tuple(best[2]), seconds, hvals,
    )


def _proof_parameters(solver: cp_model.CpSolver) -> None:
    """CP-SAT's settings for small deployments, whose solves end in proofs.

    Their time goes to proving the last value, conflict by conflict: the
    linear relaxation (of precedences and modes, no cuts) did not shorten
    them, and the timetable edge finding in the cumulatives prunes more
    per conflict. Over Carana's lift schedule and five what-ifs (twelve
    optimal solves, the same values) 1.90 s of CPU became 1.59 s, and
    1.40 s without presolve (which shrinks these models little and sent
    the search a longer way: the lift schedule alone 0.55 -> 0.44 s). The
    overload checker on a conservative scale of the demands (a cheap
    energy test of the cumulatives) then took the same solves, their
    schedules compacted, from 1.45 to 1.36 s (4,730 conflicts to 4,439), and
    the plain overload checker beside it to 1.25-1.31 s (3,639 conflicts;
    alone, before compaction, it had gained nothing). On a
    deployment twice Carana's, which ends at the limit, the same settings
    found a worse schedule (FOC 84 against 82): larger ones keep the defaults.
    """
    solver.parameters.linearization_level = 0
    solver.parameters.use_timetable_edge_finding_in_cumulative = True
    solver.parameters.cp_model_presolve = False
    solver.parameters.use_conservative_scale_overload_checker = True
    solver.parameters.use_overload_checker_in_cumulative = True


def _first_holds_all(inst: Instance) -> bool:
    """True when every activity precedes (or is) one of the first milestone's:
    then no schedule has anything end after that milestone."""
    pred = inst.predecessors()
    seen: set[int] = set()
    stack = list(inst.milestones[0])
    while stack:
        i = stack.pop()
        if i not in seen:
            seen.add(i)
            stack.extend(pred[i])
    return len(seen) == len(inst.activities)


def _makespan_only(inst: Instance) -> bool:
    """True when the one milestone is the completion of every activity (RCPSP)."""
    return len(inst.milestones) == 1 and len(set(inst.milestones[0])) == len(inst.activities)


def _found(sched: SgsSchedule, values: tuple[int, ...], v: Variables) -> Found:
    """The heuristic's schedule in the form the search is hinted with."""
    return Found(tuple(int(x) for x in sched.start), tuple(int(x) for x in sched.finish),
                 tuple(tuple(k == int(sched.mode[i]) for k in range(len(mv)))
                       for i, mv in enumerate(v.modes)),
                 values)
