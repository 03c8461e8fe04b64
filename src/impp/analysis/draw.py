"""Pictures of the conflict analysis: the actor network and the problem tree.

Functions return matplotlib figures (Agg backend, no display); a view saves
them. Layouts are deterministic: the network uses a spring layout with a fixed
seed, the tree puts each level on its own row.
"""

from __future__ import annotations

from typing import Literal

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from impp.analysis.network import actor_graph, measure_actors
from impp.analysis.tree import LEVELS, problem_tree
from impp.figures import save_figure as _save_figure
from impp.figures import short_label
from impp.model.plan import Plan

#: Seed of the spring layout: the same plan gives the same picture.
LAYOUT_SEED = 7

_EDGE_STYLE: dict[str, tuple[str, Literal["solid", "dashed", "dotted"]]] = {
    "alliance": ("#2a9d8f", "solid"), "opposition": ("#e63946", "dashed"),
               "influence": ("#457b9d", "dotted")}


def _node_colour(violent: bool, collaborates: bool) -> str:
    if violent:
        return "#e63946"
    return "#2a9d8f" if collaborates else "#adb5bd"


def draw_network(plan: Plan) -> Figure:
    """The actor network: colour by violence / collaboration, size by influence (Katz).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> fig = draw_network(load_plan(carana_path()))
    >>> fig.axes[0].get_title()
    'Actor network'
    >>> plt.close(fig)
    """
    graph = actor_graph(plan)
    measures = {m.actor: m for m in measure_actors(plan)}
    fig, ax = plt.subplots(figsize=(11, 8))
    ax.set_title("Actor network")
    ax.axis("off")
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "No actors in the plan", ha="center", va="center")
        return fig
    pos = _layout(graph)
    for kind, (colour, style) in _EDGE_STYLE.items():
        edges = [(u, v) for u, v, d in graph.edges(data=True) if kind in d["types"]]
        widths = [1 + 3 * graph.edges[u, v]["strength"] for u, v in edges]
        nx.draw_networkx_edges(graph, pos, edgelist=edges, ax=ax, edge_color=colour,
                               style=style, width=widths)
    nodes = list(graph.nodes)
    lo = min(m.influence for m in measures.values())
    span = max(m.influence for m in measures.values()) - lo or 1.0
    sizes = [300 + 2200 * (measures[n].influence - lo) / span for n in nodes]
    colours = [_node_colour(measures[n].violent, graph.nodes[n]["collaborates"]) for n in nodes]
    edgecolors = ["#000000" if measures[n].betweenness > 0 else "#ffffff" for n in nodes]
    nx.draw_networkx_nodes(graph, pos, nodelist=nodes, node_size=sizes, node_color=colours,
                           edgecolors=edgecolors, linewidths=1.5, ax=ax)
    # names beside the nodes (below them, on a white ground), never on them
    names = {a.id: a.name for a in plan.actors}
    labels = []
    for n, (x, y) in pos.items():
        radius = (sizes[nodes.index(n)] ** 0.5) / 2  # points
        labels.append((ax.annotate(
            short_label(names.get(n, n), 28), (x, y), xytext=(0, -radius - 3),
            textcoords="offset points", ha="center", va="top", fontsize=7,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8}),
            radius))
    ax.margins(0.12)  # room for the names of the nodes at the edges
    _unclash(fig, labels)
    legend = [
        Line2D([0], [0], color=c, linestyle=s, label=k) for k, (c, s) in _EDGE_STYLE.items()
    ] + [
        Line2D([0], [0], marker="o", color="w", markerfacecolor=c, markersize=10, label=label)
        for c, label in (("#e63946", "uses violence"), ("#2a9d8f", "collaborates"),
                         ("#adb5bd", "other"))
    ]
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8,
              frameon=False)
    ax.text(0.99, 0.01, "size: influence (Katz); black ring: broker (betweenness > 0)",
            transform=ax.transAxes, ha="right", fontsize=8)
    fig.tight_layout()
    return fig


def draw_problem_tree(plan: Plan) -> Figure:
    """The problem tree: structural causes at the bottom, triggers on top, arrows cause -> effect.

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> fig = draw_problem_tree(load_plan(carana_path()))
    >>> fig.axes[0].get_title()
    'Problem tree'
    >>> plt.close(fig)
    """
    graph = problem_tree(plan)
    fig, ax = plt.subplots(figsize=(12, 7))
    ax.set_title("Problem tree")
    ax.axis("off")
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "No causes in the plan", ha="center", va="center")
        return fig
    pos: dict[str, tuple[float, float]] = {}
    for row, level in enumerate(LEVELS):
        ids = [c.id for c in plan.causes if c.level == level]
        for i, cid in enumerate(ids):
            pos[cid] = ((i + 1) / (len(ids) + 1), float(row))
        ax.text(-0.02, row, level, ha="right", va="center", fontsize=10, fontweight="bold")
    from impp.analysis.tree import addressed_by

    addressed = addressed_by(plan)
    boxes = {}
    for n in graph.nodes:
        colour = "#f4a261" if graph.nodes[n]["driver"] == "conflict" else "#8ecae6"
        done = bool(addressed.get(n))
        boxes[n] = ax.text(
            *pos[n], "\n".join(_wrap(str(graph.nodes[n]["name"]), 20)), ha="center",
            va="center", fontsize=7, zorder=3,
            bbox={"boxstyle": "round", "fc": colour, "ec": "#2a9d8f" if done else "#c1121f",
                  "lw": 2.0 if done else 1.5, "ls": "-" if done else "--"})
    # Arrows from cause to effect, clipped at the boxes' borders so every head
    # shows; links within a level arc above the boxes between them.
    for u, v in graph.edges:
        rad = -0.35 if pos[u][1] == pos[v][1] else 0.05
        ax.annotate("", xy=pos[v], xytext=pos[u], zorder=2, arrowprops={
            "arrowstyle": "-|>", "color": "#6c757d", "lw": 1.2, "mutation_scale": 14,
            "connectionstyle": f"arc3,rad={rad}", "shrinkA": 2, "shrinkB": 2,
            "patchA": boxes[u].get_bbox_patch(), "patchB": boxes[v].get_bbox_patch()})
    ax.legend(handles=[
        Line2D([0], [0], color="#2a9d8f", lw=2, label="addressed by an objective, output "
                                                     "or activity"),
        Line2D([0], [0], color="#c1121f", lw=1.5, ls="--", label="not addressed by the plan"),
        Line2D([0], [0], color="#6c757d", marker=">", label="cause → effect"),
    ], loc="lower center", bbox_to_anchor=(0.5, -0.06), ncol=3, fontsize=8, frameon=False)
    ax.set_xlim(-0.15, 1.05)
    ax.set_ylim(-0.6, len(LEVELS) - 0.4)
    fig.tight_layout()
    return fig


def _layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions that keep nodes apart: Kamada-Kawai (distances follow the graph's
    path lengths, deterministic) for the plans people draw, a seeded spring layout
    for large ones (Kamada-Kawai is quadratic in memory)."""
    if graph.number_of_nodes() <= 80:
        pos = nx.kamada_kawai_layout(graph)
    else:
        pos = nx.spring_layout(graph, seed=LAYOUT_SEED,
                               k=2.2 / max(1, graph.number_of_nodes()) ** 0.5)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def _unclash(fig: Figure, labels: list[tuple[Annotation, float]]) -> None:
    """Move a name that covers another above its node instead of below it."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    placed: list[Bbox] = []
    for label, radius in labels:
        box = label.get_window_extent(renderer)
        if any(box.overlaps(other) for other in placed):
            label.set_position((0, radius + 3))
            label.set_verticalalignment("bottom")
            box = label.get_window_extent(renderer)
        placed.append(box)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def save_figure(fig: Figure, stem: str) -> list[str]:
    """Write ``stem.png`` and ``stem.svg`` (SVG ids fixed, no date, so output is stable).

    Returns the paths written.
    """
    return [str(p) for p in _save_figure(fig, stem)]
