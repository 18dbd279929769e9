"""The alignment neighbourhood of an actor as an SVG drawn on the server: readable without JavaScript.

The actor sits in the middle and the actors it is aligned with sit on a circle around it, the most reported
first. Each line is coloured by what the relation is (support, hostility, structure), dashed when every report
of it is a denial, and has an arrow at the end that is acted upon (Russia → Syria for "Russia backs Syria").
The geometry is computed here; ``templates/_diagram.html`` draws it as inline SVG, so every label goes through Jinja's escaping.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from allegiance.endpoint.views import ActorPage, Link, isolated
from allegiance.namespaces import RELATION_KINDS

WIDTH, HEIGHT = 720, 520
CENTRE_X, CENTRE_Y, RADIUS = WIDTH / 2, HEIGHT / 2, 195
NODE_RADIUS = 9
MAX_NEIGHBOURS = 16
"""More would not be legible; the alignments table below the diagram lists every one."""

BY_VERB = {verb: kind for kind in RELATION_KINDS.values() for verb in (kind.label, kind.inverse)}


@dataclass
class Node:
    link: Link
    x: float
    y: float
    verbs: list[str] = field(default_factory=list)
    anchor: str = "middle"


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    tone: str  # "support", "hostile" or "structure": a CSS class
    denied: bool
    arrow: bool


@dataclass
class Diagram:
    centre: Node
    nodes: list[Node]
    edges: list[Edge]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def summary(self) -> str:
        """The diagram in words, for its <desc> (screen readers) and for anyone who cannot see it."""
        parts = [
            f"{isolated(self.centre.link.label)} {', '.join(node.verbs)} {isolated(node.link.label)}"
            for node in self.nodes
        ]
        return "; ".join(parts) or "no alignments recorded"


def _shortened(x1: float, y1: float, x2: float, y2: float, by: float) -> tuple[float, float, float, float]:
    """The segment with ``by`` cut off both ends, so that lines stop at the node circles, arrows visible."""
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    dx, dy = (x2 - x1) / length * by, (y2 - y1) / length * by
    return x1 + dx, y1 + dy, x2 - dx, y2 - dy


def neighbourhood(page: ActorPage, actor: Link) -> Diagram:
    """Lay out the actor's alignments (asserted or denied) and structural links around it."""
    weights: dict[str, tuple[Link, dict[str, bool], int]] = {}
    for row in page.alignments:
        link, verbs, sources = weights.get(row.other.iri, (row.other, {}, 0))
        verbs[row.verb] = verbs.get(row.verb, False) or bool(row.asserted)
        weights[row.other.iri] = (link, verbs, sources + row.sources + len(row.asserted) + len(row.denied))
    chosen = sorted(weights.values(), key=lambda item: (-item[2], item[0].label.lower()))[:MAX_NEIGHBOURS]
    centre = Node(actor, CENTRE_X, CENTRE_Y)
    nodes, edges = [], []
    for index, (link, verbs, _) in enumerate(chosen):
        angle = -math.pi / 2 + 2 * math.pi * index / max(len(chosen), 1)
        x, y = CENTRE_X + RADIUS * math.cos(angle), CENTRE_Y + RADIUS * math.sin(angle)
        anchor = "start" if math.cos(angle) > 0.3 else "end" if math.cos(angle) < -0.3 else "middle"
        nodes.append(Node(link, round(x, 1), round(y, 1), sorted(verbs), anchor))
        for verb, asserted in sorted(verbs.items()):
            kind = BY_VERB[verb]
            outgoing = verb == kind.label
            start, end = ((CENTRE_X, CENTRE_Y), (x, y)) if outgoing else ((x, y), (CENTRE_X, CENTRE_Y))
            x1, y1, x2, y2 = _shortened(*start, *end, NODE_RADIUS + 3)
            edges.append(
                Edge(
                    round(x1, 1),
                    round(y1, 1),
                    round(x2, 1),
                    round(y2, 1),
                    kind.stance,
                    not asserted,
                    not kind.symmetric,
                )
            )
    return Diagram(centre, nodes, edges)
