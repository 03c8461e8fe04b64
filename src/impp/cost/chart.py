"""The estimate as pictures: each budget year by driver, and the first year's S-curve
against the ceiling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from impp.cost.estimate import DRIVERS

_COLOURS = {"military": "#4c72b0", "police": "#55a868", "civilian": "#c44e52",
            "aviation": "#8172b2", "infrastructure": "#ccb974", "other": "#64b5cd"}


def draw_cost(data: dict[str, Any], out: Path) -> list[Path]:
    """Write ``cost.png`` and ``cost.svg`` under ``out`` from ``impp.cost/1`` data."""
    import matplotlib.pyplot as plt

    from impp.figures import save_figure, short_label

    cur = data["currency"]
    curve = data["first_year"]["curve"]
    tornado = data.get("tornado") or []
    panels = 1 + bool(curve) + bool(tornado)
    fig, axes = plt.subplots(1, panels, figsize=(5.5 * panels + 1, 4.6), squeeze=False)
    ax = axes[0, 0]
    labels = [p["label"] for p in data["periods"]]
    split = data["by_period_driver"]
    by_driver = {d: [split.get(label, {}).get(d, 0.0) / 1e6 for label in labels]
                 for d in DRIVERS}
    bottom = [0.0] * len(labels)
    for driver in DRIVERS:
        values = by_driver[driver]
        if not any(values):
            continue
        ax.bar(labels, values, bottom=bottom, label=driver, color=_COLOURS[driver])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    for k, total in enumerate(bottom):
        ax.text(k, total, f"{total:,.0f}", ha="center", va="bottom", fontsize=8)
    ax.set_ylabel(f"million {cur}")
    ax.set_title("Cost by UN budget year (1 July to 30 June) and driver", fontsize=9)
    ax.legend(fontsize=7, loc="upper right", frameon=False)
    ax.margins(y=0.15)
    if curve:
        fy = data["first_year"]
        ax2 = axes[0, 1]
        shares = [k * 5 for k in range(len(curve))]
        ax2.plot([c / 1e6 for c in curve], shares, color="tab:blue")
        ax2.axvline(fy["amount"] / 1e6, color="black", linewidth=0.8)
        ax2.text(fy["amount"] / 1e6, 2, " plan's schedule", fontsize=7, rotation=90,
                 va="bottom")
        if fy["ceiling"] is not None:
            ax2.axvline(fy["ceiling"] / 1e6, color="tab:red", linestyle="--", linewidth=1)
            ax2.text(fy["ceiling"] / 1e6, 50, " ceiling", fontsize=7, color="tab:red",
                     rotation=90, va="center")
        ax2.set_xlabel(f"first-year cost, million {cur}")
        ax2.set_ylabel("% of samples at or below")
        joint = fy.get("joint")
        title = "First year's cost over the deployment's samples"
        if joint is not None:
            title += (f"\ninside the ceiling {fy['within_ceiling']:.0%}; and "
                      f"{fy['milestone_name'] or fy['milestone']} on time {joint:.0%}")
        ax2.set_title(title, fontsize=9)
        ax2.set_ylim(0, 100)
    if tornado:
        ax3 = axes[0, panels - 1]
        rows = tornado[::-1]
        values = [r["swing"] / 1e6 for r in rows]
        ax3.barh([short_label(r["what"], 42) for r in rows], values,
                 color=["#c00000" if v > 0 else "#2e75b6" for v in values])
        ax3.axvline(0, color="black", lw=0.8)
        ax3.tick_params(axis="y", labelsize=7)
        ax3.set_xlabel(f"change in the first year, million {cur}")
        ax3.set_title("What drives the first year's cost\n(±10 % of a rate; a unit 10 days "
                      "later)", fontsize=9)
    fig.tight_layout()
    return save_figure(fig, out / "cost")


