"""Every check that `impp plan` runs, listed once.

Checks of the plan alone are pure functions ``Plan -> list[Finding]``, in
:data:`CHECKS`. The checks that read a model's result (the timeline's
conflicts and missed criteria, the deployment's late milestones) run inside
:func:`impp.plan_analysis.analyse` on the result computed there, so that a
criterion decided by the lift schedule is reported once, with both models'
figures: :data:`MODEL_CHECKS` names them.
"""

from __future__ import annotations

from collections.abc import Callable

from impp.analysis.checks import check_conflict_analysis
from impp.findings import Finding
from impp.model.plan import Plan
from impp.process.checks import check_process
from impp.results.checks import check_results

Check = Callable[[Plan], list[Finding]]

CHECKS: list[Check] = [
    check_process,
    check_conflict_analysis,
    check_results,
]

#: The checks on models' results, run by :func:`impp.plan_analysis.analyse`.
MODEL_CHECKS = (
    "impp.temporal.checks.timeline_findings",
    "impp.plan_analysis.deployment_findings",
)


def run_checks(plan: Plan) -> list[Finding]:
    """The findings of every check, errors first (those of the plan's analysis).

    >>> from impp.model import Mission
    >>> all(f.code for f in run_checks(Plan(mission=Mission(id="m", name="M"))))
    True
    """
    from impp.plan_analysis import analyse

    return list(analyse(plan).findings)
