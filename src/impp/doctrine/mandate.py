"""The IMPP's rules on standard mandate tasks and the task force, read from the plan's words.

Each rule finds its task by what planners call it (:func:`impp.doctrine.words.standard_task`)
and says so in the finding; a task that is not what its name suggests can be
renamed, or the finding left as a note of what was read.

- ``process.technical-survey-length`` (warning): the technical survey is "a
  short-term country-level assessment (lasting up to 2 weeks)" (IMPP
  guidelines §1.2.3);
- ``process.budget-before-survey`` (info): "Preparation of the mission budget
  may begin following the technical survey" (§1.2.4);
- ``process.joint-plan`` (warning): the UN shares a function with another
  organisation: "A similar requirement for a joint plan exists whenever the
  UN shares responsibility for a specific function with another
  organisation, such as support to elections" (§1.2.2);
- ``process.transition-by-date`` (warning): a hand-over or exit on a date
  while the plan has no triggers for it: "The Mission Plan should contain
  triggers and benchmarks for initiating transition and exit planning ...
  When the relevant conditions occur, the SRSG will make a recommendation to
  the SG to initiate transition and exit planning" (§3.1.3);
- ``process.imtf-chair`` (warning): from Level 1.2 on "The IMTF (now chaired
  by DPKO)" (§1.2.1): a task force whose named chair is another department
  (the Secretary-General may designate one: say so in the member's entry).
"""

from __future__ import annotations

import re

from impp import fmt
from impp.doctrine import registry, words
from impp.findings import Assumed, Finding, with_assumed
from impp.model.base import Item
from impp.model.plan import Plan
from impp.model.timeline import Task

SURVEY = ('IMPP guidelines §1.2.3 ("The IMTF will then launch a technical survey to undertake '
          'a short-term country-level assessment (lasting up to 2 weeks)")')
BUDGET = ('IMPP guidelines §1.2.4 ("Preparation of the mission budget may begin following the '
          'technical survey but will be finalised during Stage 2, Operational Planning")')
JOINT = ('IMPP guidelines §1.2.2 ("A similar requirement for a joint plan exists whenever the '
         'UN shares responsibility for a specific function with another organisation, such as '
         'support to elections")')
EXIT = ('IMPP guidelines §3.1.3 ("The Mission Plan should contain triggers and benchmarks for '
        'initiating transition and exit planning ... When the relevant conditions occur, the '
        'SRSG will make a recommendation to the SG to initiate transition and exit planning")')
CHAIR = 'IMPP guidelines §1.2.1 ("The IMTF (now chaired by DPKO) will develop the ...")'
#: The most days the guidelines give the technical survey.
SURVEY_DAYS = 14
_UN = ("mission", "military", "police", "support", "hq", "unct")
_EXIT = re.compile(r"\b(hand-?over|hand(ing)? over|exit|withdraw\w*|draw-?down|drawdown|"
                   r"transition to|liquidat\w*|closure)\b", re.I)
_JOINT_PLAN = re.compile(r"\bjoint\b.*\bplan\b|\bjoint transition plan\b", re.I)
_BUDGET = re.compile(r"\bbudget\w*\b", re.I)
_DPKO = re.compile(r"\b(dpko|dpo|department of peace(keeping)? operations)\b", re.I)
_CHAIR = re.compile(r"\bchair\w*\b", re.I)
_LEVEL_12 = ("1.2", "2.1", "2.2", "3.1", "3.2")


def _named(task: Task, what: str) -> Assumed:
    return Assumed(("tasks", task.id, "name"),
                   f"{task.id} is {what}: read from its name ('{task.name}')")


@registry.check(
    "plan",
    registry.Rule("process.technical-survey-length", "warning",
                  "the task read as the technical survey may last longer than the two weeks "
                  "the guidelines give it", SURVEY),
    registry.Rule("process.joint-plan", "warning",
                  "a task the mission shares with another organisation, and no joint plan "
                  "for it", JOINT),
    registry.Rule("process.transition-by-date", "warning",
                  "a hand-over or exit set by a date while the plan has no triggers or "
                  "benchmarks for it", EXIT),
    registry.Rule("process.imtf-chair", "warning",
                  "from Level 1.2, the task force's named chair is not DPKO", CHAIR),
)
def mandate_tasks_check(ctx: registry.Context) -> list[Finding]:
    """The rules on standard mandate tasks and the task force (see the module)."""
    plan = ctx.plan
    return [*_survey(plan), *_joint(plan), *_exit(plan), *_chair(plan)]


def _survey(plan: Plan) -> list[Finding]:
    out = []
    for task in plan.tasks:
        if words.standard_task(task.name) != "technical_survey":
            continue
        if task.duration.high <= SURVEY_DAYS:
            continue
        assumed = (_named(task, "the technical survey"),)
        out.append(Finding(
            "warning", "process.technical-survey-length",
            with_assumed(f"{task.name} may last {fmt.days(task.duration.high)} days; the "
                         f"guidelines give the technical survey up to 2 weeks. Shorten it, "
                         "or say in its source why this survey needs longer.", assumed),
            (task.id,), SURVEY, assumed=assumed,
            fix=f"bring the duration of {task.id} to 14 days at most, or explain in `source`"))
    return out


def _joint(plan: Plan) -> list[Finding]:
    plans = [item for _, item in plan.items() if _JOINT_PLAN.search(item.name)]
    out = []
    for task in plan.tasks:
        if not task.owner:
            continue
        parts = [p for p in re.split(r"\s*(?:/|,|;|\band\b|\bwith\b|\+)\s*", task.owner)
                 if p.strip()]
        read = [(p, words.classify_owner(p)) for p in parts]
        un = [p for p, r in read if r is not None and r[0] in _UN]
        others = [p for p, r in read if r is not None and r[0] == "partner"]
        if not un or not others:
            continue
        if any(o.lower() in item.name.lower() or task.id in (item.notes or "")
               or task.name.lower() in item.name.lower() for item in plans for o in others):
            continue
        assumed = (Assumed(("tasks", task.id, "owner"),
                           f"{task.id} is shared by {', '.join(un)} (the UN) and "
                           f"{', '.join(others)} (another organisation): read from its owner "
                           f"'{task.owner}'"),)
        out.append(Finding(
            "warning", "process.joint-plan",
            with_assumed(f"{task.name} is shared between the UN and {', '.join(others)}: the "
                         "guidelines ask for a joint plan, agreed and produced by both, for a "
                         "function the UN shares with another organisation. Add it (an output "
                         "or task named as the joint plan), or give the task one owner.",
                         assumed),
            (task.id,), JOINT, assumed=assumed))
    return out


def _exit(plan: Plan) -> list[Finding]:
    if any(b.trigger for b in plan.benchmarks):
        return []
    out = []
    dated = {e.id for e in plan.events if e.date is not None}
    for item in (*plan.tasks, *plan.events):
        if not _EXIT.search(item.name):
            continue
        is_task = isinstance(item, Task)
        points = {f"{item.id}.start", f"{item.id}.end"} if is_task else {item.id}
        fixed = [c.id for c in plan.constraints if c.to in points and c.max_days is not None]
        if not is_task and item.id in dated:
            fixed.append("its date")
        if not fixed:
            continue
        section = "tasks" if is_task else "events"
        assumed = (Assumed((section, item.id, "name"),
                           f"{item.id} is a hand-over or exit: read from its name "
                           f"('{item.name}')"),)
        out.append(Finding(
            "warning", "process.transition-by-date",
            with_assumed(f"{item.name} is set by {', '.join(fixed)}, but the plan has no "
                         "triggers or benchmarks for it: the guidelines start transition and "
                         "exit planning when conditions occur, not on a date. Give the plan "
                         "the benchmarks whose holding triggers it (`benchmarks:` with "
                         "`trigger: true`).", assumed),
            (item.id, *[f for f in fixed if f != "its date"]), EXIT, assumed=assumed))
    return out


def _chair(plan: Plan) -> list[Finding]:
    if plan.process.level not in _LEVEL_12:
        return []
    chairs = [m for m in plan.process.task_force
              if _CHAIR.search(f"{m.entity or ''} {m.name or ''}")]
    out = []
    for m in chairs:
        who = m.entity or m.name or m.branch
        if _DPKO.search(who) or re.search(r"designat\w* by the secretary-general", who, re.I):
            continue
        out.append(Finding(
            "warning", "process.imtf-chair",
            f"The plan stands at Level {plan.process.level}, from which the guidelines have the "
            f"task force chaired by DPKO, but it names {who} as chair. If the "
            "Secretary-General designated another department, say so in the member's entry "
            "('designated by the Secretary-General').", (m.branch,), CHAIR))
    return out


SLIP = ('generalised from the Carana directive, Constraints ("we must be prepared for a '
        'contingency should the date for the elections slip")')
CORE = ('New Horizon (2009), Reviewing and reporting on progress ("Missions should distinguish '
        'the core benchmarks for which peacekeepers are responsible from broader targets which '
        'reflect wider progress in peace consolidation and rely on the performance of others")')
_SLIP = re.compile(r"\b(slip\w*|delay\w*|postpon\w*|disput\w*|contingen\w*)\b", re.I)


@registry.check(
    "plan",
    registry.Rule("timeline.no-contingency-for-slip", "info",
                  "an event others set, which the plan's work prepares, and no risk or "
                  "scenario for its date slipping", SLIP),
    registry.Rule("results.core-benchmark-relies-on-others", "info",
                  "a benchmark counted as core (the mission's own) that names the partners it "
                  "relies on", CORE),
)
def contingency_check(ctx: registry.Context) -> list[Finding]:
    """Events others set without a contingency; core benchmarks that rely on others."""
    from impp.doctrine.facts import infer

    plan, facts = ctx.plan, infer(ctx.plan)
    out: list[Finding] = []
    prepared = {e: t for t, events in facts.prepares.items() for e in events}
    for event in plan.events:
        if event.set_by is None or event.id not in prepared:
            continue
        task = prepared[event.id]
        topic = words.topics(event.name)
        covered: list[Item] = [r for r in plan.risks if task in r.affects or (
            _SLIP.search(f"{r.name} {r.text or ''}")
            and topic & words.topics(f"{r.name} {r.text or ''}"))]
        covered += [x for x in plan.scenarios
                    if _SLIP.search(f"{x.name} {x.description or ''} {x.contingency or ''}")
                    and topic & words.topics(f"{x.name} {x.description or ''} "
                                             f"{x.contingency or ''}")]
        if covered:
            continue
        assumed = facts.assumed(f"prepares:{task}:{event.id}")
        out.append(Finding(
            "info", "timeline.no-contingency-for-slip",
            with_assumed(f"{event.name} is set by {event.set_by} and {task} prepares it, but "
                         "the plan carries no risk or scenario for its date slipping: add a "
                         "risk that affects the preparation, or a scenario with its "
                         "contingency.", assumed),
            (event.id, task), SLIP, assumed=assumed))
    for b in plan.benchmarks:
        if b.core and b.partners:
            stated = "core" in b.model_fields_set
            out.append(Finding(
                "info", "results.core-benchmark-relies-on-others",
                f"Benchmark {b.id} ({b.name}) is counted as core"
                + ("" if stated else " (the default)")
                + f" but relies on {b.partners}: a core benchmark is one peacekeepers are "
                "responsible for; one that relies on others is a broader target. Say "
                "`core: false`, or drop the partners it does not rely on.",
                (b.id,), CORE, fix=f"give benchmark {b.id} `core: false`"))
    return out


@registry.check(
    "timeline",
    registry.Rule("process.budget-before-survey", "info",
                  "the task read as budget preparation starts before the technical survey "
                  "ends", BUDGET),
)
def budget_check(ctx: registry.Context) -> list[Finding]:
    """The mission budget's preparation after the technical survey, on the schedule."""
    s = ctx.schedule
    if s is None or not s.consistent:
        return []
    plan = ctx.plan
    surveys = [t for t in plan.tasks if words.standard_task(t.name) == "technical_survey"]
    budgets = [t for t in plan.tasks if _BUDGET.search(t.name)
               and words.standard_task(t.name) != "technical_survey"]
    out = []
    for survey in surveys:
        end = s.events.get(f"{survey.id}.end")
        for budget in budgets:
            start = s.events.get(f"{budget.id}.start")
            if (end is None or start is None or end.earliest is None
                    or start.earliest is None or start.earliest >= end.earliest - 1e-9):
                continue
            assumed = (_named(survey, "the technical survey"),
                       _named(budget, "the preparation of the mission budget"))
            out.append(Finding(
                "info", "process.budget-before-survey",
                with_assumed(f"{budget.name} starts on day {fmt.days(start.earliest)}, before "
                             f"{survey.name} ends (day {fmt.days(end.earliest)}); the "
                             "guidelines let the budget's preparation begin after the survey, "
                             "whose findings it costs. Link it after the survey, or say why "
                             "not.", assumed),
                (budget.id, survey.id), BUDGET, assumed=assumed))
    return out


__all__ = ["budget_check", "mandate_tasks_check"]
