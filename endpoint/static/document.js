// A document page opened with ?span=b,e marks that span as selected; bring it into view as #char=b,e would.
"use strict";

(function () {
  const selected = document.querySelector("mark.selected");
  if (selected && !location.hash) selected.scrollIntoView({ block: "center" });
})();
