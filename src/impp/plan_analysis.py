"""One analysis of a plan: every model run once, one verdict per criterion.

:func:`analyse` is a pure function of (plan, :class:`Parameters`): it runs the
process checks, the temporal network, schedule risk, the deployment (lift
schedule, its what-if and its risk), the results chain and the conflict
analysis once each and returns a frozen :class:`PlanAnalysis`. Every view
(``impp plan`` and its JSON, ``impp timeline``/``risk``/``deploy``, the HTML
report, the DOCX/PDF documents and the charts) is a projection of it; no view
and no analysis changes another's result.

**One verdict per criterion** (:class:`Verdict`): ``met``, ``margin_days``,
``days`` and ``probability`` on one ``basis``, the model that decides it:

- ``timeline``: the temporal network's earliest schedule, and schedule risk;
- ``deployment``: for a capability milestone (a criterion from the
  deployment's reference event to a milestone's event), the lift schedule,
  and deployment risk. The timeline's own estimate stays on record as
  ``timeline`` and is said in words beside the verdict ("the timeline alone
  gives day 97.7; the lift that exists gives day 79"): a refinement is its
  own field, never an overwrite.

The result is cached in memory and on disk (:mod:`impp.cache`) by the plan's
content hash, the parameters and the code's version, so ``impp report``
after ``impp plan`` reuses the work, and a warm ``impp plan`` imports no
solver and no compiled kernel.

>>> from impp.io import load_plan
>>> from impp.scenarios import carana_path
>>> a = analyse(load_plan(carana_path()))
>>> v = a.verdicts["deployment_within_90"]
>>> v.basis, v.met, v.margin_days, v.timeline.met
('deployment', True, 11.0, False)
>>> a.verdicts["tam_within_14"].basis, a.verdicts["tam_within_14"].margin_days
('timeline', -4.0)
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from impp import fmt
from impp.deploy import limits
from impp.findings import Finding, sort_findings
from impp.model.plan import Plan

if TYPE_CHECKING:
    from impp.cost.estimate import CostEstimate
    from impp.deploy.samples import RiskSamples
    from impp.deploy.schedule import Deployment, MilestoneResult
    from impp.deploy.whatif import WhatIf
    from impp.model.timeline import Constraint
    from impp.risk.result import RiskResult
    from impp.temporal.overlaps import Overlap
    from impp.temporal.schedule import Schedule, TargetCheck

#: Bumped when the shape of :class:`PlanAnalysis` changes (cached results of
#: another shape are then recomputed).
ANALYSIS_VERSION = 5

Basis = Literal["timeline", "deployment"]
#: A verdict in words: met (and likely to hold), at risk, missed, or unknown.
State = Literal["met", "at risk", "missed", "unknown"]

#: Below this probability a criterion met in the plan's own schedule is "at
#: risk": the P80 convention of schedule-risk practice (a date is committed
#: to when four samples in five meet it). A planning convention, not a seed's.
AT_RISK_BELOW = 0.8


@dataclass(frozen=True)
class Parameters:
    """What an analysis depends on besides the plan.

    ``risk_samples``/``risk_seed``: schedule risk. ``deploy_time_limit``
    and ``what_if_time_limit``: CP-SAT's deterministic time (its units) for
    the lift schedule and for each what-if, so the same plan gives the same
    schedule under any load (:mod:`impp.deploy.limits` says what a unit
    costs). ``deploy_risk_samples``: deployment risk. ``ioc_first``: the lift
    schedule minimises IOC before FOC; ``what_if``: re-solve with one more
    of each lift asset.
    """

    risk_samples: int = 2000
    risk_seed: int = 0
    deploy_time_limit: float = limits.LIFT_SCHEDULE
    what_if_time_limit: float = limits.WHAT_IF
    deploy_risk_samples: int = 500
    ioc_first: bool = False
    what_if: bool = True

    def deploy_key(self) -> str:
        """The parameters the deployment depends on, as text."""
        return (f"{self.deploy_time_limit!r}/{self.what_if_time_limit!r}/{self.ioc_first}/"
                f"{self.what_if}/{self.deploy_risk_samples}/{self.risk_seed}")

    def key(self) -> str:
        """The parameters as text, for the cache key."""
        return (f"risk={self.risk_samples}/{self.risk_seed};deploy={self.deploy_time_limit!r}/"
                f"{self.what_if_time_limit!r}/{self.ioc_first}/{self.what_if};"
                f"deploy_risk={self.deploy_risk_samples}")


@dataclass(frozen=True)
class ProcessState:
    """Where the plan stands in the IMPP (level, next decision, outputs)."""

    level: str
    level_name: str
    stage: str
    next_decision: str
    next_decision_name: str
    outputs_produced: tuple[str, ...]
    outputs_missing: tuple[str, ...]


@dataclass(frozen=True)
class MilestoneFigure:
    """What the lift schedule gives for a criterion's capability milestone."""

    milestone: str
    name: str
    day: int
    date: dt.date | None
    met: bool
    margin_days: float
    status: str
    probability: float | None


@dataclass(frozen=True)
class OtherReading:
    """A criterion's verdict counted from the other event its source may mean."""

    from_: str
    days: float
    met: bool
    margin_days: float

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"from": self.from_, "days": fmt.round_days(self.days), "met": self.met,
                "margin_days": fmt.round_days(self.margin_days)}


@dataclass(frozen=True)
class DoctrineNote:
    """Why the doctrine overrules a model's "met": the finding that says so, the
    state it leaves the criterion in, and the model's own figures, kept.

    A criterion whose task its owner cannot start in time (its component is not
    in the mission area yet), or whose deadline falls after the event it
    prepares, is not "met" whatever the schedule says: one verdict, in every
    view, agreeing with the finding.
    """

    code: str
    state: State
    #: The finding's message (what is wrong, and what to change).
    text: str
    #: Days by which the doctrine's own reading misses the bound (``None``: not counted).
    margin_days: float | None
    model_met: bool | None
    model_margin_days: float | None
    model_probability: float | None

    #: Why, in a few words (the rule's), with the days where the rule counts them.
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data (``doctrine`` of a criterion in ``impp.plan/1``)."""
        return {"code": self.code, "state": self.state, "reason": self.reason,
                "text": self.text,
                "margin_days": fmt.round_days(self.margin_days),
                "model": {"met": self.model_met,
                          "margin_days": fmt.round_days(self.model_margin_days),
                          "probability": (None if self.model_probability is None
                                          else round(self.model_probability, 2))}}


@dataclass(frozen=True)
class Verdict:
    """The one verdict on a criterion for success, and the figures behind it.

    ``met``/``margin_days``/``days``/``probability`` are on ``basis``;
    ``timeline`` is the temporal engine's check (always kept),
    ``timeline_probability`` schedule risk's odds on it, ``deployment`` the
    lift schedule's figure for a capability milestone.
    """

    id: str
    name: str
    from_: str
    to: str
    min_days: float | None
    max_days: float | None
    source: str | None
    assumption: bool
    basis: Basis
    days: float | None
    met: bool | None
    margin_days: float | None
    reachable: bool | None
    probability: float | None
    timeline: TargetCheck | None
    timeline_probability: float | None
    deployment: MilestoneFigure | None = None
    #: ``criterion`` (the directive's) or ``estimate`` (a target the planners set).
    kind: str = "criterion"
    #: The same figure counted from the other event an ambiguous source may mean.
    other_reading: OtherReading | None = None
    #: Where the doctrine overrules the model's "met" (see :class:`DoctrineNote`).
    doctrine: DoctrineNote | None = None

    @property
    def state(self) -> State:
        """The verdict in one word (see :data:`AT_RISK_BELOW`; a doctrinal
        finding on the criterion can only make it worse)."""
        if self.met is None:
            return "unknown"
        if not self.met:
            return "missed"
        if self.doctrine is not None:
            return self.doctrine.state
        if self.probability is not None and self.probability < AT_RISK_BELOW:
            return "at risk"
        return "met"

    @property
    def basis_text(self) -> str:
        """Which model decides, in words."""
        return "the lift schedule" if self.basis == "deployment" else "the timeline"

    @property
    def other_model(self) -> str | None:
        """The other model's figure in words, where the basis is the lift schedule."""
        dep, tl = self.deployment, self.timeline
        if dep is None:
            return None
        alone = ("the timeline alone gives no day" if tl is None or tl.days is None
                 else f"the timeline alone gives day {fmt.days(tl.days)}")
        return f"{alone}; the lift that exists gives day {dep.day}"

    def sentence(self) -> str:
        """One line for a planner: state, margin, probability, basis.

        >>> from impp.io import load_plan
        >>> from impp.scenarios import carana_path
        >>> analyse(load_plan(carana_path())).verdicts["tam_within_14"].sentence()
        'missed by 4 days (day 18 of at most 14), probability 0 %, on the timeline'
        """
        if self.met is None:
            return "not scheduled: its events get no date"
        if self.doctrine is not None:
            return self.doctrine.reason
        bound = fmt.bound_text(self.min_days, self.max_days)
        margin = self.margin_days or 0.0
        head = (f"missed by {fmt.days(-margin)} days" if not self.met
                else f"met with {fmt.days(margin)} days to spare")
        text = f"{head} (day {fmt.days(self.days)} of {bound})"
        if self.probability is not None:
            text += f", probability {fmt.percent(self.probability)}"
        text += f", on {self.basis_text}"
        if self.other_model:
            text += f" ({self.other_model})"
        return text

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data (the ``criteria`` entries of ``impp.plan/1``)."""
        tl = self.timeline
        dep = self.deployment
        return {
            "name": self.name, "from": self.from_, "to": self.to,
            "min_days": self.min_days, "max_days": self.max_days, "source": self.source,
            "assumption": self.assumption, "basis": self.basis, "state": self.state,
            "days": fmt.round_days(self.days), "met": self.met,
            "margin_days": fmt.round_days(self.margin_days), "reachable": self.reachable,
            "probability": None if self.probability is None else round(self.probability, 2),
            "timeline": None if tl is None else {
                "days": fmt.round_days(tl.days), "met": tl.met,
                "margin_days": fmt.round_days(tl.margin_days), "reachable": tl.reachable,
                "margin_without_seasons": fmt.round_days(tl.margin_without_seasons),
                "probability": (None if self.timeline_probability is None
                                else round(self.timeline_probability, 2)),
            },
            "deployment": None if dep is None else {
                "milestone": dep.milestone, "days": dep.day,
                "date": dep.date.isoformat() if dep.date else None, "met": dep.met,
                "margin_days": fmt.round_days(dep.margin_days), "status": dep.status,
                "probability": None if dep.probability is None else round(dep.probability, 2),
            },
            "other_model": self.other_model,
            "other_reading": None if self.other_reading is None else self.other_reading.as_dict(),
            "doctrine": None if self.doctrine is None else self.doctrine.as_dict(),
        }


@dataclass(frozen=True)
class DeploymentAnalysis:
    """The lift schedule, its what-if and its risk (``error``: why there is none)."""

    deployment: Deployment | None
    what_if: tuple[WhatIf, ...]
    error: str | None
    risk: dict[str, Any] | None
    #: The risk's draws, sample by sample (the cost estimate's odds read them).
    samples: RiskSamples | None = None

    @property
    def has_schedule(self) -> bool:
        """True when the deployment was scheduled."""
        return self.deployment is not None and self.deployment.solution.has_schedule


@dataclass(frozen=True)
class PlanAnalysis:
    """Everything the analyses of one plan say, computed once (see the module)."""

    content_hash: str
    parameters: Parameters
    version: str
    process: ProcessState
    schedule: Schedule
    overlaps: tuple[Overlap, ...]
    risk: RiskResult | None
    risk_error: str | None
    deployment: DeploymentAnalysis | None
    #: One verdict per criterion for success (the directive's).
    verdicts: dict[str, Verdict]
    findings: tuple[Finding, ...]
    #: The same for the targets the planners set themselves (constraints of kind
    #: ``estimate``): judged alike, shown apart from the criteria.
    targets: dict[str, Verdict] = field(default_factory=dict)
    #: What the plan costs (``None``: the plan has no ``costs`` section, or
    #: ``cost_error`` says why it cannot be estimated).
    cost: CostEstimate | None = None
    cost_error: str | None = None
    #: Seconds each part took when it was computed (not part of the result).
    seconds: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def counts(self) -> dict[str, int]:
        """Findings per severity."""
        return {sev: sum(1 for f in self.findings if f.severity == sev)
                for sev in ("error", "warning", "info")}


# -- computing it -----------------------------------------------------------------

Progress = Callable[[str], None]


@dataclass(frozen=True)
class _Run:
    """How to compute (never what): progress callbacks and where risk's chunks run."""

    progress: Progress | None = None
    executor: Any = None
    chunk_size: int | None = None
    sample_progress: Callable[[int], None] | None = None
    #: Reuse (and keep) parts on disk: the deployment by its own inputs.
    cache: bool = False


_MEMORY: dict[str, PlanAnalysis] = {}


def analyse(plan: Plan, parameters: Parameters | None = None, *, cache: bool = True,
            progress: Progress | None = None, executor: Any = None,
            chunk_size: int | None = None,
            sample_progress: Callable[[int], None] | None = None) -> PlanAnalysis:
    """The analysis of ``plan`` with ``parameters`` (default :class:`Parameters`).

    ``cache``: reuse (and keep) the result in memory and on disk, keyed by
    the plan's content hash, the parameters and the code's version.
    ``progress`` is told the name of each part as it starts. ``executor``
    (a Dask client) and ``chunk_size`` say where and in what pieces schedule
    risk runs, ``sample_progress`` is told the samples done: none of them
    changes the result (same seed, same numbers), so none is in the key.
    """
    params = parameters or Parameters()
    run = _Run(progress, executor, chunk_size, sample_progress, cache)
    if not cache:
        return _compute(plan, params, run)
    from impp import cache as store

    key = store.analysis_key(plan.content_hash(), params.key())
    if key in _MEMORY:
        return _MEMORY[key]
    found = store.load(key)
    if not isinstance(found, PlanAnalysis):
        found = _compute(plan, params, run)
        store.save(key, found)
    if len(_MEMORY) >= 8:
        _MEMORY.pop(next(iter(_MEMORY)))
    _MEMORY[key] = found
    return found


def cached(plan: Plan, parameters: Parameters | None = None) -> PlanAnalysis | None:
    """The analysis of ``plan`` if it was computed before (memory or disk), else
    ``None``: never computes (the web workspace shows progress instead of waiting).
    """
    params = parameters or Parameters()
    from impp import cache as store

    key = store.analysis_key(plan.content_hash(), params.key())
    if key in _MEMORY:
        return _MEMORY[key]
    found = store.load(key)
    if isinstance(found, PlanAnalysis):
        _MEMORY[key] = found
        return found
    return None


def _compute(plan: Plan, params: Parameters, run: _Run) -> PlanAnalysis:
    from impp import cache as store
    from impp.temporal.checks import analyse as timeline

    seconds: dict[str, float] = {}

    def step(name: str) -> float:
        if run.progress is not None:
            run.progress(name)
        return time.perf_counter()

    t = step("timeline")
    sched, found = timeline(plan)
    seconds["timeline"] = time.perf_counter() - t

    # Schedule risk, the deployment and the checks of the plan alone run side
    # by side: the risk kernel and CP-SAT release the GIL while they work, and
    # none of the three reads another's result. (Three workers: the deployment
    # hands its risk to the pool too.) The deployment, the longest, goes
    # first: the other two wait until its solver has the lift schedule, so
    # their imports do not take turns with its own for the interpreter.
    t = step("schedule risk, deployment and checks")
    solving = threading.Event()

    def lift() -> DeploymentAnalysis | None:
        try:
            return (_deployment_cached if run.cache else _deployment)(plan, params, pool,
                                                                     solving)
        finally:
            solving.set()

    def risk_after() -> tuple[RiskResult | None, str | None]:
        solving.wait()
        return _risk(plan, params, run)

    with ThreadPoolExecutor(max_workers=3) as pool:
        deployment_job = pool.submit(_timed, lift)
        risk_job = pool.submit(_timed, risk_after)
        solving.wait()
        from impp.doctrine import registry

        plan_findings = registry.run("plan", registry.Context(plan))
        seconds["checks"] = time.perf_counter() - t
        deployment, seconds["deployment"] = deployment_job.result()
        (risk, risk_error), seconds["risk"] = risk_job.result()
    seconds["risk, deployment and checks"] = time.perf_counter() - t

    verdicts = _verdicts(plan, sched, risk, deployment, "criterion")
    targets = _verdicts(plan, sched, risk, deployment, "estimate")
    decided_by_lift = frozenset(k for k, v in (*verdicts.items(), *targets.items())
                                if v.basis == "deployment")
    cost, cost_error = _cost(plan, deployment)

    context = registry.Context(plan, sched, tuple(found), deployment, {**verdicts, **targets},
                               decided_by_lift, lift_days(sched, deployment), cost)
    findings = [*registry.run("timeline", context), *registry.run("models", context),
                *plan_findings]
    verdicts = with_doctrine(verdicts, findings)
    targets = with_doctrine(targets, findings)
    return PlanAnalysis(
        content_hash=plan.content_hash(), parameters=params, version=store.code_version(),
        process=process_state(plan), schedule=sched, overlaps=tuple(found), risk=risk,
        risk_error=risk_error, deployment=deployment, verdicts=verdicts,
        findings=tuple(sort_findings(findings)), targets=targets, seconds=seconds,
        cost=cost, cost_error=cost_error,
    )


_WORSE = {"met": 0, "at risk": 1, "missed": 2, "unknown": -1}


def with_doctrine(verdicts: dict[str, Verdict], findings: list[Finding]
                  ) -> dict[str, Verdict]:
    """The verdicts, each overruled by the worst doctrinal finding about it (one
    verdict: no criterion is "met" while a finding says it cannot be). Which
    finding leaves a criterion in which state is each rule's ``verdict`` in the
    registry (:mod:`impp.doctrine.registry`)."""
    from dataclasses import replace

    from impp.doctrine.registry import verdict_reasons, verdict_states

    states, reasons = verdict_states(), verdict_reasons()
    worst: dict[str, Finding] = {}
    for f in findings:
        state = states.get(f.code)
        if state is None or f.criterion not in verdicts:
            continue
        seen = worst.get(f.criterion)
        if seen is None or _WORSE[state] > _WORSE[states[seen.code]]:
            worst[f.criterion] = f
    out = dict(verdicts)
    for cid, f in worst.items():
        v = verdicts[cid]
        state = states[f.code]
        if v.met is not True or _WORSE[state] <= _WORSE[v.state]:
            continue
        why = reasons[f.code] + (f" (missed by {fmt.days(-f.margin_days)} days)"
                                 if f.margin_days is not None and f.margin_days < 0 else "")
        note = DoctrineNote(f.code, state, f.message, f.margin_days, v.met, v.margin_days,
                            v.probability, why[0].upper() + why[1:] + ".")
        if state == "missed":
            out[cid] = replace(v, met=False, margin_days=f.margin_days, probability=None,
                               doctrine=note)
        else:
            out[cid] = replace(v, doctrine=note)
    return out


def _cost(plan: Plan, deployment: DeploymentAnalysis | None
          ) -> tuple[CostEstimate | None, str | None]:
    """The estimate, or why there is none (``(None, None)``: the plan sets no costs)."""
    if plan.costs is None:
        return None, None
    from impp.cost import estimate
    from impp.exceptions import CostError

    dep = deployment.deployment if deployment is not None else None
    try:
        return estimate(plan, dep, deployment.samples if deployment else None), None
    except CostError as exc:
        return None, str(exc)


def process_state(plan: Plan) -> ProcessState:
    """Where the plan stands in the IMPP."""
    from impp.process.catalogue import load_process

    level = load_process().level(plan.process.level)
    produced = set(plan.process.outputs)
    return ProcessState(
        level.id, level.name, level.stage, level.decision.id, level.decision.name,
        tuple(o.id for o in level.outputs if o.id in produced),
        tuple(o.id for o in level.outputs
              if o.id not in produced and o.key and not o.optional),
    )


def _risk(plan: Plan, params: Parameters, run: _Run
          ) -> tuple[RiskResult | None, str | None]:
    if not plan.tasks and not plan.criteria:
        return None, "the plan has no tasks or criteria to simulate"
    from impp.exceptions import PlanInconsistentError
    from impp.risk.simulate import CHUNK, simulate

    try:
        return simulate(plan, params.risk_samples, params.risk_seed,
                        chunk_size=run.chunk_size or CHUNK, executor=run.executor,
                        progress=run.sample_progress), None
    except PlanInconsistentError as exc:
        return None, str(exc)


def _timed(fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    t = time.perf_counter()
    return fn(*args), time.perf_counter() - t


#: What a deployment reads of a plan, besides the date of its reference event.
DEPLOYMENT_SECTIONS = ("units", "lift", "routes", "locations", "seasons", "milestones")


def deployment_key(plan: Plan, params: Parameters) -> str | None:
    """The cache key of a plan's deployment: its own inputs (the sections it
    reads, the reference event and its date), the deployment's parameters and
    the code, so that an edit elsewhere in the plan (a task's duration, a
    criterion, an objective) reuses the lift schedule, its what-if and its
    risk instead of solving them again. ``None`` when there is no deployment
    or its reference day cannot be found (the analysis then says why).
    """
    import hashlib
    import json

    from impp import cache as store
    from impp.deploy.problem import reference_day
    from impp.exceptions import DeploymentError

    if not (plan.units and plan.milestones):
        return None
    try:
        ref, day0 = reference_day(plan)
    except DeploymentError:
        return None
    doc = plan.to_document()
    inputs = {name: doc.get(name) for name in DEPLOYMENT_SECTIONS}
    text = json.dumps([inputs, ref, day0.isoformat(), params.deploy_key(), store.code_version(),
                       ANALYSIS_VERSION], sort_keys=True, separators=(",", ":"))
    return "deployment-" + hashlib.sha256(text.encode()).hexdigest()


def _deployment_cached(plan: Plan, params: Parameters, pool: ThreadPoolExecutor,
                       solving: threading.Event | None = None
                       ) -> DeploymentAnalysis | None:
    from impp import cache as store

    key = deployment_key(plan, params)
    if key is None:
        return _deployment(plan, params, pool, solving)
    found = store.load(key)
    if isinstance(found, DeploymentAnalysis):
        return found
    result = _deployment(plan, params, pool, solving)
    store.save(key, result)
    return result


def _deployment(plan: Plan, params: Parameters, pool: ThreadPoolExecutor,
                solving: threading.Event | None = None) -> DeploymentAnalysis | None:
    """The lift schedule, its what-if and its risk; ``solving`` is set as the
    lift schedule goes to its solver."""
    if not (plan.units and plan.milestones):
        return None
    from impp.deploy import worker
    from impp.deploy.risk import deployment_risk_samples
    from impp.deploy.schedule import plan_deployment
    from impp.deploy.whatif import what_if
    from impp.exceptions import DeploymentError

    # the solver's process, when the command started one (the same results)
    solver = worker.runner()
    run = solver.run if solver is not None else None
    if solving is not None:
        solving.set()
    try:
        # The second core has little else to do meanwhile: the next milestone's
        # phase is solved on it from each schedule the first phase finds.
        dep = plan_deployment(plan, time_limit=params.deploy_time_limit, deterministic=True,
                              ioc_first=params.ioc_first, look_ahead=True, runner=run)
    except DeploymentError as exc:
        return DeploymentAnalysis(None, (), str(exc), None)
    if not dep.solution.has_schedule:
        return DeploymentAnalysis(dep, (), None, None)
    risk_job = (pool.submit(deployment_risk_samples, plan, params.deploy_risk_samples,
                            params.risk_seed, dep)
                if params.deploy_risk_samples > 0 else None)
    rows = (tuple(what_if(plan, dep, time_limit=params.what_if_time_limit, deterministic=True,
                          ioc_first=params.ioc_first, runner=run)) if params.what_if else ())
    risk, samples = risk_job.result() if risk_job else (None, None)
    return DeploymentAnalysis(dep, rows, None, risk, samples)


def _capability(deployment: DeploymentAnalysis | None, c: Constraint
                ) -> tuple[MilestoneResult, float | None] | None:
    """The milestone that decides criterion ``c``, and its odds, if one does."""
    if deployment is None or deployment.deployment is None or not deployment.has_schedule:
        return None
    dep = deployment.deployment
    for m in dep.milestones:
        if (m.event is not None and m.day is not None and m.event == c.to
                and c.from_ == dep.problem.reference_event):
            return m, _odds(deployment.risk, m.id, c)
    return None


def _odds(risk: dict[str, Any] | None, milestone: str, c: Constraint) -> float | None:
    """The share of deployment-risk samples in which the criterion's bounds hold."""
    if risk is None:
        return None
    hist = risk.get("milestones", {}).get(milestone, {}).get("histogram")
    if not hist:
        return None
    total = sum(hist.values())
    ok = sum(n for day, n in hist.items()
             if (c.max_days is None or int(day) <= c.max_days)
             and (c.min_days is None or int(day) >= c.min_days))
    return ok / total if total else None


def _verdicts(plan: Plan, sched: Schedule, risk: RiskResult | None,
              deployment: DeploymentAnalysis | None, kind: str) -> dict[str, Verdict]:
    out: dict[str, Verdict] = {}
    checks = sched.criteria if kind == "criterion" else sched.estimates
    odds = (risk.criteria if kind == "criterion" else risk.requirements) if risk else {}
    for c in plan.constraints:
        if c.kind != kind:
            continue
        tl = checks.get(c.id)
        tl_p = None
        if c.id in odds:
            tl_p = odds[c.id].probability
        cap = _capability(deployment, c)
        days: float | None
        met: bool | None
        margin: float | None
        fig: MilestoneFigure | None
        if cap is not None:
            m, p = cap
            assert m.day is not None
            met = ((c.max_days is None or m.day <= c.max_days)
                   and (c.min_days is None or m.day >= c.min_days))
            margin = min(
                (c.max_days - m.day) if c.max_days is not None else float("inf"),
                (m.day - c.min_days) if c.min_days is not None else float("inf"),
            )
            assert deployment is not None and deployment.deployment is not None
            fig = MilestoneFigure(m.id, m.name, m.day, m.date, met, margin,
                                  deployment.deployment.status, p)
            basis: Basis = "deployment"
            days, reachable, probability = float(m.day), None, p
        else:
            fig = None
            basis = "timeline"
            days = tl.days if tl else None
            met = tl.met if tl else None
            margin = tl.margin_days if tl else None
            reachable, probability = (tl.reachable if tl else None), tl_p
        out[c.id] = Verdict(
            id=c.id, name=c.name, from_=c.from_, to=c.to, min_days=c.min_days,
            max_days=c.max_days, source=c.source, assumption=c.assumption, basis=basis,
            days=days, met=met, margin_days=margin, reachable=reachable,
            probability=probability, timeline=tl, timeline_probability=tl_p, deployment=fig,
            kind=c.kind, other_reading=_other_reading(sched, c, days))
    return out


def _other_reading(sched: Schedule, c: Constraint, days: float | None) -> OtherReading | None:
    """The verdict counted from ``c.other_reading_from``: the same day of ``c.to``
    (on the verdict's own basis), measured from the other event."""
    if c.other_reading_from is None or days is None:
        return None
    ours, theirs = sched.events.get(c.from_), sched.events.get(c.other_reading_from)
    if ours is None or theirs is None or ours.earliest is None or theirs.earliest is None:
        return None
    d = ours.earliest + days - theirs.earliest
    margin = min((c.max_days - d) if c.max_days is not None else float("inf"),
                 (d - c.min_days) if c.min_days is not None else float("inf"))
    return OtherReading(c.other_reading_from, d, margin >= -1e-9, margin)


def lift_days(sched: Schedule, deployment: DeploymentAnalysis | None
              ) -> dict[str, tuple[float, str]]:
    """The plan day of each capability milestone's event by the lift schedule
    (the refinement of the timeline's own estimate), in words too."""
    if deployment is None or deployment.deployment is None or not deployment.has_schedule:
        return {}
    dep = deployment.deployment
    ref = sched.events.get(dep.problem.reference_event)
    if ref is None or ref.earliest is None:
        return {}
    return {m.event: (ref.earliest + m.day, f"{m.name} by the lift schedule")
            for m in dep.milestones if m.event is not None and m.day is not None}
