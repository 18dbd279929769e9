// The query page: YASGUI (vendor/yasgui.min.js, from npm) on this server's /sparql, with the server's prefixes,
// the named queries as examples, and the names of this graph's nodes beside their IRIs in the results.
// Names are put into the page with textContent, never as HTML; only http(s) IRIs and our own pages are links.
"use strict";

(function () {
  const holder = document.getElementById("yasgui");
  if (!holder || !window.Yasgui) return;
  const settings = holder.dataset;
  const prefixes = JSON.parse(settings.prefixes);
  const examples = document.getElementById("example");
  const LABEL_BATCH = 500; // IRIs named per request: one short query, whatever the size of the result

  const yasgui = new Yasgui(holder, {
    requestConfig: { endpoint: settings.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    // A permalink runs against this server whatever endpoint it names: the page may talk to no other.
    populateFromUrl: function (tab) {
      tab.requestConfig.endpoint = settings.endpoint;
      return tab;
    },
    yasqe: {
      // Completion offers (and typing "al:" declares) the server's prefixes; no vocabulary service is asked.
      prefixCcApi: settings.prefixList,
      autocompleters: ["prefixes", "variables"],
      editorHeight: "22rem",
    },
    yasr: { prefixes: prefixes },
  });

  // A named query, or a permalink's, is shown with declarations of the predefined prefixes it uses and does not
  // declare, which the editor's syntax check wants (the server would run it without them).
  function declarations(sparql) {
    return Object.keys(prefixes)
      .filter((name) => !new RegExp("^\\s*PREFIX\\s+" + name + ":", "im").test(sparql))
      .filter((name) => new RegExp("(^|[\\s(/^|,;{])" + name + ":", "m").test(sparql))
      .map((name) => "PREFIX " + name + ": <" + prefixes[name] + ">");
  }

  function withPrefixes(sparql) {
    const head = declarations(sparql);
    return (head.length ? head.join("\n") + "\n" : "") + sparql.trim() + "\n";
  }

  function open(sparql) {
    yasgui.getTab().setQuery(withPrefixes(sparql));
  }

  examples.addEventListener("change", function () {
    const chosen = document.querySelector('template.example[data-name="' + CSS.escape(examples.value) + '"]');
    if (chosen) open(chosen.content.textContent);
  });
  const chosen = document.getElementById("chosen");
  if (new URLSearchParams(location.search).has("query")) {
    const tab = yasgui.getTab();
    if (declarations(tab.getQuery()).length) tab.setQuery(withPrefixes(tab.getQuery()));
  } else if (chosen) open(chosen.content.textContent);

  // Names beside IRIs: the IRIs the results table shows (a page of it at a time) are named by one query per
  // batch asking for their rdfs:label; each IRI is asked about once per visit.
  const labels = new Map();
  const asked = new Set();
  const iriBase = settings.iriBase;

  function localPage(iri) {
    if (!iriBase || !iri.startsWith(iriBase + "id/")) return null;
    const rest = iri.slice(iriBase.length);
    const hash = rest.indexOf("#");
    return settings.root + (hash < 0 ? rest + ".html" : rest.slice(0, hash) + ".html" + rest.slice(hash));
  }

  // An IRI of this graph links to its page here; any other IRI that is not http(s) is no link.
  function decorate(anchor) {
    const iri = anchor.getAttribute("href") || "";
    const page = localPage(iri);
    if (page) anchor.setAttribute("href", page);
    else if (!/^https?:\/\//.test(iri)) anchor.removeAttribute("href");
    anchor.dataset.iri = iri;
    anchor.classList.add("decorated");
  }

  function name(anchor) {
    if (anchor.nextElementSibling && anchor.nextElementSibling.classList.contains("iri-label")) return;
    const span = document.createElement("span");
    span.className = "iri-label";
    span.textContent = labels.get(anchor.dataset.iri);
    anchor.after(span);
  }

  // An IRI goes into the query only if it has none of the characters an IRI reference may not hold.
  const writable = (iri) => !/[\s<>"{}|^`\\]/.test(iri);

  async function fetchLabels(iris) {
    for (let start = 0; start < iris.length; start += LABEL_BATCH) {
      const values = iris.slice(start, start + LABEL_BATCH).map((iri) => "<" + iri + ">").join(" ");
      const response = await fetch(settings.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
        body: new URLSearchParams({
          query: "SELECT ?iri (MIN(?name) AS ?label) WHERE { VALUES ?iri { " + values + " } ?iri rdfs:label ?name } GROUP BY ?iri",
        }),
      });
      if (!response.ok) return;
      for (const row of (await response.json()).results.bindings) labels.set(row.iri.value, row.label.value);
    }
  }

  function refresh() {
    const wanted = [];
    for (const anchor of holder.querySelectorAll("a.iri:not(.decorated)")) decorate(anchor);
    for (const anchor of holder.querySelectorAll("a.iri.decorated")) {
      const iri = anchor.dataset.iri;
      if (labels.has(iri)) name(anchor);
      else if (!asked.has(iri) && writable(iri)) {
        asked.add(iri);
        wanted.push(iri);
      }
    }
    if (wanted.length) fetchLabels(wanted).then(refresh);
  }

  new MutationObserver(refresh).observe(holder, { childList: true, subtree: true });
})();
