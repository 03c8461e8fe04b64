"""Charts a chief reads without help: no label drawn over another, measured with the
renderer's own bounding boxes, on Carana and on a plan in conflict."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

import matplotlib
import pytest

from impp.model import Plan

matplotlib.use("Agg")


def _overlaps(fig: Any) -> list[tuple[str, str]]:
    """Pairs of visible, non-empty texts whose boxes intersect (by more than a pixel)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    # an axis keeps tick labels for ticks outside its view: they are never drawn
    undrawn: set[int] = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            shown = ax.axison and axis.get_visible()
            for tick in axis.majorTicks + axis.minorTicks:
                loc = tick.get_loc()
                if not shown or loc is None or not lo - 1e-9 <= loc <= hi + 1e-9:
                    undrawn |= {id(tick.label1), id(tick.label2)}
    boxes = []
    for text in fig.findobj(matplotlib.text.Text):
        if (not text.get_visible() or not text.get_text().strip()
                or id(text) in undrawn):
            continue
        box = text.get_window_extent(renderer)
        if box.width > 0 and box.height > 0:
            boxes.append((text.get_text(), box.expanded(1.0, 1.0).padded(-1)))
    return [(a, b) for (a, ba), (b, bb) in combinations(boxes, 2) if ba.overlaps(bb)]


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The figures the chart functions save, kept open to be measured."""
    import impp.figures

    figures: list[Any] = []
    real = impp.figures.save_figure

    def keep(fig: Any, stem: Any, *args: Any, **kwargs: Any) -> list[Path]:
        figures.append(fig)
        return real(fig, stem, *args, **{**kwargs, "close": False})

    monkeypatch.setattr(impp.figures, "save_figure", keep)
    # modules imported before the test bound the function to their own name
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith("impp.") and getattr(module, "save_figure", None) is real:
            monkeypatch.setattr(module, "save_figure", keep)
    return figures


def test_the_gantt_tornado_and_cost_charts_of_carana_have_no_label_over_another(
        carana_plan: Plan, captured: list[Any], tmp_path: Path) -> None:
    from impp.clearance import clearance
    from impp.cost.chart import draw_cost
    from impp.model import Sensitivity
    from impp.plan_analysis import analyse
    from impp.risk.charts import draw_tornado
    from impp.temporal.gantt import draw_gantt
    from impp.views import cost_data

    a = analyse(carana_plan)
    draw_gantt(a.schedule, tmp_path / "gantt", states={k: v.state for k, v in a.verdicts.items()})
    assert a.risk is not None
    draw_tornado(a.risk, "deployment_within_90", tmp_path / "tornado")
    data = cost_data(a, clearance(carana_plan, Sensitivity.strictly_confidential))
    assert data is not None
    draw_cost(data, tmp_path)
    assert a.deployment is not None and a.deployment.deployment is not None
    from impp.deploy.chart import draw_asset_use

    draw_asset_use(a.deployment.deployment, tmp_path)
    assert len(captured) == 4
    for fig in captured:
        assert _overlaps(fig) == []


def test_the_actor_network_and_the_problem_tree_have_no_label_over_another(
        carana_plan: Plan) -> None:
    import matplotlib.pyplot as plt

    from impp.analysis.draw import draw_network, draw_problem_tree

    for fig in (draw_network(carana_plan), draw_problem_tree(carana_plan)):
        assert _overlaps(fig) == []
        plt.close(fig)


def test_the_overlap_check_sees_an_overlap(captured: list[Any]) -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "one label")
    ax.text(0.5, 0.5, "another label")
    assert _overlaps(fig) == [("one label", "another label")]
    plt.close(fig)
