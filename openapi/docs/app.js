// Starts Swagger UI (openapi/docs/swagger-ui/, swagger-ui-dist unchanged) on the server's own
// OpenAPI document. A file of its own because the page's Content-Security-Policy allows no inline
// script. Nothing here reaches another host: no validator badge, no telemetry.
'use strict';

// Accessibility repairs of Swagger UI's markup (axe-core checks the page in the browser test):
// - An operation's summary is a button, and Swagger UI puts the deep link (an <a>) inside it: one
//   control nested in another. The path as plain text keeps it one control. Deep links still
//   work: expanding an operation writes #/Tag/operationId into the address, and opening such an
//   address expands it.
// - Controls without a name get one: the servers and examples <select>s, the icon buttons (close,
//   copy to clipboard); code blocks that scroll become focusable.
// - Buttons whose aria-label hides their visible text ("Apply credentials" on "Authorize") lose
//   the label, so what a speech user says is what they see.
function accessibleMarkup(system) {
  return {
    components: {
      DeepLink: ({ text }) => system.React.createElement('span', null, text),
    },
  };
}

function repair(root) {
  const name = (selector, label) => {
    for (const node of root.querySelectorAll(selector)) if (!node.hasAttribute('aria-label')) node.setAttribute('aria-label', label);
  };
  name('select#servers', 'Server');
  name('select.examples-select-element', 'Example');
  name('button.close-modal', 'Close');
  name('.copy-to-clipboard button', 'Copy to clipboard');
  // Code that may scroll sideways (the curl command, examples) must be reachable by keyboard.
  for (const code of root.querySelectorAll('.curl, .highlight-code > pre')) if (!code.hasAttribute('tabindex')) code.tabIndex = 0;
  for (const button of root.querySelectorAll('button[aria-label]')) {
    const text = button.textContent.trim();
    if (text && !button.getAttribute('aria-label').toLowerCase().includes(text.toLowerCase())) button.removeAttribute('aria-label');
  }
}

function keepRepaired(root) {
  // Swagger UI renders as the document loads and as people open things: repair every change.
  new MutationObserver(() => repair(root)).observe(root, { childList: true, subtree: true });
  repair(root);
}

// The document names the development server (127.0.0.1:8080); "Try it out" must call the server
// that serves this page, wherever it runs, so its origin goes first in the server list.
async function loadDocument() {
  const response = await fetch('/api/v1/openapi.json', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /api/v1/openapi.json answered ${response.status}`);
  const spec = await response.json();
  const here = { url: window.location.origin, description: 'This server' };
  spec.servers = [here, ...(spec.servers ?? []).filter((server) => server.url !== here.url)];
  return spec;
}

window.addEventListener('DOMContentLoaded', async () => {
  keepRepaired(document.body);
  const root = document.getElementById('swagger-ui');
  let spec;
  try {
    spec = await loadDocument();
  } catch (error) {
    root.textContent = `The OpenAPI document could not be loaded: ${error.message}`;
    return;
  }
  window.ui = window.SwaggerUIBundle({
    spec,
    dom_id: '#swagger-ui',
    deepLinking: true,             // #/Tag/operationId opens that operation
    displayOperationId: true,
    displayRequestDuration: true,
    filter: true,                  // search operations by tag
    persistAuthorization: false,   // a token typed here is forgotten when the tab closes
    tryItOutEnabled: false,
    validatorUrl: null,            // never ask an online validator
    defaultModelsExpandDepth: 1,
    syntaxHighlight: { activated: false },  // its themes' colours fall below AA contrast
    presets: [window.SwaggerUIBundle.presets.apis],
    plugins: [accessibleMarkup],
    layout: 'BaseLayout',
  });
});
