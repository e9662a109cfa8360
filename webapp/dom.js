// Builds the DOM from data without ever parsing HTML: user text only ever becomes text nodes, so
// a habit named "<img onerror=...>" stays a name (and the CSP forbids inline code anyway).

const SVG_NS = 'http://www.w3.org/2000/svg';
const PROPERTIES = new Set(['value', 'checked', 'indeterminate']);

function append(parent, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : String(child));
  }
}

function build(element, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) element[key] = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

// h('button', { type: 'button', onclick: fn }, 'Save'): attributes, listeners (onclick, onchange,
// ...), and the properties value, checked and indeterminate.
export function h(tag, props, ...children) {
  return build(document.createElement(tag), props, children);
}

export function svg(tag, props, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

let ids = 0;
export function uniqueId(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

// A labelled control with an optional hint and an error slot that forms fill from a 422.
// Returns the wrapper; the control is `wrapper.control`.
export function field(labelText, control, { hint, name } = {}) {
  control.id ||= uniqueId('f');
  if (name) control.name = name;
  const hintId = hint ? `${control.id}-hint` : null;
  const errorId = `${control.id}-error`;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  const wrapper = h('div', { class: 'field' },
    h('label', { for: control.id }, labelText),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    control,
    h('p', { class: 'field-error', id: errorId }));
  wrapper.control = control;
  return wrapper;
}

// Shows a 422's per-field messages next to the controls named in `fields` ({ apiField: control }),
// and focuses the first control in error. Returns whether any was shown.
export function showFieldErrors(fields, errors) {
  let first = null;
  for (const [name, control] of Object.entries(fields)) {
    const message = errors[name];
    const slot = document.getElementById(`${control.id}-error`);
    if (slot) slot.textContent = message ?? '';
    if (message) {
      control.setAttribute('aria-invalid', 'true');
      first ??= control;
    } else {
      control.removeAttribute('aria-invalid');
    }
  }
  first?.focus();
  return Boolean(first);
}

// A form's error summary: role="alert" so it is announced when filled.
export function alertBox() {
  return h('p', { class: 'alert', role: 'alert' });
}

export function setAlert(box, message) {
  box.textContent = message ?? '';
  box.hidden = !message;
}

// A small flame icon for streaks (decorative: the element holding it carries the name).
export function flame() {
  return svg('svg', { class: 'icon', viewBox: '0 0 16 16', 'aria-hidden': 'true', focusable: 'false' },
    svg('path', { d: 'M8 1c1 3 4 4.5 4 8.5A4 4 0 0 1 4 9.5C4 7 5.5 6 6 4c1 1 1.2 2 1.2 3C8.5 6 8.6 3.5 8 1z' }));
}

// "Current streak: N" as one named element, whatever it shows.
export function streakBadge(count) {
  return h('span', { class: 'streak', role: 'img', 'aria-label': `Current streak: ${count}` }, flame(), String(count));
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}
