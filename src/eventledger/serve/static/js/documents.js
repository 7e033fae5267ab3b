// The list of stored documents, newest first.
import { getJSON } from './api.js';
import { $, clear, el, formatDate, formatNumber, plural } from './dom.js';

const PAGE = 50;

export function createDocuments({ onDocumentClick, onTotal }) {
  const list = $('#documents-list');
  const info = $('#docs-info');
  const prev = $('#docs-prev');
  const next = $('#docs-next');
  let offset = 0;
  let total = 0;

  prev.addEventListener('click', () => { offset = Math.max(0, offset - PAGE); load(); });
  next.addEventListener('click', () => { if (offset + PAGE < total) { offset += PAGE; load(); } });

  async function load() {
    const page = await getJSON('/api/documents', { limit: PAGE, offset });
    total = page.total;
    onTotal(total);
    clear(list);
    for (const doc of page.items) {
      list.append(el('li', {}, el('button', { type: 'button', className: 'doc', dataset: { documentId: doc.id }, onclick: () => onDocumentClick(doc.id) },
        el('div', { className: 'doc-title', text: doc.title || doc.id }),
        el('div', { className: 'muted small', text: `${doc.publisher || 'Unknown publisher'} · ${formatDate(doc.published)} · ${plural(doc.mentions, 'mention')}` }))));
    }
    if (!page.items.length) list.append(el('li', { className: 'muted', text: 'No documents yet: add a report.' }));
    const last = Math.min(offset + page.items.length, total);
    info.textContent = total ? `${formatNumber(offset + 1)}–${formatNumber(last)} of ${formatNumber(total)}` : '';
    prev.disabled = offset === 0;
    next.disabled = last >= total;
  }

  return { load };
}
