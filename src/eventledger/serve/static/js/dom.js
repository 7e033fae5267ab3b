// Building DOM nodes from data. Report text only ever becomes a text node
// (textNodes below): nothing here parses a string as HTML.

// Bidirectional embedding, override and isolate controls (U+202A-U+202E,
// U+2066-U+2069) in a report would reorder the text shown around them (an
// override can make "exe.pdf" read "fdp.exe"). None reaches the page as a
// character: each is shown as its name in a marked span (in a tooltip, as
// its name in brackets). Offsets into the text are applied before this.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const HAS_BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/; // no g: test() keeps no state
const BIDI_NAMES = {
  '\u202A': 'LRE', '\u202B': 'RLE', '\u202C': 'PDF', '\u202D': 'LRO', '\u202E': 'RLO',
  '\u2066': 'LRI', '\u2067': 'RLI', '\u2068': 'FSI', '\u2069': 'PDI',
};

function codePoint(ch) {
  return `U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

// A string for an attribute (a tooltip): the controls named, inert.
export function inertText(value) {
  return String(value).replace(BIDI_CONTROLS, (ch) => `[${BIDI_NAMES[ch]}]`);
}

// A text node for a string; a fragment with each control shown by name when it holds any.
export function textNodes(value) {
  const text = String(value);
  if (!HAS_BIDI_CONTROL.test(text)) return document.createTextNode(text);
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const match of text.matchAll(BIDI_CONTROLS)) {
    if (match.index > at) fragment.append(document.createTextNode(text.slice(at, match.index)));
    const ch = match[0];
    const mark = document.createElement('span');
    mark.className = 'bidi-control';
    mark.title = `${codePoint(ch)}, a text-direction control in the source, shown inert`;
    mark.textContent = BIDI_NAMES[ch];
    fragment.append(mark);
    at = match.index + ch.length;
  }
  if (at < text.length) fragment.append(document.createTextNode(text.slice(at)));
  return fragment;
}

// node's content becomes value, as text.
export function setText(node, value) {
  node.replaceChildren(textNodes(value));
  return node;
}

const TEXT_ATTRIBUTES = new Set(['title', 'aria-label', 'alt', 'placeholder']);

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'className') node.className = value;
    else if (key === 'text') node.append(textNodes(value));
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (TEXT_ATTRIBUTES.has(key)) node.setAttribute(key, inertText(value));
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : textNodes(child));
  }
  return node;
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child);
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// "2021-07-07" -> "7 Jul 2021", "2021-07" -> "Jul 2021", "2021" -> "2021"
export function formatDate(value) {
  if (!value) return 'undated';
  const [y, m, d] = value.split('-');
  if (d) return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
  if (m) return `${MONTHS[Number(m) - 1]} ${y}`;
  return y;
}

export function formatNumber(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString('en');
}

export function plural(n, one, many = `${one}s`) {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}
