// A small SVG line chart drawn here: a few series over the same points, on one scale up to the largest value shown.
import { h, s } from './dom.js';

const W = 300;
const H = 100;

/** A number as people read it: 1.2k, 3.4M. */
export function compact(n) {
  if (!Number.isFinite(n)) {
    return '0';
  }
  const abs = Math.abs(n);
  if (abs >= 1e9) {
    return `${(n / 1e9).toFixed(1)}G`;
  }
  if (abs >= 1e6) {
    return `${(n / 1e6).toFixed(1)}M`;
  }
  if (abs >= 1e3) {
    return `${(n / 1e3).toFixed(1)}k`;
  }
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/**
 * A chart of `series` ({key, name, unit}) over points (objects holding those keys), keeping the last `keep`
 * points. Returns {el, push(point), set(points)}.
 */
export function lineChart({ title, series, keep = 60, testId }) {
  const lines = series.map((sr, i) => s('polyline', { class: `series series-${i}`, fill: 'none',
    'vector-effect': 'non-scaling-stroke', points: '' }));
  const grid = [0.25, 0.5, 0.75].map((f) => s('line', { class: 'grid', x1: 0, x2: W, y1: H * f, y2: H * f,
    'vector-effect': 'non-scaling-stroke' }));
  const svg = s('svg', { class: 'chart-plot', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img',
    'aria-label': `${title}: no data yet`, focusable: 'false' }, grid, lines);
  const values = series.map((sr) => h('span', { class: 'legend-value', 'data-test': `chart-value-${sr.key}` }, '—'));
  const maxLabel = h('span', { class: 'chart-max', 'aria-hidden': 'true' }, '');
  const legend = h('ul', { class: 'legend' }, series.map((sr, i) => h('li', {},
    h('span', { class: `swatch series-${i}`, 'aria-hidden': 'true' }), `${sr.name}: `, values[i])));
  const el = h('figure', { class: 'chart', 'data-test': testId, 'data-points': '0' },
    h('figcaption', {}, title), h('div', { class: 'chart-frame' }, maxLabel, svg), legend);
  let points = [];

  function draw() {
    el.dataset.points = String(points.length);
    const step = W / Math.max(keep - 1, 1);
    const offset = (keep - points.length) * step;
    const summary = [];
    const max = Math.max(0, ...points.flatMap((p) => series.map((sr) => Number(p[sr.key]) || 0)));
    const top = max > 0 ? max * 1.1 : 1;
    maxLabel.textContent = max > 0 ? `max ${compact(max)}${series[0].unit || ''}` : '';
    series.forEach((sr, i) => {
      const nums = points.map((p) => Number(p[sr.key]) || 0);
      lines[i].setAttribute('points', nums.map((v, j) => `${(offset + j * step).toFixed(1)},${(H - (v / top) * H).toFixed(1)}`)
        .join(' '));
      const last = nums.length ? nums[nums.length - 1] : null;
      values[i].textContent = last === null ? '—' : `${compact(last)}${sr.unit || ''}`;
      summary.push(`${sr.name} ${values[i].textContent}`);
    });
    svg.setAttribute('aria-label', `${title}: latest ${summary.join(', ')}`);
  }

  return {
    el,
    push(point) {
      points.push(point);
      if (points.length > keep) {
        points = points.slice(points.length - keep);
      }
      draw();
    },
    set(all) {
      points = all.slice(-keep);
      draw();
    },
  };
}
