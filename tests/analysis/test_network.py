"""The actor network's measures equal networkx's, computed directly on the same graph."""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impp.analysis.network import (
    actor_graph,
    brokers,
    influence_graph,
    katz_alpha,
    measure_actors,
    most_influential,
)
from impp.model import Actor, Mission, Plan, Relation

IDS = [f"a{i}" for i in range(7)]

relations = st.lists(
    st.tuples(st.sampled_from(IDS), st.sampled_from(IDS),
              st.sampled_from(["alliance", "opposition", "influence"]),
              st.floats(min_value=0.05, max_value=1.0)),
    max_size=15,
)


def _plan(rels: list[tuple[str, str, str, float]]) -> Plan:
    return Plan(
        mission=Mission(id="m", name="M"),
        actors=tuple(Actor(id=i, name=i, group=f"g{n % 3}", uses_violence=n == 6,
                           collaborates=n == 0) for n, i in enumerate(IDS)),
        relations=tuple(Relation(id=f"r{k}", name="", a=a, b=b, type=t, strength=s)
                        for k, (a, b, t, s) in enumerate(rels)),
    )


@settings(max_examples=60, deadline=None)
@given(relations)
def test_measures_match_networkx_on_the_same_graph(rels: list[tuple[str, str, str, float]]) -> None:
    plan = _plan(rels)
    undirected = nx.Graph()
    undirected.add_nodes_from(IDS)
    undirected.add_edges_from((a, b) for a, b, _, _ in rels if a != b)
    directed = nx.DiGraph()
    directed.add_nodes_from(IDS)
    for a, b, t, s in rels:
        if t == "influence" and a != b:
            w = max(s, directed.edges[a, b]["weight"]) if directed.has_edge(a, b) else s
            directed.add_edge(a, b, weight=w)
    expected_betweenness = nx.betweenness_centrality(undirected, normalized=True)
    reverse = directed.reverse()
    bound = max((d for _, d in reverse.in_degree(weight="weight")), default=0.0)
    expected_katz = nx.katz_centrality_numpy(reverse, alpha=0.5 / max(1.0, bound), beta=1.0,
                                             weight="weight", normalized=True)
    for m in measure_actors(plan):
        assert m.betweenness == pytest.approx(expected_betweenness[m.actor], abs=1e-9)
        assert m.influence == pytest.approx(expected_katz[m.actor], abs=1e-9)
        assert m.influence_out == pytest.approx(directed.out_degree(m.actor, weight="weight"))
        assert m.degree == undirected.degree(m.actor)
        assert m.isolated == (undirected.degree(m.actor) == 0)
    assert ({frozenset(e) for e in actor_graph(plan).edges}
            == {frozenset(e) for e in undirected.edges})
    assert katz_alpha(reverse) * max(1.0, bound) == pytest.approx(0.5)


def test_a_broker_between_two_groups_and_the_most_influential(
    make_plan: Callable[..., Plan],
) -> None:
    plan = make_plan(
        actors=[{"id": "gov", "name": "Gov", "group": "state", "collaborates": True},
                {"id": "mediator", "name": "Mediator", "group": "partners"},
                {"id": "rebels", "name": "Rebels", "group": "armed", "uses_violence": True},
                {"id": "bandits", "name": "Bandits", "uses_violence": True}],
        relations=[{"id": "r1", "name": "", "a": "mediator", "b": "gov", "type": "influence",
                    "strength": 0.9},
                   {"id": "r2", "name": "", "a": "mediator", "b": "rebels", "type": "influence",
                    "strength": 0.6},
                   {"id": "r3", "name": "", "a": "gov", "b": "rebels", "type": "opposition"}],
    )
    measures = measure_actors(plan)
    by_id = {m.actor: m for m in measures}
    assert most_influential(measures)[0].actor == "mediator"
    assert by_id["mediator"].influence_out == pytest.approx(1.5)
    assert by_id["bandits"].isolated and by_id["bandits"].out_of_reach
    assert not by_id["rebels"].out_of_reach
    # A triangle has no broker: every pair is tied directly.
    assert brokers(measures) == []


def test_parallel_relations_merge_into_one_edge(make_plan: Callable[..., Plan]) -> None:
    plan = make_plan(
        actors=[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        relations=[{"id": "r1", "name": "", "a": "a", "b": "b", "type": "alliance",
                    "strength": 0.3},
                   {"id": "r2", "name": "", "a": "b", "b": "a", "type": "influence",
                    "strength": 0.8}],
    )
    edge = actor_graph(plan).edges["a", "b"]
    assert edge["types"] == ("alliance", "influence") and edge["strength"] == 0.8
    assert list(influence_graph(plan).edges) == [("b", "a")]


def test_an_empty_plan_has_no_measures(make_plan: Callable[..., Plan]) -> None:
    assert measure_actors(make_plan()) == []
