// Paste or load a report, post it, follow its job, list the events found in it.
import { postJSON, waitForJob } from './api.js';
import { colorFor, typeLabel } from './colors.js';
import { $, clear, el, formatDate, plural, setText } from './dom.js';

const MAX_BYTES = 1024 * 1024; // the server's limit; checked here to fail fast

export function createUpload({ onAdded, onEventClick }) {
  const form = $('#upload');
  const status = $('#upload-status');
  const result = $('#upload-result');
  const submit = form.querySelector('button[type=submit]');
  form.elements.published.value = new Date().toISOString().slice(0, 10);

  form.elements.file.addEventListener('change', () => {
    const file = form.elements.file.files[0];
    if (!file) return;
    if (file.size > MAX_BYTES) {
      status.textContent = `That file is ${Math.round(file.size / 1024)} KB; the limit is 1 MB.`;
      form.elements.file.value = '';
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      form.elements.text.value = String(reader.result);
      if (!form.elements.title.value) form.elements.title.value = file.name.replace(/\.[^.]+$/, '');
      setText(status, `Loaded ${file.name}.`);
    };
    reader.onerror = () => { status.textContent = 'That file could not be read.'; };
    reader.readAsText(file);
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = form.elements.text.value;
    if (!text.trim()) { status.textContent = 'Paste a report first.'; return; }
    if (new Blob([text]).size > MAX_BYTES) { status.textContent = 'The report is over the 1 MB limit.'; return; }
    const payload = {
      text,
      published: form.elements.published.value,
      publisher: form.elements.publisher.value.trim() || null,
      title: form.elements.title.value.trim() || null,
    };
    submit.disabled = true;
    status.textContent = 'Sending…';
    result.hidden = true;
    try {
      const job = await waitForJob(await postJSON('/api/documents', payload), progress);
      if (job.state === 'failed') {
        setText(status, `Not added: ${job.error}`);
        return;
      }
      const added = job.result;
      status.textContent = added.stored ? 'Added.' : 'This text was already stored; nothing changed.';
      show(added);
      await onAdded(added);
    } catch (error) {
      setText(status, `Not added: ${explain(error)}`);
    } finally {
      submit.disabled = false;
    }
  });

  function progress(job) {
    if (job.state === 'running') {
      status.textContent = 'Extracting events… (the first report may take a while: models load)';
    } else {
      const ahead = job.position ? ` behind ${plural(job.position, 'other report')}` : '';
      status.textContent = `Queued${ahead}…`;
    }
  }

  function explain(error) {
    if (error.status === 401) return 'adding reports needs this server\'s token (see the note at the top of the page).';
    return error.message; // 429 and 503 say when to try again
  }

  function show(added) {
    clear(result);
    result.hidden = false;
    result.append(el('h3', { text: `${added.stored ? 'Stored as' : 'Already stored as'} ${added.document_id}` }));
    result.append(el('p', { className: 'muted', text: `${plural(added.events.length, 'event')} cite this report (after merging with the stored reports).` }));
    const list = el('ul', { className: 'doc-events', id: 'upload-events' });
    for (const e of added.events) {
      const dot = el('span', { className: 'dot' });
      dot.style.background = colorFor(e.event_type);
      list.append(el('li', {}, el('button', {
        type: 'button', className: 'link', dataset: { eventId: e.event_id }, onclick: () => onEventClick(e.event_id),
      }, dot, `${formatDate(e.event_date)} · ${e.sub_event_type || typeLabel(e.event_type)} · ${e.location || 'unknown place'}`,
      e.sources > 1 ? el('span', { className: 'tag', text: `${e.sources} sources` }) : null)));
    }
    result.append(list);
    for (const w of added.warnings || []) result.append(el('p', { className: 'warning', text: w }));
  }
}
