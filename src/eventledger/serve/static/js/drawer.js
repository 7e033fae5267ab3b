// The side drawer: one event with its sources, evidence and disputes, or one
// document with its events. Report text is placed with textContent only, so a
// report holding <script> or <img onerror> shows as the characters it is.
import { getJSON } from './api.js';
import { colorFor, typeLabel } from './colors.js';
import { $, append, clear, el, formatDate, formatNumber, plural, textNodes } from './dom.js';

const CONTEXT_CHARS = 700;

const FIELD_LABELS = {
  trigger: 'event (trigger)',
  actor1: 'actor 1',
  actor2: 'actor 2',
  assoc_actor_1: 'associated actor 1',
  assoc_actor_2: 'associated actor 2',
  event_date: 'date',
  location: 'location',
  fatalities: 'fatalities',
  status: 'status',
};

export function fieldLabel(field) {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  if (field.startsWith('quantities.')) return field.slice(11).replaceAll('_', ' ');
  return field.replaceAll('_', ' ');
}

export function createDrawer({ onError }) {
  const drawer = $('#drawer');
  const title = $('#drawer-title');
  const body = $('#drawer-body');
  const documents = new Map(); // id -> Promise of the document
  let current = null;

  $('#drawer-close').addEventListener('click', close);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !drawer.hidden) close(); });

  function close() {
    drawer.hidden = true;
    current = null;
    // so that a test (or a script) waiting for the next view never sees this one
    delete drawer.dataset.view;
    delete drawer.dataset.eventId;
    delete drawer.dataset.documentId;
    document.body.classList.remove('drawer-open');
  }

  function show(heading, ...content) {
    append(clear(title), heading);
    append(clear(body), content);
    drawer.hidden = false;
    document.body.classList.add('drawer-open');
    body.scrollTop = 0;
  }

  function fetchDocument(id) {
    if (!documents.has(id)) {
      const promise = getJSON(`/api/documents/${encodeURIComponent(id)}`);
      promise.catch(() => documents.delete(id));
      documents.set(id, promise);
    }
    return documents.get(id);
  }

  async function openEvent(eventId) {
    current = `event:${eventId}`;
    const mine = current;
    let event;
    try {
      event = await getJSON(`/api/events/${encodeURIComponent(eventId)}`);
    } catch (error) {
      onError(error.message);
      return;
    }
    if (current !== mine) return;
    const docs = await Promise.all(event.sources.map((s) => fetchDocument(s.document).catch(() => null)));
    if (current !== mine) return;
    drawer.dataset.view = 'event';
    drawer.dataset.eventId = event.event_id;
    delete drawer.dataset.documentId;
    show(eventHeading(event), ...eventBody(event, docs, openDocument));
    for (const box of body.querySelectorAll('.doc-text')) scrollToSentence(box);
  }

  async function openDocument(documentId) {
    current = `document:${documentId}`;
    const mine = current;
    let doc;
    try {
      doc = await fetchDocument(documentId);
    } catch (error) {
      onError(error.message);
      return;
    }
    if (current !== mine) return;
    drawer.dataset.view = 'document';
    drawer.dataset.documentId = doc.id;
    delete drawer.dataset.eventId;
    show(
      [el('div', { className: 'kicker', text: 'Document' }), el('h2', { text: doc.title || doc.id })],
      ...documentBody(doc, openEvent),
    );
  }

  return {
    openEvent,
    openDocument,
    forget(id) { documents.delete(id); },
    forgetAll() { documents.clear(); },
  };
}

// ------------------------------------------------------------------- event

function eventHeading(event) {
  const dot = el('span', { className: 'dot big' });
  dot.style.background = colorFor(event.event_type);
  const place = [event.location, event.admin1, event.country].filter(Boolean).join(', ');
  return [
    el('div', { className: 'kicker' }, dot, event.event_type ? `${event.event_type}` : typeLabel(null),
      event.plover_type ? el('span', { className: 'tag', text: `PLOVER ${event.plover_type}${event.plover_mode ? ` · ${event.plover_mode}` : ''}` }) : null),
    el('h2', { text: `${event.sub_event_type || event.plover_type || 'Event'} — ${place || 'unknown place'}` }),
    el('div', { className: 'muted' }, formatDate(event.event_date), ' · ', event.status,
      ' · ', plural(event.sources.length, 'source'), event.disputes.length ? el('span', { className: 'tag disputed', text: 'disputed' }) : null),
  ];
}

function eventBody(event, docs, openDocument) {
  const parts = [];
  if (event.notes) parts.push(el('p', { className: 'notes', text: event.notes }));
  parts.push(facts(event));
  if (event.disputes.length) parts.push(disputes(event));
  parts.push(el('h3', { text: `Sources (${event.sources.length})` }));
  event.sources.forEach((source, i) => parts.push(sourceCard(source, i, event.sources.length, docs[i], openDocument)));
  if (event.merge_log && event.merge_log.length) parts.push(mergeLog(event.merge_log));
  return parts;
}

function facts(event) {
  const rows = [
    ['Actor 1', event.actor1, event.assoc_actor_1],
    ['Actor 2', event.actor2, event.assoc_actor_2],
    ['Where', [event.location, event.admin2, event.admin1, event.country].filter(Boolean).join(', '),
      event.latitude !== null && event.latitude !== undefined
        ? `${event.latitude.toFixed(4)}, ${event.longitude.toFixed(4)} · geo precision ${event.geo_precision ?? '?'}` : 'not located'],
    ['When', formatDate(event.event_date), `time precision ${event.time_precision ?? '?'}`],
    ['Fatalities', event.fatalities === null ? 'not reported' : formatNumber(event.fatalities)],
  ];
  const quantities = Object.entries(event.quantities || {});
  if (quantities.length) rows.push(['Counts', quantities.map(([k, v]) => `${fieldLabel(`quantities.${k}`)}: ${formatNumber(v)}`).join(' · ')]);
  rows.push(['Event id', event.event_id]);
  const list = el('dl', { className: 'facts' });
  for (const [label, value, extra] of rows) {
    list.append(el('dt', { text: label }), el('dd', {}, value || '—', extra ? el('div', { className: 'muted small', text: extra }) : null));
  }
  return list;
}

function disputes(event) {
  const publisherOf = {};
  for (const s of event.sources) publisherOf[s.document] = s.publisher || s.document_title || s.document;
  const box = el('section', { className: 'disputes' }, el('h3', { text: 'Where the reports disagree' }));
  for (const dispute of event.disputes) {
    const columns = el('div', { className: 'dispute-values' });
    for (const value of dispute.values) {
      columns.append(el('div', { className: 'dispute-value' },
        el('div', { className: 'value', text: formatValue(value.value) }),
        value.text ? el('blockquote', { text: value.text }) : null,
        el('div', { className: 'muted small', text: value.document ? publisherOf[value.document] || value.document : '' })));
    }
    box.append(el('div', { className: 'dispute', dataset: { field: dispute.field } },
      el('div', { className: 'dispute-field', text: fieldLabel(dispute.field) }), columns));
  }
  return box;
}

function formatValue(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string' && /^\d{4}(-\d\d){0,2}$/.test(value)) return formatDate(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function sourceCard(source, index, count, doc, openDocument) {
  const evidence = Object.entries(source.evidence || {}).sort((a, b) => a[1].start - b[1].start);
  const card = el('article', { className: 'source', dataset: { document: source.document } });
  card.append(el('header', {},
    el('span', { className: 'source-n', text: `${index + 1}/${count}` }),
    el('strong', { text: source.publisher || 'Unknown publisher' }),
    el('span', { className: 'muted', text: ` · published ${formatDate(source.published)}` }),
    el('button', { type: 'button', className: 'link', text: source.document_title || source.document, onclick: () => openDocument(source.document) })));

  const chips = el('div', { className: 'chips' }, el('span', { className: 'muted small', text: 'Supports: ' }));
  const box = el('div', { className: 'doc-text' });
  for (const [field, span] of evidence) {
    chips.append(el('button', {
      type: 'button',
      className: 'chip',
      title: `“${span.text}” (characters ${span.start}–${span.end})`,
      dataset: { field },
      onclick: () => focusField(box, field),
    }, el('span', { className: 'chip-field', text: fieldLabel(field) }), el('span', { className: 'chip-text', text: span.text })));
  }
  if (!evidence.length) chips.append(el('span', { className: 'muted small', text: 'no per-field evidence recorded' }));
  card.append(chips);

  if (doc && typeof doc.text === 'string') {
    const spans = { sentence: { start: source.start, end: source.end }, evidence: source.evidence || {} };
    const render = (whole) => {
      clear(box).append(highlighted(doc.text, spans, whole));
      toggle.textContent = whole ? 'Show the passage only' : 'Show the whole document';
      toggle.dataset.whole = whole ? 'true' : 'false';
      scrollToSentence(box);
    };
    const toggle = el('button', { type: 'button', className: 'link small', onclick: () => render(toggle.dataset.whole !== 'true') });
    card.append(box, toggle);
    render(false);
  } else {
    card.append(el('blockquote', { className: 'sentence-only', text: source.sentence }));
  }
  return card;
}

// The document's cleaned text with the source sentence marked and each
// evidence span marked inside it; all as text nodes in spans.
export function highlighted(text, spans, whole) {
  const { sentence, evidence } = spans;
  const ranges = Object.entries(evidence).map(([field, s]) => ({ field, start: s.start, end: s.end }));
  let from = 0;
  let to = text.length;
  if (!whole) {
    const lo = Math.min(sentence.start, ...ranges.map((r) => r.start));
    const hi = Math.max(sentence.end, ...ranges.map((r) => r.end));
    from = paragraphStart(text, Math.max(0, lo - CONTEXT_CHARS / 2), lo);
    to = paragraphEnd(text, Math.min(text.length, hi + CONTEXT_CHARS / 2), hi);
  }
  const cuts = new Set([from, to, sentence.start, sentence.end]);
  for (const r of ranges) { cuts.add(r.start); cuts.add(r.end); }
  const points = [...cuts].filter((c) => c >= from && c <= to).sort((a, b) => a - b);
  const fragment = document.createDocumentFragment();
  if (from > 0) fragment.append(el('span', { className: 'elided', text: '… ' }));
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (a === b) continue;
    const piece = text.slice(a, b);
    const inSentence = a >= sentence.start && b <= sentence.end;
    const fields = ranges.filter((r) => a >= r.start && b <= r.end).map((r) => r.field);
    if (!inSentence && !fields.length) {
      fragment.append(textNodes(piece));
      continue;
    }
    const span = el(fields.length ? 'mark' : 'span', { text: piece });
    if (inSentence) span.classList.add('sentence');
    if (fields.length) {
      span.classList.add('evidence');
      span.dataset.fields = fields.join(' ');
      span.title = fields.map(fieldLabel).join(', ');
    }
    fragment.append(span);
  }
  if (to < text.length) fragment.append(el('span', { className: 'elided', text: ' …' }));
  return fragment;
}

function paragraphStart(text, at, limit) {
  const cut = text.lastIndexOf('\n', limit);
  return cut >= at ? cut + 1 : at > 0 ? text.indexOf(' ', at) + 1 || at : 0;
}

function paragraphEnd(text, at, limit) {
  const cut = text.indexOf('\n', limit);
  if (cut !== -1 && cut <= at) return cut;
  if (at >= text.length) return text.length;
  const space = text.lastIndexOf(' ', at);
  return space > limit ? space : at;
}

function scrollToSentence(box) {
  const mark = box.querySelector('.sentence');
  if (mark) box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - 40);
}

function focusField(box, field) {
  for (const node of box.querySelectorAll('.focus')) node.classList.remove('focus');
  let first = null;
  for (const node of box.querySelectorAll('mark.evidence')) {
    if (node.dataset.fields.split(' ').includes(field)) {
      node.classList.add('focus');
      first = first || node;
    }
  }
  if (first) box.scrollTop = Math.max(0, first.offsetTop - box.offsetTop - 40);
}

function mergeLog(entries) {
  const list = el('ol', { className: 'merge-log' });
  for (const entry of entries) {
    const score = entry.details && entry.details.score !== undefined ? ` (score ${entry.details.score})` : '';
    list.append(el('li', {}, el('strong', { text: entry.action }), ` ${entry.reason || ''}${score}`));
  }
  return el('details', { className: 'merge' }, el('summary', { text: `Why these reports were merged (${entries.length})` }), list);
}

// ---------------------------------------------------------------- document

function documentBody(doc, openEvent) {
  const parts = [
    el('div', { className: 'muted' },
      doc.publisher || 'Unknown publisher', ' · published ', formatDate(doc.published),
      doc.published_source ? ` (from ${doc.published_source})` : '', ' · ', plural(doc.mentions, 'mention')),
  ];
  if (doc.url) parts.push(el('div', { className: 'muted small', text: doc.url }));
  if (doc.flags && doc.flags.length) parts.push(el('div', {}, ...doc.flags.map((f) => el('span', { className: 'tag', text: f }))));
  parts.push(el('h3', { text: `Events citing it (${doc.events.length})` }));
  const list = el('ul', { className: 'doc-events' });
  for (const event of doc.events) {
    const dot = el('span', { className: 'dot' });
    dot.style.background = colorFor(event.event_type);
    list.append(el('li', {}, el('button', {
      type: 'button', className: 'link', dataset: { eventId: event.event_id }, onclick: () => openEvent(event.event_id),
    }, dot, `${formatDate(event.event_date)} · ${event.sub_event_type || typeLabel(event.event_type)} · ${event.location || 'unknown place'}`)));
  }
  if (!doc.events.length) list.append(el('li', { className: 'muted', text: 'No events were found in this document.' }));
  parts.push(list);
  parts.push(el('h3', { text: 'Cleaned text' }));
  const text = el('div', { className: 'doc-text whole' });
  // Each extracted sentence marked; clicking one opens its event.
  const sentences = [...doc.mention_list].sort((a, b) => a.sentence.start - b.sentence.start);
  let at = 0;
  for (const m of sentences) {
    if (m.sentence.start < at) continue;
    text.append(textNodes(doc.text.slice(at, m.sentence.start)));
    const mark = el('mark', { className: 'sentence clickable', title: `${m.sub_event_type || typeLabel(m.event_type)} (${m.status})`, text: doc.text.slice(m.sentence.start, m.sentence.end) });
    if (m.event_id) mark.addEventListener('click', () => openEvent(m.event_id));
    text.append(mark);
    at = m.sentence.end;
  }
  text.append(textNodes(doc.text.slice(at)));
  parts.push(text);
  return parts;
}
