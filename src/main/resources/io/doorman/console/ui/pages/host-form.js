// The host editor: the host object's fields, with seed 002's collapsible "Media Server Settings" section.
import { call, seg } from '../api.js';
import { busy, clearErrors, copyButton, field, h, showError } from '../dom.js';
import { FRONTEND_KINDS } from './kinds.js';

const NEW_HOST = {
  name: '', domains: [], port: 443, upstream: 'http://127.0.0.1:32400', upstreamSkipVerify: false, frontend: 'caddy',
  plexMode: { forwardClientIp: true, webSockets: true, liveTv: false, lanAliases: [], publicHostGuard: false },
};

function names(text) {
  return text.split(/[\s,]+/).map((x) => x.trim()).filter((x) => x !== '');
}

/**
 * A form for a new host (`existing` null) or for editing one; `onSaved(host)` gets the API's answer.
 * Plex Mode off sends every Plex Mode toggle off: the host object has no separate switch.
 */
export function hostForm(existing, { onSaved, onCancel }) {
  const host = existing || NEW_HOST;
  const mode = { ...NEW_HOST.plexMode, ...(host.plexMode || {}) };
  const plexModeOn = !existing || mode.forwardClientIp || mode.webSockets || mode.liveTv;
  const p = existing ? 'edit' : 'new';

  const name = field({ label: 'Name', name: 'name', id: `${p}-host-name`, value: host.name,
    help: existing ? 'A host keeps its name; delete it and create another to rename.' : 'Letters, digits and dashes.',
    attrs: { readOnly: !!existing, required: true, 'data-test': 'host-name' } });
  const upstream = field({ label: 'Plex Media Server URL (upstream)', name: 'upstream', id: `${p}-host-upstream`,
    value: host.upstream, help: 'http:// or https://, host and port, like http://127.0.0.1:32400.',
    attrs: { required: true, 'data-test': 'host-upstream' } });
  const skipVerify = field({ label: 'Accept any certificate from an https upstream', name: 'upstreamSkipVerify',
    type: 'checkbox', id: `${p}-host-skip-verify`, value: host.upstreamSkipVerify,
    help: 'PMS\'s own plex.direct certificate does not match its LAN address.',
    attrs: { 'data-test': 'host-skip-verify' } });
  const port = field({ label: 'Public HTTPS port', name: 'port', type: 'number', id: `${p}-host-port`,
    value: String(host.port), attrs: { min: 1, max: 65535, 'data-test': 'host-port' } });
  const frontend = field({ label: 'Frontend', name: 'frontend', type: 'select', id: `${p}-host-frontend`,
    value: host.frontend, attrs: { 'data-test': 'host-frontend',
      options: FRONTEND_KINDS.filter((k) => k.hostKind).map((k) => [k.id, k.label]) } });

  const plexMode = field({ label: 'Enable Plex Mode', name: 'plexMode', type: 'checkbox', id: `${p}-plex-mode`,
    value: plexModeOn, attrs: { 'data-test': 'plex-mode' } });
  const domain = field({ label: 'External Domain for Plex', name: 'domains', id: `${p}-host-domain`,
    value: (host.domains || [])[0] || '', help: 'The public name clients use, like plex.example.com.',
    attrs: { required: true, autocomplete: 'off', 'data-test': 'host-domain' } });
  const customUrl = h('code', { 'data-test': 'form-custom-url' });
  const forward = field({ label: 'Forward client IP headers (recommended)', name: 'forwardClientIp', type: 'checkbox',
    id: `${p}-forward-ip`, value: mode.forwardClientIp, attrs: { 'data-test': 'forward-client-ip' } });
  const forwardWarning = h('p', { class: 'warning', 'data-test': 'forward-warning', role: 'note' },
    'Without the client\'s address Plex sees every stream as coming from the proxy: remote streams may show as '
    + 'Local and skip the remote bandwidth limits.');
  const webSockets = field({ label: 'Enable WebSocket support', name: 'webSockets', type: 'checkbox',
    id: `${p}-websockets`, value: mode.webSockets, help: 'Plex Web\'s notifications and Companion need it.',
    attrs: { 'data-test': 'websockets' } });
  const liveTv = field({ label: 'Live TV for shared users', name: 'liveTv', type: 'checkbox', id: `${p}-live-tv`,
    value: mode.liveTv, help: 'Shared (non-Home) users get Live TV through the owner\'s token, audited.',
    attrs: { 'data-test': 'live-tv' } });

  const otherDomains = field({ label: 'Other public domains', name: 'otherDomains', id: `${p}-other-domains`,
    value: (host.domains || []).slice(1).join(', '), help: 'Comma-separated; the first domain above is the main one.',
    attrs: { 'data-test': 'host-other-domains' } });
  const aliases = field({ label: 'LAN aliases', name: 'lanAliases', id: `${p}-lan-aliases`,
    value: (mode.lanAliases || []).join(', '), help: 'LAN-only names for the same server, like plex.home.',
    attrs: { 'data-test': 'host-lan-aliases' } });
  const guard = field({ label: 'Public host guard', name: 'publicHostGuard', type: 'checkbox', id: `${p}-guard`,
    value: mode.publicHostGuard, help: 'Answer 404 to public clients asking for any name but the domains.',
    attrs: { 'data-test': 'host-guard' } });

  function currentUrl() {
    const d = domain.input.value.trim() || 'plex.example.com';
    return `https://${d}:${Number(port.input.value) || 443}`;
  }
  function sync() {
    customUrl.textContent = currentUrl();
    const on = plexMode.input.checked;
    for (const f of [forward, webSockets, liveTv]) {
      f.input.disabled = !on;
    }
    forwardWarning.hidden = on && forward.input.checked;
  }
  for (const i of [domain.input, port.input]) {
    i.addEventListener('input', sync);
  }
  for (const i of [plexMode.input, forward.input]) {
    i.addEventListener('change', sync);
  }

  const media = h('details', { class: 'media-settings', open: true, 'data-test': 'media-settings' },
    h('summary', {}, 'Media Server Settings'),
    h('div', { class: 'details-body' }, plexMode, domain,
      h('p', { class: 'copy-line' }, copyButton('Copy Plex Custom URL', currentUrl, 'form-copy-custom-url'),
        ' → ', customUrl),
      h('p', { class: 'help info' }, 'Add this URL to Plex Settings → Network → Custom server access URLs.'),
      forward, forwardWarning, webSockets, liveTv));
  const advanced = h('details', { class: 'advanced', 'data-test': 'advanced-settings' }, h('summary', {}, 'Advanced'),
    h('div', { class: 'details-body' }, otherDomains, aliases, guard));

  const save = h('button', { type: 'submit', 'data-test': 'host-save' }, existing ? 'Save host' : 'Create host');
  const cancel = h('button', { type: 'button', class: 'secondary', 'data-test': 'host-cancel', onClick: onCancel },
    'Cancel');
  const form = h('form', { class: 'card host-form', 'data-test': 'host-form', novalidate: true },
    h('h2', { tabindex: '-1' }, existing ? `Edit ${host.name}` : 'New host'),
    name, upstream, skipVerify, port, frontend, media, advanced, h('div', { class: 'actions' }, save, cancel));
  sync();

  function value() {
    const on = plexMode.input.checked;
    const domains = [domain.input.value.trim(), ...names(otherDomains.input.value)].filter((d) => d !== '');
    return {
      name: name.input.value.trim(),
      domains,
      port: Number(port.input.value),
      upstream: upstream.input.value.trim(),
      upstreamSkipVerify: skipVerify.input.checked,
      frontend: frontend.input.value,
      plexMode: {
        forwardClientIp: on && forward.input.checked,
        webSockets: on && webSockets.input.checked,
        liveTv: on && liveTv.input.checked,
        lanAliases: names(aliases.input.value),
        publicHostGuard: guard.input.checked,
      },
    };
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = value();
    if (!body.name) {
      showError(form, { message: 'Give the host a name.', field: 'name' });
      return;
    }
    if (!body.domains.length) {
      showError(form, { message: 'Enter the public domain, like plex.example.com.', field: 'domains' });
      return;
    }
    try {
      const saved = await busy(save, 'Saving…', () => (existing
        ? call('PUT', `/api/hosts/${seg(existing.name)}`, body)
        : call('POST', '/api/hosts', body)));
      onSaved(saved || body);
    } catch (err) {
      showError(form, err.status === 409 && !err.field ? { message: err.message, field: 'name' } : err);
    }
  });
  return form;
}
