"""The results chain as an IATI 2.03 activity file, and its results read back.

One ``iati-activity`` for the mission: a ``result`` per objective (outcome,
type 2) and per output (type 1), an ``indicator`` per indicator with its
baseline and, for each quarter with data, a ``period`` with the target
expected by the quarter's end and the actual values (the total and each
dimension's values as ``dimension`` elements). Each indicator carries a
``reference`` in the reporting organisation's own vocabulary (``99``) with
its id, so that :func:`import_results` matches it again.

Codes (IATI codelists): result type 1 output, 2 outcome; indicator measure
1 unit, 2 percentage, 3 nominal (yes/no), 4 ordinal (a rating scale);
organisation type 40 multilateral; participating role 4 implementing;
activity status 2 implementation; activity date type 2 actual start.
The identifier's prefix is the reporting organisation's IATI identifier,
which a mission must set (``--org-ref``); the default ``XI-IMPP`` is a
placeholder, not a registered identifier.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from impp.exceptions import ImppError
from impp.monitoring.assess import _anchors, _expected, _number, target_date
from impp.monitoring.observations import Observation, kind_of
from impp.monitoring.periods import Period, parse_period, quarter_of

if TYPE_CHECKING:
    from impp.model.plan import Plan
    from impp.model.results import Indicator

VERSION = "2.03"
DEFAULT_ORG = "XI-IMPP"
_MEASURE = {"number": "1", "percent": "2", "yes_no": "3", "rating": "4"}


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    ET.SubElement(el, "narrative").text = text
    return el


def _fmt(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.0f}"


def export_activity(plan: Plan, observations: list[Observation], *,
                    org_ref: str = DEFAULT_ORG, when: dt.datetime | None = None) -> bytes:
    """The IATI 2.03 activity file of ``plan``'s results chain with ``observations``."""
    now = (when or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    root = ET.Element("iati-activities", {"version": VERSION,
                                           "generated-datetime": now.isoformat()})
    act = ET.SubElement(root, "iati-activity", {
        "last-updated-datetime": now.isoformat(),
        "{http://www.w3.org/XML/1998/namespace}lang": "en", "default-currency": "USD"})
    m = plan.mission
    ET.SubElement(act, "iati-identifier").text = f"{org_ref}-{m.id}"
    _text(act, "reporting-org", "United Nations Secretariat", ref=org_ref, type="40")
    _text(act, "title", m.name)
    _text(act, "description", m.mandate or m.name, type="1")
    _text(act, "participating-org", m.name, role="4", type="40")
    ET.SubElement(act, "activity-status", {"code": "2"})
    dated = sorted(e.date for e in plan.events if e.date is not None)
    start = dated[0] if dated else (min(o.period.start for o in observations)
                                   if observations else now.date())
    ET.SubElement(act, "activity-date", {"type": "2", "iso-date": start.isoformat()})
    by_ind: dict[str, list[Observation]] = defaultdict(list)
    for o in observations:
        by_ind[o.indicator].append(o)
    anchors = _anchors(plan)
    groups: list[tuple[str, str, set[str]]] = []
    for objective in plan.objectives:
        groups.append(("2", objective.name, {objective.id} | {
            b.id for b in plan.benchmarks if b.objective == objective.id}))
    for out in plan.outputs:
        groups.append(("1", out.name, {out.id}))
    for kind, title, measured in groups:
        inds = [i for i in plan.indicators if i.measures in measured]
        if not inds:
            continue
        result = ET.SubElement(act, "result", {"type": kind})
        _text(result, "title", title)
        for ind in inds:
            _indicator(result, ind, by_ind.get(ind.id, []), anchors.get(ind.id), start)
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def _indicator(result: ET.Element, ind: Indicator, obs: list[Observation],
               anchor: dt.date | None, start: dt.date) -> None:
    kind = kind_of(ind)
    attrs = {"measure": _MEASURE[kind]}
    up = ind.better != "lower"
    if ind.better is None:
        b, t = _number(ind.baseline, None), _number(ind.target, None)
        up = not (b is not None and t is not None and t < b)
    if kind in ("number", "percent"):
        attrs["ascending"] = "1" if up else "0"
    el = ET.SubElement(result, "indicator", attrs)
    _text(el, "title", ind.name)
    if ind.unit or ind.data_source:
        _text(el, "description", "; ".join(x for x in (
            f"unit: {ind.unit}" if ind.unit else "",
            f"data source: {ind.data_source}" if ind.data_source else "") if x))
    ET.SubElement(el, "reference", {"vocabulary": "99", "code": ind.id})
    baseline = _number(ind.baseline, None) if ind.baseline is not None else None
    base_el = ET.SubElement(el, "baseline", {"year": str((anchor or start).year),
                                             "iso-date": (anchor or start).isoformat()})
    if baseline is not None:
        base_el.set("value", _fmt(baseline))
    elif ind.baseline is not None:
        _text(base_el, "comment", str(ind.baseline))
    points = sorted((d, v) for d, v in (
        (target_date(t.period, anchor), _number(t.value, baseline)) for t in ind.targets)
        if d is not None and v is not None)
    final = _number(ind.target, baseline) if ind.target is not None else None
    by_quarter: dict[Period, list[Observation]] = defaultdict(list)
    for o in obs:
        by_quarter[o.period.quarter()].append(o)
    for q in sorted(by_quarter):
        period = ET.SubElement(el, "period")
        ET.SubElement(period, "period-start", {"iso-date": q.start.isoformat()})
        ET.SubElement(period, "period-end", {"iso-date": q.end.isoformat()})
        expected = _expected(points, anchor, baseline, q.end)
        target = expected if expected is not None else final
        if target is not None:
            ET.SubElement(period, "target", {"value": _fmt(target)})
        elif ind.target is not None:
            t_el = ET.SubElement(period, "target")
            _text(t_el, "comment", str(ind.target))
        rows = by_quarter[q]
        last = max(o.period for o in rows)
        for o in sorted((o for o in rows if o.period == last), key=lambda o: o.dims):
            actual = ET.SubElement(period, "actual", {"value": _fmt(o.value)})
            for name, value in o.dims:
                ET.SubElement(actual, "dimension", {"name": name, "value": value})
            note = "; ".join(x for x in (o.text or "", o.source or "", f"period {o.period.label}"
                                         if o.period != q else "") if x)
            if note:
                _text(actual, "comment", note)


def write_activity(plan: Plan, observations: list[Observation], out: Path, *,
                   org_ref: str = DEFAULT_ORG) -> Path:
    """Write the activity file to ``out``."""
    try:
        out.write_bytes(export_activity(plan, observations, org_ref=org_ref))
    except OSError as exc:
        raise ImppError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out


def import_results(plan: Plan, path: Path) -> tuple[list[Observation], list[int]]:
    """The actual values of an IATI activity file as observations of ``plan``'s
    indicators (matched by the ``reference`` code this module writes, else by
    title), with the file's line of each (for messages).

    A period that is exactly a calendar quarter becomes that quarter; any
    other is the date it ends. Raises :class:`ImppError` when the file is not
    IATI XML or names an indicator the plan lacks.
    """
    from impp.monitoring.observations import ObservationError, RowProblem, parse_value

    try:
        tree = ET.parse(path)
    except (ET.ParseError, OSError) as exc:
        raise ImppError(f"{path}: not an IATI XML file ({exc})") from exc
    root = tree.getroot()
    if root.tag != "iati-activities":
        raise ImppError(f"{path}: the root element is <{root.tag}>, not <iati-activities>")
    by_id = {i.id: i for i in plan.indicators}
    by_name = {i.name.strip().lower(): i for i in plan.indicators}
    out: list[Observation] = []
    problems: list[RowProblem] = []
    for n, el in enumerate(root.iter("indicator"), start=1):
        ref = el.find("reference[@vocabulary='99']")
        title = el.findtext("title/narrative", "").strip()
        ind = by_id.get(ref.get("code", "")) if ref is not None else None
        ind = ind or by_name.get(title.lower())
        if ind is None:
            problems.append(RowProblem(str(path), n, "indicator",
                                       f"{title or '(no title)'!r} is not an indicator of the "
                                       "plan (match by <reference vocabulary=\"99\" code=\"ID\"/>"
                                       " or by its name)"))
            continue
        for period in el.findall("period"):
            try:
                start = dt.date.fromisoformat(period.find("period-start").get("iso-date", ""))  # type: ignore[union-attr]
                end = dt.date.fromisoformat(period.find("period-end").get("iso-date", ""))  # type: ignore[union-attr]
            except (AttributeError, ValueError):
                problems.append(RowProblem(str(path), n, "period",
                                           f"{ind.id}: a period without valid ISO dates"))
                continue
            q = quarter_of(end)
            label = q if (q.start, q.end) == (start, end) else parse_period(end)
            for actual in period.findall("actual"):
                raw = actual.get("value")
                if raw is None:
                    continue
                value, text, why = parse_value(ind, raw)
                if why or value is None:
                    problems.append(RowProblem(str(path), n, "value", f"{ind.id}: {why}"))
                    continue
                dims = tuple(sorted((d.get("name", ""), d.get("value", ""))
                                    for d in actual.findall("dimension")))
                out.append(Observation(ind.id, label, value, text, dims,
                                       f"IATI file {path.name}", None))
    if problems:
        raise ObservationError(problems)
    return out, list(range(1, len(out) + 1))
