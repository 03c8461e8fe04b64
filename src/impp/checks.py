"""Every check that `impp plan` runs, listed once.

Each check is a pure function ``Plan -> list[Finding]``. Adding an analysis to
the main job means adding it to :data:`CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable

from impp.analysis.checks import check_conflict_analysis
from impp.deploy.enrich import check_deployment
from impp.findings import Finding, sort_findings
from impp.model.plan import Plan
from impp.process.checks import check_process
from impp.results.checks import check_results
from impp.temporal.checks import check_timeline

Check = Callable[[Plan], list[Finding]]

CHECKS: list[Check] = [
    check_process,
    check_timeline,
    check_conflict_analysis,
    check_results,
    check_deployment,
]


def run_checks(plan: Plan) -> list[Finding]:
    """The findings of every check, errors first.

    >>> from impp.model import Mission
    >>> all(f.code for f in run_checks(Plan(mission=Mission(id="m", name="M"))))
    True
    """
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(plan))
    return sort_findings(findings)
