// A host's generated frontend configuration: files and custom URL with Copy buttons, warnings, Apply to Caddy.
import { call, seg } from '../api.js';
import { announce, busy, copyButton, h } from '../dom.js';
import { FRONTEND_KINDS } from './kinds.js';

/** The configuration panel for one saved host. */
export function hostConfig(host) {
  const kind = h('select', { id: 'config-kind', 'data-test': 'config-kind' },
    FRONTEND_KINDS.map((k) => h('option', { value: k.id, selected: k.id === host.frontend }, k.label)));
  const output = h('div', { class: 'config-output', 'aria-live': 'polite', 'aria-busy': 'true',
    'data-test': 'config-output' });
  const panel = h('section', { class: 'card host-config', 'data-test': 'host-config', 'data-host': host.name,
    'aria-labelledby': 'config-heading' },
  h('h2', { id: 'config-heading', tabindex: '-1' }, `Frontend configuration for ${host.name}`),
  h('div', { class: 'field inline' }, h('label', { for: kind.id }, 'Generate for'), kind), output);

  let loads = 0;
  async function load() {
    const mine = ++loads;
    output.setAttribute('aria-busy', 'true');
    let answer;
    try {
      answer = await call('GET', `/api/hosts/${seg(host.name)}/frontend?kind=${encodeURIComponent(kind.value)}`);
    } catch (err) {
      if (mine === loads) {
        output.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, err.message));
        output.removeAttribute('aria-busy');
      }
      return;
    }
    if (mine !== loads) {
      return;
    }
    output.replaceChildren(...render(answer));
    output.removeAttribute('aria-busy');
  }

  function render(answer) {
    const parts = [];
    parts.push(h('div', { class: 'custom-url' },
      h('h3', {}, 'Custom server access URL'),
      h('p', { class: 'copy-line' }, h('code', { 'data-test': 'custom-url' }, answer.customUrl),
        copyButton('Copy', () => answer.customUrl, 'copy-custom-url')),
      h('p', { class: 'help info' }, 'Add it in Plex Settings → Network → Custom server access URLs.')));
    if (answer.warnings && answer.warnings.length) {
      parts.push(h('div', { class: 'warnings', role: 'note', 'data-test': 'config-warnings' }, h('h3', {}, 'Warnings'),
        h('ul', {}, answer.warnings.map((w) => h('li', { 'data-test': 'config-warning' }, w)))));
    }
    (answer.files || []).forEach((f, i) => {
      const codeId = `config-file-${i}`;
      parts.push(h('div', { class: 'config-file', 'data-test': 'config-file', 'data-name': f.name },
        h('div', { class: 'file-head' }, h('h3', { id: `${codeId}-name` }, f.name),
          copyButton(`Copy ${f.name}`, () => f.text, 'copy-file')),
        h('pre', { tabindex: '0', 'aria-labelledby': `${codeId}-name` }, h('code', { 'data-test': 'config-text' }, f.text))));
    });
    if (answer.canApply) {
      const apply = h('button', { type: 'button', 'data-test': 'apply-caddy' }, 'Apply to Caddy');
      const result = h('div', { class: 'result', 'aria-live': 'polite', 'data-test': 'apply-result' });
      apply.addEventListener('click', async () => {
        try {
          const r = await busy(apply, 'Applying…', () => call('POST', `/api/hosts/${seg(host.name)}/apply`));
          result.replaceChildren(h('p', { class: r.ok ? 'status-pass' : 'status-fail', role: r.ok ? null : 'alert' },
            r.message || (r.ok ? 'Applied.' : 'Caddy refused the change.')),
          r.changes && r.changes.length ? h('ul', { class: 'changes' }, r.changes.map((c) => h('li', {}, c))) : null);
          announce(r.ok ? 'Applied to Caddy' : 'Applying to Caddy failed');
        } catch (err) {
          result.replaceChildren(h('p', { class: 'status-fail', role: 'alert' }, err.message));
        }
      });
      parts.push(h('div', { class: 'actions' }, apply), result);
    }
    return parts;
  }

  kind.addEventListener('change', load);
  load();
  return panel;
}
