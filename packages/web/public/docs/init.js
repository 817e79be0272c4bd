// Loaded by GET /api/docs after swagger-ui-bundle.js; a file rather than inline script because of the CSP.
const root = document.getElementById("swagger-ui");
window.SwaggerUIBundle({
  url: root.dataset.specUrl,
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: false,
});
