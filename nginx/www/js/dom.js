// Building DOM nodes without innerHTML: every string from the API ends up
// in a text node or an attribute value, never parsed as markup.

/**
 * h('a', {href: '#/tasks', class: 'btn', onclick: fn}, 'text', node, [more])
 * Attributes: `class`, `text` (textContent), `on<event>` (listeners),
 * booleans (true sets an empty attribute, false/null/undefined skips),
 * `dataset` (object) and anything else through setAttribute.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = String(v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2), v);
      } else if (k === 'value' && 'value' in el) el.value = v;
      else if (k === 'checked' || k === 'selected' || k === 'disabled'
               || k === 'required' || k === 'hidden' || k === 'multiple') {
        el[k] = Boolean(v);
        if (v) el.setAttribute(k, '');
      } else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

/** Appends strings (as text), nodes and (nested) arrays; skips null/false. */
export function append(parent, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else if (c instanceof Node) parent.appendChild(c);
    else parent.appendChild(document.createTextNode(String(c)));
  }
  return parent;
}

/** Replaces all children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * Rewrites the address without a new history entry or a new render, and
 * keeps main's data-shown (the address whose screen is on view, set by
 * the router when a render ends) equal to it, so that a reader of
 * data-shown (the browser tests) tells "rendered" from "not yet routed".
 */
export function replaceHash(hash) {
  history.replaceState(null, '', hash);
  const main = document.getElementById('main');
  if (main && !main.hasAttribute('aria-busy')) main.dataset.shown = location.hash;
}

let uid = 0;
/** A fresh id for label/aria wiring. */
export function newId(prefix = 'f') {
  uid += 1;
  return `${prefix}-${uid}`;
}
