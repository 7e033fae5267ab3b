// One colour per ACLED event type, shared by the map, the timeline and the table.

export const TYPE_COLORS = {
  Battles: '#c0392b',
  'Explosions/Remote violence': '#e67e22',
  'Violence against civilians': '#8e44ad',
  Riots: '#b7950b',
  Protests: '#27ae60',
  'Strategic developments': '#2471a3',
  '': '#8a949c',
};

export const TYPE_ORDER = Object.keys(TYPE_COLORS);

export function colorFor(type) {
  return TYPE_COLORS[type || ''] || TYPE_COLORS[''];
}

// Events with no ACLED type are statements, demands, talks: PLOVER codes only.
export function typeLabel(type) {
  return type || 'Other (verbal, PLOVER only)';
}

// Radius in px for a fatality count: area grows with the count, within bounds.
export function radiusFor(fatalities) {
  const n = Math.max(0, Number(fatalities) || 0);
  return Math.min(22, 5 + 2.2 * Math.sqrt(n));
}

const SHORT_LABELS = {
  'Explosions/Remote violence': 'Explosions/remote',
  'Violence against civilians': 'Against civilians',
  'Strategic developments': 'Strategic dev.',
  '': 'Other (verbal)',
};

// The colour key, shared by the map and the timeline: built once, as DOM nodes.
export function legend(el) {
  const box = el('div', { className: 'legend', role: 'list', 'aria-label': 'Colours of event types' });
  for (const type of TYPE_ORDER) {
    const swatch = el('span', { className: 'swatch' });
    swatch.style.background = colorFor(type);
    box.append(el('span', { role: 'listitem', title: typeLabel(type) }, swatch, SHORT_LABELS[type] || type));
  }
  return box;
}
