"""Every check that `impp plan` runs: the registry's (:mod:`impp.doctrine.registry`).

Each rule is declared once, beside the check that reports it, with its
code, severity, passage and phase; the analysis runs the registry phase by
phase (the plan alone beside the solvers, then the timeline's schedule,
then every model's result), so that a criterion decided by the lift
schedule is reported once, with both models' figures.
"""

from __future__ import annotations

from impp.findings import Finding
from impp.model.plan import Plan


def run_checks(plan: Plan) -> list[Finding]:
    """The findings of every check, errors first (those of the plan's analysis).

    >>> from impp.model import Mission
    >>> all(f.code for f in run_checks(Plan(mission=Mission(id="m", name="M"))))
    True
    """
    from impp.plan_analysis import analyse

    return list(analyse(plan).findings)
