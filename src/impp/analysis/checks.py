"""Findings of the conflict analysis: what the plan leaves unanswered.

Each finding cites the passage of mission-leadership ch. 2 ("Context
analysis: the drivers of peace and conflict") or New Horizon it comes from.
"""

from __future__ import annotations

from impp.analysis.network import actor_reach
from impp.doctrine import registry
from impp.findings import Finding
from impp.model.conflict import DIMENSIONS
from impp.model.plan import Plan

_CH2 = "Mission-leadership ch. 2, Context analysis"
SOURCE_FOUR_ELEMENTS = f"{_CH2} (the four elements a peace and conflict analysis includes)"
SOURCE_PROFILE = f"{_CH2}, element 1 (situation, context or profile analysis)"
SOURCE_CAUSES = (
    f"{_CH2}, element 2 (causal factors: 'allow the mission to plan to address the most "
    "important of these')"
)
SOURCE_ACTORS = (
    f"{_CH2}, element 3 (stakeholder analysis: 'essential to map the actors that use violence')"
)
SOURCE_GENDER = (
    f"{_CH2}, element 3 ('essential to integrate gender and youth lenses'); "
    "ch. 2, Integrating a gender perspective at every stage"
)
SOURCE_DYNAMICS = (
    f"{_CH2}, element 4 (scenarios, drivers of change and contingencies); New Horizon (2009), "
    "Planning for contingencies ('missions must systematically develop and review scenario plans')"
)


@registry.check(
    "plan",
    registry.Rule("analysis.element-missing", "warning / info",
                  "one of the four elements of a peace and conflict analysis is missing",
                  "Mission-leadership ch. 2, Context analysis"),
    registry.Rule("analysis.profile-incomplete", "warning / info",
                  "the profile lacks dimensions, or the political settlement's legitimacy",
                  "Mission-leadership ch. 2, element 1"),
    registry.Rule("analysis.cause-unaddressed", "warning",
                  "a structural cause of conflict no objective or output addresses",
                  "Mission-leadership ch. 2, element 2"),
    registry.Rule("analysis.spoiler-not-engaged", "warning",
                  "an actor that uses violence or could spoil the process, engaged by no "
                  "activity", "Mission-leadership ch. 2, element 3"),
    registry.Rule("analysis.violent-actor-isolated", "info",
                  "a violent actor with no relation, or no path to any actor that works for "
                  "peace", "Mission-leadership ch. 2, element 3"),
    registry.Rule("analysis.gender-lens-missing", "warning",
                  "no actor carries a gender note or represents women",
                  "Mission-leadership ch. 2, element 3; gender perspective"),
    registry.Rule("analysis.youth-lens-missing", "info", "the same for youth",
                  "Mission-leadership ch. 2, element 3"),
    registry.Rule("analysis.scenario-without-contingency", "warning",
                  "a scenario with no contingency",
                  "Mission-leadership ch. 2, element 4; New Horizon (2009), Planning for "
                  "contingencies"),
    registry.Rule("analysis.scenario-without-indicators", "info",
                  "a scenario without signs that it is coming",
                  "Mission-leadership ch. 2, element 4"),
)
def conflict_analysis_check(ctx: registry.Context) -> list[Finding]:
    """The conflict analysis's four elements and what the plan does about them."""
    return check_conflict_analysis(ctx.plan)


def check_conflict_analysis(plan: Plan) -> list[Finding]:
    """Every conflict-analysis finding of the plan.

    >>> from impp.model import Actor, Mission, Plan
    >>> plan = Plan(mission=Mission(id="m", name="M"),
    ...             actors=(Actor(id="g", name="Gang", uses_violence=True),))
    >>> "analysis.spoiler-not-engaged" in {f.code for f in check_conflict_analysis(plan)}
    True
    """
    return [
        *_elements(plan),
        *_unaddressed_causes(plan),
        *_spoilers(plan),
        *_lenses(plan),
        *_scenarios(plan),
    ]


def _elements(plan: Plan) -> list[Finding]:
    present = {
        "profile": plan.profile.settlement is not None or bool(plan.profile.dimensions),
        "causes": bool(plan.causes),
        "actors": bool(plan.actors),
        "scenarios": bool(plan.scenarios),
    }
    if not any(present.values()):
        return [Finding("info", "analysis.element-missing",
                        "The plan holds no peace and conflict analysis yet (profile, causes, "
                        "actors, scenarios); planning starts from it.",
                        (), SOURCE_FOUR_ELEMENTS)]
    findings = [
        Finding("warning", "analysis.element-missing",
                f"The conflict analysis has no {name}: it should include, as a minimum, a "
                "profile, causes, actors and scenarios.", (name,), SOURCE_FOUR_ELEMENTS)
        for name, there in present.items() if not there
    ]
    if present["profile"]:
        if plan.profile.settlement is None:
            findings.append(Finding(
                "warning", "analysis.profile-incomplete",
                "The profile does not describe the political settlement and its legitimacy, "
                "the key starting point of the analysis.", ("settlement",), SOURCE_PROFILE))
        given = {d.dimension for d in plan.profile.dimensions}
        missing = [d for d in DIMENSIONS if d not in given]
        if missing:
            findings.append(Finding(
                "info", "analysis.profile-incomplete",
                "The profile says nothing of the " + ", ".join(missing) + " context.",
                tuple(missing), SOURCE_PROFILE))
    return findings


def _unaddressed_causes(plan: Plan) -> list[Finding]:
    addressed = {c for o in plan.objectives for c in o.addresses}
    addressed |= {c for o in plan.outputs for c in o.addresses}
    return [
        Finding("warning", "analysis.cause-unaddressed",
                f"No objective or output addresses the structural cause '{c.id}' "
                f"({c.name}); address it, or say why the mission leaves it to others.",
                (c.id,), SOURCE_CAUSES)
        for c in plan.causes
        if c.level == "structural" and c.driver == "conflict" and c.id not in addressed
    ]


def _spoilers(plan: Plan) -> list[Finding]:
    engaged = {a for act in plan.activities for a in act.engages}
    findings = []
    for actor in plan.actors:
        if (actor.uses_violence or actor.spoiler) and actor.id not in engaged:
            what = "uses violence" if actor.uses_violence else "could spoil the process"
            findings.append(Finding(
                "warning", "analysis.spoiler-not-engaged",
                f"'{actor.id}' ({actor.name}) {what}, but no activity engages it.",
                (actor.id,), SOURCE_ACTORS,
                fix=f"list {actor.id} under the engages of the activity that deals with it"))
    reach = actor_reach(plan)
    for actor in plan.actors:
        r = reach[actor.id]
        if actor.uses_violence and (r.degree == 0 or r.out_of_reach):
            how = ("has no relation to any other actor" if r.degree == 0
                   else "has no path to any actor that works for peace")
            findings.append(Finding(
                "info", "analysis.violent-actor-isolated",
                f"Violent actor '{actor.id}' {how}: the mission has no channel of influence "
                "to it through the actors it works with.", (actor.id,), SOURCE_ACTORS))
    return findings


def _lenses(plan: Plan) -> list[Finding]:
    if not plan.actors:
        return []
    findings = []
    if not any(a.gender or a.represents_women for a in plan.actors):
        findings.append(Finding(
            "warning", "analysis.gender-lens-missing",
            "No actor carries a gender note, and none represents women: the actor analysis "
            "has no gender lens.", (), SOURCE_GENDER))
    if not any(a.youth or a.represents_youth for a in plan.actors):
        findings.append(Finding(
            "info", "analysis.youth-lens-missing",
            "No actor carries a youth note, and none represents young people: the actor "
            "analysis has no youth lens.", (), SOURCE_GENDER))
    return findings


def _scenarios(plan: Plan) -> list[Finding]:
    findings = []
    for s in plan.scenarios:
        if not s.contingency and not s.contingency_task:
            findings.append(Finding(
                "warning", "analysis.scenario-without-contingency",
                f"Scenario '{s.id}' ({s.name}) has no contingency that would answer it.",
                (s.id,), SOURCE_DYNAMICS,
                fix="give the scenario its contingency (text) or contingency_task"))
        if not s.indicators:
            findings.append(Finding(
                "info", "analysis.scenario-without-indicators",
                f"Scenario '{s.id}' ({s.name}) lists no indicators that would show it "
                "coming.", (s.id,), SOURCE_DYNAMICS))
    return findings
