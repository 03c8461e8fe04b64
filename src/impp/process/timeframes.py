"""The IMPP on the plan's own timeline: the levels' timeframes, and the trigger.

"The IMPP proposes timeframes for each level. The proposed minimum
timeframes are based on consultations with planners regarding what is the
*minimum floor* necessary to achieve each step; however planning according
to the minimum timeframes necessarily involves tradeoffs. Maximum timeframes
are provided to reflect a more desirable duration for each stage to ensure
quality" (IMPP guidelines, A. Introduction). Each level runs between two
moments of the process (Level 1.2 from the promulgation of the USG's
Planning Directive to the submission of the Secretary-General's report);
a plan ties its events to those moments (``marks``), and the check reads
how long the plan's own rules leave each level: the longest the level can
last is the shortest path from its start to its end in the timeline's
network, and that path is the chain of rules that limits it.

Moments the plan does not mark still count, through the order the guidelines
give them (the Strategic Planning Directive before the USG's Planning
Directive, the Directive to the SRSG before the validation exercise...) and
the minimum timeframes of the levels between them.

Codes:

- ``process.level-below-minimum`` (error): the plan's rules leave a level
  less than the guidelines' minimum floor;
- ``process.level-below-desirable`` (warning): less than the desirable
  duration (the guidelines' "maximum timeframes");
- ``process.out-of-order`` (error): the plan puts moments of the process in
  another order than the guidelines;
- ``process.began-before-trigger`` (warning): with the levels at their
  minimum floor, the IMPP must have begun before the event the plan names
  as its trigger (IMPP guidelines §C);
- ``process.transfer-lead-time`` (warning) and ``process.transfer-date-unknown``
  (info): where the UN takes over from another organisation, New Horizon
  asks the Council to "Mandate a UN peacekeeping mission at least six months
  in advance of the envisaged transfer of authority"; the check reads the
  transfer's date or event against the event marking the mandate.

The levels' lengths are set by the plan's deadlines, not by uncertain
durations alone, so these findings are stated on the plan's schedule (the
network with seasons applied); the criteria's odds are schedule risk's.
"""

from __future__ import annotations

import math
from dataclasses import replace

from impp import fmt
from impp.doctrine import registry
from impp.findings import Assumed, Finding, Severity, with_assumed
from impp.model.plan import Plan
from impp.process.catalogue import Level, Process, load_process
from impp.temporal.build import Rule, TimeNetwork
from impp.temporal.explain import explain
from impp.temporal.schedule import Schedule
from impp.temporal.stn import NegativeCycleError

#: The guidelines' words on what the minimum and desirable timeframes are.
_TRADEOFFS = ("'planning according to the minimum timeframes necessarily involves "
              "tradeoffs' (IMPP guidelines, A. Introduction)")
_VIRTUAL = "@"


_TIMEFRAME = "IMPP guidelines, A. Introduction and each level's Timeframe"


@registry.check(
    "timeline",
    registry.Rule("process.level-below-minimum", "error",
                  "the plan's rules leave a level less than its minimum floor, with the chain "
                  "of rules that sets the limit", _TIMEFRAME),
    registry.Rule("process.level-below-desirable", "warning",
                  "at least the floor, less than the desirable duration (\"planning according "
                  "to the minimum timeframes necessarily involves tradeoffs\")", _TIMEFRAME),
    registry.Rule("process.out-of-order", "error",
                  "the plan puts the process's moments in another order than the guidelines",
                  "IMPP guidelines, each level's Phase; §1.2.1, §2.1.2, §2.1.4"),
    registry.Rule("process.began-before-trigger", "warning",
                  "with every level at its floor, the IMPP must have begun before the event "
                  "named as its trigger", "IMPP guidelines §C and Level 1.1"),
    registry.Rule("process.transfer-lead-time", "warning",
                  "the transfer of authority comes less than six months after the mandate",
                  "New Horizon (2009), Considering a new mission (\"Mandate a UN peacekeeping "
                  "mission at least six months in advance of the envisaged transfer of "
                  "authority\")"),
    registry.Rule("process.transfer-date-unknown", "info",
                  "a transfer without a date or event: the lead time cannot be checked",
                  "New Horizon (2009), Considering a new mission"),
)
def timeframe_check(ctx: registry.Context) -> list[Finding]:
    """The IMPP's timeframes on the plan's schedule (see :func:`timeframe_findings`)."""
    assert ctx.schedule is not None
    return timeframe_findings(ctx.plan, ctx.schedule)


def timeframe_findings(plan: Plan, s: Schedule) -> list[Finding]:
    """The findings of the process on the plan's schedule (none without marks).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> from impp.temporal.schedule import schedule
    >>> plan = load_plan(carana_path())
    >>> for code in sorted({f.code for f in timeframe_findings(plan, schedule(plan))}):
    ...     print(code)
    process.began-before-trigger
    process.level-below-desirable
    process.transfer-date-unknown
    """
    from impp.doctrine.facts import infer

    facts = infer(plan)
    marked = dict(facts.marks)
    if not s.consistent or s.network is None or not marked:
        return []
    return [_with_marks(f, facts.assumed(*(f"marks:{m}" for m, e in marked.items()
                                           if e in f.items or e.split(".")[0] in f.items)))
            for f in _findings(plan, s, marked)]


def _with_marks(f: Finding, assumed: tuple[Assumed, ...]) -> Finding:
    """``f`` saying which of the events it names impp read as moments of the IMPP."""
    if not assumed:
        return f
    return replace(f, message=with_assumed(f.message, assumed), assumed=assumed)


def _findings(plan: Plan, s: Schedule, marked: dict[str, str]) -> list[Finding]:
    assert s.network is not None
    process = load_process()
    tn = _with_moments(s.network, process, marked)
    order = _order_rules(plan, process, marked)
    base = tn.with_rules([*tn.rules, *order])
    conflict = explain(base)
    if conflict is not None:
        chain = "; ".join(f"{r.text} ({r.item})" for r in conflict.rules)
        return [Finding(
            "error", "process.out-of-order",
            f"The plan puts moments of the IMPP out of the guidelines' order; these rules "
            f"cannot all hold (short by {fmt.days(conflict.days)} days): {chain}.",
            tuple(i for i in conflict.ids if not i.startswith("impp.")),
            _sources(conflict.rules))]
    findings: list[Finding] = []
    floors: list[Rule] = []
    short: set[str] = set()
    for level in process.levels:
        if level.starts_with is None or level.ends_with is None:
            continue
        a, b = _point(marked, level.starts_with), _point(marked, level.ends_with)
        tf = level.timeframe
        most, rules = _longest(base, a, b)
        if tf.min_days is not None:
            floors.append(_floor(level, a, b, tf.min_days, "minimum"))
        if most is None or not (a in tn.index and b in tn.index):
            continue
        if level.starts_with not in marked and level.ends_with not in marked:
            continue
        if tf.min_days is not None and most < tf.min_days - 1e-9:
            short.add(f"impp.level-{level.id}")
            findings.append(_level_finding(plan, process, level, marked, most, rules, "error"))
        elif tf.desirable_days is not None and most < tf.desirable_days - 1e-9:
            findings.append(_level_finding(plan, process, level, marked, most, rules,
                                           "warning"))
    # a level already below its floor is said by its own finding; the others' floors
    # still say whether the process could have begun with its trigger
    findings.extend(_trigger(plan, process, base, [f for f in floors if f.item not in short],
                             marked))
    findings.extend(_transfers(plan, s, marked))
    return findings


#: New Horizon's lead time between the mandate and a transfer of authority.
TRANSFER_LEAD_DAYS = 182
_NEW_HORIZON_TRANSFER = (
    "New Horizon (2009), Political strategy and direction: Considering a new mission "
    "('Mandate a UN peacekeeping mission at least six months in advance of the envisaged "
    "transfer of authority to enable coordinated planning and start-up'); six months taken "
    "as 182 days")


def _transfers(plan: Plan, s: Schedule, marked: dict[str, str]) -> list[Finding]:
    mandate = marked.get("mandate_adopted")
    times = s.events.get(mandate) if mandate else None
    if not plan.transfers or mandate is None or times is None or times.earliest is None:
        return []
    findings: list[Finding] = []
    for t in plan.transfers:
        day: float | None = None
        if t.event is not None and (e := s.events.get(t.event)) is not None:
            day = e.earliest
        elif t.date is not None and s.day_zero_date is not None:
            day = float((t.date - s.day_zero_date).days)
        if day is None:
            findings.append(Finding(
                "info", "process.transfer-date-unknown",
                f"{t.name}: the plan gives no date or event for the transfer of authority "
                f"from {t.from_organisation}, so the lead time from the mandate ({mandate}) "
                "cannot be checked; New Horizon asks for at least six months.",
                (t.id, mandate), _NEW_HORIZON_TRANSFER))
        elif day - times.earliest < TRANSFER_LEAD_DAYS - 1e-9:
            findings.append(Finding(
                "warning", "process.transfer-lead-time",
                f"{t.name}: the transfer of authority from {t.from_organisation} comes "
                f"{fmt.days(day - times.earliest)} days after the mandate ({mandate}) at the "
                f"earliest, less than the six months New Horizon asks for so that planning "
                "and start-up can be coordinated.",
                (t.id, mandate, *([t.event.split(".")[0]] if t.event else [])),
                _NEW_HORIZON_TRANSFER))
    return findings


def _point(marked: dict[str, str], moment: str) -> str:
    return marked.get(moment, _VIRTUAL + moment)


def _with_moments(tn: TimeNetwork, process: Process, marked: dict[str, str]) -> TimeNetwork:
    """The timeline's network with a point for each moment no event marks."""
    extra = [_VIRTUAL + m for m in process.moment_ids if m not in marked]
    points = (*tn.points, *extra)
    return replace(tn, points=points, index={p: i for i, p in enumerate(points)})


def _name(plan: Plan, process: Process, point: str) -> str:
    if point.startswith(_VIRTUAL):
        name = process.moment(point[1:]).name
        return "t" + name[1:] if name.startswith("The ") else name
    return point


def _order_rules(plan: Plan, process: Process, marked: dict[str, str]) -> list[Rule]:
    """Each moment no earlier than the one the guidelines put before it."""
    def rule(first: str, then: str, source: str, item: str) -> Rule:
        a, b = _point(marked, first), _point(marked, then)
        return Rule(item, "min", b, a, 0.0,
                    f"{_name(plan, process, b)} no earlier than {_name(plan, process, a)}",
                    f"{process.moment(then).name} after {process.moment(first).name}",
                    source, "doctrine")

    rules = [rule(o.first, o.then, o.source, f"impp.order.{o.first}") for o in process.order]
    for level in process.levels:
        if level.starts_with and level.ends_with:
            rules.append(rule(level.starts_with, level.ends_with,
                              f"IMPP guidelines, Level {level.id} (Phase)",
                              f"impp.level-{level.id}"))
    return rules


def _floor(level: Level, a: str, b: str, days: int, what: str) -> Rule:
    return Rule(f"impp.level-{level.id}", "min", b, a, -float(days),
                f"Level {level.id} ({level.name}) lasts at least {fmt.days(days)} days "
                f"(its {what})", f"Level {level.id} timeframe",
                f"IMPP guidelines, Level {level.id} timeframe ({level.timeframe.text})",
                "doctrine")


def _longest(tn: TimeNetwork, a: str, b: str) -> tuple[float | None, list[Rule]]:
    """The most days the rules allow from ``a`` to ``b``, and the chain that sets it."""
    if a not in tn.index or b not in tn.index:
        return None, []
    try:
        days, edges = tn.net.shortest_path(tn.index[a], tn.index[b])
    except NegativeCycleError:
        return None, []
    if math.isinf(days):
        return None, []
    return days, [tn.rules[e] for e in edges]


def _sources(rules: list[Rule] | tuple[Rule, ...], first: str | None = None) -> str:
    parts = [first] if first else []
    parts += [f"{r.item}: {r.source}" if not r.item.startswith("impp.") else r.source
              for r in rules if r.source]
    return "; ".join(dict.fromkeys(parts))


def _assumed(plan: Plan, rules: list[Rule]) -> str:
    """A sentence naming the rules of a chain that rest on assumptions."""
    ids = list(dict.fromkeys(r.item for r in rules if not r.item.startswith("impp.")))
    assumed = []
    for item_id in ids:
        try:
            item = plan.get(item_id)
        except KeyError:
            continue
        if getattr(item, "assumption", False):
            assumed.append(item_id)
    if not assumed:
        return ""
    return (f" This rests on assumptions ({', '.join(assumed)}): read otherwise, the limit "
            "may not hold; each says its reading in its source.")


def _level_finding(plan: Plan, process: Process, level: Level, marked: dict[str, str],
                   most: float, rules: list[Rule], severity: Severity) -> Finding:
    tf = level.timeframe
    start = _point(marked, level.starts_with or "")
    end = _point(marked, level.ends_with or "")
    chain = "; ".join(f"{r.text} ({r.item})" for r in rules)
    if severity == "error":
        code = "process.level-below-minimum"
        verdict = (f"less than the guidelines' minimum floor of {fmt.days(tf.min_days)} days "
                   f"({tf.text}). Move a deadline of the chain, or record why the level can be "
                   "shorter than its floor")
    else:
        code = "process.level-below-desirable"
        verdict = (f"at least its minimum of {fmt.days(tf.min_days)} days but less than the "
                   f"desirable {fmt.days(tf.desirable_days)} ({tf.text}): {_TRADEOFFS}")
    items = (*[x for x in (start, end) if not x.startswith(_VIRTUAL)],
             *dict.fromkeys(r.item for r in rules if not r.item.startswith("impp.")))
    return Finding(
        severity, code,
        f"Level {level.id} ({level.name}) runs from {_name(plan, process, start)} to "
        f"{_name(plan, process, end)}; the plan's rules leave it at most "
        f"{fmt.days(most)} days, {verdict}. The chain that sets the limit: {chain}."
        + _assumed(plan, rules),
        tuple(dict.fromkeys(items)),
        _sources(rules, f"IMPP guidelines, Level {level.id} timeframe ({tf.text})"))


def _trigger(plan: Plan, process: Process, base: TimeNetwork, floors: list[Rule],
             marked: dict[str, str]) -> list[Finding]:
    trigger = plan.process.trigger
    if trigger is None or trigger.event is None:
        return []
    start = _point(marked, "impp_initiated")
    net = base.with_rules([*base.rules, *floors])
    if explain(net) is not None:  # a level below its floor: said by its own finding
        return []
    most, rules = _longest(net, trigger.event, start)
    if most is None or most >= -1e-9:
        return []
    kind = next(k for k in process.triggers.kinds if k.id == trigger.kind)
    chain = "; ".join(f"{r.text} ({r.item})" for r in rules)
    event = plan.get(trigger.event)
    return [Finding(
        "warning", "process.began-before-trigger",
        f"The plan names {event.name} ({trigger.event}) as what set the IMPP off "
        f"('{kind.name}'), but with every level at its minimum floor the IMPP must have "
        f"begun at least {fmt.days(-most)} days before it: {chain}. Either the process "
        "began with an earlier trigger (say which), or a level was cut below its floor "
        "(say which, and what it traded off)."
        + (" The trigger is itself an assumption." if trigger.assumption else ""),
        tuple(dict.fromkeys((trigger.event, *(r.item for r in rules
                                              if not r.item.startswith("impp."))))),
        _sources(rules, process.triggers.source))]


__all__ = ["timeframe_findings"]
