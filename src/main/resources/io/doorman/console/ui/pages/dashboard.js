// Dashboard: current Plex sessions (Plex's view beside Doorman's, flagged when they disagree), live proxy
// traffic and prefs drift, kept current by the /api/events stream.
import { call } from '../api.js';
import { h, pageHeading, yesNo } from '../dom.js';
import { compact, lineChart } from '../chart.js';

const COLUMNS = ['User', 'Title', 'Bandwidth', 'Plex: location', 'Plex: local', 'Plex: relayed', 'Plex: secure',
  'Plex: address', 'Doorman: forwarded address', 'Doorman: in LAN networks'];

/** Renders the dashboard; returns the cleanup that closes the event stream. */
export async function render(main) {
  const first = await call('GET', '/api/sessions');
  const sessionsBox = h('div', { class: 'table-wrap', 'data-test': 'sessions' });
  const live = h('span', { class: 'live', 'data-test': 'live-status', 'aria-live': 'polite' }, 'Connecting…');
  const requests = lineChart({ title: 'Requests and errors per second', testId: 'traffic-chart', series: [
    { key: 'requestsPerSecond', name: 'Requests', unit: '/s' }, { key: 'errorsPerSecond', name: 'Errors', unit: '/s' }] });
  const bytes = lineChart({ title: 'Throughput', testId: 'bytes-chart', series: [
    { key: 'bytesPerSecond', name: 'Bytes', unit: 'B/s' }] });
  const drift = h('div', { class: 'drift', 'data-test': 'drift', 'data-status': 'unknown', 'aria-live': 'polite' },
    h('p', {}, 'Waiting for the first check of the Plex preferences…'));
  main.append(h('div', { class: 'page-head' }, pageHeading('Dashboard'), live),
    h('section', { class: 'card', 'aria-labelledby': 'sessions-heading' },
      h('h2', { id: 'sessions-heading' }, 'Plex sessions'),
      h('p', { class: 'help' }, 'Plex\'s view of each stream beside the address Doorman forwarded for it.'), sessionsBox),
    h('div', { class: 'grid-2' },
      h('section', { class: 'card', 'aria-labelledby': 'traffic-heading' },
        h('h2', { id: 'traffic-heading' }, 'Proxy traffic'), requests.el, bytes.el),
      h('section', { class: 'card', 'aria-labelledby': 'drift-heading' },
        h('h2', { id: 'drift-heading' }, 'Plex preferences'), drift)));
  showSessions(sessionsBox, first.sessions || []);

  const events = new EventSource('/api/events');
  events.addEventListener('open', () => { live.textContent = 'Live'; live.dataset.state = 'open'; });
  events.addEventListener('error', () => {
    live.textContent = events.readyState === EventSource.CLOSED ? 'Disconnected' : 'Reconnecting…';
    live.dataset.state = 'error';
  });
  events.addEventListener('traffic', (e) => {
    const point = JSON.parse(e.data);
    requests.push(point);
    bytes.push(point);
  });
  events.addEventListener('sessions', (e) => showSessions(sessionsBox, JSON.parse(e.data).sessions || []));
  events.addEventListener('drift', (e) => showDrift(drift, JSON.parse(e.data)));
  // Closed on leaving the page too, so no stream outlives it (and the page may enter the back-forward cache).
  const leave = () => events.close();
  window.addEventListener('pagehide', leave);
  return () => {
    window.removeEventListener('pagehide', leave);
    events.close();
  };
}

function showSessions(box, sessions) {
  if (!sessions.length) {
    box.replaceChildren(h('p', { 'data-test': 'sessions-empty' }, 'Nobody is playing anything right now.'));
    return;
  }
  const rows = [];
  for (const sv of sessions) {
    const plex = sv.plex || {};
    const doorman = sv.doorman || {};
    const flagged = !!sv.warning;
    const location = plex.location === 'wan' ? 'Remote (WAN)' : plex.location === 'lan' ? 'Local (LAN)' : '—';
    const cells = [sv.title, sv.bandwidthKbps === undefined || sv.bandwidthKbps === null ? '—'
      : `${compact(sv.bandwidthKbps)} kbps`, location, yesNo(plex.local), yesNo(plex.relayed), yesNo(plex.secure),
    plex.address || '—', doorman.forwardedAddress || '—', yesNo(doorman.inLanNetworks)];
    rows.push(h('tr', { class: flagged ? 'flagged' : '', 'data-test': 'session-row', 'data-user': sv.user,
      'data-location': plex.location || '' },
    h('th', { scope: 'row', 'data-label': COLUMNS[0] }, sv.user || '—'),
    cells.map((c, i) => h('td', { 'data-label': COLUMNS[i + 1] }, c))));
    if (flagged) {
      rows.push(h('tr', { class: 'warning-row', 'data-test': 'session-warning', 'data-user': sv.user },
        h('td', { colspan: COLUMNS.length, role: 'note' }, h('strong', {}, '⚠ Warning: '), sv.warning)));
    }
  }
  const sub = ['Location', 'Local', 'Relayed', 'Secure', 'Address', 'Forwarded address', 'In LAN networks'];
  box.replaceChildren(h('table', { class: 'table sessions-table', 'data-test': 'sessions-table' },
    h('thead', {},
      h('tr', {}, h('td', { colspan: 3 }), h('th', { scope: 'colgroup', colspan: 5, class: 'group' }, 'Plex\'s view'),
        h('th', { scope: 'colgroup', colspan: 2, class: 'group' }, 'Doorman\'s view')),
      h('tr', {}, COLUMNS.slice(0, 3).map((c) => h('th', { scope: 'col' }, c)),
        sub.map((c, i) => h('th', { scope: 'col', 'aria-label': COLUMNS[i + 3] }, c)))),
    h('tbody', {}, rows)));
}

function showDrift(box, drift) {
  const status = ['ok', 'drift'].includes(drift.status) ? drift.status : 'unknown';
  box.dataset.status = status;
  const text = { ok: 'Plex\'s settings match Doorman\'s policy.', drift: 'Plex\'s settings drifted from the policy.',
    unknown: 'Doorman could not read Plex\'s settings.' }[status];
  box.replaceChildren(h('p', { class: `status-${status === 'ok' ? 'pass' : status === 'drift' ? 'fail' : 'warn'}` },
    h('span', { class: `badge badge-${status === 'ok' ? 'pass' : status === 'drift' ? 'fail' : 'warn'}` },
      status === 'ok' ? 'OK' : status === 'drift' ? 'Drift' : 'Unknown'), ' ', text),
  drift.details && drift.details.length
    ? h('ul', { 'data-test': 'drift-details' }, drift.details.map((d) => h('li', {}, typeof d === 'string' ? d : JSON.stringify(d))))
    : null,
  status === 'drift' ? h('p', { class: 'help' }, 'Repair with: doorman prefs enforce') : null);
}
