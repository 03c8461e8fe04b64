"""Checks of the results chain: links present, indicators usable, priority kept apart from order.

Each finding cites its passage: IMPP guidelines §1.2.1 (key benchmarks with a
definition of success) and §2.1.2 (a comprehensive results framework: objectives,
outputs and activities, benchmarks), mission-leadership ch. 2 (the ISF,
prioritization and sequencing, CPAS, IAP principles) and New Horizon (core and
broader benchmarks; short, medium and long term).
"""

from __future__ import annotations

from impp.doctrine import registry
from impp.findings import Finding
from impp.model.plan import Plan
from impp.model.results import MAINSTREAMING
from impp.results.dates import output_dates
from impp.results.sequencing import priority_sequencing_conflicts

SOURCE_FRAMEWORK = (
    "IMPP guidelines §2.1.2 (a comprehensive results framework: key mission objectives, "
    "outputs and activities, key benchmarks)"
)
SOURCE_ISF = (
    "Mission-leadership ch. 2, ISF ('a set of agreed results, timelines and responsibilities')"
)
SOURCE_BENCHMARK = (
    "IMPP guidelines §1.2.1 (key benchmarks accompanied by a definition of success); "
    "New Horizon (2009), Reviewing and reporting on progress"
)
SOURCE_TERM = (
    "New Horizon (2009), Reviewing and reporting on progress ('distinguish between short, "
    "medium and long-term targets')"
)
SOURCE_INDICATOR = (
    "IMPP guidelines §2.1.2 (a framework for assessing progress against benchmarks); "
    "mission-leadership ch. 2, CPAS; ch. 2, IAP principle 3 (comparative advantage)"
)
SOURCE_GENDER = (
    "Mission-leadership ch. 2, Integrating a gender perspective at every stage ('must "
    "consider all of the population')"
)
SOURCE_MAINSTREAMING = (
    "Mission-leadership ch. 2, IAP principle 9 (mainstreaming: human rights, gender, "
    "child protection)"
)
SOURCE_PRIORITY = (
    "Mission-leadership ch. 2, Prioritization and sequencing ('The MLT should give direction "
    "on their priorities, and the planners can then provide the sequencing options')"
)
SOURCE_DEADLINE = (
    "Mission-leadership ch. 2, Prioritization and sequencing; dates from the temporal "
    "engine (impp.temporal.schedule)"
)


@registry.check(
    "plan",
    registry.Rule("results.activity-without-output", "warning",
                  "an activity that serves no output",
                  "IMPP guidelines §2.1.2"),
    registry.Rule("results.activity-without-task", "info",
                  "an activity not on the timeline",
                  "Mission-leadership ch. 2, ISF"),
    registry.Rule("results.output-without-objective", "warning",
                  "an output that serves no objective",
                  "IMPP guidelines §2.1.2"),
    registry.Rule("results.output-without-activity", "info",
                  "an output no activity delivers",
                  "IMPP guidelines §2.1.2"),
    registry.Rule("results.objective-without-benchmark", "warning",
                  "an objective without a benchmark",
                  "IMPP guidelines §1.2.1; New Horizon (2009)"),
    registry.Rule("results.objective-without-indicator", "warning",
                  "nothing in an objective's chain is measured",
                  "IMPP guidelines §2.1.2; Mission-leadership ch. 2, CPAS"),
    registry.Rule("results.indicator-incomplete", "warning",
                  "an indicator without baseline, target or who is responsible",
                  "IMPP guidelines §2.1.2; Mission-leadership ch. 2, CPAS"),
    registry.Rule("results.indicator-not-disaggregated", "warning",
                  "an indicator counting people without sex and age",
                  "Mission-leadership ch. 2, gender perspective"),
    registry.Rule("results.benchmark-without-term", "info",
                  "a benchmark that does not say short, medium or long term",
                  "New Horizon (2009), Reviewing and reporting on progress"),
    registry.Rule("results.priority-without-body", "info",
                  "a priority that does not say who set it",
                  "Mission-leadership ch. 2, Prioritization and sequencing"),
    registry.Rule("results.priority-sequencing-conflict", "warning",
                  "a high-priority output sequenced behind a low-priority one",
                  "Mission-leadership ch. 2, Prioritization and sequencing"),
    registry.Rule("results.priority-deadline-conflict", "warning",
                  "a high-priority output that cannot start before its deadline",
                  "Mission-leadership ch. 2, Prioritization and sequencing"),
    registry.Rule("results.mainstreaming-without-indicator", "warning",
                  "no indicator tracks human rights, gender or child protection",
                  "Mission-leadership ch. 2, IAP principle 9"),
)
def results_check(ctx: registry.Context) -> list[Finding]:
    """The results chain: each item serves the next, and something measures it."""
    return check_results(ctx.plan)


def check_results(plan: Plan) -> list[Finding]:
    """Every results-chain finding of the plan.

    >>> from impp.model import Activity, Mission, Plan
    >>> plan = Plan(mission=Mission(id="m", name="M"),
    ...             activities=(Activity(id="a", name="A"),))
    >>> "results.activity-without-output" in {f.code for f in check_results(plan)}
    True
    """
    return [
        *_links(plan),
        *_objectives(plan),
        *_indicators(plan),
        *_benchmarks(plan),
        *_priorities(plan),
        *_sequencing(plan),
        *_deadlines(plan),
        *_mainstreaming(plan),
    ]


def _links(plan: Plan) -> list[Finding]:
    findings = []
    for act in plan.activities:
        if act.output is None:
            findings.append(Finding(
                "warning", "results.activity-without-output",
                f"Activity '{act.id}' ({act.name}) serves no output.",
                (act.id,), SOURCE_FRAMEWORK, fix="give the activity its output"))
        if act.task is None:
            findings.append(Finding(
                "info", "results.activity-without-task",
                f"Activity '{act.id}' ({act.name}) is not on the timeline: no task carries "
                "it out.", (act.id,), SOURCE_ISF, fix="give the activity its task"))
    served = {a.output for a in plan.activities}
    for out in plan.outputs:
        if out.objective is None:
            findings.append(Finding(
                "warning", "results.output-without-objective",
                f"Output '{out.id}' ({out.name}) serves no objective.",
                (out.id,), SOURCE_FRAMEWORK, fix="give the output its objective"))
        if out.id not in served:
            findings.append(Finding(
                "info", "results.output-without-activity",
                f"No activity delivers output '{out.id}' ({out.name}).", (out.id,),
                SOURCE_FRAMEWORK))
    return findings


def _objectives(plan: Plan) -> list[Finding]:
    findings = []
    outputs_of: dict[str, set[str]] = {}
    for out in plan.outputs:
        if out.objective is not None:
            outputs_of.setdefault(out.objective, set()).add(out.id)
    benchmarks_of: dict[str, set[str]] = {}
    for bm in plan.benchmarks:
        benchmarks_of.setdefault(bm.objective, set()).add(bm.id)
    measured = {i.measures for i in plan.indicators}
    for obj in plan.objectives:
        bms = benchmarks_of.get(obj.id, set())
        if not bms:
            findings.append(Finding(
                "warning", "results.objective-without-benchmark",
                f"Objective '{obj.id}' has no benchmark; add one with a definition of "
                "success.", (obj.id,), SOURCE_BENCHMARK))
        chain = {obj.id} | outputs_of.get(obj.id, set()) | bms
        if not chain & measured:
            findings.append(Finding(
                "warning", "results.objective-without-indicator",
                f"No indicator measures objective '{obj.id}', its outputs or its "
                "benchmarks.", (obj.id,), SOURCE_INDICATOR))
    return findings


def _indicators(plan: Plan) -> list[Finding]:
    findings = []
    for ind in plan.indicators:
        missing = [
            name for name, value in (
                ("baseline", ind.baseline is not None),
                ("target", ind.target is not None or bool(ind.targets)),
                ("responsible entity", bool(ind.responsible)),
            ) if not value
        ]
        if missing:
            findings.append(Finding(
                "warning", "results.indicator-incomplete",
                f"Indicator '{ind.id}' has no " + ", no ".join(missing) + ".",
                (ind.id,), SOURCE_INDICATOR))
        if ind.counts_people:
            lacking = [d for d in ("sex", "age") if d not in ind.disaggregation]
            if lacking:
                findings.append(Finding(
                    "warning", "results.indicator-not-disaggregated",
                    f"Indicator '{ind.id}' counts people but is not broken down by "
                    + " and ".join(lacking) + ".",
                    (ind.id,), SOURCE_GENDER,
                    fix="add " + " and ".join(lacking) + " to the indicator's disaggregation"))
    return findings


def _benchmarks(plan: Plan) -> list[Finding]:
    return [
        Finding("info", "results.benchmark-without-term",
                f"Benchmark '{bm.id}' says not whether it is a short, medium or long-term "
                "target.", (bm.id,), SOURCE_TERM, fix="give the benchmark its term")
        for bm in plan.benchmarks if bm.term is None
    ]


def _priorities(plan: Plan) -> list[Finding]:
    return [
        Finding("info", "results.priority-without-body",
                f"Priority '{p.id}' does not say which body set it.",
                (p.id,), SOURCE_PRIORITY, fix="give the priority its set_by")
        for p in plan.priorities if not p.set_by
    ]


def _sequencing(plan: Plan) -> list[Finding]:
    findings = []
    for c in priority_sequencing_conflicts(plan):
        chain = ", ".join(c.chain) or "its links"
        findings.append(Finding(
            "warning", "results.priority-sequencing-conflict",
            f"High-priority output '{c.high_output}' is sequenced behind low-priority output "
            f"'{c.low_output}': task '{c.high_task}' cannot start until '{c.low_task}' ends "
            f"(through {chain}). Keep the order only if the context requires it.",
            (c.high_output, c.low_output, c.high_task, c.low_task), SOURCE_PRIORITY))
    return findings


def _deadlines(plan: Plan) -> list[Finding]:
    highs = [o for o in plan.outputs if o.priority == "high" and o.deadlines]
    if not highs:
        return []
    dates = output_dates(plan)
    findings = []
    for out in highs:
        d = dates.get(out.id)
        if d is None:
            continue
        for constraint_id, due in d.deadlines:
            if d.start > due + 1e-9:
                findings.append(Finding(
                    "warning", "results.priority-deadline-conflict",
                    f"High-priority output '{out.id}' cannot start before day {d.start:g} "
                    f"(task '{d.first_task}'), after its deadline, day {due:g} "
                    f"('{constraint_id}').", (out.id, constraint_id, d.first_task),
                    SOURCE_DEADLINE))
    return findings


def _mainstreaming(plan: Plan) -> list[Finding]:
    if not plan.indicators and not plan.objectives:
        return []
    tracked = {t for ind in plan.indicators for t in ind.mainstreaming}
    return [
        Finding("warning", "results.mainstreaming-without-indicator",
                f"No indicator tracks {theme.replace('_', ' ')}.", (theme,),
                SOURCE_MAINSTREAMING, fix=f"tag an indicator with mainstreaming: [{theme}]")
        for theme in MAINSTREAMING if theme not in tracked
    ]
