"""The actor network: who brokers between groups, who is influential, who is out of reach.

The stakeholder analysis "must map patterns of influence among the various
actors" and "the actors that use violence ... as well as those that use
collaborative actions" (mission-leadership ch. 2, element 3). Three measures:

- **Brokerage**: betweenness centrality on the undirected graph of every
  relation (alliance, opposition, influence), unweighted. Any tie is a channel
  a message can travel; strengths are not distances, and turning them into
  distances would invent a scale. A broker also counts the groups (``Actor.camp``)
  among its neighbours other than its own.
- **Influence**: Katz centrality on the directed influence graph with edges
  reversed (``b -> a`` when ``a`` influences ``b``) and weighted by strength:
  an actor scores ``1 + alpha * sum(strength * score of each actor it
  influences)``, so it ranks high when it strongly influences actors who are
  themselves influential. Katz rather than eigenvector centrality because
  influence graphs are rarely strongly connected (eigenvector centrality then
  gives zeros), and rather than PageRank because PageRank divides each actor's
  score among those that influence it, so a weak tie that is an actor's only
  one would pass on as much as a strong one: strengths would be lost.
  ``alpha`` is half the reciprocal of a bound on the largest eigenvalue (the
  largest total strength of ties on any actor), which guarantees convergence
  and halves, at least, what each further step adds. The plain weighted
  out-degree (the sum of strengths of the ties an actor exerts) is reported
  too, being the measure planners can check by hand.
- **Isolation** of violent actors: no relation at all (``isolated``), or no
  path to any collaborating actor (``out_of_reach``): the mission has no
  channel to them through the actors it works with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from impp.model.plan import Plan

if TYPE_CHECKING:
    import networkx as nx

#: How much less an indirect tie counts than a direct one, at most (see ``katz_alpha``).
ATTENUATION = 0.5


def katz_alpha(graph: nx.DiGraph) -> float:
    """``ATTENUATION`` over the largest total strength of ties into any actor (at least 1).

    The largest column sum bounds the spectral radius of the weight matrix, so
    Katz centrality converges for any ``alpha`` below its reciprocal.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b", {"weight": 0.5}), ("c", "b", {"weight": 1.0})])
    >>> katz_alpha(g)
    0.3333333333333333
    """
    bound = max((float(d) for _, d in graph.in_degree(weight="weight")), default=0.0)
    return ATTENUATION / max(1.0, bound)


def influence_scores(plan: Plan) -> dict[str, float]:
    """Katz centrality of every actor on the reversed, strength-weighted influence graph.

    >>> from impp.model import Actor, Mission, Plan, Relation
    >>> plan = Plan(mission=Mission(id="m", name="M"),
    ...             actors=(Actor(id="a", name="A"), Actor(id="b", name="B")),
    ...             relations=(Relation(id="r", name="R", a="a", b="b", strength=1),))
    >>> s = influence_scores(plan)
    >>> s["a"] > s["b"]
    True
    """
    reverse = influence_graph(plan).reverse(copy=True)
    if reverse.number_of_nodes() <= 1:
        # networkx's solver fails on a single node; its normalised score is 1.
        return {str(n): 1.0 for n in reverse.nodes}
    return katz_centrality(reverse, katz_alpha(reverse))


def katz_centrality(graph: nx.DiGraph, alpha: float) -> dict[str, float]:
    """Katz centrality with ``beta = 1``, normalised to unit length: the solution
    of ``x = alpha * A.T x + 1`` for the weighted adjacency matrix ``A``.

    The same figures as ``networkx.katz_centrality_numpy`` (a test compares
    them), solved on a dense matrix with numpy: networkx builds a SciPy sparse
    matrix on the way, and importing SciPy costs a third of a second, more than
    the rest of a 30-task plan's conflict analysis; actor networks have tens of
    nodes, where a dense solve is instant.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b", {"weight": 1.0})])
    >>> {k: round(v, 4) for k, v in katz_centrality(g, 0.5).items()}
    {'a': 0.5547, 'b': 0.8321}
    """
    import numpy as np

    nodes = list(graph.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    a = np.zeros((len(nodes), len(nodes)))
    for u, v, w in graph.edges(data="weight", default=1.0):
        a[index[u], index[v]] += float(w)
    x = np.linalg.solve(np.eye(len(nodes)) - alpha * a.T, np.ones(len(nodes)))
    x = x / (np.sign(x.sum()) * np.linalg.norm(x))
    return {str(n): float(v) for n, v in zip(nodes, x, strict=True)}


def actor_graph(plan: Plan) -> nx.Graph:
    """Every actor as a node and every relation as an undirected edge.

    Parallel relations between the same pair merge into one edge whose
    ``types`` lists them all and whose ``strength`` is the largest.

    >>> from impp.model import Actor, Mission, Plan, Relation
    >>> plan = Plan(mission=Mission(id="m", name="M"),
    ...             actors=(Actor(id="a", name="A"), Actor(id="b", name="B")),
    ...             relations=(Relation(id="r", name="R", a="a", b="b", type="alliance"),))
    >>> sorted(actor_graph(plan).edges)
    [('a', 'b')]
    """
    import networkx as nx

    graph = nx.Graph()
    for actor in plan.actors:
        graph.add_node(actor.id, camp=actor.camp, violent=actor.uses_violence,
                       spoiler=actor.spoiler, collaborates=actor.collaborates)
    for rel in plan.relations:
        if rel.a == rel.b:
            continue
        if graph.has_edge(rel.a, rel.b):
            data = graph.edges[rel.a, rel.b]
            data["types"] = tuple(sorted({*data["types"], rel.type}))
            data["strength"] = max(data["strength"], rel.strength)
        else:
            graph.add_edge(rel.a, rel.b, types=(rel.type,), strength=rel.strength)
    return graph


def influence_graph(plan: Plan) -> nx.DiGraph:
    """The directed graph of influence relations, ``a -> b`` when ``a`` influences ``b``.

    >>> from impp.model import Actor, Mission, Plan, Relation
    >>> plan = Plan(mission=Mission(id="m", name="M"),
    ...             actors=(Actor(id="a", name="A"), Actor(id="b", name="B")),
    ...             relations=(Relation(id="r", name="R", a="a", b="b", strength=0.7),))
    >>> influence_graph(plan).edges["a", "b"]["weight"]
    0.7
    """
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(a.id for a in plan.actors)
    for rel in plan.relations:
        if rel.type != "influence" or rel.a == rel.b:
            continue
        weight = rel.strength
        if graph.has_edge(rel.a, rel.b):
            weight = max(weight, graph.edges[rel.a, rel.b]["weight"])
        graph.add_edge(rel.a, rel.b, weight=weight)
    return graph


@dataclass(frozen=True)
class ActorMeasures:
    """The network measures of one actor."""

    actor: str
    camp: str
    betweenness: float
    #: Groups other than its own among its neighbours.
    groups_bridged: int
    #: Katz centrality on the reversed influence graph (see the module's docstring).
    influence: float
    #: Sum of the strengths of the influence ties the actor exerts.
    influence_out: float
    degree: int
    violent: bool
    isolated: bool
    out_of_reach: bool

    def as_dict(self) -> dict[str, object]:
        """JSON-ready data."""
        return {
            "actor": self.actor, "camp": self.camp,
            "betweenness": round(self.betweenness, 6),
            "groups_bridged": self.groups_bridged,
            "influence": round(self.influence, 6),
            "influence_out": round(self.influence_out, 6),
            "degree": self.degree, "violent": self.violent,
            "isolated": self.isolated, "out_of_reach": self.out_of_reach,
        }


@dataclass(frozen=True)
class Reach:
    """How an actor is tied to the others: its neighbours, and whether any
    chain of relations leads from it to an actor that collaborates."""

    degree: int
    out_of_reach: bool


def actor_reach(plan: Plan) -> dict[str, Reach]:
    """Each actor's :class:`Reach`, by a walk over the relations (no graph
    library: the plan's checks need only this, and networkx takes a fifth of
    a second to import).

    >>> from impp.model import Actor, Mission, Plan, Relation
    >>> plan = Plan(mission=Mission(id="m", name="M"),
    ...             actors=(Actor(id="a", name="A", collaborates=True), Actor(id="b", name="B"),
    ...                     Actor(id="v", name="V", uses_violence=True)),
    ...             relations=(Relation(id="r", name="R", a="a", b="b"),))
    >>> r = actor_reach(plan)
    >>> (r["b"].degree, r["b"].out_of_reach), (r["v"].degree, r["v"].out_of_reach)
    ((1, False), (0, True))
    """
    ties: dict[str, set[str]] = {a.id: set() for a in plan.actors}
    for rel in plan.relations:
        if rel.a != rel.b and rel.a in ties and rel.b in ties:
            ties[rel.a].add(rel.b)
            ties[rel.b].add(rel.a)
    reachable: set[str] = set()
    stack = [a.id for a in plan.actors if a.collaborates]
    while stack:
        x = stack.pop()
        if x not in reachable:
            reachable.add(x)
            stack.extend(ties[x] - reachable)
    collaborators = {a.id for a in plan.actors if a.collaborates}
    return {a: Reach(len(n), a not in reachable and a not in collaborators)
            for a, n in ties.items()}


def measure_actors(plan: Plan) -> list[ActorMeasures]:
    """The measures of every actor, in the plan's order.

    >>> from impp.model import Actor, Mission, Plan, Relation
    >>> actors = (Actor(id="a", name="A", group="x"), Actor(id="b", name="B", group="y"),
    ...           Actor(id="c", name="C", group="z"),
    ...           Actor(id="v", name="V", uses_violence=True))
    >>> rels = (Relation(id="ab", name="", a="a", b="b"), Relation(id="bc", name="", a="b", b="c"))
    >>> m = {x.actor: x for x in measure_actors(Plan(mission=Mission(id="m", name="M"),
    ...                                              actors=actors, relations=rels))}
    >>> round(m["b"].betweenness, 3), m["b"].groups_bridged, m["v"].isolated
    (0.333, 2, True)
    """
    import networkx as nx

    graph = actor_graph(plan)
    if graph.number_of_nodes() == 0:
        return []
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    influence = influence_graph(plan)
    scores = influence_scores(plan)
    reach = actor_reach(plan)
    out: list[ActorMeasures] = []
    for actor in plan.actors:
        camps = {graph.nodes[n]["camp"] for n in graph.neighbors(actor.id)}
        camps.discard(actor.camp)
        degree = reach[actor.id].degree
        out.append(
            ActorMeasures(
                actor=actor.id,
                camp=actor.camp,
                betweenness=float(betweenness[actor.id]),
                groups_bridged=len(camps),
                influence=scores[actor.id],
                influence_out=float(influence.out_degree(actor.id, weight="weight")),
                degree=degree,
                violent=actor.uses_violence,
                isolated=degree == 0,
                out_of_reach=reach[actor.id].out_of_reach,
            )
        )
    return out


def brokers(measures: list[ActorMeasures], n: int = 3) -> list[ActorMeasures]:
    """The ``n`` actors with the highest betweenness that bridge at least one other group.

    >>> brokers([])
    []
    """
    ranked = sorted((m for m in measures if m.betweenness > 0 and m.groups_bridged),
                    key=lambda m: (-m.betweenness, m.actor))
    return ranked[:n]


def most_influential(measures: list[ActorMeasures], n: int = 3) -> list[ActorMeasures]:
    """The ``n`` actors with the highest influence score among those that exert influence.

    >>> most_influential([])
    []
    """
    ranked = sorted((m for m in measures if m.influence_out > 0),
                    key=lambda m: (-m.influence, m.actor))
    return ranked[:n]
