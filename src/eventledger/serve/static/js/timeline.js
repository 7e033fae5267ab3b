// Events per day as stacked bars (SVG, no library). Drag across it to pick a
// date range, click a bar for one bin; the page then filters the map and table.
import { colorFor, typeLabel } from './colors.js';
import { clear, el, formatDate, svg } from './dom.js';

const DAY_MS = 86400000;
const MARGIN = { top: 8, right: 10, bottom: 20, left: 34 };
const MIN_BAR_PX = 3;

const toDay = (iso) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const toIso = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function createTimeline(container, { onSelect }) {
  let data = null;
  let selection = null; // [fromIso, toIso] or null
  let fullRange = false; // false: the span where most events are

  function render() {
    clear(container);
    const width = container.clientWidth || 600;
    const height = container.clientHeight || 120;
    const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'timeline-svg' });
    container.append(root);
    if (!data || data.days.length === 0) {
      root.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'axis-label' },
        document.createTextNode('No events dated to a day')));
      return;
    }
    const innerW = width - MARGIN.left - MARGIN.right;
    const innerH = height - MARGIN.top - MARGIN.bottom;
    const { first, last, earlier, later, clipped } = domain(data.days, fullRange);
    // Pad a short range so that a single day is not one wall-to-wall bar.
    const span = Math.max(last - first + 1, 14);
    const start = first - Math.floor((span - (last - first + 1)) / 2);
    // Bin days together when there are more days than the width can show.
    const binDays = Math.max(1, Math.ceil(span / Math.floor(innerW / MIN_BAR_PX)));
    const binCount = Math.ceil(span / binDays);
    const bins = Array.from({ length: binCount }, (_, i) => ({ from: start + i * binDays, counts: {}, total: 0 }));
    for (const day of data.days) {
      const bin = bins[Math.floor((toDay(day.date) - start) / binDays)];
      if (!bin) continue;
      for (const [type, n] of Object.entries(day.counts)) bin.counts[type] = (bin.counts[type] || 0) + n;
      bin.total += day.total;
    }
    const max = Math.max(1, ...bins.map((b) => b.total));
    const x = (day) => MARGIN.left + ((day - start) / (binCount * binDays)) * innerW;
    const y = (n) => MARGIN.top + innerH - (n / max) * innerH;
    const barW = Math.max(1, innerW / binCount - (innerW / binCount > 4 ? 1 : 0));

    let moreLabel = null;
    const bars = svg('g', { class: 'bars' });
    for (const bin of bins) {
      if (!bin.total) continue;
      let base = 0;
      const label = [`${binLabel(bin.from, binDays)}: ${bin.total} events`];
      const group = svg('g', {});
      for (const type of data.types) {
        const n = bin.counts[type] || 0;
        if (!n) continue;
        group.append(svg('rect', {
          x: x(bin.from), y: y(base + n), width: barW, height: Math.max(0.5, y(base) - y(base + n)), fill: colorFor(type),
        }));
        label.push(`${typeLabel(type)}: ${n}`);
        base += n;
      }
      bin.label = label;
      bars.append(group);
    }
    root.append(bars);

    // y axis: the top count; x axis: a handful of dates
    root.append(svg('text', { x: MARGIN.left - 6, y: MARGIN.top + 9, 'text-anchor': 'end', class: 'axis-label' },
      document.createTextNode(String(max))));
    root.append(svg('text', { x: MARGIN.left - 6, y: MARGIN.top + innerH, 'text-anchor': 'end', class: 'axis-label' },
      document.createTextNode('0')));
    root.append(svg('line', { x1: MARGIN.left, x2: MARGIN.left + innerW, y1: MARGIN.top + innerH + 0.5, y2: MARGIN.top + innerH + 0.5, class: 'axis' }));
    const ticks = Math.max(2, Math.min(8, Math.floor(innerW / 110)));
    for (let i = 0; i <= ticks; i++) {
      const day = Math.round(start + (i / ticks) * (binCount * binDays - 1));
      const tx = x(day);
      root.append(svg('line', { x1: tx, x2: tx, y1: MARGIN.top + innerH, y2: MARGIN.top + innerH + 4, class: 'axis' }));
      root.append(svg('text', { x: tx, y: height - 4, 'text-anchor': i === 0 ? 'start' : i === ticks ? 'end' : 'middle', class: 'axis-label' },
        document.createTextNode(formatDate(toIso(day)))));
    }

    if (earlier || later || clipped) {
      const text = fullRange ? 'focus on most events' : [earlier ? `◂ ${earlier} earlier` : '', later ? `${later} later ▸` : ''].filter(Boolean).join(' · ');
      const more = svg('text', { x: MARGIN.left + innerW, y: MARGIN.top + 9, 'text-anchor': 'end', class: 'more' }, document.createTextNode(
        fullRange ? text : `${text} (show all)`));
      more.addEventListener('click', () => { fullRange = !fullRange; render(); });
      moreLabel = more;
    }

    // the selected range, and the area that takes the pointer
    const band = svg('rect', { class: 'brush', y: MARGIN.top, height: innerH, x: 0, width: 0, visibility: 'hidden' });
    root.append(band);
    const showBand = (fromDay, toDayIncl) => {
      const a = x(fromDay);
      const b = x(toDayIncl + 1);
      band.setAttribute('x', Math.max(MARGIN.left, a));
      band.setAttribute('width', Math.max(2, Math.min(MARGIN.left + innerW, b) - Math.max(MARGIN.left, a)));
      band.setAttribute('visibility', 'visible');
    };
    if (selection) showBand(toDay(selection[0]), toDay(selection[1]));

    const overlay = svg('rect', { class: 'brush-area', x: MARGIN.left, y: 0, width: innerW, height: MARGIN.top + innerH });
    root.append(overlay);
    if (moreLabel) root.append(moreLabel); // above the overlay, to be clickable
    const dayAt = (clientX) => {
      const box = root.getBoundingClientRect();
      const frac = Math.min(1, Math.max(0, (clientX - box.left - MARGIN.left) / innerW));
      return start + Math.min(binCount * binDays - 1, Math.floor(frac * binCount * binDays));
    };
    const binStart = (day) => start + Math.floor((day - start) / binDays) * binDays;
    let dragFrom = null;
    overlay.addEventListener('pointerdown', (event) => {
      dragFrom = { day: dayAt(event.clientX), px: event.clientX };
      overlay.setPointerCapture(event.pointerId);
    });
    const tip = el('div', { className: 'timeline-tip', hidden: true });
    container.append(tip);
    overlay.addEventListener('pointerleave', () => { tip.hidden = true; });
    overlay.addEventListener('pointermove', (event) => {
      if (!dragFrom) {
        const bin = bins[Math.floor((dayAt(event.clientX) - start) / binDays)];
        if (!bin || !bin.label) { tip.hidden = true; return; }
        tip.replaceChildren(...bin.label.map((line, i) => el(i ? 'div' : 'strong', { text: line })));
        tip.hidden = false;
        const box = container.getBoundingClientRect();
        const left = event.clientX - box.left + 12;
        tip.style.left = `${Math.min(left, box.width - tip.offsetWidth - 4)}px`;
        tip.style.top = '4px';
        return;
      }
      tip.hidden = true;
      const a = Math.min(dragFrom.day, dayAt(event.clientX));
      const b = Math.max(dragFrom.day, dayAt(event.clientX));
      showBand(a, b);
    });
    overlay.addEventListener('pointerup', (event) => {
      if (!dragFrom) return;
      let a = Math.min(dragFrom.day, dayAt(event.clientX));
      let b = Math.max(dragFrom.day, dayAt(event.clientX));
      if (Math.abs(event.clientX - dragFrom.px) < 4) {
        // a click: the bin under the pointer
        a = binStart(a);
        b = a + binDays - 1;
      }
      dragFrom = null;
      selection = [toIso(a), toIso(b)];
      showBand(a, b);
      onSelect(selection[0], selection[1]);
    });
  }

  new ResizeObserver(() => render()).observe(container);

  return {
    setData(next) {
      data = next;
      render();
    },
    setSelection(from, to) {
      selection = from && to ? [from, to] : null;
      render();
    },
  };
}

// The days to draw: all of them when they span a year or less, else the
// span holding the middle 80% of events and whatever lies near it, so that a report's mention of an
// event decades back does not squash the rest into a sliver.
function domain(days, full) {
  const allFirst = toDay(days[0].date);
  const allLast = toDay(days[days.length - 1].date);
  if (full || allLast - allFirst <= 365) return { first: allFirst, last: allLast, earlier: 0, later: 0, clipped: allLast - allFirst > 365 };
  const total = days.reduce((n, d) => n + d.total, 0);
  let seen = 0;
  let first = null;
  let last = allLast;
  for (const d of days) {
    seen += d.total;
    if (first === null && seen > total * 0.1) first = toDay(d.date);
    if (seen >= total * 0.9) { last = toDay(d.date); break; }
  }
  // Clip only far-off stragglers, never the recent edge of a steady stream.
  const reach = Math.max(90, last - first);
  if (allLast - last <= reach) last = allLast;
  if (first - allFirst <= reach) first = allFirst;
  if (last - first < 30) {
    const mid = Math.round((first + last) / 2);
    first = Math.max(allFirst, mid - 15);
    last = Math.min(allLast, mid + 15);
  }
  let earlier = 0;
  let later = 0;
  for (const d of days) {
    const day = toDay(d.date);
    if (day < first) earlier += d.total;
    else if (day > last) later += d.total;
  }
  return { first, last, earlier, later, clipped: earlier + later > 0 };
}

function binLabel(day, binDays) {
  if (binDays === 1) return formatDate(toIso(day));
  return `${formatDate(toIso(day))} – ${formatDate(toIso(day + binDays - 1))}`;
}
