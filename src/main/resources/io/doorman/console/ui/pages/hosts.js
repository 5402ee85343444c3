// Hosts: the list (edit, delete), the editor and, for a saved host, its generated frontend configuration.
import { call, seg } from '../api.js';
import { announce, busy, h, pageHeading } from '../dom.js';
import { hostConfig } from './host-config.js';
import { hostForm } from './host-form.js';
import { kindLabel } from './kinds.js';

/** Renders #/hosts, #/hosts/new and #/hosts/{name}. */
export async function render(main, { params, navigate }) {
  const selected = params[0] || null;
  const hosts = await call('GET', '/api/hosts');
  const add = h('button', { type: 'button', 'data-test': 'host-new', onClick: () => navigate('hosts', 'new') },
    'New host');
  const list = h('section', { class: 'card', 'aria-labelledby': 'hosts-heading' },
    h('h2', { id: 'hosts-heading' }, 'Your hosts'), hostTable(hosts));
  const editor = h('div', { class: 'editor' });
  main.append(h('div', { class: 'page-head' }, pageHeading('Hosts'), add), list, editor);

  function hostTable(all) {
    if (!all.length) {
      return h('p', { 'data-test': 'hosts-empty' }, 'No hosts yet. Create one, or run the setup wizard.');
    }
    return h('table', { class: 'table', 'data-test': 'hosts-table' },
      h('thead', {}, h('tr', {}, ['Name', 'Domains', 'Upstream', 'Frontend', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, all.map((host) => hostRow(host))));
  }

  function hostRow(host) {
    const actions = h('td', { 'data-label': 'Actions', class: 'row-actions' });
    const row = h('tr', { 'data-test': 'host-row', 'data-host': host.name },
      h('th', { scope: 'row', 'data-label': 'Name' }, host.name),
      h('td', { 'data-label': 'Domains' }, (host.domains || []).join(', ')),
      h('td', { 'data-label': 'Upstream' }, host.upstream),
      h('td', { 'data-label': 'Frontend' }, kindLabel(host.frontend)),
      actions);
    function normal() {
      actions.replaceChildren(
        h('button', { type: 'button', class: 'secondary', 'data-test': 'host-edit', 'aria-label': `Edit ${host.name}`,
          onClick: () => navigate('hosts', host.name) }, 'Edit'),
        h('button', { type: 'button', class: 'danger', 'data-test': 'host-delete', 'aria-label': `Delete ${host.name}`,
          onClick: confirmDelete }, 'Delete'));
    }
    function confirmDelete() {
      const yes = h('button', { type: 'button', class: 'danger', 'data-test': 'host-delete-confirm' },
        `Delete ${host.name}`);
      const no = h('button', { type: 'button', class: 'secondary', 'data-test': 'host-delete-cancel', onClick: normal },
        'Keep');
      yes.addEventListener('click', async () => {
        try {
          await busy(yes, 'Deleting…', () => call('DELETE', `/api/hosts/${seg(host.name)}`));
          announce(`Host ${host.name} deleted`);
          navigate('hosts');
        } catch (err) {
          actions.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
        }
      });
      actions.replaceChildren(h('span', { class: 'confirm' }, 'Really delete?'), yes, no);
      yes.focus();
    }
    normal();
    return row;
  }

  if (selected === 'new') {
    editor.append(hostForm(null, {
      onSaved: (saved) => { announce(`Host ${saved.name} created`); navigate('hosts', saved.name); },
      onCancel: () => navigate('hosts'),
    }));
    editor.querySelector('h2').focus();
  } else if (selected) {
    const host = hosts.find((x) => x.name === selected);
    if (!host) {
      editor.append(h('p', { class: 'form-error', role: 'alert', 'data-test': 'host-unknown' },
        `There is no host named ${selected}.`));
      return;
    }
    editor.append(hostForm(host, {
      onSaved: (saved) => { announce(`Host ${saved.name} saved`); navigate('hosts', saved.name); },
      onCancel: () => navigate('hosts'),
    }), hostConfig(host));
  }
}
