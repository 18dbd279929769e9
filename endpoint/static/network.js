// The network page: Cytoscape.js (vendor/cytoscape.min.js, from npm) draws the page's JSON twin. Labels are drawn
// on the canvas as text; a click on an actor opens its page (the table under the drawing has the same links).
"use strict";

(function () {
  const holder = document.getElementById("network");
  if (!holder || !window.cytoscape) return;
  const status = document.getElementById("network-status");
  // A force-directed layout (CoSE) reads best but grows with the square of the actors and with the edges; past
  // this many actors and edges together, actors are placed on rings by their number of reports, and edges are
  // drawn as straight lines without arrows (Cytoscape's "haystack"), each far cheaper (figures in docs/browse.md).
  const FORCE_LIMIT = 1000;
  const COLOURS = { support: "#1d7a3a", hostile: "#b3261e", structure: "#5f6b76" };
  const SYMMETRIC = new Set(["fightsAlongside", "alliedWith"]);

  async function draw() {
    const started = performance.now();
    const response = await fetch(holder.dataset.source, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      status.textContent = "The network could not be read: " + response.status + " " + (await response.text());
      return;
    }
    const data = await response.json();
    const heaviest = data.nodes.reduce((most, n) => Math.max(most, n.reports), 1);
    const thickest = data.edges.reduce((most, e) => Math.max(most, e.documents), 1);
    const elements = data.nodes.map((n) => ({
      data: { id: n.id, label: n.label, page: n.page || "", weight: n.reports },
    }));
    data.edges.forEach((e, index) => {
      elements.push({
        data: {
          id: "e" + index,
          source: e.source,
          target: e.target,
          colour: COLOURS[e.tone],
          weight: e.documents,
          arrow: SYMMETRIC.has(e.kind) ? "none" : "triangle",
        },
      });
    });
    const force = data.nodes.length + data.edges.length <= FORCE_LIMIT;
    const cy = cytoscape({
      container: holder,
      elements: elements,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            "font-size": 11,
            "text-valign": "bottom",
            "text-margin-y": 3,
            "background-color": "#14324f",
            width: "mapData(weight, 1, " + heaviest + ", 8, 36)",
            height: "mapData(weight, 1, " + heaviest + ", 8, 36)",
            "min-zoomed-font-size": 7,
          },
        },
        {
          selector: "edge",
          style: {
            "curve-style": force ? "bezier" : "haystack",
            "line-color": "data(colour)",
            "target-arrow-color": "data(colour)",
            "target-arrow-shape": "data(arrow)",
            width: "mapData(weight, 1, " + thickest + ", 1, 8)",
            opacity: 0.75,
          },
        },
        { selector: "node:active, node:selected", style: { "background-color": "#7a4cff" } },
      ],
      layout: force
        ? { name: "cose", animate: false, randomize: false, nodeRepulsion: 8000, idealEdgeLength: 60 }
        : { name: "concentric", animate: false, concentric: (node) => node.data("weight"), levelWidth: () => 2 },
    });
    cy.on("tap", "node", (event) => {
      const page = event.target.data("page");
      if (page) window.location.assign(page);
    });
    const took = Math.round(performance.now() - started);
    status.textContent =
      data.nodes.length + " actors drawn in " + took + " ms (" + (force ? "force-directed" : "rings by reports") + ").";
    holder.dataset.drawnMs = String(took);
    holder.cytoscape = cy; // for tests and for people in the browser console
  }

  draw().catch((error) => {
    status.textContent = "The network could not be drawn: " + error;
  });
})();
