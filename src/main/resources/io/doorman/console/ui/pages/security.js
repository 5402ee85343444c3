// Security: recent audit events filtered by outcome (fingerprints only), current blocks with Unblock, and
// elevations and denials over the last hour.
import { call, seg } from '../api.js';
import { announce, busy, h, pageHeading, when } from '../dom.js';
import { lineChart } from '../chart.js';

const OUTCOMES = [
  ['', 'All outcomes'],
  ['elevated_live_tv', 'Elevated (Live TV)'],
  ['deny_missing_token', 'Denied: missing token'],
  ['deny_unauthorized_token', 'Denied: unauthorized token'],
  ['deny_auth_cooldown', 'Denied: cooling down'],
  ['blocked_bad_actor', 'Blocked: bad actor'],
  ['bad_actor_blocked', 'Source blocked'],
];

/** Renders the Security page. */
export async function render(main) {
  const filter = h('select', { id: 'audit-outcome', 'data-test': 'audit-outcome' },
    OUTCOMES.map(([v, t]) => h('option', { value: v }, t)));
  const audit = h('div', { class: 'table-wrap', 'data-test': 'audit', 'aria-live': 'polite' });
  const blocks = h('div', { class: 'table-wrap', 'data-test': 'blocks' });
  const chart = lineChart({ title: 'Elevations and denials, last 60 minutes', testId: 'audit-chart', series: [
    { key: 'elevated', name: 'Elevated' }, { key: 'denied', name: 'Denied' }] });
  main.append(pageHeading('Security'),
    h('div', { class: 'grid-2' },
      h('section', { class: 'card', 'aria-labelledby': 'blocks-heading' },
        h('h2', { id: 'blocks-heading' }, 'Blocked sources'), blocks),
      h('section', { class: 'card', 'aria-labelledby': 'history-heading' },
        h('h2', { id: 'history-heading' }, 'Over time'), chart.el)),
    h('section', { class: 'card', 'aria-labelledby': 'audit-heading' },
      h('h2', { id: 'audit-heading' }, 'Audit events'),
      h('div', { class: 'field inline' }, h('label', { for: filter.id }, 'Outcome'), filter), audit));

  async function loadAudit() {
    const q = new URLSearchParams({ limit: '100' });
    if (filter.value) {
      q.set('outcome', filter.value);
    }
    try {
      const answer = await call('GET', `/api/audit?${q}`);
      showAudit(audit, answer.events || []);
    } catch (err) {
      audit.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, err.message));
    }
  }

  async function loadBlocks() {
    const answer = await call('GET', '/api/blocks');
    const list = answer.blocks || [];
    if (!list.length) {
      blocks.replaceChildren(h('p', { 'data-test': 'blocks-empty' }, 'No source is blocked.'));
      return;
    }
    blocks.replaceChildren(h('table', { class: 'table', 'data-test': 'blocks-table' },
      h('thead', {}, h('tr', {}, ['Source', 'Until', 'Reason', 'Action'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, list.map((b) => {
        const unblock = h('button', { type: 'button', class: 'secondary', 'data-test': 'unblock',
          'data-source': b.source, 'aria-label': `Unblock ${b.source}` }, 'Unblock');
        const cell = h('td', { 'data-label': 'Action' }, unblock);
        unblock.addEventListener('click', async () => {
          try {
            await busy(unblock, 'Unblocking…', () => call('DELETE', `/api/blocks/${seg(b.source)}`));
            announce(`${b.source} unblocked`);
            await loadBlocks();
          } catch (err) {
            cell.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
          }
        });
        return h('tr', { 'data-test': 'block-row', 'data-source': b.source },
          h('th', { scope: 'row', 'data-label': 'Source' }, h('code', {}, b.source)),
          h('td', { 'data-label': 'Until' }, when(b.until)), h('td', { 'data-label': 'Reason' }, b.reason || ''), cell);
      }))));
  }

  async function loadHistory() {
    const answer = await call('GET', '/api/audit/history?minutes=60');
    chart.set(answer.points || []);
  }

  filter.addEventListener('change', loadAudit);
  await Promise.all([loadAudit(), loadBlocks(), loadHistory()]);
}

function showAudit(box, events) {
  if (!events.length) {
    box.replaceChildren(h('p', { 'data-test': 'audit-empty' }, 'No audit events.'));
    return;
  }
  const cols = ['Time', 'Outcome', 'Token', 'Source', 'Method', 'Path'];
  box.replaceChildren(h('table', { class: 'table', 'data-test': 'audit-table' },
    h('thead', {}, h('tr', {}, cols.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, events.map((ev) => h('tr', { 'data-test': 'audit-row', 'data-outcome': ev.outcome },
      h('td', { 'data-label': cols[0] }, when(ev.time)),
      h('td', { 'data-label': cols[1] }, h('span', { class: `badge ${ev.outcome && ev.outcome.startsWith('elevated')
        ? 'badge-pass' : 'badge-fail'}` }, ev.outcome), ev.count > 1 ? ` ×${ev.count}` : ''),
      h('td', { 'data-label': cols[2] }, h('code', {}, ev.tokenFp || '—')),
      h('td', { 'data-label': cols[3] }, ev.source || ''),
      h('td', { 'data-label': cols[4] }, ev.method || ''),
      h('td', { 'data-label': cols[5], class: 'path' }, ev.path || ''))))));
}
