"""The temporal engine in the main job: the findings of its network.

:func:`network_check` is the registry's check of the timeline's own rules
(:mod:`impp.doctrine.registry`); :func:`check_timeline` runs every check of
the ``timeline`` phase on a plan (the network's, the doctrine's and the
IMPP's timeframes). Codes:

- ``timeline.conflict`` (error): requirements that cannot all hold, the
  cycle of rules with their sources, the days it fails by, single fixes.
- ``timeline.season-conflict`` (error): seasons make the requirements fail.
- ``timeline.criterion-missed`` / ``timeline.estimate-missed`` (warning): a
  target missed in the earliest schedule, by how much, and what blocks it.
- ``timeline.duplicate-rule`` / ``timeline.redundant-rule`` (warning).
- ``timeline.season-delay`` (info): a task delayed or stretched by a season.

>>> from impp.io import load_plan
>>> from impp.scenarios import carana_path
>>> codes = {f.code for f in check_timeline(load_plan(carana_path()))}
>>> {'timeline.criterion-missed', 'timeline.duplicate-rule'} <= codes
True
"""

from __future__ import annotations

from collections import OrderedDict

from impp.doctrine import registry
from impp.findings import Finding
from impp.model.plan import Plan
from impp.temporal.build import Rule
from impp.temporal.explain import Conflict
from impp.temporal.overlaps import Overlap, overlaps
from impp.temporal.schedule import Schedule, TargetCheck, schedule

_CACHE: OrderedDict[str, tuple[Schedule, list[Overlap]]] = OrderedDict()

#: The source a finding cites when the plan gives none for its rules: the
#: engine itself, not a seed (a fallback that named the Carana directive was
#: attributed to plans that have nothing to do with it).
DESIGN_SOURCE = "impp's temporal network (the plan states no source for these rules)"


_SCHEDULES: OrderedDict[str, Schedule] = OrderedDict()


def cached_schedule(plan: Plan) -> Schedule:
    """``schedule(plan)``, computed once per plan content in this process.

    The results chain's dates, the deployment's day 0 and the timeline's
    findings all read the same schedule; a few plans are kept.
    """
    key = plan.content_hash()
    if key not in _SCHEDULES:
        _SCHEDULES[key] = schedule(plan)
        while len(_SCHEDULES) > 4:
            _SCHEDULES.popitem(last=False)
    _SCHEDULES.move_to_end(key)
    return _SCHEDULES[key]


def analyse(plan: Plan) -> tuple[Schedule, list[Overlap]]:
    """The schedule and overlapping rules of a plan (cached by content hash)."""
    key = plan.content_hash()
    if key not in _CACHE:
        s = cached_schedule(plan)
        _CACHE[key] = (s, overlaps(plan, s.network))
        while len(_CACHE) > 4:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    return _CACHE[key]


def _sources(rules: tuple[Rule, ...] | list[Rule], first: str | None = None) -> str:
    parts = [first] if first else []
    parts += [f"{r.item}: {r.source}" for r in rules if r.source]
    return "; ".join(dict.fromkeys(parts)) or DESIGN_SOURCE


def _chain(rules: tuple[Rule, ...]) -> str:
    return "; ".join(f"{r.text} ({r.item})" for r in rules)


def conflict_finding(conflict: Conflict, code: str = "timeline.conflict") -> Finding:
    """The finding for rules that cannot all hold."""
    fixes = "; ".join(f.text + (f" ({f.control})" if f.control else "")
                      for f in conflict.fixes[:4])
    message = (
        f"These rules cannot all hold; together they fail by {round(conflict.days, 1):g} days: "
        f"{_chain(conflict.rules)}."
        + (f" Any one of these would fix it, first what the planners can change: "
           f"{fixes}." if fixes else
           " No single rule relaxed alone fixes it.")
    )
    return Finding("error", code, message, tuple(conflict.ids), _sources(conflict.rules))


def target_finding(check: TargetCheck) -> Finding | None:
    """The finding for a criterion or estimate missed in the earliest schedule."""
    if check.met is not False:
        return None
    c = check.constraint
    kind = "criterion" if c.kind == "criterion" else "estimate"
    margin = -(check.margin_days or 0.0)
    message = (
        f"{kind.capitalize()} {c.id} ({c.name}) is missed by {round(margin, 1):g} days in the "
        f"earliest schedule ({round(check.days or 0.0, 1):g} days from {c.from_} to {c.to})."
    )
    if check.reachable is False:
        message += (
            f" No schedule can meet it: these requirements put it "
            f"{round(check.short_by or 0.0, 1):g} days "
            f"out of reach: {_chain(check.blocking)}."
        )
    else:
        message += " It can still be met by moving other events within their float."
    if check.margin_without_seasons is not None and check.margin_without_seasons >= 0:
        message += (
            f" Without the seasons' effect it would be met "
            f"(margin {round(check.margin_without_seasons, 1):g} days)."
        )
    return Finding(
        "warning", f"timeline.{kind}-missed", message,
        (c.id, *dict.fromkeys(r.item for r in check.blocking)),
        _sources(check.blocking, c.source),
    )


def check_timeline(plan: Plan) -> list[Finding]:
    """Every finding of the ``timeline`` phase on a plan: the network's rules, the
    doctrine's and the IMPP's timeframes, on the plan's schedule."""
    from impp.doctrine.registry import run

    s, found = analyse(plan)
    return run("timeline", registry.Context(plan, s, tuple(found)))


@registry.check(
    "timeline",
    registry.Rule("timeline.conflict", "error",
         "requirements that cannot all hold: the cycle of rules, the days it fails by, single "
         "fixes", "the plan's own rules (their sources)"),
    registry.Rule("timeline.season-conflict", "error",
         "the same, once seasons stretch or hold up tasks", "the plan's seasons and rules"),
    registry.Rule("timeline.criterion-missed", "warning",
         "a criterion missed in the earliest schedule, and whether any schedule can meet it",
         "the criterion's source"),
    registry.Rule("timeline.estimate-missed", "warning", "the same for a target the planners set",
         "the target's source"),
    registry.Rule("timeline.duplicate-rule", "warning",
         "two rules bound the same pair of events differently", "their sources"),
    registry.Rule("timeline.redundant-rule", "warning / info",
         "a rule that others already imply (info when two passages agree: \"exactly 21 days\" "
         "and \"at most 21 days\")", "their sources"),
    registry.Rule("timeline.season-delay", "info", "a task stretched or held up by a season",
         "the season's source"),
)
def network_check(ctx: registry.Context) -> list[Finding]:
    """The findings of the timeline's own rules (see the module)."""
    assert ctx.schedule is not None
    return timeline_findings(ctx.plan, ctx.schedule, ctx.overlaps, ctx.decided_elsewhere)


def timeline_findings(plan: Plan, s: Schedule, found: list[Overlap] | tuple[Overlap, ...],
                      decided_elsewhere: frozenset[str] = frozenset()) -> list[Finding]:
    """The temporal engine's findings on a schedule already computed.

    ``decided_elsewhere``: criteria whose verdict another model gives (a
    capability milestone, decided by the lift schedule); their finding says
    what both models give, so the timeline does not report them alone.
    """
    findings: list[Finding] = []
    if s.conflict is not None:
        findings.append(conflict_finding(s.conflict))
    if s.season_conflict is not None:
        f = conflict_finding(s.season_conflict, "timeline.season-conflict")
        findings.append(Finding(
            f.severity, f.code,
            "Once seasons are taken into account: " + f.message
            + " The dates shown ignore the seasons.", f.items, f.source,
        ))
    for check in (*s.criteria.values(), *s.estimates.values()):
        if check.id in decided_elsewhere:
            continue
        finding = target_finding(check)
        if finding is not None:
            findings.append(finding)
    for o in found:
        findings.append(Finding(
            o.severity, f"timeline.{o.kind}-rule", o.message, o.items,
            "; ".join(o.sources) or DESIGN_SOURCE,
        ))
    for e in s.season_effects:
        task = plan.get(e.task)
        season_sources = [
            x.source for x in plan.seasons if x.id in e.season.split(", ") and x.source
        ]
        findings.append(Finding(
            "info", "timeline.season-delay",
            f"{e.text}.",
            (e.task, *e.season.split(", ")),
            "; ".join([*(season_sources or []), *([task.source] if task.source else [])])
            or DESIGN_SOURCE,
        ))
    return findings
