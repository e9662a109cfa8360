// Charts as SVG that assistive technology can read: each is one image (role="img") named by its
// <title> and described by a <desc> that states every value, next to a visible caption.
import { h, svg, uniqueId } from './dom.js';
import { daysOfYear, isoWeekday } from './dates.js';

// Horizontal bars, one per { label, value }; long labels are cut in the drawing, never in <desc>.
export function barChart({ title, data, unit = '' }) {
  const id = uniqueId('chart');
  const rowHeight = 30;
  const labelWidth = 130;
  const width = 340;
  const barSpace = width - labelWidth - 40;
  const max = Math.max(1, ...data.map((d) => d.value));
  const height = Math.max(rowHeight, data.length * rowHeight);
  const describe = data.map((d) => `${d.label}: ${d.value}${unit ? ` ${unit}` : ''}`).join('; ') || 'No data yet.';
  const cut = (text) => (text.length > 14 ? `${text.slice(0, 13)}…` : text);
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc` },
    svg('title', { id: `${id}-title` }, title),
    svg('desc', { id: `${id}-desc` }, describe),
    data.map((d, i) => {
      const y = i * rowHeight;
      const barWidth = Math.round((d.value / max) * barSpace);
      return svg('g', { 'aria-hidden': 'true' },
        svg('text', { x: 0, y: y + 20, class: 'chart-label' }, cut(d.label)),
        svg('rect', { x: labelWidth, y: y + 7, width: Math.max(barWidth, 2), height: 17, rx: 3, class: 'chart-bar' }),
        svg('text', { x: labelWidth + Math.max(barWidth, 2) + 6, y: y + 20, class: 'chart-value' }, String(d.value)));
    }));
  return h('figure', { class: 'chart-figure' }, h('figcaption', null, title), chart);
}

const LEVEL_NAMES = ['nothing logged', 'skipped', 'completed'];

// A year of days as columns of weeks (Monday at the top), coloured by calendar level
// (0 nothing, 1 skipped, 2 completed; GET /habits/{id}/calendar).
export function heatMap({ year, levels, title }) {
  const id = uniqueId('heat');
  const days = daysOfYear(year);
  const cell = 12;
  const offset = isoWeekday(days[0]) - 1;
  const weeks = Math.ceil((days.length + offset) / 7);
  const counts = [0, 0, 0];
  for (const level of levels) counts[level] = (counts[level] ?? 0) + 1;
  const chart = svg('svg', { class: 'heatmap', viewBox: `0 0 ${weeks * cell} ${7 * cell}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc` },
    svg('title', { id: `${id}-title` }, title),
    svg('desc', { id: `${id}-desc` }, `${counts[2]} days completed and ${counts[1]} skipped in ${year}.`),
    days.map((day, i) => {
      const slot = i + offset;
      const level = levels[i] ?? 0;
      return svg('rect', { x: Math.floor(slot / 7) * cell + 1, y: (slot % 7) * cell + 1, width: cell - 2, height: cell - 2, rx: 2,
                           class: `level-${level}`, 'data-date': day, 'aria-hidden': 'true' });
    }));
  const legend = h('ul', { class: 'legend' }, LEVEL_NAMES.map((name, level) =>
    h('li', null, svg('svg', { viewBox: '0 0 10 10', class: 'swatch', 'aria-hidden': 'true' }, svg('rect', { width: 10, height: 10, rx: 2, class: `level-${level}` })), name)));
  return h('figure', { class: 'heat-figure' }, h('figcaption', null, title), h('div', { class: 'heat-scroll' }, chart), legend);
}
