"""A syndicate's score: from its plan's analysis, against the solution and the rubric.

Each component is 0 to 100 and says how it was computed; the score is their
mean weighted by the rubric, over the components that apply (one that
cannot be computed, such as the injects' before any is delivered, is left
out and its weight with it, and the score says so). The components:

=============  ============================================================================
criteria       each criterion and target: met 1, at risk 0.5, missed 0 (the verdicts'
               states, doctrine included); the mean, times 100
deployment     IOC and FOC, 50 points each: all of them at or before the solution's day,
               less ``points_per_day_late`` for each day later
cost           the odds that the first budget year stays inside the plan's ceiling and
               FOC meets its deadline together (the joint confidence level), times 100
doctrine       100, less 25 for each error and 5 for each warning beyond the solution's
results        the results chain's coverage: outputs with an activity, benchmarks with an
               indicator, indicators with a baseline and a target (mean of the three)
risks          the register: risks rated (likelihood and impact) and quantified for
               schedule risk (probability and the tasks affected) (mean of the two)
injects        for each inject delivered: 100 when it broke nothing or was answered within
               a game day, less ``points_per_response_day`` for each day more, 0 while
               it stands unanswered
=============  ============================================================================

What an inject broke, comparing the analysis of the revision it made with
the one before (or its ``restores`` condition, when it has one):

- a criterion whose state got worse (met, at risk, missed), or whose odds
  fell by :data:`ODDS_DROP` or more;
- a criterion it added that is not met (a new constraint from the Council);
- the IOC or FOC day of the lift schedule later;
- the odds of the first budget year's ceiling (with FOC on time) down by
  :data:`ODDS_DROP` or more;
- more errors.

It is answered by the syndicate's first later analysed revision (not
exercise control's) in which each of them is back (a revision superseded
before its analysis ran is passed over; the answer waits while the newest
is not analysed): the state as before or better,
the odds within :data:`ODDS_SLACK` of before, the day no later, the new
criterion met, no more errors than before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from impp.exercise.metrics import metric, verdict_states
from impp.exercise.model import COMPONENTS, Inject, Rubric

#: A fall in a criterion's odds, or the ceiling's, that counts as broken.
ODDS_DROP = 0.10
#: How close to its odds before the inject a criterion must come back.
ODDS_SLACK = 0.05

#: How bad each verdict state is (as the analysis orders them).
_WORSE = {"met": 0, "at risk": 1, "missed": 2}
_STATE_VALUE = {"met": 1.0, "at risk": 0.5, "missed": 0.0}


@dataclass(frozen=True)
class Component:
    """One component of a score."""

    name: str
    score: float | None
    weight: float
    value: str
    how: str
    solution: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {"score": None if self.score is None else round(self.score, 1),
                "weight": self.weight, "value": self.value, "solution": self.solution,
                "how": self.how}


@dataclass(frozen=True)
class Response:
    """How a syndicate answered one inject."""

    inject: str
    delivered_day: float
    broke: tuple[str, ...]
    answered_day: float | None
    revision: str | None
    #: An analysis it is read from is still being computed (the workspace): not scored yet.
    pending: bool = False

    @property
    def days(self) -> float | None:
        """Game days from the inject to the answer."""
        return None if self.answered_day is None else self.answered_day - self.delivered_day

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {"inject": self.inject, "delivered_day": round(self.delivered_day, 2),
                "broke": list(self.broke),
                "answered_day": None if self.answered_day is None else round(
                    self.answered_day, 2),
                "days": None if self.days is None else round(self.days, 2),
                "revision": self.revision, "pending": self.pending}


def _criteria(s: dict[str, Any]) -> tuple[float | None, str]:
    states = [v for v in verdict_states(s).values() if v in _STATE_VALUE]
    if not states:
        return None, "no criteria"
    value = sum(_STATE_VALUE[v] for v in states) / len(states)
    met = sum(1 for v in states if v == "met")
    risk = sum(1 for v in states if v == "at risk")
    return 100 * value, f"{met} met, {risk} at risk, {len(states) - met - risk} missed"


def _deployment(s: dict[str, Any], sol: dict[str, Any], per_day: float
                ) -> tuple[float | None, str, str]:
    parts, shown, how = 0.0, [], []
    for which in ("ioc_day", "foc_day"):
        day, best = metric(s, which), metric(sol, which)
        label = which.removesuffix("_day").upper()
        if day is None:
            shown.append(f"{label} none")
            how.append(f"{label}: no lift schedule, 0")
            continue
        late = max(0.0, day - best) if best is not None else 0.0
        points = max(0.0, 50 - per_day * late)
        parts += points
        shown.append(f"{label} day {day:g}")
        how.append(f"{label} {late:g} days after the solution's: {points:g} of 50")
    sol_text = ", ".join(f"{w.removesuffix('_day').upper()} day {metric(sol, w):g}"
                         for w in ("ioc_day", "foc_day") if metric(sol, w) is not None)
    return parts, ", ".join(shown), "; ".join(how) + (f" (solution: {sol_text})"
                                                      if sol_text else "")


def _cost(s: dict[str, Any]) -> tuple[float | None, str]:
    fy = (s.get("cost") or {}).get("first_year") or {}
    if fy.get("ceiling") is None:
        return None, "no ceiling or no estimate"
    joint = fy.get("joint")
    inside = fy.get("within_ceiling")
    odds = joint if isinstance(joint, int | float) else inside
    if not isinstance(odds, int | float):
        return None, "no odds of the ceiling"
    return 100 * float(odds), (f"first year {fy.get('amount', 0) / 1e6:,.1f} M against "
                               f"{fy['ceiling'] / 1e6:,.1f} M; inside it "
                               f"{100 * float(inside or 0):.0f}%, with FOC on time "
                               f"{100 * float(odds):.0f}%")


def _doctrine(s: dict[str, Any], sol: dict[str, Any]) -> tuple[float, str, str]:
    errors, warnings = metric(s, "errors") or 0, metric(s, "warnings") or 0
    sol_e, sol_w = metric(sol, "errors") or 0, metric(sol, "warnings") or 0
    extra_e, extra_w = max(0.0, errors - sol_e), max(0.0, warnings - sol_w)
    score = max(0.0, 100 - 25 * extra_e - 5 * extra_w)
    return score, f"{errors:g} errors, {warnings:g} warnings", (
        f"100 - 25 x {extra_e:g} errors - 5 x {extra_w:g} warnings beyond the solution's "
        f"{sol_e:g} and {sol_w:g}")


def _share(good: int, total: int) -> float | None:
    return good / total if total else None


def _items(doc: dict[str, Any], section: str) -> list[dict[str, Any]]:
    return [i for i in doc.get(section) or () if isinstance(i, dict)]


def _results(doc: dict[str, Any]) -> tuple[float | None, str]:
    """The results chain's coverage, read from the plan document (a revision's, as
    stored: the plan need not be validated again for it)."""
    outputs, benchmarks = _items(doc, "outputs"), _items(doc, "benchmarks")
    indicators = _items(doc, "indicators")
    with_activity = {a.get("output") for a in _items(doc, "activities")}
    measured = {i.get("measures") for i in indicators if i.get("measures")}
    shares = {
        "outputs with an activity": _share(sum(1 for o in outputs
                                               if o.get("id") in with_activity), len(outputs)),
        "benchmarks with an indicator": _share(sum(1 for b in benchmarks
                                                   if b.get("id") in measured),
                                               len(benchmarks)),
        "indicators with a baseline and a target": _share(
            sum(1 for i in indicators
                if i.get("baseline") is not None and i.get("target") is not None),
            len(indicators)),
    }
    known = {k: v for k, v in shares.items() if v is not None}
    missing = [k for k, v in shares.items() if v is None]
    if not known:
        return None, "no results chain"
    value = sum(known.values()) / len(shares)
    text = "; ".join(f"{k} {100 * v:.0f}%" for k, v in known.items())
    if missing:
        text += "; none of: " + ", ".join(m.split(" with ")[0] for m in missing) + " (0%)"
    return 100 * value, text


def _risks(doc: dict[str, Any]) -> tuple[float | None, str]:
    risks = _items(doc, "risks")
    if not risks:
        return 0.0, "no risk register"
    rated = sum(1 for r in risks if r.get("likelihood") and r.get("impact"))
    quantified = sum(1 for r in risks if r.get("probability") is not None and r.get("affects"))
    value = (rated + quantified) / (2 * len(risks))
    return 100 * value, (f"{len(risks)} risks: {rated} rated, {quantified} quantified for "
                         "schedule risk")


def _injects(responses: list[Response], rubric: Rubric) -> tuple[float | None, str]:
    waiting = sum(1 for r in responses if r.pending)
    responses = [r for r in responses if not r.pending]
    if not responses:
        return None, ("no inject delivered yet" if not waiting else
                      f"{waiting} injects awaiting their analyses")
    points = []
    for r in responses:
        if not r.broke:
            points.append(100.0)
        elif r.days is None:
            points.append(0.0)
        else:
            points.append(max(0.0, 100 - rubric.points_per_response_day
                              * max(0.0, r.days - 1)))
    answered = sum(1 for r in responses if r.broke and r.days is not None)
    open_ = sum(1 for r in responses if r.broke and r.days is None)
    return sum(points) / len(points), (
        f"{len(responses)} injects: {len(responses) - answered - open_} broke nothing, "
        f"{answered} answered, {open_} unanswered"
        + (f"; {waiting} more awaiting their analyses" if waiting else ""))


def components(plan: dict[str, Any], s: dict[str, Any],
               solution: tuple[dict[str, Any], dict[str, Any]], rubric: Rubric,
               responses: list[Response] | None) -> list[Component]:
    """The score's components for a plan (its document) and its summary, against the
    solution's."""
    sol_plan, sol = solution
    w = rubric.weights()
    crit, crit_v = _criteria(s)
    dep, dep_v, dep_how = _deployment(s, sol, rubric.points_per_day_late)
    cost, cost_v = _cost(s)
    doc, doc_v, doc_how = _doctrine(s, sol)
    res, res_v = _results(plan)
    risk, risk_v = _risks(plan)
    inj, inj_v = (_injects(responses, rubric) if responses is not None
                  else (None, "the solution answers no inject"))
    return [
        Component("criteria", crit, w["criteria"], crit_v,
                  "mean of met 1, at risk 0.5, missed 0, times 100", _criteria(sol)[1]),
        Component("deployment", dep, w["deployment"], dep_v, dep_how,
                  _deployment(sol, sol, 0)[1]),
        Component("cost", cost, w["cost"], cost_v,
                  "the joint odds of the first year's ceiling and FOC's deadline, times 100",
                  _cost(sol)[1]),
        Component("doctrine", doc, w["doctrine"], doc_v, doc_how, _doctrine(sol, sol)[1]),
        Component("results", res, w["results"], res_v,
                  "mean of the three coverages, times 100", _results(sol_plan)[1]),
        Component("risks", risk, w["risks"], risk_v,
                  "mean of the shares rated and quantified, times 100", _risks(sol_plan)[1]),
        Component("injects", inj, w["injects"], inj_v,
                  f"100 for an inject that broke nothing or was answered within a game day, "
                  f"less {rubric.points_per_response_day:g} a day more, 0 unanswered; the mean"),
    ]


def total(parts: list[Component]) -> tuple[float, str]:
    """The weighted mean of the components that apply, and how it was taken."""
    counted = [c for c in parts if c.score is not None and c.weight > 0]
    weight = sum(c.weight for c in counted)
    if not counted or weight <= 0:
        return 0.0, "no component could be computed"
    value = sum(c.score * c.weight for c in counted if c.score is not None) / weight
    left = [c.name for c in parts if c.score is None and c.weight > 0]
    how = " + ".join(f"{c.weight:g} x {c.score:.1f}" for c in counted if c.score is not None)
    how = f"({how}) / {weight:g}"
    if left:
        how += f"; left out (cannot be computed yet): {', '.join(left)}"
    return value, how


def responses_of(deliveries: list[tuple[Inject, float, str | None, Any]],
                 history: list[tuple[str, str, float, Any]],
                 summary_of: Callable[[str], dict[str, Any] | None],
                 parent_of: Callable[[str], str | None]) -> list[Response]:
    """How a syndicate answered each inject delivered to it.

    ``deliveries``: (inject, game day, revision it made, real time); ``history``:
    the syndicate plan's revisions oldest first, as (id, author, game day, real
    time); ``summary_of``: a revision's summary; ``parent_of``: a revision's parent.
    """
    from impp.exercise.service import CONTROL

    out = []
    for inject, day, made, when in deliveries:
        standing = [h for h in history if h[3] <= when]
        before_id = parent_of(made) if made else (standing[-1][0] if standing else None)
        before = summary_of(before_id) if before_id else None
        after = summary_of(made) if made else before
        if (made and after is None) or (before_id and before is None):
            out.append(Response(inject.id, day, (), None, None, pending=True))
            continue
        broke: list[str] = []
        if inject.restores is not None:
            if after is not None and not _holds(inject, after):
                broke.append(inject.restores.text())
        elif after is not None and before is not None:
            broke = [name for name, _ in broken(before, after)]
        answered, by, pending = None, None, False
        if broke:
            for rev_id, author, rev_day, rev_time in history:
                if author == CONTROL or rev_time <= when or rev_id == made:
                    continue
                s = summary_of(rev_id)
                if s is None:
                    # not analysed (yet: superseded revisions may never be): the first
                    # analysed one that answers counts; pending while the newest is not
                    pending = pending or rev_id == history[-1][0]
                    continue
                if _answered(inject, broke, s, before):
                    answered, by = rev_day, rev_id
                    break
        out.append(Response(inject.id, day, tuple(broke), answered, by, pending))
    return out


def _holds(inject: Inject, s: dict[str, Any]) -> bool:
    from impp.exercise.service import holds

    return inject.restores is not None and holds(inject.restores, s)


def _answered(inject: Inject, broke: list[str], s: dict[str, Any],
              before: dict[str, Any] | None) -> bool:
    if inject.restores is not None:
        return _holds(inject, s)
    if before is None:
        return False
    tests = dict(_checks(before))
    return all(tests[name](s) if name in tests else
               _met(name.removeprefix("new ").removesuffix(" met"))(s) for name in broke)


def _odds(s: dict[str, Any], cid: str) -> float | None:
    for section in ("criteria", "targets"):
        found = (s.get(section) or {}).get(cid)
        if found is not None:
            p = found.get("probability")
            return float(p) if isinstance(p, int | float) else None
    return None


def _ceiling_odds(s: dict[str, Any]) -> float | None:
    fy = (s.get("cost") or {}).get("first_year") or {}
    odds = fy.get("joint") if fy.get("joint") is not None else fy.get("within_ceiling")
    return float(odds) if isinstance(odds, int | float) else None


Check = Callable[[dict[str, Any]], bool]


def _state_at_most(cid: str, worst: int) -> Check:
    return lambda s: _WORSE.get(verdict_states(s).get(cid, "missed"), 2) <= worst


def _odds_at_least(cid: str | None, odds: float) -> Check:
    if cid is None:
        return lambda s: (_ceiling_odds(s) or 0) >= odds - ODDS_SLACK
    return lambda s: (_odds(s, cid) or 0) >= odds - ODDS_SLACK


def _metric_at_most(which: str, value: float) -> Check:
    def check(s: dict[str, Any]) -> bool:
        found = metric(s, which)
        return found is not None and found <= value

    return check


def _met(cid: str) -> Check:
    return lambda s: verdict_states(s).get(cid) == "met"


def _checks(before: dict[str, Any]) -> list[tuple[str, Check]]:
    """Every way a later plan can be as good as ``before``: (what, is it so in a summary)."""
    was = verdict_states(before)
    out: list[tuple[str, Check]] = []
    for cid, state in was.items():
        if state in _WORSE:
            out.append((f"{cid} {state}", _state_at_most(cid, _WORSE[state])))
        odds = _odds(before, cid)
        if odds is not None:
            out.append((f"{cid} odds {100 * odds:.0f}%", _odds_at_least(cid, odds)))
    for which in ("ioc_day", "foc_day"):
        day = metric(before, which)
        if day is not None:
            out.append((f"{which.removesuffix('_day').upper()} day {day:g}",
                        _metric_at_most(which, day)))
    ceiling = _ceiling_odds(before)
    if ceiling is not None:
        out.append((f"ceiling odds {100 * ceiling:.0f}%", _odds_at_least(None, ceiling)))
    out.append((f"{metric(before, 'errors') or 0:g} errors",
                _metric_at_most("errors", metric(before, "errors") or 0)))
    return out


def broken(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Check]]:
    """What the change from ``before`` to ``after`` broke: the checks of :func:`_checks`
    that no longer hold (odds by :data:`ODDS_DROP` or more), and each criterion added
    that is not met."""
    out = []
    for name, test in _checks(before):
        if " odds " in f" {name} ":
            cid = name.split(" odds ")[0] if not name.startswith("ceiling") else None
            old = _odds(before, cid) if cid else _ceiling_odds(before)
            new = _odds(after, cid) if cid else _ceiling_odds(after)
            if old is not None and (new or 0) <= old - ODDS_DROP:
                out.append((name, test))
        elif not test(after):
            out.append((name, test))
    was = verdict_states(before)
    for cid, state in verdict_states(after).items():
        if cid not in was and state != "met":
            out.append((f"new {cid} met", _met(cid)))
    return out


__all__ = ["COMPONENTS", "Component", "Response", "components", "responses_of", "total"]
