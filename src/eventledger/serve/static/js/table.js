// The event table: one server page at a time, sorted on the server by any
// column, so it costs the same with 80 events or 100k.
import { getJSON } from './api.js';
import { colorFor, typeLabel } from './colors.js';
import { $, clear, el, formatDate, formatNumber, inertText } from './dom.js';

const PAGE = 50;

export function createTable(root, { onEventClick, onTotal }) {
  const body = $('tbody', root.querySelector('table'));
  const empty = $('#events-empty');
  const info = $('#page-info');
  const prev = $('#page-prev');
  const next = $('#page-next');
  let filters = {};
  let sort = { by: 'event_date', order: 'desc' };
  let offset = 0;
  let total = 0;
  let sequence = 0;

  for (const th of root.querySelectorAll('th[data-sort]')) {
    th.tabIndex = 0;
    const choose = () => {
      const by = th.dataset.sort;
      // Dates, counts and sources read best largest first; names A to Z.
      const firstOrder = ['event_date', 'fatalities', 'sources'].includes(by) ? 'desc' : 'asc';
      sort = sort.by === by ? { by, order: sort.order === 'asc' ? 'desc' : 'asc' } : { by, order: firstOrder };
      offset = 0;
      load();
    };
    th.addEventListener('click', choose);
    th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); choose(); } });
  }
  prev.addEventListener('click', () => { offset = Math.max(0, offset - PAGE); load(); });
  next.addEventListener('click', () => { if (offset + PAGE < total) { offset += PAGE; load(); } });

  async function load() {
    const mine = ++sequence;
    const page = await getJSON('/api/events', { ...filters, limit: PAGE, offset, sort: sort.by, order: sort.order });
    if (mine !== sequence) return;
    total = page.total;
    draw(page);
    onTotal(total);
  }

  function draw(page) {
    clear(body);
    for (const item of page.items) body.append(row(item));
    empty.hidden = page.items.length > 0;
    const last = Math.min(page.offset + page.items.length, page.total);
    info.textContent = page.total ? `${formatNumber(page.offset + 1)}–${formatNumber(last)} of ${formatNumber(page.total)}` : '';
    prev.disabled = page.offset === 0;
    next.disabled = last >= page.total;
    for (const th of root.querySelectorAll('th[data-sort]')) {
      const active = th.dataset.sort === sort.by;
      th.classList.toggle('sorted', active);
      th.dataset.order = active ? sort.order : '';
      th.setAttribute('aria-sort', active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none');
    }
  }

  function row(item) {
    const dot = el('span', { className: 'dot' });
    dot.style.background = colorFor(item.event_type);
    const tr = el('tr', { tabindex: 0, dataset: { eventId: item.event_id } },
      el('td', { className: 'nowrap' },
        formatDate(item.event_date),
        item.status !== 'occurred' ? el('div', { className: 'tag status', text: item.status }) : null),
      el('td', {},
        el('div', { className: 'type' }, dot, item.sub_event_type || typeLabel(item.event_type)),
        el('div', { className: 'sub muted', text: item.event_type ? item.event_type : item.plover_type || '' })),
      el('td', {},
        el('div', { text: item.actor1 || '—' }),
        item.actor2 ? el('div', { className: 'sub muted', text: `→ ${item.actor2}` }) : null),
      el('td', {},
        el('div', { text: item.location || '—' }),
        el('div', { className: 'sub muted', text: [item.admin1, item.country].filter(Boolean).join(', ') })),
      el('td', { className: 'num', text: item.fatalities === null ? '' : formatNumber(item.fatalities) }),
      el('td', { className: 'num', title: `${item.sources} report${item.sources === 1 ? '' : 's'}, ${item.independent_sources} independent` },
        String(item.independent_sources),
        item.disputed ? el('span', { className: 'tag disputed block', title: 'Reports disagree', text: '≠' }) : null),
    );
    tr.title = inertText(item.notes || '');
    const open = () => onEventClick(item.event_id);
    tr.addEventListener('click', open);
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
    return tr;
  }

  return {
    setFilters(next) {
      filters = next;
      offset = 0;
      return load();
    },
    reload: load,
  };
}
