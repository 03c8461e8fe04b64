"""The assessment of a period: each indicator against its target, each objective's
and output's progress, benchmarks over time and the transition triggers.

Readings (stated, because the plan leaves them open):

- **Value of a period**: the observation of the latest period inside it; of
  its rows, those with the fewest dimensions (a total has none), added up
  for counts and averaged for percentages and ratings (an unweighted mean:
  the rows carry no weights).
- **Baseline**: the plan's, when it is a number; otherwise ("to be
  measured") the first value observed, and the assessment says so.
- **Targets in relative periods** (``day 30``, ``month 6``, ``year 1``) count
  from the date of the ``from`` event of the criterion that the indicator's
  benchmark tracks, or else from the plan's first dated event. (Read from
  the mandate's resolution instead, Carana's targets would fall two days
  later: no quarter changes.) ``to halve`` is half the baseline.
- **Expected value**: the straight line from the baseline to each dated
  target in turn, the last target held after its date.
- **Direction**: the indicator's ``better`` (``lower`` for days to a
  deadline or a count of violations), else from the baseline to the target.
- **Status**: *met* once the final target is reached; *missed* for an
  indicator measured once that did not reach it; otherwise *on track* (at
  least 90 % of the progress expected by the period's end), *behind* (at
  least 50 %) or *off track*. Without a dated target (or with words for a
  target, such as "a falling trend"), the trend against the last value
  before the period decides: improving is on track, steady behind,
  worsening off track. *No data* where nothing was observed.
- **Benchmarks hold** in a period when every indicator measuring them is met.
- **Recommendation** (a suggestion for the mission leadership, who decide):
  maintain what is met or on track, scale up what is behind, adapt what is
  off track (the seeds' maintain / scale up / adapt / end).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from impp.monitoring.observations import Observation, kind_of
from impp.monitoring.periods import Period, parse_period, quarters

if TYPE_CHECKING:
    from impp.model.plan import Plan
    from impp.model.results import Indicator

ON_TRACK = 0.9
BEHIND = 0.5
TRANSITION_SOURCE = (
    "IMPP guidelines §3.1.3: \"The Mission Plan should contain triggers and benchmarks for "
    "initiating transition and exit planning. ... When the relevant conditions occur, the "
    "SRSG will make a recommendation to the SG to initiate transition and exit planning.\"")
CPAS_SOURCE = ("Mission-leadership ch. 2: CPAS \"assesses mission performance by analysing "
               "... the relevance, extent and duration of the mission's actions on selected "
               "outcomes\"; in large missions it \"will generate quarterly performance "
               "assessments\".")


@dataclass(frozen=True)
class IndicatorStatus:
    """One indicator in a period."""

    id: str
    name: str
    unit: str | None
    value: float | None
    text: str | None
    period: str | None  # the observation's own period
    baseline: float | None
    baseline_observed: bool
    expected: float | None
    target: float | None  # the final target, as a number
    target_text: str | None
    progress: float | None  # 0..1 of the way from baseline to the final target
    status: str
    trend: str | None
    previous: float | None
    approved: bool
    breakdown: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class Assessment:
    """The assessment of ``plan`` for ``period``."""

    plan: str
    period: Period
    indicators: dict[str, IndicatorStatus]
    objectives: dict[str, dict[str, Any]]
    outputs: dict[str, dict[str, Any]]
    benchmarks: dict[str, dict[str, Any]]
    history: dict[str, dict[str, bool | None]]  # benchmark -> quarter -> holds
    triggers: dict[str, Any]
    observations: int
    #: indicator -> each period's total and the value expected by its end
    series: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The assessment as ``impp assess --format json`` prints it."""
        return {
            "schema": "impp.assessment/1",
            "plan": self.plan,
            "period": self.period.label,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "observations": self.observations,
            "objectives": self.objectives,
            "outputs": self.outputs,
            "indicators": {k: v.as_dict() for k, v in self.indicators.items()},
            "benchmarks": self.benchmarks,
            "history": self.history,
            "series": self.series,
            "triggers": self.triggers,
            "source": CPAS_SOURCE,
        }


#: (indicator, period label) -> dimension -> level -> value: a total's breakdown.
Breakdown = dict[tuple[str, str], dict[str, dict[str, float]]]


def totals(plan: Plan, observations: list[Observation]) -> tuple[list[Observation], Breakdown]:
    """One total per indicator and period (``dims`` empty), and each one's breakdown.

    The total of a period is made of its rows with the fewest dimensions (a
    total has none), added up for counts and averaged for percentages and
    ratings; a breakdown adds up (or averages) the rows naming each level.
    The store computes the same in SQL (:func:`impp.monitoring.store.load_totals`);
    a test checks that the two agree.
    """
    kinds = {i.id: kind_of(i) for i in plan.indicators}
    groups: dict[tuple[str, Period], list[Observation]] = defaultdict(list)
    for o in observations:
        groups[(o.indicator, o.period)].append(o)
    out: list[Observation] = []
    breakdown: Breakdown = {}
    for (ind, period), rows in groups.items():
        add = kinds.get(ind) == "number"
        fewest = min(len(o.dims) for o in rows)
        top = [o for o in rows if len(o.dims) == fewest]
        value = sum(o.value for o in top) if add else sum(o.value for o in top) / len(top)
        out.append(Observation(ind, period, value, top[0].text if len(top) == 1 else None))
        levels: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        for o in rows:
            for dim, level in o.dims:
                levels[dim][level].append(o.value)
        if levels:
            breakdown[(ind, period.label)] = {
                d: {lvl: (sum(v) if add else sum(v) / len(v)) for lvl, v in ls.items()}
                for d, ls in levels.items()}
    return out, breakdown


def assess(plan: Plan, observations: list[Observation], period: Period, *,
           name: str | None = None, approved: set[tuple[str, str]] | None = None
           ) -> Assessment:
    """The assessment of ``plan`` for ``period`` from ``observations`` (any periods:
    those after ``period`` are ignored). ``approved``: (indicator, period)
    pairs whose data are approved."""
    upto = [o for o in observations if o.period.end <= period.end]
    made, breakdown = totals(plan, upto)
    return assess_totals(plan, made, breakdown, period, name=name, approved=approved,
                         observations=len(upto))


def assess_totals(plan: Plan, made: list[Observation], breakdown: Breakdown, period: Period,
                  *, name: str | None = None, approved: set[tuple[str, str]] | None = None,
                  observations: int = 0) -> Assessment:
    """:func:`assess` from the totals of :func:`totals` (or of the store's query)."""
    upto = sorted((o for o in made if o.period.end <= period.end), key=_order)
    by_ind: dict[str, list[Observation]] = defaultdict(list)
    for o in upto:
        by_ind[o.indicator].append(o)
    anchor = _anchors(plan)
    memo: dict[tuple[str, float | None], _Targets] = {}
    statuses = {
        ind.id: _indicator(ind, by_ind.get(ind.id, []), period, anchor.get(ind.id),
                           approved or set(), breakdown, memo)
        for ind in plan.indicators
    }
    objectives = {o.id: _roll_up(o.name, _measuring(plan, "objective", o.id), statuses)
                  for o in plan.objectives}
    outputs = {o.id: _roll_up(o.name, _measuring(plan, "output", o.id), statuses)
               for o in plan.outputs}
    history = _history(plan, by_ind, period, anchor, approved or set(), memo)
    benchmarks = {}
    for b in plan.benchmarks:
        ids = [i.id for i in plan.indicators if i.measures == b.id]
        benchmarks[b.id] = {"name": b.name, "core": b.core, "term": b.term,
                            "trigger": b.trigger, "indicators": ids,
                            "holds": _holds(ids, statuses)}
    series: dict[str, list[dict[str, Any]]] = {}
    for ind in plan.indicators:
        obs = by_ind.get(ind.id, [])
        if not obs:
            continue
        base = statuses[ind.id].baseline
        found = memo.get((ind.id, base)) or _targets(ind, base, anchor.get(ind.id))
        series[ind.id] = [
            {"period": o.period.label, "end": o.period.end.isoformat(), "value": o.value,
             "expected": _expected(list(found.points), anchor.get(ind.id), base, o.period.end)}
            for o in obs]
    return Assessment(name or plan.mission.id, period, statuses, objectives, outputs,
                      benchmarks, history, _triggers(plan, benchmarks, statuses, period),
                      observations, series)


def _measuring(plan: Plan, what: str, item: str) -> list[str]:
    """The indicators that measure an objective or output, directly or through
    its outputs and benchmarks."""
    targets = {item}
    if what == "objective":
        targets |= {o.id for o in plan.outputs if o.objective == item}
        targets |= {b.id for b in plan.benchmarks if b.objective == item}
    return [i.id for i in plan.indicators if i.measures in targets]


def _roll_up(name: str, ids: list[str], statuses: dict[str, IndicatorStatus]
             ) -> dict[str, Any]:
    judged = [statuses[i] for i in ids if statuses[i].status not in ("no data",
                                                                         "no numeric target")]
    progress = [s.progress for s in judged if s.progress is not None]
    good = sum(1 for s in judged if s.status in ("met", "on track"))
    bad = sum(1 for s in judged if s.status in ("off track", "missed"))
    if not judged:
        rating = "no data"
    elif good >= 0.75 * len(judged):
        rating = "on track"
    elif bad > len(judged) / 2:
        rating = "off track"
    else:
        rating = "mixed"
    recommendation = {"on track": "maintain", "mixed": "scale up", "off track": "adapt",
                      "no data": None}[rating]
    return {
        "name": name,
        "progress": round(sum(progress) / len(progress), 3) if progress else None,
        "rating": rating,
        "recommendation": recommendation,
        "indicators": {i: {"value": statuses[i].value, "target": statuses[i].expected
                           if statuses[i].expected is not None else statuses[i].target,
                           "status": statuses[i].status} for i in ids},
        # judged by the assessment team with narrative evidence, not computed
        "relevance": None, "extent": None, "duration": None,
    }


def _holds(ids: list[str], statuses: dict[str, IndicatorStatus]) -> bool | None:
    if not ids or all(statuses[i].status == "no data" for i in ids):
        return None
    return all(statuses[i].status == "met" for i in ids)


def _triggers(plan: Plan, benchmarks: dict[str, dict[str, Any]],
              statuses: dict[str, IndicatorStatus], period: Period) -> dict[str, Any]:
    ids = [b for b, v in benchmarks.items() if v["trigger"]]
    met = bool(ids) and all(benchmarks[b]["holds"] for b in ids)
    evidence = [
        f"{i}: {statuses[i].value:g} in {statuses[i].period} (target {statuses[i].target:g})"
        for b in ids for i in benchmarks[b]["indicators"]
        if statuses[i].value is not None and statuses[i].target is not None
    ]
    finding = None
    if met:
        finding = (f"Every trigger benchmark holds in {period.label} "
                   f"({', '.join(ids)}): the conditions to recommend initiating transition "
                   "and exit planning are met; the SRSG recommends it to the "
                   "Secretary-General. Data: " + "; ".join(evidence) + ".")
    return {"benchmarks": ids, "met": met, "finding": finding,
            "source": TRANSITION_SOURCE if ids else None}


def _history(plan: Plan, by_ind: dict[str, list[Observation]], period: Period,
             anchor: dict[str, dt.date | None], approved: set[tuple[str, str]],
             memo: dict[tuple[str, float | None], _Targets]
             ) -> dict[str, dict[str, bool | None]]:
    """Each benchmark's state in each quarter up to ``period`` (the heat map).

    ``by_ind``: each indicator's totals in :func:`_order`; a quarter's are a
    prefix of them (found by bisection, not by filtering every total again).
    """
    if not any(by_ind.values()):
        return {b.id: {} for b in plan.benchmarks}
    first = min(obs[0].period for obs in by_ind.values() if obs)
    ends = {k: [o.period.end for o in obs] for k, obs in by_ind.items()}
    measured: dict[str, list[str]] = defaultdict(list)
    for i in plan.indicators:
        if i.measures:
            measured[i.measures].append(i.id)
    out: dict[str, dict[str, bool | None]] = {b.id: {} for b in plan.benchmarks}
    for q in quarters(first, period):
        statuses = {}
        for i in plan.indicators:
            obs = by_ind.get(i.id, [])
            cut = bisect.bisect_right(ends[i.id], q.end) if obs else 0
            statuses[i.id] = _indicator(i, obs[:cut], q, anchor.get(i.id), approved, {}, memo)
        for b in plan.benchmarks:
            out[b.id][q.label] = _holds(measured.get(b.id, []), statuses)
    return out


def _order(o: Observation) -> tuple[dt.date, dt.date, str]:
    """Totals in the order of their periods' ends: the latest is the last."""
    return o.period.end, o.period.start, o.period.label


def _anchors(plan: Plan) -> dict[str, dt.date | None]:
    """The date each indicator's relative targets count from (see the module)."""
    dated = {e.id: e.date for e in plan.events if e.date is not None}
    first = min(dated.values()) if dated else None
    criteria = {c.id: c for c in plan.constraints}
    bench = {b.id: b for b in plan.benchmarks}
    out: dict[str, dt.date | None] = {}
    for ind in plan.indicators:
        b = bench.get(ind.measures or "")
        c = criteria.get(b.criterion or "") if b is not None else None
        out[ind.id] = dated.get(c.from_, first) if c is not None else first
    return out


_RELATIVE = re.compile(r"^(day|week|month|year)\s+(\d+)$", re.IGNORECASE)


def target_date(label: str, anchor: dt.date | None) -> dt.date | None:
    """The date a target's period names: relative to ``anchor`` or a period label.

    >>> target_date("month 3", dt.date(2026, 6, 3))
    datetime.date(2026, 9, 3)
    >>> target_date("2027Q1", None)
    datetime.date(2027, 3, 31)
    """
    m = _RELATIVE.match(label.strip())
    if m:
        if anchor is None:
            return None
        unit, n = m.group(1).lower(), int(m.group(2))
        if unit == "day":
            return anchor + dt.timedelta(days=n)
        if unit == "week":
            return anchor + dt.timedelta(weeks=n)
        months = n * (12 if unit == "year" else 1)
        y, mo = divmod(anchor.month - 1 + months, 12)
        year, month = anchor.year + y, mo + 1
        day = min(anchor.day, _month_days(year, month))
        return dt.date(year, month, day)
    try:
        return parse_period(label).end
    except ValueError:
        return None


def _month_days(year: int, month: int) -> int:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def _number(value: object, baseline: float | None) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip().lower()
    if text == "to halve" and baseline is not None:
        return baseline / 2
    try:
        return float(text)
    except ValueError:
        return None


def _value(obs: list[Observation]) -> tuple[float, str | None, str]:
    """The total of the latest period in ``obs`` (totals in :func:`_order`)."""
    last = obs[-1]
    return last.value, last.text, last.period.label


@dataclass(frozen=True)
class _Targets:
    """What an indicator's targets say, given its baseline (worked out once)."""

    kind: str
    final: float | None
    target_text: str | None
    points: tuple[tuple[dt.date, float], ...]


def _targets(ind: Indicator, baseline: float | None, anchor: dt.date | None) -> _Targets:
    kind = kind_of(ind)
    final = _number(ind.target, baseline) if ind.target is not None else None
    if final is None and kind == "yes_no":
        final = 1.0
    if final is None and kind == "rating":
        final = float(len(ind.scale))
    target_text = None if ind.target is None or _number(ind.target, baseline) is not None \
        else str(ind.target)
    points: list[tuple[dt.date, float]] = []
    for t in ind.targets:
        when, v = target_date(t.period, anchor), _number(t.value, baseline)
        if when is not None and v is not None:
            points.append((when, v))
    return _Targets(kind, final, target_text, tuple(sorted(points)))


def _indicator(ind: Indicator, obs: list[Observation], period: Period,
               anchor: dt.date | None, approved: set[tuple[str, str]],
               breakdown: Breakdown,
               memo: dict[tuple[str, float | None], _Targets] | None = None
               ) -> IndicatorStatus:
    """``ind`` in ``period`` from its totals up to the period's end, in :func:`_order`."""
    baseline = _number(ind.baseline, None) if ind.baseline is not None else None
    baseline_observed = False
    if baseline is None and obs:
        baseline = obs[0].value
        baseline_observed = True
    memo = {} if memo is None else memo
    found = memo.get((ind.id, baseline))
    if found is None:
        found = memo[(ind.id, baseline)] = _targets(ind, baseline, anchor)
    kind, final, target_text = found.kind, found.final, found.target_text
    expected = _expected(list(found.points), anchor, baseline, period.end)
    falling = target_text is not None and "fall" in target_text.lower()
    up = True
    if ind.better is not None:
        up = ind.better == "higher"
    elif final is not None and baseline is not None:
        up = final >= baseline
    elif falling or final == 0:
        up = False
    empty = IndicatorStatus(ind.id, ind.name, ind.unit, None, None, None, baseline,
                            baseline_observed, expected, final, target_text, None, "no data",
                            None, None, False)
    if not obs:
        return empty
    value, text, label = _value(obs)
    # the trend is against the last value before this period (a quarter's
    # change, not a month's noise)
    cut = bisect.bisect_left([o.period.end for o in obs], period.start)
    previous = obs[cut - 1].value if cut else None
    trend = None
    if previous is not None:
        delta = value - previous
        trend = "steady" if abs(delta) < 1e-9 else (
            "improving" if (delta > 0) == up else "worsening")
    progress = None
    if final is not None and baseline is not None and final != baseline:
        progress = max(0.0, min(1.0, (value - baseline) / (final - baseline)))
    reached = final is not None and (value >= final if up else value <= final)
    if ind.better == "lower" and baseline is not None and final is not None \
            and baseline <= final:
        progress = None  # a ceiling (days to a deadline): reached or not, no way "towards" it
    if reached:
        status = "met"
        progress = 1.0
    elif ind.frequency == "once" and final is not None:
        status = "missed"  # measured once, and it did not reach its target
    elif expected is not None and baseline is not None:
        if expected == baseline:
            status = "on track"
        else:
            share = (value - baseline) / (expected - baseline)
            status = ("on track" if share >= ON_TRACK else
                      "behind" if share >= BEHIND else "off track")
    elif final is not None and kind == "yes_no":
        status = "behind"
    elif trend is not None:  # no dated target: judged by the trend
        status = {"improving": "on track", "steady": "behind", "worsening": "off track"}[trend]
    else:
        status = "no numeric target" if final is None else "on track"
    return IndicatorStatus(ind.id, ind.name, ind.unit, value, text, label, baseline,
                           baseline_observed, expected, final, target_text, progress, status,
                           trend, previous, (ind.id, label) in approved,
                           breakdown.get((ind.id, label), {}))


def _expected(points: list[tuple[dt.date, float]], anchor: dt.date | None,
              baseline: float | None, when: dt.date) -> float | None:
    """The value expected by ``when``: straight lines from the baseline through the targets."""
    line = ([(anchor, baseline)] if anchor is not None and baseline is not None else []) + points
    if not points:
        return None
    if when <= line[0][0]:
        return line[0][1] if len(line) > len(points) else None
    for (d0, v0), (d1, v1) in itertools.pairwise(line):
        if d0 <= when <= d1:
            span = (d1 - d0).days or 1
            return v0 + (v1 - v0) * (when - d0).days / span
    return line[-1][1]
