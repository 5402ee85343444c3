// Test: runs each host's checks (validator and doctor, through the public URL) and shows each result, with its
// fix, as its ndjson line arrives.
import { call, callLines, seg } from '../api.js';
import { announce, h, pageHeading } from '../dom.js';

const LABELS = { pass: 'Pass', warn: 'Warning', fail: 'Fail', skip: 'Skipped' };

/** Renders the Test page. */
export async function render(main) {
  const hosts = await call('GET', '/api/hosts');
  const status = h('p', { class: 'result', 'data-test': 'test-status', 'aria-live': 'polite' });
  const results = h('ol', { class: 'checks', 'data-test': 'test-results', 'aria-live': 'polite',
    'aria-relevant': 'additions' });
  const buttons = hosts.map((host) => h('button', { type: 'button', 'data-test': 'run-test', 'data-host': host.name,
    onClick: () => run(host.name) }, `Test ${host.name}`));
  main.append(pageHeading('Test the front door'),
    h('p', { class: 'lead' }, 'Each check makes real HTTP and WebSocket requests through the host\'s public URL.'),
    hosts.length
      ? h('div', { class: 'actions wrap' }, buttons)
      : h('p', { 'data-test': 'hosts-empty' }, 'No hosts yet: ', h('a', { href: '#/hosts/new' }, 'create one'), ' first.'),
    h('section', { class: 'card', 'aria-labelledby': 'results-heading' },
      h('h2', { id: 'results-heading' }, 'Results'), status, results));

  let active = null;
  async function run(name) {
    if (active) {
      return;
    }
    active = name;
    for (const b of buttons) {
      b.disabled = true;
    }
    results.replaceChildren();
    status.className = 'result';
    status.textContent = `Running the checks for ${name}…`;
    let summary = null;
    try {
      await callLines('POST', `/api/hosts/${seg(name)}/test`, (line) => {
        if (line.done) {
          summary = line;
        } else {
          results.append(checkItem(line));
        }
      });
      if (summary) {
        status.textContent = `${name}: ${summary.passed} passed, ${summary.failed} failed.`;
        status.className = `result ${summary.failed ? 'status-fail' : 'status-pass'}`;
      } else {
        status.textContent = `${name}: the checks stopped before the end.`;
        status.className = 'result status-warn';
      }
      announce(status.textContent);
    } catch (err) {
      status.textContent = err.message;
      status.className = 'result status-fail';
    } finally {
      active = null;
      for (const b of buttons) {
        b.disabled = false;
      }
    }
  }
}

function checkItem(line) {
  const st = LABELS[line.status] ? line.status : 'skip';
  return h('li', { class: `check-item check-${st}`, 'data-test': 'check-result', 'data-check': line.check,
    'data-status': st },
  h('span', { class: `badge badge-${st}` }, LABELS[st]),
  h('div', { class: 'check-body' },
    h('p', { class: 'check-name' }, h('code', {}, line.check)),
    line.message ? h('p', { class: 'check-message', 'data-test': 'check-message' }, line.message) : null,
    line.fix ? h('p', { class: 'check-fix', 'data-test': 'check-fix' }, h('strong', {}, 'Fix: '), line.fix) : null));
}
