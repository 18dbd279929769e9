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

CENTRE_X, CENTRE_Y = 0.0, 0.0
RADIUS, MIN_RADIUS, RADIUS_PER_NEIGHBOUR = 195, 70, 12
"""The circle grows with the neighbours on it, up to RADIUS (16 neighbours), so that a few do not float in space."""
NODE_RADIUS = 9
MAX_NEIGHBOURS = 16
"""More would not be legible; the alignments table below the diagram lists every one."""
CHARACTER, LINE, MARGIN = 7.5, 14, 12
"""An upper estimate of a character's width and a line's height in the labels' 13 px type, and the room kept
around the drawing: the server knows no font metrics, and a label cut off at the edge is worse than white space."""

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
    """The drawing, and the box (``x``, ``y``, ``width``, ``height``) its nodes and labels take up."""

    centre: Node
    nodes: list[Node]
    edges: list[Edge]
    x: int = 0
    y: int = 0
    width: int = 0
    height: int = 0

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


def _extent(node: Node, below: bool) -> tuple[float, float, float, float]:
    """The box a node takes with its label (two lines: name and verbs) written beside, above or below it."""
    wide = CHARACTER * max(len(node.link.label), len(", ".join(node.verbs)))
    if node.anchor == "start":
        return node.x - NODE_RADIUS, node.y - LINE, node.x + 14 + wide, node.y + 2 * LINE
    if node.anchor == "end":
        return node.x - 14 - wide, node.y - LINE, node.x + NODE_RADIUS, node.y + 2 * LINE
    top, bottom = (
        (node.y - NODE_RADIUS, node.y + 26 + 2 * LINE) if below else (node.y - 16 - LINE, node.y + LINE)
    )
    return node.x - wide / 2, top, node.x + wide / 2, bottom


def _fit(diagram: Diagram) -> Diagram:
    """The diagram with its box set around every node and label, and a margin."""
    boxes = [_extent(node, node.y >= CENTRE_Y) for node in diagram.nodes]
    centre, half = (
        diagram.centre,
        CHARACTER * 1.2 * len(diagram.centre.link.label) / 2,
    )  # its label is 15 px bold
    boxes.append((centre.x - half, centre.y - 12, centre.x + half, centre.y + 30 + LINE / 2))
    left, top = min(b[0] for b in boxes) - MARGIN, min(b[1] for b in boxes) - MARGIN
    right, bottom = max(b[2] for b in boxes) + MARGIN, max(b[3] for b in boxes) + MARGIN
    diagram.x, diagram.y = math.floor(left), math.floor(top)
    diagram.width, diagram.height = math.ceil(right - left), math.ceil(bottom - top)
    return diagram


def neighbourhood(page: ActorPage, actor: Link) -> Diagram:
    """Lay out the actor's alignments (asserted or denied) and structural links around it."""
    weights: dict[str, tuple[Link, dict[str, bool], int]] = {}
    for row in page.alignments:
        link, verbs, sources = weights.get(row.other.iri, (row.other, {}, 0))
        verbs[row.verb] = verbs.get(row.verb, False) or bool(row.asserted)
        weights[row.other.iri] = (link, verbs, sources + row.sources + len(row.asserted) + len(row.denied))
    chosen = sorted(weights.values(), key=lambda item: (-item[2], item[0].label.lower()))[:MAX_NEIGHBOURS]
    centre = Node(actor, CENTRE_X, CENTRE_Y)
    radius = min(RADIUS, MIN_RADIUS + RADIUS_PER_NEIGHBOUR * len(chosen))
    nodes, edges = [], []
    for index, (link, verbs, _) in enumerate(chosen):
        angle = -math.pi / 2 + 2 * math.pi * index / max(len(chosen), 1)
        x, y = CENTRE_X + radius * math.cos(angle), CENTRE_Y + radius * math.sin(angle)
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
    return _fit(Diagram(centre, nodes, edges))
