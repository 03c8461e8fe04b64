"""The pictures of the pages, drawn by the same code as the report, at the reader's level.

Each is kept beside the plan's analysis in the cache (:func:`impp.cache.derived`),
keyed by the reader's level, so a page drawn once is read back after.
A picture that would name a withheld item is drawn from the reader's data
(the Gantt chart from the redacted summary) or left out, as in the report.
"""

from __future__ import annotations

import io
import mimetypes
from typing import Any

from impp import cache
from impp.clearance import Clearance
from impp.model import Sensitivity
from impp.model.plan import Plan
from impp.plan_analysis import PlanAnalysis
from impp.report.charts import Chart, inline_svg
from impp.report.files import Package
from impp.views import lift_withheld, plan_summary

mimetypes.add_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   ".docx")


def _view(plan: Plan, a: PlanAnalysis, reader: Clearance) -> Any:
    from impp.report.view import make_view
    from impp.summary import project

    return make_view(plan, project(plan, a), reader.level)


def gantt(plan: Plan, a: PlanAnalysis, reader: Clearance) -> str | None:
    """The Gantt chart as inline SVG (the engine's when nothing is withheld)."""
    def draw() -> str | None:
        from impp.report.analyses import engine_gantt
        from impp.report.documents import timeline_charts

        view = _view(plan, a, reader)
        engine = engine_gantt(plan, view)
        if engine is not None:
            return inline_svg(engine[1])
        own, _ = timeline_charts(view, "svg")
        return inline_svg(own) if own is not None else None

    return cache.derived(plan, f"web-gantt|{reader.level.value}", draw)


def risk(plan: Plan, a: PlanAnalysis, reader: Clearance) -> list[Chart]:
    """Schedule risk's S-curves and tornado (none when items are withheld)."""
    from impp.report.analyses import engine_risk_charts

    return engine_risk_charts(plan, _view(plan, a, reader))


def asset_use(plan: Plan, a: PlanAnalysis, reader: Clearance) -> str | None:
    """The lift assets' use over time (left out when a lift asset is withheld)."""
    dep = a.deployment.deployment if a.deployment is not None else None
    if dep is None or not dep.solution.has_schedule or lift_withheld(plan, reader):
        return None

    def draw() -> str | None:
        import tempfile
        from pathlib import Path

        from impp.deploy.chart import draw_asset_use

        with tempfile.TemporaryDirectory(prefix="impp-web-") as tmp:
            paths = draw_asset_use(dep, Path(tmp))
            svg = [p for p in paths if p.suffix == ".svg"]
            return inline_svg(svg[0].read_bytes()) if svg else None

    return cache.derived(plan, f"web-asset-use|{reader.level.value}", draw)


def cost(plan: Plan, a: PlanAnalysis, reader: Clearance) -> str | None:
    """The cost by budget year and driver and the first year's S-curve (totals only:
    it names no item, so every reader sees it)."""
    if a.cost is None:
        return None
    estimate = a.cost

    def draw() -> str | None:
        import tempfile
        from pathlib import Path

        from impp.cost.chart import draw_cost

        with tempfile.TemporaryDirectory(prefix="impp-web-") as tmp:
            paths = draw_cost(estimate.as_dict(), Path(tmp))
            svg = [p for p in paths if p.suffix == ".svg"]
            return inline_svg(svg[0].read_bytes()) if svg else None

    return cache.derived(plan, "web-cost", draw)


def conflict(visible: Plan, level: str) -> list[Chart]:
    """The actor network and the problem tree, drawn from what the reader may see."""
    if not visible.actors and not visible.causes:
        return []

    def draw() -> list[Chart]:
        import matplotlib

        matplotlib.use("Agg")
        from impp.analysis.draw import draw_network, draw_problem_tree

        out = []
        for title, make, needed in (
                ("The actors and their relations (violent actors in red, those the mission "
                 "works with in green).", draw_network, visible.actors),
                ("The problem tree: structural, proximate and trigger causes, and what "
                 "addresses them.", draw_problem_tree, visible.causes)):
            if not needed:
                continue
            fig = make(visible)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="svg", bbox_inches="tight")
            import matplotlib.pyplot as plt

            plt.close(fig)
            out.append(Chart(title, svg=inline_svg(buffer.getvalue())))
        return out

    return cache.derived(visible, f"web-conflict|{level}", draw)


def package(plan: Plan, level: Sensitivity) -> Package:
    """The planning package at ``level`` (the same bytes as ``impp report``)."""
    def build() -> Package:
        from impp.plan_analysis import analyse
        from impp.report.package import build_package
        from impp.summary import project

        return build_package(plan, project(plan, analyse(plan)), level)

    return cache.derived(plan, f"report-package|{level.value}", build)


def media_type(name: str) -> str:
    """The content type of a package file, by its name."""
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


__all__ = ["asset_use", "conflict", "gantt", "media_type", "package", "plan_summary", "risk"]
