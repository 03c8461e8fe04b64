"""What the cost estimate says against the plan's ceiling, and the reserve it must cost.

- ``cost.over-ceiling`` (warning): the first year's estimate is over the
  plan's ceiling on its own schedule, or inside it in fewer than four samples
  in five (the P80 convention, as for the criteria); where the lift that
  exists misses FOC, the lift asset that would meet it is priced against the
  ceiling ("one more ... meets FOC by day N at USD X a month");
- ``cost.reserve-assessment-missing`` (info): New Horizon asks planners of a
  new mission to "provide to the Security Council an assessment, together
  with estimated costs and options, for reserve capacity requirements"; the
  plan's costs name no reserve.
"""

from __future__ import annotations

import re

from impp import fmt
from impp.doctrine import registry
from impp.findings import Finding

CEILING = ('the ceiling\'s own source; IMPP guidelines §1.2.4 (the first Mission Budget Report '
           '"covering the first year of peacekeeping operations")')
RESERVE = ('New Horizon (2009), Planning for contingencies and managing crises ("When planning '
           'new missions and reviewing mission plans, provide to the Security Council an '
           'assessment, together with estimated costs and options, for reserve capacity '
           'requirements.")')
#: Below this share of samples inside the ceiling, the ceiling is at risk (as a criterion).
AT_RISK_BELOW = 0.8
_RESERVE = re.compile(r"\breserves?\b|\bstandby\b|\bstand-by\b", re.I)


@registry.check(
    "models",
    registry.Rule("cost.over-ceiling", "warning",
                  "the first year's estimate is over the plan's ceiling, or inside it in fewer "
                  "than four samples in five; the lift that would meet a missed FOC, priced",
                  CEILING),
    registry.Rule("cost.reserve-assessment-missing", "info",
                  "the plan is costed but names no reserve capacity with its costs and options",
                  RESERVE),
)
def cost_check(ctx: registry.Context) -> list[Finding]:
    """The estimate against the ceiling, and the reserve (see the module)."""
    c = ctx.cost
    if c is None:
        return []
    out: list[Finding] = []
    fy, cur = c.first_year, c.currency
    source = "; ".join(x for x in (c.ceiling_source, CEILING) if x)
    if fy.ceiling:
        over = fy.amount - fy.ceiling
        lift = _lift_for_foc(ctx, fy.ceiling - fy.amount)
        if over > 0:
            out.append(Finding(
                "warning", "cost.over-ceiling",
                f"The first year costs {fmt.money(round(fy.amount), cur)} on the plan's own "
                f"schedule, {fmt.money(round(over), cur)} over its ceiling of "
                f"{fmt.money(fy.ceiling, cur)}: "
                "cut or phase what the first year carries, or ask for a higher ceiling." + lift,
                (), source))
        elif fy.within_ceiling is not None and fy.within_ceiling < AT_RISK_BELOW:
            out.append(Finding(
                "warning", "cost.over-ceiling",
                f"The first year stays inside its ceiling of {fmt.money(fy.ceiling, cur)} in "
                f"only {fmt.percent(fy.within_ceiling)} of the deployment's samples (on the "
                f"plan's own schedule it costs {fmt.money(round(fy.amount), cur)})." + lift,
                (), source))
        elif lift:
            out.append(Finding("warning", "cost.over-ceiling", lift.strip(), (), source))
    named = [*(r.name for r in c.rates), *(i.name for i in (*c.items, *c.options))]
    if not any(_RESERVE.search(n) for n in named):
        out.append(Finding(
            "info", "cost.reserve-assessment-missing",
            "The plan's costs name no reserve capacity (in-mission or strategic): New Horizon "
            "asks for an assessment of reserve requirements with their estimated costs and "
            "options. Add them as cost lines marked `option`.", (), RESERVE))
    return out


def _lift_for_foc(ctx: registry.Context, room: float) -> str:
    """The lift asset that would meet a missed FOC criterion, priced against the room
    left under the ceiling (``room`` negative: already over)."""
    d, c = ctx.deployment, ctx.cost
    if d is None or c is None or not d.what_if:
        return ""
    foc = d.deployment.milestone("foc") if d.deployment is not None else None
    late = [v for v in ctx.verdicts.values()
            if foc is not None and v.deployment is not None
            and v.deployment.milestone == foc.id and v.met is False]
    if not late:
        return ""
    v = late[0]
    short = -(v.margin_days or 0.0)
    rows = [r for r in d.what_if if r.foc_gain is not None and r.foc_gain >= short]
    if not rows:
        return (f" No single extra lift asset meets {v.id} ({fmt.days(short)} days late): "
                "`impp deploy` shows what each gains.")
    cur = c.currency
    parts = []
    for r in rows:
        month = c.per_extra_asset_month.get(r.asset)
        if month is None:
            parts.append(f"one more {r.name} meets it (gains {r.foc_gain} days; no rate "
                         "prices it)")
            continue
        year = month * 12
        verdict = ("inside the ceiling" if year <= room else
                   f"{fmt.money(round(year - room), cur)} over the ceiling")
        parts.append(f"one more {r.name} meets it (gains {r.foc_gain} days) at "
                     f"{fmt.money(round(month), cur)} a month: a whole year of it (the most "
                     "it could cost the first year) would leave the first year "
                     f"{verdict}")
    return f" {v.id} is missed by {fmt.days(short)} days on the lift that exists; " + "; ".join(
        parts) + "."


__all__ = ["cost_check"]
