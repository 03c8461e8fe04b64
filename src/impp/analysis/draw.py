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

from impp.analysis.network import actor_graph, measure_actors
from impp.analysis.tree import LEVELS, problem_tree
from impp.figures import save_figure as _save_figure
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
    pos = nx.spring_layout(graph, seed=LAYOUT_SEED, k=1.6 / max(1, graph.number_of_nodes()) ** 0.5)
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
    nx.draw_networkx_labels(graph, pos, font_size=8, ax=ax)
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
    # Links within a level arc above the boxes between them, so they stay visible.
    for same_row, rad in ((False, 0.05), (True, -0.35)):
        edges = [(u, v) for u, v in graph.edges if (pos[u][1] == pos[v][1]) == same_row]
        nx.draw_networkx_edges(graph, pos, edgelist=edges, ax=ax, arrows=True, arrowsize=14,
                               edge_color="#6c757d", node_size=3800,
                               connectionstyle=f"arc3,rad={rad}")
    for n in graph.nodes:
        colour = "#f4a261" if graph.nodes[n]["driver"] == "conflict" else "#8ecae6"
        ax.text(*pos[n], "\n".join(_wrap(str(graph.nodes[n]["name"]), 20)), ha="center",
                va="center", fontsize=7, bbox={"boxstyle": "round", "fc": colour, "ec": "#6c757d"})
    ax.set_xlim(-0.15, 1.05)
    ax.set_ylim(-0.6, len(LEVELS) - 0.4)
    fig.tight_layout()
    return fig


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
