"""The assessment as a picture: benchmarks by quarter (a heat map) and each
indicator's progress towards its final target, coloured by its status."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from impp.figures import short_label

_STATUS = {"met": "#1a9850", "on track": "#91cf60", "behind": "#fdae61",
           "off track": "#d73027", "missed": "#a50026", "no data": "#bdbdbd",
           "no numeric target": "#9ecae1"}


def draw_assessment(data: dict[str, Any], out: Path) -> Path:
    """Draw the assessment (``impp.assessment/1`` data) to ``out`` (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    quarters = sorted({q for h in data["history"].values() for q in h})
    benches = list(data["benchmarks"])
    inds = list(data["indicators"])
    height = 1.2 + 0.32 * (len(benches) + len(inds))
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(10, max(height, 5)),
        gridspec_kw={"height_ratios": [max(len(benches), 1), max(len(inds), 1)]})
    grid = [[{None: 0, False: 1, True: 2}[data["history"].get(b, {}).get(q)]
             for q in quarters] for b in benches]
    top.imshow(grid or [[0]], aspect="auto", vmin=0, vmax=2,
               cmap=ListedColormap(["#eeeeee", "#f4a582", "#4dac26"]))
    top.set_xticks(range(len(quarters)), quarters)
    top.set_yticks(range(len(benches)), [
        short_label(data["benchmarks"][b]["name"], 48)
        + (" (trigger)" if data["benchmarks"][b]["trigger"] else "") for b in benches])
    top.set_title(f"Benchmarks by quarter, to {data['period']} (green: holds; orange: not "
                  "yet; grey: no data)", fontsize=10)
    values = []
    for i in inds:
        p = data["indicators"][i]["progress"]
        values.append(0 if p is None else 100 * p)
    colours = [_STATUS.get(data["indicators"][i]["status"], "#999999") for i in inds]
    bottom.barh(range(len(inds)), [max(v, 1.0) for v in values], color=colours)
    for y, (i, v) in enumerate(zip(inds, values, strict=True)):
        status = data["indicators"][i]["status"]
        progress = data["indicators"][i]["progress"]
        # the status in words where the bar says little (none, or not towards a target)
        if progress is None or v < 15:
            bottom.text(max(v, 1.0) + 1, y, status if progress is not None
                        else f"{status} (no progress measure)", va="center", fontsize=8)
    bottom.set_yticks(range(len(inds)), [short_label(data["indicators"][i]["name"], 48)
                                          for i in inds])
    bottom.invert_yaxis()
    bottom.set_xlim(0, 100)
    bottom.set_xlabel("progress from the baseline to the final target (%)")
    bottom.set_title(f"Indicators in {data['period']}, coloured by status", fontsize=10)
    shown = sorted({data["indicators"][i]["status"] for i in inds})
    bottom.legend(handles=[Patch(color=_STATUS.get(s, "#999999"), label=s) for s in shown],
                  loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def draw_trends(data: dict[str, Any], out: Path, *, columns: int = 3) -> Path:
    """Each indicator against its target over time (``impp.assessment/1`` data):
    the period totals, the value expected by each period's end (dashed) and
    the final target (dotted), one small chart per indicator."""
    import datetime as dt

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = data.get("series", {})
    ids = [i for i in data["indicators"] if series.get(i)]
    rows = max(1, -(-len(ids) // columns))
    fig, axes = plt.subplots(rows, columns, figsize=(4.0 * columns, 2.6 * rows),
                             squeeze=False)
    for k, ax in enumerate(axes.flat):
        if k >= len(ids):
            ax.set_visible(False)
            continue
        iid = ids[k]
        ind, points = data["indicators"][iid], series[iid]
        when = [dt.date.fromisoformat(p["end"]) for p in points]
        ax.plot(when, [p["value"] for p in points], marker="o", ms=3,
                color=_STATUS.get(ind["status"], "#333333"), label="actual")
        expected = [(w, p["expected"]) for w, p in zip(when, points, strict=True)
                    if p["expected"] is not None]
        if expected:
            ax.plot([w for w, _ in expected], [v for _, v in expected], ls="--",
                    color="#555555", lw=1, label="expected")
        if ind["target"] is not None:
            ax.axhline(ind["target"], ls=":", color="#1a9850", lw=1, label="final target")
        if len(when) == 1:  # one measure: a window around it, not years of axis
            ax.set_xlim(when[0] - dt.timedelta(days=45), when[0] + dt.timedelta(days=45))
        ax.set_title(f"{short_label(ind['name'], 42)}\n{ind['status']}", fontsize=8)
        ax.tick_params(labelsize=7)
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_ha("right")
        if k == 0:
            ax.legend(fontsize=6, loc="best")
    fig.suptitle(f"Indicators against their targets over time, to {data['period']}",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)
    return out
