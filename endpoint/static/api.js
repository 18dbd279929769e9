// The /api page: Swagger UI (vendor/swagger-ui-bundle.js, from npm) reading this server's OpenAPI document.
"use strict";

(function () {
  const holder = document.getElementById("swagger-ui");
  if (!holder || !window.SwaggerUIBundle) return;
  SwaggerUIBundle({
    url: holder.dataset.url,
    domNode: holder,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    validatorUrl: null, // no online validator: the page talks to this server only
    tryItOutEnabled: true,
  });
})();
