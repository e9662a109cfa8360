// A small, dependency-free API explorer: it renders the OpenAPI document and sends real requests
// to this server with the token given under "Authorize". Served by habitd itself, so it works
// with no internet access and under a strict Content-Security-Policy (no inline script or style).
'use strict';

let bearerToken = '';

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.appendChild(child);
  return node;
}

function resolve(document, object) {
  if (object && object.$ref) {
    return object.$ref.split('/').slice(1).reduce((node, key) => node[key], document);
  }
  return object;
}

function exampleBody(document, operation) {
  const body = resolve(document, operation.requestBody);
  if (!body || !body.content || !body.content['application/json']) return null;
  const media = body.content['application/json'];
  if (media.example !== undefined) return media.example;
  if (media.examples) return resolve(document, Object.values(media.examples)[0]).value;
  const schema = resolve(document, media.schema);
  return schema && schema.example !== undefined ? schema.example : {};
}

function renderOperation(document, path, method, operation) {
  const id = operation.operationId || `${method}-${path}`;
  const parameters = (operation.parameters || []).map((p) => resolve(document, p));
  const inputs = {};
  const form = element('div', { class: 'try' });
  for (const parameter of parameters) {
    const input = element('input', { 'data-name': parameter.name, 'data-in': parameter.in, id: `${id}-${parameter.name}` });
    inputs[parameter.name] = input;
    form.appendChild(element('label', { class: 'param' }, [element('span', { text: `${parameter.name} (${parameter.in})` }), input]));
  }
  const example = exampleBody(document, operation);
  let bodyInput = null;
  if (example !== null) {
    bodyInput = element('textarea', { id: `${id}-body`, 'aria-label': 'request body' });
    bodyInput.value = JSON.stringify(example, null, 2);
    form.appendChild(bodyInput);
  }
  const output = element('pre', { class: 'response', id: `${id}-response` });
  const button = element('button', { type: 'button', class: 'execute', id: `${id}-execute`, text: 'Try it out' });
  button.addEventListener('click', async () => {
    let url = path;
    const query = new URLSearchParams();
    const headers = {};
    for (const parameter of parameters) {
      const value = inputs[parameter.name].value;
      if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, encodeURIComponent(value));
      else if (parameter.in === 'query' && value !== '') query.append(parameter.name, value);
      else if (parameter.in === 'header' && value !== '') headers[parameter.name] = value;
    }
    if ([...query].length) url += `?${query}`;
    if (bearerToken) headers.Authorization = `Bearer ${bearerToken}`;
    const init = { method: method.toUpperCase(), headers };
    if (bodyInput) {
      headers['Content-Type'] = 'application/json';
      init.body = bodyInput.value;
    }
    output.textContent = 'Sending…';
    output.removeAttribute('data-status'); // a status shown only with the response it belongs to
    try {
      const response = await fetch(url, init);
      const text = await response.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (ignored) { /* not JSON */ }
      output.textContent = `${response.status} ${response.statusText}\n\n${shown}`;
      output.setAttribute('data-status', String(response.status));
    } catch (error) {
      output.textContent = `Request failed: ${error}`;
    }
  });
  form.appendChild(button);

  const responses = element('table', { class: 'responses' });
  for (const [status, response] of Object.entries(operation.responses || {})) {
    const resolved = resolve(document, response);
    responses.appendChild(element('tr', {}, [element('td', { class: 'status', text: status }),
      element('td', { text: resolved.description || '' })]));
  }

  return element('details', { class: 'operation', id }, [
    element('summary', {}, [
      element('span', { class: `method ${method}`, text: method }),
      element('span', { class: 'path', text: ` ${path} ` }),
      element('span', { text: operation.summary || '' }),
    ]),
    element('p', { text: operation.description || '' }),
    responses,
    form,
    output,
  ]);
}

async function main() {
  document.getElementById('authorize').addEventListener('submit', (event) => {
    event.preventDefault();
    bearerToken = document.getElementById('token').value.trim();
    document.getElementById('auth-state').textContent = bearerToken ? 'authorized' : 'not authorized';
  });
  const container = document.getElementById('operations');
  const spec = await (await fetch('/api/v1/openapi.json')).json();
  document.getElementById('description').textContent = `${spec.info.title} ${spec.info.version}`;
  container.textContent = '';
  const byTag = new Map();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if (!item[method]) continue;
      const tag = (item[method].tags || ['Other'])[0];
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(renderOperation(spec, path, method, item[method]));
    }
  }
  for (const [tag, operations] of byTag) {
    container.appendChild(element('h2', { text: tag }));
    for (const operation of operations) container.appendChild(operation);
  }
}

main();
