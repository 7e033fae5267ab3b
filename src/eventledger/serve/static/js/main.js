// The page: filters in one place, and every view (map, timeline, table,
// export links, the address bar) redrawn from them.
import { getJSON, onUnauthorized, queryString } from './api.js';
import { legend, typeLabel } from './colors.js';
import { $, debounce, el, formatDate, formatNumber, setText } from './dom.js';
import { createDocuments } from './documents.js';
import { createDrawer } from './drawer.js';
import { createMap } from './map.js';
import { createTable } from './table.js';
import { createTimeline } from './timeline.js';
import { createUpload } from './upload.js';

const SELECTS = ['event_type', 'sub_event_type', 'plover_type', 'status', 'country'];
const TEXTS = ['actor', 'q'];
const DATES = ['date_from', 'date_to'];

const form = $('#filters');
let facets = null;
let dates = { date_from: '', date_to: '' };

function toast(message) {
  const box = $('#toast');
  setText(box, message);
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 6000);
}

// 401: this browser has no valid token (never opened the printed address,
// or the server restarted with a new one). Say how to get one.
onUnauthorized(() => {
  $('#token-note-text').textContent = 'This server needs its token to add reports (and, when it is open to the network, '
    + 'to show anything). Open the address that eventledger serve printed (it ends in ?token=…), or enter the token:';
  $('#token-note').hidden = false;
});
$('#token-note-close').addEventListener('click', () => { $('#token-note').hidden = true; });

$('#legend').replaceWith(legend(el));
const drawer = createDrawer({ onError: toast });
const map = createMap($('#map'), { onEventClick: (id) => drawer.openEvent(id) });
const table = createTable($('#panel-events'), {
  onEventClick: (id) => drawer.openEvent(id),
  onTotal: (n) => { $('#events-count').textContent = formatNumber(n); },
});
const timeline = createTimeline($('#timeline'), {
  onSelect: (from, to) => {
    dates = { date_from: from, date_to: to };
    refresh({ timeline: false });
  },
});
const documents = createDocuments({
  onDocumentClick: (id) => drawer.openDocument(id),
  onTotal: (n) => { $('#documents-count').textContent = formatNumber(n); },
});
createUpload({
  onEventClick: (id) => drawer.openEvent(id),
  onAdded: async (added) => {
    drawer.forget(added.document_id);
    await Promise.all([loadFacets(), documents.load(), loadStats()]);
    await refresh({ timeline: true, refit: true });
  },
});

// ----------------------------------------------------------------- filters

function currentFilters({ withDates = true } = {}) {
  const filters = {};
  for (const name of [...SELECTS, ...TEXTS]) {
    const value = form.elements[name].value.trim();
    if (value) filters[name] = value;
  }
  if (form.elements.disputed.checked) filters.disputed = true;
  if (withDates) Object.assign(filters, Object.fromEntries(Object.entries(dates).filter(([, v]) => v)));
  return filters;
}

function fillSelect(name, values, keep) {
  const select = form.elements[name];
  select.replaceChildren(el('option', { value: '', text: 'any' }));
  for (const item of values) {
    select.append(el('option', { value: item.value, text: `${name === 'event_type' ? typeLabel(item.value) : item.value} (${formatNumber(item.count)})` }));
  }
  // a value from the address bar that this store does not have still shows
  if (keep && ![...select.options].some((o) => o.value === keep)) select.append(el('option', { value: keep, text: keep }));
  select.value = keep || '';
}

function fillSubTypes(keep) {
  if (!facets) return;
  const type = form.elements.event_type.value;
  const subs = facets.sub_event_type.filter((s) => !type || s.event_type === type);
  fillSelect('sub_event_type', subs, keep);
}

async function loadFacets() {
  facets = await getJSON('/api/facets');
  const keep = Object.fromEntries(SELECTS.map((n) => [n, form.elements[n].value]));
  for (const name of ['event_type', 'plover_type', 'status', 'country']) fillSelect(name, facets[name], keep[name]);
  fillSubTypes(keep.sub_event_type);
}

async function loadStats() {
  const stats = await getJSON('/api/stats');
  $('#store-stats').textContent = `${formatNumber(stats.events)} events from ${formatNumber(stats.documents)} reports`;
}

function showDates() {
  const chip = $('#date-filter');
  chip.hidden = !(dates.date_from || dates.date_to);
  $('#date-filter-text').textContent = `${formatDate(dates.date_from)} – ${formatDate(dates.date_to)}`;
}

function syncLinks(filters) {
  for (const format of ['jsonl', 'acled-csv', 'geojson']) {
    $(`#export-${format}`).href = `/api/export${queryString({ ...filters, format })}`;
  }
  history.replaceState(null, '', `${location.pathname}${queryString(filters)}`);
}

async function refresh({ timeline: withTimeline = true, refit = false } = {}) {
  const filters = currentFilters();
  syncLinks(filters);
  showDates();
  const jobs = [table.setFilters(filters), refit ? map.refit(filters) : map.setFilters(filters)];
  if (withTimeline) {
    // The timeline ignores the date range: it is where the range is chosen.
    jobs.push(getJSON('/api/aggregates/timeline', currentFilters({ withDates: false })).then((data) => {
      timeline.setData(data);
      timeline.setSelection(dates.date_from, dates.date_to);
      $('#timeline-note').textContent = data.not_by_day
        ? `drag across the bars to filter by date · not shown: ${formatNumber(data.not_by_day)} known only to the month or year`
        : 'drag across the bars to filter by date';
    }));
  } else {
    timeline.setSelection(dates.date_from, dates.date_to);
  }
  try {
    await Promise.all(jobs);
  } catch (error) {
    toast(error.message);
  }
}

const refreshSoon = debounce(() => refresh(), 300);
form.addEventListener('change', (event) => {
  if (event.target.name === 'event_type') fillSubTypes('');
  if (TEXTS.includes(event.target.name)) return; // handled on input
  refresh();
});
form.addEventListener('input', (event) => { if (TEXTS.includes(event.target.name)) refreshSoon(); });
form.addEventListener('submit', (event) => { event.preventDefault(); refresh(); });
form.addEventListener('reset', () => {
  dates = { date_from: '', date_to: '' };
  setTimeout(() => { fillSubTypes(''); refresh({ refit: true }); }); // after the form has reset its fields
});
$('#date-filter-clear').addEventListener('click', () => {
  dates = { date_from: '', date_to: '' };
  refresh({ timeline: false });
});

// -------------------------------------------------------------------- tabs

for (const tab of document.querySelectorAll('.tab')) {
  tab.addEventListener('click', () => {
    for (const other of document.querySelectorAll('.tab')) {
      const active = other === tab;
      other.classList.toggle('active', active);
      other.setAttribute('aria-selected', String(active));
      $(`#panel-${other.dataset.tab}`).hidden = !active;
    }
  });
}

// -------------------------------------------------------------------- start

async function start() {
  const params = new URLSearchParams(location.search);
  for (const name of TEXTS) form.elements[name].value = params.get(name) || '';
  // Menus fill in after the first render (their counts are not needed to see
  // the data); until then a value from the address bar is its only option.
  for (const name of SELECTS) if (params.get(name)) fillSelect(name, [], params.get(name));
  form.elements.disputed.checked = params.get('disputed') === 'true';
  for (const name of DATES) dates[name] = params.get(name) || '';
  try {
    await Promise.all([refresh(), map.ready, loadStats(), documents.load()]);
  } catch (error) {
    toast(`Could not load the data: ${error.message}`);
  }
  // For tests and the benchmark: the first full render is on screen, this
  // many ms after the navigation started.
  document.documentElement.dataset.renderedMs = String(Math.round(performance.now()));
  document.documentElement.dataset.rendered = 'true';
  loadFacets().catch((error) => toast(`Could not load the filter menus: ${error.message}`));
}

start();
