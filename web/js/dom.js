// dom.js - building DOM nodes. Text is always added as text nodes (never
// innerHTML), so user text cannot become markup.

/**
 * h('a', {href: '/x', class: 'c', onclick: fn}, 'text', childNode, [more])
 * Strings and numbers become text nodes; null/undefined/false are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

/** Appends strings (as text nodes), nodes and arrays of them. */
export function append(el, ...children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, ...c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Replaces the children of el with the given nodes. */
export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

/** A title cut into runs [{text, mark}] as text nodes and <mark> elements. */
export function marked(runs, fallback) {
  if (!Array.isArray(runs) || runs.length === 0) return [document.createTextNode(fallback ?? '')];
  return runs.map((r) => (r.mark ? h('mark', null, r.text) : document.createTextNode(r.text ?? '')));
}
