"""Every rule impp checks, declared once beside its code; the analysis runs them from here.

A *check* is a function of a :class:`Context` that returns findings; it is
declared with :func:`check`, which names the phase it runs in and the rules
(:class:`Rule`: code, severity, what it says, the passage it enforces) whose
findings it may report. The analysis (:func:`impp.plan_analysis.analyse`)
runs each phase's checks with :func:`run`; ``impp rules`` and the README's
table of checks (:func:`table`) are generated from the same declarations, so
a rule cannot exist without being listed, nor be listed without a check.

Phases, in the order the analysis reaches them:

- ``plan``: the plan alone (process, conflict analysis, results chain); runs
  beside the solvers;
- ``timeline``: the plan and its temporal network's schedule;
- ``models``: every model's result (the lift schedule, the verdicts).

A rule may carry ``verdict``: the state a criterion is left in when one of
its findings names the criterion (:attr:`impp.findings.Finding.criterion`),
so that no criterion is "met" while a finding says it cannot be.

>>> r = rule("timeline.before-presence")
>>> r.phase, r.severity, r.verdict, r.module
('models', 'warning', 'missed', 'impp.temporal.presence')
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from impp.findings import Finding

if TYPE_CHECKING:
    from impp.cost.estimate import CostEstimate
    from impp.model.plan import Plan
    from impp.plan_analysis import DeploymentAnalysis, State, Verdict
    from impp.temporal.overlaps import Overlap
    from impp.temporal.schedule import Schedule

Phase = Literal["plan", "timeline", "models"]
PHASES: tuple[Phase, ...] = ("plan", "timeline", "models")

#: The modules that declare checks, in the order their findings are listed.
MODULES = (
    "impp.temporal.checks",
    "impp.temporal.doctrine",
    "impp.process.timeframes",
    "impp.deploy.findings",
    "impp.deploy.seasons",
    "impp.temporal.presence",
    "impp.cost.findings",
    "impp.doctrine.mandate",
    "impp.process.checks",
    "impp.doctrine.facts",
    "impp.analysis.checks",
    "impp.results.checks",
    "impp.spillage",
)


@dataclass(frozen=True)
class Rule:
    """One rule: its stable code, severity, what its finding says, and its passage.

    ``severity`` is the severity of its findings, or two joined by `` / ``
    where the rule grades them (``warning / info``). ``source`` names the
    seed and section and quotes the passage where the rule has one.
    """

    code: str
    severity: str
    summary: str
    source: str
    #: The state a criterion named by the finding is left in (see the module).
    verdict: State | None = None
    #: Why, in a few words, on the criterion's row (with ``verdict``).
    because: str | None = None
    phase: Phase = "plan"
    #: The module and function of the check that reports it (set by :func:`check`).
    module: str = ""
    function: str = ""

    @property
    def file(self) -> str:
        """The file the rule lives in, from the package root (``src/impp/...``)."""
        return "src/" + self.module.replace(".", "/") + ".py"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data (``impp rules --format json``)."""
        return {"code": self.code, "severity": self.severity, "summary": self.summary,
                "source": self.source, "verdict": self.verdict, "phase": self.phase,
                "file": self.file, "function": f"{self.module}.{self.function}"}


@dataclass(frozen=True)
class Context:
    """What a check reads: the plan, and each model's result as far as the phase has it."""

    plan: Plan
    schedule: Schedule | None = None
    overlaps: tuple[Overlap, ...] = ()
    deployment: DeploymentAnalysis | None = None
    #: Criteria and targets, as the models decide them (before the doctrine's word).
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    #: Criteria whose verdict the lift schedule gives (the timeline does not report them).
    decided_elsewhere: frozenset[str] = frozenset()
    #: Event -> (plan day, basis in words) where the lift schedule gives its day.
    lift_days: dict[str, tuple[float, str]] = field(default_factory=dict)
    #: What the plan costs (``None``: no costs section, or no estimate).
    cost: CostEstimate | None = None


CheckFn = Callable[[Context], list[Finding]]


@dataclass(frozen=True)
class Check:
    """A function the analysis runs in a phase, and the rules it reports."""

    phase: Phase
    function: CheckFn
    rules: tuple[Rule, ...]


_CHECKS: list[Check] = []
_RULES: dict[str, Rule] = {}


def check(phase: Phase, *rules: Rule) -> Callable[[CheckFn], CheckFn]:
    """Declare ``function`` a check of ``phase`` that reports ``rules``."""
    def register(function: CheckFn) -> CheckFn:
        bound = tuple(Rule(r.code, r.severity, r.summary, r.source, r.verdict, r.because,
                           phase, function.__module__, function.__name__) for r in rules)
        for r in bound:
            if r.code in _RULES and _RULES[r.code].function != r.function:
                raise ValueError(f"rule {r.code} is declared twice")
            _RULES[r.code] = r
        _CHECKS.append(Check(phase, function, bound))
        return function
    return register


def _load() -> None:
    for name in MODULES:
        importlib.import_module(name)


def checks(phase: Phase) -> list[Check]:
    """The checks of ``phase``, in :data:`MODULES` order."""
    _load()
    order = {name: i for i, name in enumerate(MODULES)}
    found = [c for c in _CHECKS if c.phase == phase]
    return sorted(found, key=lambda c: order.get(c.function.__module__, len(order)))


def run(phase: Phase, context: Context) -> list[Finding]:
    """The findings of every check of ``phase`` on ``context``.

    A finding whose code no rule of its check declares is a programming
    error (:class:`ValueError`): the registry is the list of what impp checks.
    """
    out: list[Finding] = []
    for c in checks(phase):
        declared = {r.code for r in c.rules}
        for f in c.function(context):
            if f.code not in declared:
                raise ValueError(f"{c.function.__module__}.{c.function.__name__} reported "
                                 f"{f.code}, which it does not declare")
            out.append(f)
    return out


def rules() -> list[Rule]:
    """Every rule, in :data:`MODULES` order."""
    _load()
    return [r for phase in PHASES for c in checks(phase) for r in c.rules]


def rule(code: str) -> Rule:
    """The rule with this code (``KeyError`` when there is none)."""
    _load()
    return _RULES[code]


def verdict_states() -> dict[str, State]:
    """Code -> the state its finding leaves the criterion it names in."""
    return {r.code: r.verdict for r in rules() if r.verdict is not None}


def verdict_reasons() -> dict[str, str]:
    """Code -> why its finding decides the criterion, in a few words."""
    return {r.code: r.because or r.summary for r in rules() if r.verdict is not None}


def table() -> str:
    """The README's table of checks, from the declarations."""
    rows = ["| code | severity | what it says | source | where |", "|---|---|---|---|---|"]
    for r in rules():
        summary = r.summary + (f" (the criterion is then *{r.verdict}*)" if r.verdict else "")
        rows.append(f"| `{r.code}` | {r.severity} | {summary} | {r.source} | "
                    f"`{r.file}` ({r.phase}) |")
    return "\n".join(rows)


BEGIN = "<!-- rules:begin (generated by `make docs` from the registry; do not edit by hand) -->"
END = "<!-- rules:end -->"


def replace_table(readme: str) -> str:
    """``readme`` with its table of checks (between :data:`BEGIN` and :data:`END`)
    generated anew from the declarations."""
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{table()}\n{END}{tail}"


__all__ = [
    "Check",
    "Context",
    "Phase",
    "Rule",
    "check",
    "checks",
    "replace_table",
    "rule",
    "rules",
    "run",
    "table",
    "verdict_reasons",
    "verdict_states",
]
