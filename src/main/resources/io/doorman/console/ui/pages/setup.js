// The first-run wizard: admin password, find PMS, owner token, test connection, first Plex Mode host, frontend
// kind, done. Each step is one form; the state carries over between steps while the page is open.
import { call, session, signedIn } from '../api.js';
import { announce, busy, clearErrors, copyButton, field, h, pageHeading, showError } from '../dom.js';
import { FRONTEND_KINDS } from './kinds.js';

const STEPS = ['Admin', 'Plex server', 'Owner token', 'Connection', 'Host', 'Frontend', 'Done'];
const HOST_FIELDS = ['name', 'domains', 'port', 'upstream'];

/** Renders the setup wizard. */
export async function render(main, { navigate }) {
  const state = { step: session.authenticated ? 1 : 0, pmsUrl: '', token: null, connection: null, servers: null,
    host: { name: 'plex', domain: '', port: 443, upstream: '' }, frontend: 'caddy', created: null, hostError: null };
  if (session.authenticated) {
    const status = await call('GET', '/api/setup/status');
    state.pmsUrl = status.pmsUrl || '';
    if (status.tokenSet) {
      state.token = { fingerprint: status.tokenFingerprint };
    }
  }
  const progress = h('ol', { class: 'steps', 'data-test': 'wizard-steps' });
  const body = h('div', { class: 'wizard-body' });
  main.append(pageHeading('Set up Doorman'), progress, body);

  function show(step) {
    state.step = step;
    progress.replaceChildren(...STEPS.map((label, i) => h('li', {
      class: i < step ? 'done' : i === step ? 'current' : '', 'aria-current': i === step ? 'step' : null,
    }, label)));
    const view = [adminStep, serverStep, tokenStep, connectionStep, hostStep, frontendStep, doneStep][step]();
    body.replaceChildren(view);
    const heading = view.querySelector('h2');
    if (heading) {
      heading.focus();
    }
  }

  function stepForm(index, title, intro, ...content) {
    return h('form', { class: 'card', 'data-test': `wizard-step-${index}`, 'data-step': STEPS[index], novalidate: true },
      h('h2', { tabindex: '-1' }, `${index + 1}. ${title}`), intro ? h('p', { class: 'lead' }, intro) : null, content);
  }

  function actions(...buttons) {
    return h('div', { class: 'actions' }, buttons);
  }

  function back(step) {
    return h('button', { type: 'button', class: 'secondary', 'data-test': 'wizard-back', onClick: () => show(step) },
      'Back');
  }

  function next(label = 'Next') {
    return h('button', { type: 'submit', 'data-test': 'wizard-next' }, label);
  }

  function adminStep() {
    const code = field({ label: 'Setup code', name: 'code', id: 'setup-code',
      help: 'Doorman printed it on its first start, as the line "console setup code: …".',
      attrs: { autocomplete: 'one-time-code', required: true, 'data-test': 'setup-code' } });
    const password = field({ label: 'Admin password', name: 'password', type: 'password', id: 'setup-password',
      help: '12 to 72 characters.', attrs: { autocomplete: 'new-password', required: true, 'data-test': 'setup-password' } });
    const confirm = field({ label: 'Admin password again', name: 'confirm', type: 'password', id: 'setup-confirm',
      attrs: { autocomplete: 'new-password', required: true, 'data-test': 'setup-confirm' } });
    const submit = next('Create admin');
    const user = h('input', { type: 'text', name: 'username', autocomplete: 'username', value: 'admin', hidden: true });
    const form = stepForm(0, 'Admin password', 'The console changes what reaches Plex, so it is for the owner only.',
      user, code, password, confirm, actions(submit));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      if (!code.input.value.trim()) {
        showError(form, { message: 'Enter the setup code.', field: 'code' });
        return;
      }
      if (password.input.value !== confirm.input.value) {
        showError(form, { message: 'The two passwords differ.', field: 'confirm' });
        return;
      }
      try {
        const answer = await busy(submit, 'Creating…', () => call('POST', '/api/setup',
          { code: code.input.value.trim(), password: password.input.value }));
        signedIn(answer);
        document.getElementById('nav').hidden = false;
        show(1);
      } catch (err) {
        showError(form, err, err.status === 403 ? 'code' : err.status === 409 ? null : 'password');
      }
    });
    return form;
  }

  function serverStep() {
    const url = field({ label: 'Plex Media Server URL', name: 'url', id: 'setup-pms-url', type: 'url',
      value: state.pmsUrl || 'http://127.0.0.1:32400', help: 'Found by Discover, or typed: http://address:32400.',
      attrs: { 'data-test': 'pms-url', required: true } });
    const list = h('div', { class: 'servers', 'aria-live': 'polite', 'data-test': 'discover-results' });
    const discover = h('button', { type: 'button', class: 'secondary', 'data-test': 'discover' }, 'Discover');
    const form = stepForm(1, 'Find your Plex Media Server',
      'Discover asks the LAN for Plex servers (GDM) for a few seconds, or type the server\'s URL.',
      h('div', { class: 'actions' }, discover), list, url, actions(back(0), next()));
    function showServers(servers) {
      if (!servers.length) {
        list.replaceChildren(h('p', { 'data-test': 'discover-none' },
          'No Plex server answered on this network. Type its URL below.'));
        return;
      }
      list.replaceChildren(h('fieldset', {}, h('legend', {}, 'Servers found'), servers.map((sv, i) => {
        const address = `http://${sv.address}:${sv.port}`;
        const id = `server-${i}`;
        const radio = h('input', { type: 'radio', name: 'server', id, value: address, 'data-test': 'discovered-server',
          checked: url.input.value === address,
          onChange: () => { url.input.value = address; } });
        return h('div', { class: 'field check' }, radio, h('label', { for: id },
          h('strong', {}, sv.name || 'Plex Media Server'), ` — ${sv.address}:${sv.port}`,
          sv.version ? h('span', { class: 'muted' }, ` (version ${sv.version})`) : null));
      })));
    }
    if (state.servers) {
      showServers(state.servers);
    }
    discover.addEventListener('click', async () => {
      list.replaceChildren(h('p', {}, 'Searching the LAN…'));
      try {
        const answer = await busy(discover, 'Searching…', () => call('GET', '/api/setup/discover'));
        state.servers = answer.servers || [];
        showServers(state.servers);
        announce(`${state.servers.length} Plex server${state.servers.length === 1 ? '' : 's'} found`);
      } catch (err) {
        list.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, err.message));
      }
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearErrors(form);
      const value = url.input.value.trim();
      if (!/^https?:\/\/[^/\s]+/.test(value)) {
        showError(form, { message: 'Enter a URL like http://192.168.1.10:32400.', field: 'url' });
        return;
      }
      state.pmsUrl = value.replace(/\/+$/, '');
      state.host.upstream = state.pmsUrl;
      show(2);
    });
    return form;
  }

  function tokenStep() {
    const importRadio = h('input', { type: 'radio', name: 'how', id: 'token-how-import', value: 'import', checked: true,
      'data-test': 'token-import-mode' });
    const pasteRadio = h('input', { type: 'radio', name: 'how', id: 'token-how-paste', value: 'paste',
      'data-test': 'token-paste-mode' });
    const source = field({ label: 'Where PMS runs', name: 'source', type: 'select', id: 'token-source', value: 'linux',
      attrs: { 'data-test': 'token-source', options: [['linux', 'Linux package (this machine)'],
        ['docker', 'Docker container'], ['path', 'A Preferences.xml path']] } });
    const path = field({ label: 'Path to Preferences.xml', name: 'path', id: 'token-path',
      help: 'For Docker, the host path of the container\'s config volume file.', attrs: { 'data-test': 'token-path' } });
    const token = field({ label: 'Owner token (X-Plex-Token)', name: 'token', type: 'password', id: 'token-value',
      attrs: { autocomplete: 'off', 'data-test': 'token-value' } });
    const result = h('p', { class: 'result', 'aria-live': 'polite', 'data-test': 'token-result' },
      state.token ? `Token set (${state.token.fingerprint}).` : '');
    const save = h('button', { type: 'button', 'data-test': 'token-save' }, 'Import token');
    const nextButton = next();
    const importBox = h('div', { class: 'subfields' }, source, path);
    const pasteBox = h('div', { class: 'subfields' }, token);
    const form = stepForm(2, 'Owner token',
      'Doorman needs the owner\'s token to check and repair Plex settings. It reads PlexOnlineToken from '
      + 'Preferences.xml, or you paste it; the console only ever shows its fingerprint.',
      h('fieldset', { class: 'choice' }, h('legend', {}, 'How to get the token'),
        h('div', { class: 'field check' }, importRadio, h('label', { for: importRadio.id }, 'Import from Preferences.xml')),
        h('div', { class: 'field check' }, pasteRadio, h('label', { for: pasteRadio.id }, 'Paste it'))),
      importBox, pasteBox, h('div', { class: 'actions' }, save), result, actions(back(1), nextButton));
    function sync() {
      const pasting = pasteRadio.checked;
      importBox.hidden = pasting;
      pasteBox.hidden = !pasting;
      path.hidden = source.input.value !== 'path' && source.input.value !== 'docker';
      save.textContent = pasting ? 'Save token' : 'Import token';
      nextButton.disabled = !state.token;
    }
    for (const el of [importRadio, pasteRadio, source.input]) {
      el.addEventListener('change', sync);
    }
    sync();
    save.addEventListener('click', async () => {
      clearErrors(form);
      const pasting = pasteRadio.checked;
      const request = pasting ? ['/api/setup/token', { token: token.input.value.trim() }]
        : ['/api/setup/import-token', source.input.value === 'linux' ? { source: 'linux' }
          : { source: source.input.value, path: path.input.value.trim() }];
      if (pasting && !request[1].token) {
        showError(form, { message: 'Paste the token first.', field: 'token' });
        return;
      }
      try {
        const answer = await busy(save, pasting ? 'Saving…' : 'Importing…', () => call('POST', ...request));
        token.input.value = '';
        state.token = { fingerprint: answer.fingerprint, path: answer.path };
        result.replaceChildren(`Token set (${answer.fingerprint})`, answer.path ? ' from ' : '',
          answer.path ? h('code', {}, answer.path) : '', '.');
        sync();
      } catch (err) {
        // A Preferences.xml that is not where the user said (404, no field) belongs beside the path they typed.
        showError(form, err, pasting ? 'token' : source.input.value === 'linux' ? null : 'path');
      }
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (state.token) {
        show(3);
      }
    });
    return form;
  }

  function connectionStep() {
    const run = h('button', { type: 'button', 'data-test': 'test-connection' }, 'Test connection');
    const result = h('div', { class: 'result', 'aria-live': 'polite', 'data-test': 'connection-result' });
    const nextButton = next();
    nextButton.disabled = !(state.connection && state.connection.ok);
    const form = stepForm(3, 'Test the connection', `Doorman calls ${state.pmsUrl} with the owner token.`,
      h('div', { class: 'actions' }, run), result, actions(back(2), nextButton));
    function showResult(c) {
      result.replaceChildren(c.ok
        ? h('p', { class: 'status-pass' }, `Connected to ${c.name || 'Plex Media Server'}`,
          c.version ? ` (version ${c.version})` : '', '.')
        : h('p', { class: 'status-fail', role: 'alert' }, c.message || 'Plex did not answer.'));
    }
    if (state.connection) {
      showResult(state.connection);
    }
    run.addEventListener('click', async () => {
      try {
        state.connection = await busy(run, 'Testing…', () => call('POST', '/api/setup/test-connection',
          { url: state.pmsUrl }));
      } catch (err) {
        state.connection = { ok: false, message: err.message };
      }
      showResult(state.connection);
      nextButton.disabled = !state.connection.ok;
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (state.connection && state.connection.ok) {
        show(4);
      }
    });
    return form;
  }

  function hostStep() {
    const name = field({ label: 'Host name', name: 'name', id: 'wizard-host-name', value: state.host.name,
      help: 'A short name for this host in Doorman (letters, digits, dashes).', attrs: { 'data-test': 'host-name' } });
    const domain = field({ label: 'External Domain for Plex', name: 'domains', id: 'wizard-host-domain',
      value: state.host.domain, help: 'The public name clients use, like plex.example.com.',
      attrs: { 'data-test': 'host-domain', autocomplete: 'off' } });
    const port = field({ label: 'Public HTTPS port', name: 'port', type: 'number', id: 'wizard-host-port',
      value: String(state.host.port), attrs: { min: 1, max: 65535, 'data-test': 'host-port' } });
    const upstream = field({ label: 'Plex Media Server (upstream)', name: 'upstream', id: 'wizard-host-upstream',
      value: state.host.upstream || state.pmsUrl, attrs: { 'data-test': 'host-upstream' } });
    const form = stepForm(4, 'Your first Plex Mode host',
      'Plex Mode forwards the client\'s address and WebSockets, so remote streams show as Remote in Plex.',
      name, domain, port, upstream, actions(back(3), next()));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearErrors(form);
      state.host = { name: name.input.value.trim(), domain: domain.input.value.trim(),
        port: Number(port.input.value) || 443, upstream: upstream.input.value.trim() };
      if (!state.host.name) {
        showError(form, { message: 'Give the host a name.', field: 'name' });
      } else if (!state.host.domain) {
        showError(form, { message: 'Enter the public domain, like plex.example.com.', field: 'domains' });
      } else {
        show(5);
      }
    });
    if (state.hostError) {
      const err = state.hostError;
      state.hostError = null;
      queueMicrotask(() => showError(form, err));
    }
    return form;
  }

  function frontendStep() {
    const choices = FRONTEND_KINDS.filter((k) => k.hostKind).map((k) => {
      const id = `kind-${k.id}`;
      return h('div', { class: 'field check' },
        h('input', { type: 'radio', name: 'frontend', id, value: k.id, checked: state.frontend === k.id,
          'data-test': `frontend-${k.id}`, onChange: () => { state.frontend = k.id; } }),
        h('label', { for: id }, h('strong', {}, k.label), h('span', { class: 'muted' }, ` — ${k.about}`)));
    });
    const create = next('Create host');
    const form = stepForm(5, 'What stands in front of Doorman',
      'The HTTPS frontend that receives clients. Doorman generates its configuration.',
      h('fieldset', { class: 'choice' }, h('legend', {}, 'Frontend'), choices), actions(back(4), create));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      const host = {
        name: state.host.name, domains: [state.host.domain], port: state.host.port, upstream: state.host.upstream,
        frontend: state.frontend, plexMode: { forwardClientIp: true, webSockets: true, liveTv: false },
      };
      try {
        state.created = await busy(create, 'Creating…', () => call('POST', '/api/hosts', host));
        show(6);
      } catch (err) {
        if (HOST_FIELDS.includes(err.field) || err.status === 409) {
          state.hostError = err.status === 409 && !err.field ? { message: err.message, field: 'name' } : err;
          show(4);
        } else {
          showError(form, err);
        }
      }
    });
    return form;
  }

  function doneStep() {
    const host = state.created || {};
    const url = host.customUrl || `https://${state.host.domain}:${state.host.port}`;
    return h('section', { class: 'card', 'data-test': 'wizard-step-6' },
      h('h2', { tabindex: '-1' }, '7. Done'),
      h('p', { class: 'lead' }, `Host ${host.name || state.host.name} is ready.`),
      h('p', {}, 'Add this URL to Plex Settings → Network → Custom server access URLs:'),
      h('p', { class: 'copy-line' }, h('code', { 'data-test': 'custom-url' }, url),
        copyButton('Copy Plex Custom URL', () => url, 'copy-custom-url')),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: `#/hosts/${encodeURIComponent(host.name || state.host.name)}`,
          'data-test': 'wizard-see-config' }, 'See the frontend configuration'),
        h('a', { class: 'button secondary', href: '#/test', 'data-test': 'wizard-test' }, 'Test it'),
        h('button', { type: 'button', class: 'secondary', onClick: () => navigate('dashboard') }, 'Dashboard')));
  }

  show(state.step);
}
