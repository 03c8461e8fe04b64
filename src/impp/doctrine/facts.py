"""What the doctrine reads from a plan's own words: one fact per question, and how it was read.

The doctrine's rules ask questions a planner answers without thinking about
them: who carries a task out, and is that part of the mission there yet;
which task prepares which event; which event is which moment of the IMPP;
which outcome needs another first. A plan may answer them in impp's own
fields (``component``, ``mission.presence``, ``prepares``, ``marks``,
``needs``): those are *stated*, and win. Where it does not, :func:`infer`
reads the answer from what planners write anyway (owners, names, the
deployment's milestones and units) and keeps, with each fact, the reading
(:class:`Reading`): what it assumed, from which field of which item, and the
field that overrides it. A finding that rests on an inferred fact says so
(:meth:`Reading.assumed`), and the terminal adds the file and line.

Where the words do not tell (an owner impp does not recognise, two events
that could be the same moment), the fact is left out and :func:`infer` says
what to add (:attr:`Facts.questions`), so the planner is asked rather than
guessed for.

Every pattern is in :mod:`impp.doctrine.words`; each reading states its
basis in the plan's own terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from impp.doctrine import registry, words
from impp.findings import Assumed, Finding
from impp.model.plan import Plan
from impp.model.timeline import MISSION_COMPONENTS, Need

#: Parts of the mission whose presence is read (``mission`` stands for any other).
PARTS = ("mission", "military", "police", "support")


@dataclass(frozen=True)
class Reading:
    """How an inferred fact was read: what, from where, and how to override it."""

    #: The fact in a planner's words ("ddr_programme is carried out by the military").
    fact: str
    #: Why: the words it was read from.
    basis: str
    #: Where in the plan: (section, item id, field); section ``mission`` has no id.
    path: tuple[str, ...]
    #: The field that states it instead (``component: military`` on the task).
    override: str

    def assumed(self) -> Assumed:
        """The reading as a finding's assumption."""
        return Assumed(self.path, f"{self.fact}: {self.basis}; to state it, {self.override}")


@dataclass(frozen=True)
class Question:
    """Something the doctrine cannot tell from the plan: what to add, and what it checks."""

    items: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Facts:
    """The answers the doctrine's rules read, stated or inferred (see the module)."""

    #: task id -> its component (``None``: not a mission component, or unknown).
    components: dict[str, str | None] = field(default_factory=dict)
    #: part of the mission -> the event from which it is in the mission area.
    presence: dict[str, str] = field(default_factory=dict)
    #: task id -> the events it prepares.
    prepares: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: IMPP moment -> the plan's event that marks it.
    marks: dict[str, str] = field(default_factory=dict)
    #: event id -> what it needs first.
    needs: dict[str, tuple[Need, ...]] = field(default_factory=dict)
    #: The readings of inferred facts, by key (``component:<task>``,
    #: ``presence:<part>``, ``prepares:<task>:<event>``, ``marks:<moment>``,
    #: ``needs:<event>:<after>``); stated facts have none.
    readings: dict[str, Reading] = field(default_factory=dict)
    #: What the plan leaves the doctrine unable to tell.
    questions: tuple[Question, ...] = ()

    def assumed(self, *keys: str) -> tuple[Assumed, ...]:
        """The assumptions behind the facts named by ``keys`` (stated ones have none)."""
        return tuple(self.readings[k].assumed() for k in dict.fromkeys(keys)
                     if k in self.readings)


def infer(plan: Plan) -> Facts:
    """The doctrine's facts of ``plan``: stated where the plan states them, else read.

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> facts = infer(load_plan(carana_path()))
    >>> facts.components["ddr_programme"], facts.presence["military"]
    ('military', 'ioc_deployment.end')
    """
    from impp.model.plan import _derived

    result: Facts = _derived(plan, "doctrine.facts", lambda: _infer(plan))
    return result


def _infer(plan: Plan) -> Facts:
    readings: dict[str, Reading] = {}
    questions: list[Question] = []
    components = _components(plan, readings, questions)
    presence = _presence(plan, readings)
    prepares = _prepares(plan, readings)
    marks = _marks(plan, readings, questions)
    needs = _needs(plan, readings)
    return Facts(components, presence, prepares, marks, needs, readings, tuple(questions))


# -- who carries a task out ----------------------------------------------------------


def _components(plan: Plan, readings: dict[str, Reading],
                questions: list[Question]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    unknown: list[str] = []
    for task in plan.tasks:
        if task.component is not None:
            out[task.id] = task.component
            continue
        kind = words.standard_task(task.name)
        read = words.classify_owner(task.owner) if task.owner else None
        if kind == "ddr" and (read is None or read[0] in MISSION_COMPONENTS):
            out[task.id] = "military"
            readings[f"component:{task.id}"] = Reading(
                f"{task.id} waits for the military component",
                f"its name ('{task.name}') reads as disarmament and demobilization, whose "
                "sites need a security presence (an assumption: the seeds do not say who "
                "secures them)",
                ("tasks", task.id, "name"), "set `component:` on the task")
            continue
        if read is None:
            out[task.id] = None
            if task.owner:
                unknown.append(task.id)
            continue
        component, part = read
        if component == "external":
            out[task.id] = None  # the Council, the General Assembly: no one's component
            continue
        out[task.id] = component
        readings[f"component:{task.id}"] = Reading(
            f"{task.id} is carried out by {words.COMPONENT_WORDS[component]}",
            f"read from its owner '{task.owner}'"
            + (f" (the first named, '{part}')" if part != task.owner else ""),
            ("tasks", task.id, "owner"), "set `component:` on the task")
    if unknown:
        questions.append(Question(
            tuple(unknown),
            "the plan does not say who carries out "
            + ", ".join(f"{t} (owner '{plan.get(t).owner}')"  # type: ignore[attr-defined]
                        for t in unknown[:6])
            + (f" and {len(unknown) - 6} more" if len(unknown) > 6 else "")
            + f": give each `component:` ({_COMPONENTS}), so that a task of the mission is "
            "checked against when the mission is there"))
    return out


_COMPONENTS = "mission, military, police, support, hq, unct, national or partner"


# -- when each part of the mission is there --------------------------------------------


def _presence(plan: Plan, readings: dict[str, Reading]) -> dict[str, str]:
    out: dict[str, str] = {str(k): v for k, v in plan.mission.presence.items()}
    over = "set it under `mission.presence`"
    hq = next((t for t in plan.tasks if words.standard_task(t.name) == "hq_establishment"),
              None)
    for part in ("mission", "support"):
        if part in out:
            continue
        if hq is not None:
            out[part] = f"{hq.id}.end"
            readings[f"presence:{part}"] = Reading(
                f"{words.PART_WORDS[part]} is in the mission area from the end of {hq.id}",
                f"its name ('{hq.name}') reads as the establishment of the mission "
                "headquarters", ("tasks", hq.id, "name"), over)
            continue
        found = _milestone_with(plan, ("headquarters",))
        if found is not None:
            out[part] = found[0]
            readings[f"presence:{part}"] = Reading(
                f"{words.PART_WORDS[part]} is in the mission area from {found[0]}",
                f"the first capability milestone ({found[1]}) with a headquarters unit",
                ("milestones", found[1], "units"), over)
    for part, types in (("military", words.MILITARY_UNIT_TYPES),
                        ("police", words.POLICE_UNIT_TYPES)):
        if part in out:
            continue
        found = _milestone_with(plan, types)
        if found is not None:
            out[part] = found[0]
            readings[f"presence:{part}"] = Reading(
                f"{words.PART_WORDS[part]} is in the mission area from {found[0]}",
                f"the first capability milestone ({found[1]}) whose units include "
                f"{part} units", ("milestones", found[1], "units"), over)
            continue
        task = next((t for t in plan.tasks
                     if words.standard_task(t.name) == "deployment"
                     and words.mentions(t.name, part)), None)
        if task is not None:
            out[part] = f"{task.id}.end"
            readings[f"presence:{part}"] = Reading(
                f"{words.PART_WORDS[part]} is in the mission area from the end of {task.id}",
                f"its name ('{task.name}') reads as the {part} deployment, and the plan has "
                "no capability milestone (an assumption: units arrive before it ends)",
                ("tasks", task.id, "name"), over)
    return out


def _milestone_with(plan: Plan, types: tuple[str, ...]) -> tuple[str, str] | None:
    """The event of the milestone with the earliest deadline whose units include one
    of ``types`` (an empty ``units`` is every unit), and the milestone's id."""
    units = {u.id: (u.type or "").lower() for u in plan.units}
    best: tuple[float, str, str] | None = None
    for m in plan.milestones:
        if m.event is None:
            continue
        listed = m.units or tuple(units)
        if not any(any(t in units.get(u, "") for t in types) for u in listed):
            continue
        rank = float(m.max_days) if m.max_days is not None else float("inf")
        if not m.units:
            rank += 1e6  # FOC (every unit) only where no milestone lists them
        if best is None or rank < best[0]:
            best = (rank, m.event, m.id)
    return None if best is None else (best[1], best[2])


# -- which task prepares which event ----------------------------------------------------


def _prepares(plan: Plan, readings: dict[str, Reading]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    candidates = [e for e in plan.events if e.date is None or e.set_by is not None]
    for task in plan.tasks:
        if task.prepares:
            out[task.id] = task.prepares
            continue
        if not words.PREPARATION.search(task.name):
            continue
        topics = words.topics(task.name)
        found = []
        for event in candidates:
            shared = topics & words.topics(event.name)
            if not shared:
                continue
            found.append(event.id)
            readings[f"prepares:{task.id}:{event.id}"] = Reading(
                f"{task.id} prepares {event.id}",
                f"its name ('{task.name}') reads as preparation for '{event.name}' "
                f"(both about {', '.join(sorted(shared))})",
                ("tasks", task.id, "name"), "set `prepares:` on the task")
        if found:
            out[task.id] = tuple(found)
    return out


# -- which event is which moment of the IMPP --------------------------------------------


def _marks(plan: Plan, readings: dict[str, Reading],
           questions: list[Question]) -> dict[str, str]:
    out = {e.marks: e.id for e in plan.events if e.marks is not None}
    stated_events = {e.id for e in plan.events if e.marks is not None}
    for moment, pattern, exclude in words.MOMENTS:
        if moment in out:
            continue
        hits = [e for e in plan.events if e.id not in stated_events
                and pattern.search(e.name) and not (exclude and exclude.search(e.name))]
        if len(hits) == 1:
            event = hits[0]
            out[moment] = event.id
            stated_events.add(event.id)
            readings[f"marks:{moment}"] = Reading(
                f"{event.id} is {words.moment_name(moment)}",
                f"read from its name ('{event.name}')", ("events", event.id, "name"),
                f"set `marks: {moment}` on the event that is")
        elif len(hits) > 1:
            questions.append(Question(
                tuple(e.id for e in hits),
                f"{', '.join(e.id for e in hits)} could each be "
                f"{words.moment_name(moment)}: give one of them `marks: {moment}`, so "
                "that the IMPP's timeframes are checked on the plan's timeline"))
    return out


# -- what an outcome needs first --------------------------------------------------------


#: The reading behind an election's need of the displaced's return.
DISPLACED_VOTERS = (
    "provision for displaced voters to participate in the election should it occur before "
    "they are able to return")


def _needs(plan: Plan, readings: dict[str, Reading]) -> dict[str, tuple[Need, ...]]:
    out: dict[str, tuple[Need, ...]] = {e.id: e.needs for e in plan.events if e.needs}
    returns = [t for t in plan.tasks if words.standard_task(t.name) == "return"]
    if not returns:
        return out
    for event in plan.events:
        if event.needs or not words.ELECTION.search(event.name):
            continue
        task = returns[0]
        provider = _provider(plan)
        need = Need(after=f"{task.id}.end", provision=DISPLACED_VOTERS, provided_by=provider,
                    source="Carana directive, Criteria for success (8), read as a rule for "
                           "any plan (an assumption)")
        out[event.id] = (need,)
        readings[f"needs:{event.id}:{task.id}.end"] = Reading(
            f"{event.id} needs {task.id} first, or a provision for displaced voters",
            f"'{event.name}' reads as an election and '{task.name}' as the return of the "
            "displaced: those not yet home cannot vote where they live (the Carana "
            "directive's criterion (8) asks for the provision; taken here as a rule for any "
            "plan)", ("events", event.id, "name"),
            "set `needs:` on the event (with `provided_by:` once the plan provides)")
    return out


_VOTERS = re.compile(r"displaced\s+voter|out-of-(country|area)\s+vot|absentee|"
                     r"voters?\b.*\bdisplaced|displaced\b.*\bvot", re.I)


def _provider(plan: Plan) -> str | None:
    """An item of the plan whose name provides for displaced voters."""
    for _, item in plan.items():
        if _VOTERS.search(item.name):
            return item.id
    return None


@registry.check(
    "plan",
    registry.Rule("doctrine.cannot-tell", "info",
                  "the plan's words do not tell the doctrine a fact it needs (who carries a task "
                  "out, which event is a moment of the IMPP): what to add, and what it would "
                  "check", "the rule that needs the fact (said in the finding)"),
)
def questions_check(ctx: registry.Context) -> list[Finding]:
    """What the doctrine asks the planner, one finding per question."""
    return [Finding("info", "doctrine.cannot-tell", q.text[0].upper() + q.text[1:] + ".",
                    q.items, None) for q in infer(ctx.plan).questions]


__all__ = ["Facts", "Question", "Reading", "infer"]
