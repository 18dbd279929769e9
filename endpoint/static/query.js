// The query page: fill the editor from a named query, send the query to /sparql, show the answer as a table.
// Every value is put into the page with textContent, never as HTML, and links only to http(s) IRIs.
"use strict";

(function () {
  const form = document.getElementById("query-form");
  if (!form) return;
  const editor = document.getElementById("query");
  const examples = document.getElementById("example");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const root = form.dataset.root || "/";
  const iriBase = form.dataset.iriBase || "";

  examples.addEventListener("change", function () {
    const chosen = document.querySelector('template.example[data-name="' + CSS.escape(examples.value) + '"]');
    if (chosen) editor.value = chosen.content.textContent.trim() + "\n";
  });

  function linkFor(iri) {
    if (iriBase && iri.startsWith(iriBase + "id/")) {
      const rest = iri.slice(iriBase.length);
      const hash = rest.indexOf("#");
      return hash < 0 ? root + rest + ".html" : root + rest.slice(0, hash) + ".html" + rest.slice(hash);
    }
    return /^https?:\/\//.test(iri) ? iri : null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    const href = term.type === "uri" ? linkFor(term.value) : null;
    if (href) {
      const a = document.createElement("a");
      a.href = href;
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
    }
    return td;
  }

  function table(data) {
    const result = document.createElement("table");
    result.id = "results-table";
    const head = result.createTHead().insertRow();
    for (const name of data.head.vars) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      head.appendChild(th);
    }
    const body = result.createTBody();
    for (const row of data.results.bindings) {
      const tr = body.insertRow();
      for (const name of data.head.vars) tr.appendChild(cell(row[name]));
    }
    return result;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    status.textContent = "Running…";
    results.replaceChildren();
    try {
      const response = await fetch(form.dataset.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json, text/turtle;q=0.9" },
        body: new URLSearchParams({ query: editor.value }),
      });
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok) {
        status.textContent = "Error " + response.status + ": " + (await response.text());
      } else if (type.includes("json")) {
        const data = await response.json();
        if ("boolean" in data) {
          status.textContent = "Answer: " + data.boolean;
        } else {
          status.textContent = data.results.bindings.length + " rows";
          results.appendChild(table(data));
        }
      } else {
        const pre = document.createElement("pre");
        pre.textContent = await response.text();
        status.textContent = "Triples (Turtle)";
        results.appendChild(pre);
      }
    } catch (error) {
      status.textContent = "The query could not be sent: " + error;
    }
  });
})();
