"""The planning package: every document of a plan, written to one folder.

``report.html`` (the whole picture, offline), ``planning-directive.docx`` and
``.pdf`` (IMPP guidelines Annex B), ``strategic-assessment.docx`` (§1.1.2),
``mission-plan.docx`` (§1.2.3, §2.1.2) and, for a plan that sets costs,
``draft-mission-budget.docx`` and ``.pdf`` (§1.2.4). Built from the plan and its
summary (:func:`impp.summary.summarize`) for a reader at a given marking.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from impp.model import Plan, Sensitivity
from impp.report.analyses import attach_engine_charts
from impp.report.assessment import strategic_assessment
from impp.report.budget import draft_mission_budget
from impp.report.directive import planning_directive
from impp.report.document import Document
from impp.report.files import Package as Package
from impp.report.files import PackageFile as PackageFile
from impp.report.html import render_html
from impp.report.mission_plan import mission_plan
from impp.report.pdf import render_pdf
from impp.report.view import make_view
from impp.report.word import render_docx

HTML = "report.html"
DIRECTIVE_DOCX = "planning-directive.docx"
DIRECTIVE_PDF = "planning-directive.pdf"
ASSESSMENT_DOCX = "strategic-assessment.docx"
MISSION_PLAN_DOCX = "mission-plan.docx"
BUDGET_DOCX = "draft-mission-budget.docx"
BUDGET_PDF = "draft-mission-budget.pdf"


def build_package(plan: Plan, summary: dict[str, Any],
                  max_sensitivity: Sensitivity = Sensitivity.strictly_confidential,
                  on_step: Callable[[str], None] | None = None,
                  pool: Executor | None = None) -> Package:
    """The planning package of ``plan`` for a reader cleared to ``max_sensitivity``.

    With a ``pool`` of worker processes (:func:`worker_pool`), a worker lays
    out the PDFs while this process writes the page and the Word files:
    fpdf2's line breaking is Python and holds the interpreter. The files are
    the same bytes either way (see :mod:`impp.workers` on what a caller that
    starts workers must guard).

    >>> from impp.io import load_plan_text
    >>> from impp.summary import summarize
    >>> plan = load_plan_text("mission: {id: m, name: Mission M}\\n"
    ...                       "events: [{id: a, name: A, date: 2026-06-01}]\\n", "m.yaml")
    >>> pkg = build_package(plan, summarize(plan))
    >>> [f.name for f in pkg.files]  # doctest: +NORMALIZE_WHITESPACE
    ['report.html', 'planning-directive.docx', 'planning-directive.pdf',
     'strategic-assessment.docx', 'mission-plan.docx']
    """
    step = on_step or (lambda _: None)
    view = make_view(plan, summary, max_sensitivity)
    step("charts")
    attach_engine_charts(plan, view)
    step("documents")
    directive = planning_directive(view)
    assessment = strategic_assessment(view)
    mplan = mission_plan(view)
    documents: dict[str, Document] = {
        DIRECTIVE_DOCX: directive, DIRECTIVE_PDF: directive,
        ASSESSMENT_DOCX: assessment, MISSION_PLAN_DOCX: mplan,
    }
    budget = draft_mission_budget(view)
    if budget is not None:  # a plan that sets costs
        documents[BUDGET_DOCX] = documents[BUDGET_PDF] = budget
    # the PDFs to the worker first (the longest), then this process's share
    laid_out = {name: pool.submit(render_pdf, doc) for name, doc in documents.items()
                if pool is not None and name.endswith(".pdf")}
    step(HTML)
    html = render_html(view, documents)
    data: dict[str, bytes] = {}
    for name, doc in documents.items():
        if name not in laid_out:
            step(name)
            data[name] = render_pdf(doc) if name.endswith(".pdf") else render_docx(doc)
    for name, future in laid_out.items():
        step(name)
        data[name] = future.result()
    files = [PackageFile(HTML, "Planning report",
                         Sensitivity(view.summary["mission"]["sensitivity"]),
                         html.encode("utf-8"))]
    files += [PackageFile(name, doc.title, doc.marking, data[name])
              for name, doc in documents.items()]
    return Package(tuple(files), view.omitted_items, max_sensitivity)


def worker_pool() -> Executor:
    """One worker process for :func:`build_package`, started now."""
    from impp.workers import spawn_pool

    return spawn_pool(1, _ready)


def _ready() -> None:
    """A worker's imports, done while it waits for its first document."""
    import impp.report.pdf  # noqa: F401
